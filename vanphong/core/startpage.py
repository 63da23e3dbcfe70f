"""Counters on the start page ("Việc cần làm"): each module says what waits for whom.

A module registers its counters in its ``navigation.py`` (discovered with the menu)::

    from vanphong.core.startpage import Counter, register

    register(Counter(
        key="documents.to_direct",
        label=_("Văn bản chờ cho ý kiến chỉ đạo"),
        roles={Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND},
        count=lambda user: selectors.awaiting_direction(user).count(),
        url_name="documents:leader_queue",
        icon="file-import",
    ))

``count`` receives the signed-in official and returns an int (one cheap query: a COUNT over a
visible queryset). A counter with roles is shown only to users holding one of them (effective
roles, delegation included); the start page shows the counters that are not 0.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class Counter:
    key: str
    label: str
    count: Callable
    url_name: str = ""
    icon: str = "inbox"
    roles: frozenset[str] = field(default_factory=frozenset)
    order: int = 100
    colour: str = "primary"  # a Tabler colour name; "danger" for overdue counters

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", frozenset(str(r) for r in self.roles))


_registry: dict[str, Counter] = {}


def register(counter: Counter) -> Counter:
    """Add (or replace, by key) a start-page counter."""
    _registry[counter.key] = counter
    return counter


def unregister(key: str) -> None:
    _registry.pop(key, None)


def counters_for(user, roles: Iterable[str]) -> list[dict]:
    """The counters ``user`` may see, evaluated, in order: label, count, url, icon, colour."""
    from vanphong.core.navigation import _discover

    _discover()  # counters live in the apps' navigation.py
    held = {str(r) for r in roles}
    shown = []
    for counter in sorted(_registry.values(), key=lambda c: (c.order, c.key)):
        if counter.roles and not (counter.roles & held):
            continue
        try:
            url = reverse(counter.url_name) if counter.url_name else ""
        except NoReverseMatch:
            url = ""
        shown.append(
            {
                "key": counter.key,
                "label": str(counter.label),
                "count": int(counter.count(user)),
                "url": url,
                "icon": counter.icon,
                "colour": counter.colour,
            }
        )
    return shown
