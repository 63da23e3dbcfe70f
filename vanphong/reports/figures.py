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
from django.db.models import Q, QuerySet

from vanphong.core import clock, deadlines

Number = int | Decimal | None  # None: "chưa có dữ liệu" (never invented)


@dataclass(frozen=True)
class Scope:
    """What a figure is computed over: Vietnam dates ``start``..``end`` (both inclusive), one
    agency, and optionally one of its units."""

    start: dt.date
    end: dt.date
    agency: Any  # org.Agency
    unit: Any = None  # org.Unit | None
    #: a summary snapshot's moment: the figures as they were then (records that began or
    #: finished later are left out); None: now.
    at: dt.datetime | None = None

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ValueError("Scope: end before start")

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def start_moment(self) -> dt.datetime:
        """00:00 Vietnam time of ``start`` (inclusive)."""
        return dt.datetime.combine(self.start, dt.time.min, tzinfo=clock.VN_TZ)

    @property
    def end_moment(self) -> dt.datetime:
        """00:00 Vietnam time of the day after ``end`` (exclusive)."""
        return dt.datetime.combine(self.end + dt.timedelta(days=1), dt.time.min, tzinfo=clock.VN_TZ)

    @property
    def as_of(self) -> dt.datetime:
        """The moment "open" and "overdue" figures are taken at: the end of the period, or now
        for a period that has not ended yet."""
        return min(self.end_moment, self.at or clock.now())

    @property
    def upper(self) -> dt.datetime:
        """Exclusive upper bound of "in the period": the end, or the snapshot moment if earlier."""
        return self.end_moment if self.at is None else min(self.end_moment, self.at)

    def with_unit(self, unit) -> Scope:
        return Scope(self.start, self.end, self.agency, unit, self.at)

    def previous(self) -> Scope:
        """The period of the same length just before this one (for the trend)."""
        end = self.start - dt.timedelta(days=1)
        return Scope(end - dt.timedelta(days=self.days - 1), end, self.agency, self.unit, self.at)


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
    #: percent figures: (numerator key, denominator key) of two count figures of the registry;
    #: the value is ``100 * numerator / denominator`` and the drill-down is the denominator's.
    parts: tuple[str, str] | None = None
    #: path to the unit id on the drill-down queryset (per-unit tables and the ranking); "" when
    #: the figure has no unit.
    unit_field: str = ""


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


# --------------------------------------------------------------------------------------------
# Helpers for the modules' aggregates (same definitions everywhere)


def agency_ids(scope: Scope) -> list[int]:
    """The agencies a scope covers: its agency and, for a People's Committee, the Office that
    serves it (the Office registers the Committee's documents and follows its tasks)."""
    from vanphong.org.models import Agency, AgencyKind

    cached = scope.__dict__.get("_agency_ids")
    if cached is not None:
        return cached
    ids = [scope.agency.pk]
    if scope.agency.kind == AgencyKind.PROVINCE_PC:
        ids += list(
            Agency.objects.filter(
                parent_id=scope.agency.pk, kind=AgencyKind.PROVINCE_OFFICE
            ).values_list("pk", flat=True)
        )
    object.__setattr__(scope, "_agency_ids", ids)  # one query per scope
    return ids


def in_period(name: str, scope: Scope) -> Q:
    """``name`` (a moment column) inside the period: ``[start 00:00, end+1 00:00)`` Vietnam."""
    return Q(**{f"{name}__gte": scope.start_moment, f"{name}__lt": scope.upper})


def with_status_at(qs: QuerySet, scope: Scope, prefix: str = "") -> QuerySet:
    """``qs`` annotated with ``_status``: the kernel's deadline status at ``scope.as_of``."""
    return qs.annotate(_status=deadlines.status_expression(scope.as_of, prefix=prefix))


def open_at(scope: Scope, begun: str, prefix: str = "") -> Q:
    """Begun (``begun`` column) before ``scope.as_of`` and not finished by then."""
    moment = scope.as_of
    return Q(**{f"{begun}__lt": moment}) & (
        Q(**{f"{prefix}finished_at__isnull": True}) | Q(**{f"{prefix}finished_at__gte": moment})
    )


def overdue_at(scope: Scope, prefix: str = "") -> Q:
    """Of rows annotated by :func:`with_status_at` and :func:`open_at`: past due at
    ``scope.as_of``: the kernel status "quá hạn" for a row still open, or, for a row finished
    after ``as_of`` (a past period), its due moment before ``as_of``."""
    return Q(_status=deadlines.DeadlineStatus.QUA_HAN) | Q(
        **{f"{prefix}finished_at__gte": scope.as_of, f"{prefix}due_at__lt": scope.as_of}
    )


def finished_in(scope: Scope, *, on_time: bool | None = None, prefix: str = "") -> Q:
    """Finished within the period; ``on_time`` True: before or on the due moment (kernel
    statuses "hoàn thành trước hạn / đúng hạn"); False: after it; None: either."""
    q = in_period(f"{prefix}finished_at", scope)
    if on_time is True:
        q &= Q(_status__in=[s.value for s in deadlines.ON_TIME_STATUSES])
    elif on_time is False:
        q &= Q(_status=deadlines.DeadlineStatus.HOAN_THANH_QUA_HAN)
    return q


def rate(numerator: int | None, denominator: int | None) -> Decimal | None:
    """``100 * numerator / denominator`` rounded to 0.1; None when the denominator is 0."""
    if not denominator or numerator is None:
        return None
    return (Decimal(100) * Decimal(numerator) / Decimal(denominator)).quantize(Decimal("0.1"))


def count_figure(key, label, group, drill, *, formula="", order=100, unit_field="") -> Figure:
    """Register a count figure whose value is the number of rows of its drill-down."""
    return register(
        Figure(
            key=key,
            label=label,
            group=group,
            compute=lambda scope: drill(scope).order_by().count(),
            drill=drill,
            formula=formula,
            order=order,
            unit_field=unit_field,
        )
    )


def percent_figure(key, label, group, numerator: str, denominator: str, *, formula="", order=100):
    """Register a percent figure from two registered count figures."""

    def compute(scope: Scope) -> Number:
        return rate(get(numerator).compute(scope), get(denominator).compute(scope))

    def drill(scope: Scope):
        return get(denominator).drill(scope)

    return register(
        Figure(
            key=key,
            label=label,
            group=group,
            compute=compute,
            drill=drill,
            kind="percent",
            formula=formula,
            order=order,
            parts=(numerator, denominator),
            unit_field=get(denominator).unit_field,
        )
    )
