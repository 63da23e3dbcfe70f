"""Roles read once per request.

A page asks for the acting official's effective roles many times (menu, start-page counters,
visibility rules, permission checks): each call cost two queries. During a request (this
middleware) the answer for (official, agency) is kept; any change to role grants, delegations
or officials clears it, so a page that grants a role and then reads it sees the change. Outside a
request (services called from commands, jobs and tests) nothing is cached.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from contextvars import ContextVar

_cache: ContextVar[dict | None] = ContextVar("vanphong_role_cache", default=None)


class RoleCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = _cache.set({})
        try:
            return self.get_response(request)
        finally:
            _cache.reset(token)


def cached(key: Hashable, compute: Callable[[], set]) -> set:
    store = _cache.get()
    if store is None:
        return compute()
    if key not in store:
        store[key] = frozenset(compute())
    return set(store[key])


def clear(**_kwargs) -> None:
    store = _cache.get()
    if store is not None:
        store.clear()
