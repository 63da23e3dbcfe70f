"""Rate limiting of the public pages (no sign-in): forms and look-ups a robot could hammer.

The mechanism is the one the one-stop look-up started with, made shared: a fixed-window
counter per (scope, client address) in Django's cache (``cache.add`` then ``cache.incr``, both
atomic on every backend Django ships), so no table and no extra dependency. A scope names one
public action ("feedback.submit", "reception.petition_submit", ...) with its default limit;
``settings.RATELIMITS = {"scope": (limit, window_seconds)}`` overrides it (an installation
behind a shared NAT may raise it; tests lower it).

Use in a view::

    @ratelimit.limit("reception.petition_submit", limit=10, window=3600)
    def public_petition(request): ...

which refuses the (limit+1)-th request of an address in the window with the friendly
Vietnamese page ``429.html`` (status 429, ``Retry-After``). ``methods`` picks the methods
counted (POST by default: a form shown is free, a form sent counts). ``hit()`` counts by hand
(an extra key such as the code being looked up), ``too_many_requests()`` renders the page.
"""

from __future__ import annotations

import functools
import hashlib

from django.conf import settings
from django.core.cache import cache
from django.shortcuts import render
from django.utils.translation import gettext as _

__all__ = ["client_address", "hit", "limit", "limits_for", "reset", "too_many_requests"]

PREFIX = "vp:ratelimit:"


def client_address(request) -> str:
    """The client's address as Django sees it (``REMOTE_ADDR``). Behind a reverse proxy the
    proxy must set it (e.g. the ``X-Forwarded-For`` handling of the WSGI server); a header
    sent by the client is never trusted here."""
    return (request.META.get("REMOTE_ADDR") or "unknown")[:64]


def limits_for(scope: str, limit: int, window: int) -> tuple[int, int]:
    """(limit, window) of a scope: ``settings.RATELIMITS[scope]`` when set, else the default."""
    override = (getattr(settings, "RATELIMITS", None) or {}).get(scope)
    if override:
        return int(override[0]), int(override[1])
    return int(limit), int(window)


def _key(scope: str, key: str) -> str:
    digest = hashlib.sha256(key.encode("utf-8", "replace")).hexdigest()[:32]
    return f"{PREFIX}{scope}:{digest}"


def hit(scope: str, key: str, *, limit: int, window: int) -> bool:
    """Count one attempt of ``key`` (an address, a code) in ``scope``; True when this attempt
    is over the limit of the window (the caller refuses it)."""
    limit, window = limits_for(scope, limit, window)
    name = _key(scope, key)
    cache.add(name, 0, window)
    try:
        count = cache.incr(name)
    except ValueError:  # expired between add and incr
        cache.set(name, 1, window)
        count = 1
    return count > limit


def too_many_requests(request, *, window: int):
    """The friendly page: what happened, when to try again, how else to reach the office."""
    minutes = max(1, round(window / 60))
    response = render(
        request,
        "429.html",
        {
            "retry_minutes": minutes,
            "message": _("Bạn đã gửi quá nhiều yêu cầu trong thời gian ngắn."),
        },
        status=429,
    )
    response["Retry-After"] = str(window)
    return response


def limit(scope: str, *, limit: int, window: int, methods: tuple[str, ...] = ("POST",)):
    """Decorator for a public view: at most ``limit`` requests (of ``methods``) per client
    address per ``window`` seconds, then the 429 page."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method in methods and hit(
                scope, client_address(request), limit=limit, window=window
            ):
                return too_many_requests(request, window=limits_for(scope, limit, window)[1])
            return view(request, *args, **kwargs)

        wrapped.ratelimit_scope = scope
        return wrapped

    return decorator


def reset() -> None:
    """Forget every counter (tests: the test client always comes from 127.0.0.1). Clears the
    whole default cache, which holds only disposable data."""
    cache.clear()
