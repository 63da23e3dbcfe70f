"""The menu registry of the shell.

Each app declares its menu entries in its own ``navigation.py`` (discovered like ``statutes.py``)::

    from vanphong.core.navigation import NavEntry, register
    from vanphong.org.models import Role

    register(NavEntry(key="documents.incoming", label=_("Văn bản đến"),
                      url_name="documents:incoming_list", icon="inbox",
                      roles={Role.VAN_THU, Role.CHUYEN_VIEN}, order=20))

The shell shows an entry only when the user holds one of its roles (no roles: everyone signed
in) and its URL name resolves, so a module that is not built yet never shows a dead link.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse
from django.utils.module_loading import autodiscover_modules
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavEntry:
    key: str
    label: str
    url_name: str
    icon: str = "point"  # a tabler-icons name, without the "ti-" prefix
    roles: frozenset[str] = field(default_factory=frozenset)
    order: int = 100
    staff_only: bool = False  # also shown to Django staff/superusers whatever their roles

    def __post_init__(self) -> None:
        object.__setattr__(self, "roles", frozenset(str(r) for r in self.roles))


@dataclass(frozen=True)
class MenuItem:
    key: str
    label: str
    url: str
    icon: str
    active: bool


_registry: dict[str, NavEntry] = {}
_discovered = False
_lock = threading.Lock()


def register(entry: NavEntry) -> NavEntry:
    """Add (or replace, by key) a menu entry."""
    _registry[entry.key] = entry
    return entry


def unregister(key: str) -> None:
    _registry.pop(key, None)


def entries() -> list[NavEntry]:
    _discover()
    return sorted(_registry.values(), key=lambda e: (e.order, e.key))


def _discover() -> None:
    global _discovered
    if _discovered:
        return
    with _lock:
        if not _discovered:
            autodiscover_modules("navigation")
            _discovered = True


def _url_for(url_name: str) -> str | None:
    try:
        return reverse(url_name)
    except NoReverseMatch:
        return None


def menu_for(
    roles: Iterable[str], *, is_staff: bool = False, current_path: str = ""
) -> list[MenuItem]:
    """The entries this user may see whose URL resolves, in order."""
    held = {str(r) for r in roles}
    items: list[MenuItem] = []
    for entry in entries():
        allowed = not entry.roles or bool(entry.roles & held) or (entry.staff_only and is_staff)
        if not allowed:
            continue
        url = _url_for(entry.url_name)
        if url is None:
            continue
        active = current_path == url if url == "/" else current_path.startswith(url)
        items.append(MenuItem(entry.key, str(entry.label), url, entry.icon, active))
    return items


@dataclass(frozen=True)
class MenuGroup:
    key: str
    label: str
    icon: str
    items: tuple[MenuItem, ...]

    @property
    def active(self) -> bool:
        return any(item.active for item in self.items)

    @property
    def single(self) -> MenuItem | None:
        """The one item of a group that has only one: shown as a plain link."""
        return self.items[0] if len(self.items) == 1 else None


#: Top-level menu groups: (key, label, icon, entry-key prefixes). Entries whose key matches no
#: group stay at the top level (the start page, the administration).
GROUPS: list[tuple[str, str, str, tuple[str, ...]]] = [
    ("van_ban", _("Văn bản"), "files", ("documents.", "workfiles.")),
    ("nhiem_vu", _("Nhiệm vụ"), "list-check", ("tasks.",)),
    ("hop", _("Họp, lịch công tác"), "calendar-event", ("meetings.",)),
    ("mot_cua", _("Một cửa"), "building-bank", ("onestop.", "procedures.")),
    ("cong_dan", _("Công dân"), "users-group", ("reception.", "feedback.")),
    ("tong_hop", _("Tổng hợp, báo cáo"), "chart-bar", ("reports.",)),
]


def grouped(items: list[MenuItem]) -> list[MenuItem | MenuGroup]:
    """``items`` (from :func:`menu_for`) as the top-level menu: each module's entries in one
    dropdown group, in the order of the group's first entry; ungrouped entries as links."""
    out: list[MenuItem | MenuGroup] = []
    buckets: dict[str, list[MenuItem]] = {}
    for item in items:
        group = next((g for g in GROUPS if item.key.startswith(g[3])), None)
        if group is None:
            out.append(item)
            continue
        if group[0] not in buckets:
            buckets[group[0]] = []
            out.append(group[0])  # placeholder, in the order of first appearance
        buckets[group[0]].append(item)
    labels = {g[0]: g for g in GROUPS}
    return [
        MenuGroup(x, str(labels[x][1]), labels[x][2], tuple(buckets[x]))
        if isinstance(x, str)
        else x
        for x in out
    ]


# The kernel's own entries. Apps add theirs in their navigation.py.
register(
    NavEntry(key="core.home", label=_("Việc cần làm"), url_name="home", icon="checklist", order=0)
)
register(
    NavEntry(
        key="core.admin",
        label=_("Quản trị"),
        url_name="admin:index",
        icon="settings",
        roles=frozenset({"quan_tri"}),
        order=1000,
        staff_only=True,
    )
)
