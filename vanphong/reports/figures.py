"""The registry of dashboard figures: the one contract between the modules and the synthesis.

Each module declares its figures in its own ``aggregates.py`` (``vanphong/<app>/aggregates.py``),
every one with the same signature: a :class:`Scope` (period, agency, optionally a unit) in, a
number out, and a drill-down queryset of the records behind that number. The dashboard and the
periodic reports read figures only through :func:`compute_all`; they never copy a query.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import import_module
from typing import Any

from django.apps import apps

Number = int | Decimal | None  # None: "chưa có dữ liệu" (never invented)


@dataclass(frozen=True)
class Scope:
    """What a figure is computed over: Vietnam dates ``start``..``end`` (both inclusive), one
    agency, and optionally one of its units."""

    start: dt.date
    end: dt.date
    agency: Any  # org.Agency
    unit: Any = None  # org.Unit | None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("Scope: end before start")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> Scope:
        """The period of the same length just before this one (for the trend)."""
        end = self.start - dt.timedelta(days=1)
        return Scope(end - dt.timedelta(days=self.days - 1), end, self.agency, self.unit)


@dataclass(frozen=True)
class Figure:
    key: str  # "<group>.<name>", e.g. "documents.incoming_received"
    label: Any  # lazy gettext, Vietnamese msgid
    group: str  # documents | tasks | meetings | onestop | reception | feedback
    compute: Callable[[Scope], Number]
    drill: Callable[[Scope], Any] | None = None  # Scope -> QuerySet of the records counted
    kind: str = "count"  # count | percent | score
    formula: Any = ""  # lazy gettext: how the figure is computed, shown beside it
    order: int = 100


@dataclass(frozen=True)
class Value:
    figure: Figure
    value: Number
    as_of: dt.datetime | None = None  # when the summary it reads was refreshed; None: live


_REGISTRY: dict[str, Figure] = {}


def register(figure: Figure) -> Figure:
    if figure.key in _REGISTRY and _REGISTRY[figure.key] is not figure:
        raise ValueError(f"figure registered twice: {figure.key}")
    _REGISTRY[figure.key] = figure
    return figure


def get(key: str) -> Figure:
    return _REGISTRY[key]


def all_figures(group: str | None = None) -> list[Figure]:
    figures = sorted(_REGISTRY.values(), key=lambda f: (f.group, f.order, f.key))
    return [f for f in figures if group is None or f.group == group]


def compute_all(scope: Scope, keys: Iterable[str] | None = None) -> dict[str, Value]:
    chosen = [get(k) for k in keys] if keys is not None else all_figures()
    return {f.key: Value(f, f.compute(scope)) for f in chosen}


@dataclass
class _Discovered:
    modules: list[str] = field(default_factory=list)


_DISCOVERED = _Discovered()


def autodiscover() -> None:
    """Import ``aggregates`` of every VănPhòng app that has one (called from AppConfig.ready)."""
    for config in apps.get_app_configs():
        if not config.name.startswith("vanphong."):
            continue
        name = f"{config.name}.aggregates"
        try:
            import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
            continue
        _DISCOVERED.modules.append(name)
