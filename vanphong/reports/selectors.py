"""Reads of the leaders' dashboard: who may see which agency's synthesis, the figures of a
scope (from the summary snapshot when one is fresh, else live), per-unit breakdowns, the unit
ranking and the drill-down rows (each filtered by its module's visibility rule)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from django.apps import apps
from django.db.models import Case, Count, IntegerField, QuerySet, When
from django.db.models import Value as V
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _

from vanphong.core import permissions
from vanphong.org.models import Agency, AgencyKind, Unit
from vanphong.reports import figures
from vanphong.reports.figures import Scope, Value
from vanphong.tasks import access as task_access

#: Module groups in the order of the dashboard, with their headings.
GROUPS = (
    ("documents", _("Văn bản")),
    ("tasks", _("Nhiệm vụ lãnh đạo giao")),
    ("meetings", _("Cuộc họp")),
    ("reception", _("Đơn thư (tiếp công dân, xử lý đơn)")),
    ("feedback", _("Phản ánh, kiến nghị qua đường dây nóng")),
    ("onestop", _("Hồ sơ thủ tục hành chính (một cửa)")),
)

#: The unit ranking (xếp hạng) on on-time handling: per unit, finished on time, finished late
#: and still open overdue, summed over incoming documents, tasks and one-stop dossiers.
RANKING_ON_TIME = (
    "documents.incoming_done_on_time",
    "tasks.done_on_time",
    "onestop.settled_on_time",
)
RANKING_LATE = ("documents.incoming_done_late", "tasks.done_late", "onestop.settled_late")
RANKING_OVERDUE = ("documents.incoming_overdue", "tasks.overdue", "onestop.in_progress_overdue")
RANKING_FORMULA = _(
    "Tỷ lệ đúng hạn = số việc hoàn thành đúng hạn / (số việc hoàn thành + số việc quá hạn "
    "chưa xong) × 100%, cộng chung văn bản đến (đơn vị chủ trì xử lý), nhiệm vụ (đơn vị chủ "
    "trì) và hồ sơ một cửa (đơn vị giải quyết) trong kỳ; xếp từ cao xuống thấp, bằng nhau thì "
    "đơn vị có nhiều việc hơn đứng trước. Đơn vị không có việc nào trong kỳ không được xếp hạng."
)

#: Roles that see an agency's synthesis (and, for an Office, its People's Committee's).
LEADER_ROLES = task_access.LEADER_ROLES


def dashboard_agencies(user) -> QuerySet[Agency]:
    """Agencies whose dashboard ``user`` may open: where they are a leader (lãnh đạo UBND,
    lãnh đạo văn phòng; own or delegated), and the People's Committee an Office serves."""
    first = Case(
        When(kind=AgencyKind.PROVINCE_PC, then=V(0)),
        When(kind=AgencyKind.COMMUNE_PC, then=V(1)),
        default=V(2),
        output_field=IntegerField(),
    )
    return (
        Agency.objects.filter(pk__in=task_access.leader_agency_ids(user))
        .annotate(pc_first=first)
        .order_by("pc_first", "name")
    )


def units_for(agency: Agency) -> QuerySet[Unit]:
    scope = Scope(dt.date.today(), dt.date.today(), agency)
    return Unit.objects.filter(agency_id__in=figures.agency_ids(scope)).order_by(
        "agency_id", "name"
    )


# --------------------------------------------------------------------------------------------
# Figures


@dataclass
class Row:
    figure: figures.Figure
    value: figures.Number
    previous: figures.Number
    as_of: dt.datetime | None = None

    @property
    def delta(self):
        if self.value is None or self.previous is None:
            return None
        return self.value - self.previous

    @property
    def trend(self) -> str:
        d = self.delta
        if d is None or d == 0:
            return "flat"
        return "up" if d > 0 else "down"


@dataclass
class Group:
    key: str
    label: str
    rows: list[Row] = field(default_factory=list)


def grouped(current: dict[str, Value], previous: dict[str, Value]) -> list[Group]:
    out = []
    for key, label in GROUPS:
        group = Group(key, str(label))
        for f in figures.all_figures(key):
            cur = current.get(f.key)
            prev = previous.get(f.key)
            group.rows.append(
                Row(
                    f,
                    cur.value if cur else None,
                    prev.value if prev else None,
                    cur.as_of if cur else None,
                )
            )
        out.append(group)
    return out


def per_unit(scope: Scope, keys) -> dict[str, dict[int, int]]:
    """For count figures with a unit: ``{key: {unit_id: count}}`` (one grouped query each,
    over the agency-wide drill-down, so the per-unit numbers add up to the figure)."""
    whole = Scope(scope.start, scope.end, scope.agency, None, *scope_extra(scope))
    out: dict[str, dict[int, int]] = {}
    for key in keys:
        f = figures.get(key)
        if not f.unit_field or f.drill is None:
            out[key] = {}
            continue
        rows = f.drill(whole).order_by().values(f.unit_field).annotate(n=Count("pk"))
        out[key] = {r[f.unit_field]: r["n"] for r in rows if r[f.unit_field] is not None}
    return out


def scope_extra(scope: Scope) -> tuple:
    """Extra positional fields of :class:`Scope` beyond (start, end, agency, unit)."""
    return (scope.at,) if getattr(scope, "at", None) is not None else ()


@dataclass
class UnitRow:
    unit: Unit
    counts: dict[str, int]

    def get(self, key: str) -> int:
        return self.counts.get(key, 0)

    @property
    def on_time(self) -> int:
        return self.get("tasks.done_on_time")

    @property
    def late(self) -> int:
        return self.get("tasks.done_late")

    @property
    def in_progress(self) -> int:
        return self.get("tasks.in_progress")

    @property
    def overdue(self) -> int:
        return self.get("tasks.overdue")


def _counts(scope: Scope, keys, cached: dict | None) -> dict[str, dict[int, int]]:
    """Per-unit counts from the snapshot's (``cached``) when it has them, else live."""
    if cached is not None and all(k in cached for k in keys):
        return {k: cached[k] for k in keys}
    return per_unit(scope, keys)


def tasks_by_unit(scope: Scope, units: list[Unit], cached: dict | None = None) -> list[UnitRow]:
    keys = ("tasks.done_on_time", "tasks.done_late", "tasks.in_progress", "tasks.overdue")
    counts = _counts(scope, keys, cached)
    rows = []
    for unit in units:
        c = {k: counts[k].get(unit.pk, 0) for k in keys}
        if any(c.values()):
            rows.append(UnitRow(unit, c))
    rows.sort(key=lambda r: (-r.get("tasks.overdue"), r.unit.name))
    return rows


@dataclass
class RankRow:
    unit: Unit
    on_time: int
    late: int
    overdue: int
    rank: int = 0

    @property
    def total(self) -> int:
        return self.on_time + self.late + self.overdue

    @property
    def rate(self) -> Decimal | None:
        return figures.rate(self.on_time, self.total)


def ranking(scope: Scope, units: list[Unit], cached: dict | None = None) -> list[RankRow]:
    keys = (*RANKING_ON_TIME, *RANKING_LATE, *RANKING_OVERDUE)
    counts = _counts(scope, [k for k in keys if _registered(k)], cached)

    def total(group, unit_id):
        return sum(counts.get(k, {}).get(unit_id, 0) for k in group)

    rows = [
        RankRow(
            u,
            total(RANKING_ON_TIME, u.pk),
            total(RANKING_LATE, u.pk),
            total(RANKING_OVERDUE, u.pk),
        )
        for u in units
    ]
    rows = [r for r in rows if r.total]
    rows.sort(key=lambda r: (-(r.rate or 0), -r.total, r.unit.name))
    for i, r in enumerate(rows, start=1):
        r.rank = i
    return rows


def _registered(key: str) -> bool:
    try:
        figures.get(key)
    except KeyError:
        return False
    return True


def most_overdue_tasks(user, scope: Scope, limit: int = 10):
    qs = visible_rows(user, figures.get("tasks.overdue").drill(scope))
    return list(qs.select_related("lead_unit", "lead_agency").order_by("due_at", "pk")[:limit])


# --------------------------------------------------------------------------------------------
# Drill-down


def _kind_for(model) -> str | None:
    label = model._meta.label
    for rule in permissions.REGISTRY.values():
        if rule.model == label:
            return rule.kind
    return None


def visible_rows(user, qs: QuerySet) -> QuerySet:
    """``qs`` restricted to what ``user`` may see under its module's visibility rule. A model
    without a rule of its own is read through its parent's (a conclusion item through its
    meeting); anything else shows nothing."""
    model = qs.model
    kind = _kind_for(model)
    if kind is not None:
        return qs.filter(pk__in=permissions.visible(user, kind).values("pk"))
    if model._meta.label == "meetings.ConclusionItem":
        meetings = permissions.visible(user, "meetings.meeting").values("pk")
        return qs.filter(meeting__in=meetings)
    return qs.none()


_DETAIL_URLS = {
    "tasks.Task": "tasks:task_detail",
    "meetings.Meeting": "meetings:meeting_detail",
    "reception.Petition": "reception:petition_detail",
    "feedback.Feedback": "feedback:detail",
}


def detail_url(obj) -> str | None:
    if hasattr(obj, "get_absolute_url"):
        return obj.get_absolute_url()
    if obj._meta.label == "meetings.ConclusionItem":
        obj = obj.meeting
    name = _DETAIL_URLS.get(obj._meta.label)
    if name is None:
        return None
    try:
        return reverse(name, args=[obj.pk])
    except NoReverseMatch:
        return None


#: Per model: the date column shown in the drill-down and the relations to load.
_DRILL_COLUMNS = {
    "documents.IncomingDocument": ("received_at", ("doc_type",)),
    "documents.OutgoingDocument": ("issued_at", ("doc_type", "drafting_unit")),
    "tasks.Task": ("assigned_at", ("lead_unit", "lead_agency")),
    "meetings.Meeting": ("starts_at", ("preparing_unit",)),
    "meetings.ConclusionItem": ("meeting__starts_at", ("meeting", "lead_unit")),
    "onestop.Dossier": ("received_at", ("handling_unit",)),
    "reception.Petition": ("received_at", ()),
    "feedback.Feedback": ("received_at", ("responsible_unit",)),
}


def drill_rows(user, figure: figures.Figure, scope: Scope) -> QuerySet:
    qs = visible_rows(user, figure.drill(scope))
    date_col, related = _DRILL_COLUMNS.get(qs.model._meta.label, ("pk", ()))
    if related:
        qs = qs.select_related(*related)
    return qs.order_by(f"-{date_col}" if date_col != "pk" else "-pk", "-pk")


def drill_date(obj) -> dt.datetime | None:
    date_col = _DRILL_COLUMNS.get(obj._meta.label, ("pk", ()))[0]
    if date_col == "pk":
        return None
    value = obj
    for part in date_col.split("__"):
        value = getattr(value, part, None)
    return value


def model_label(model) -> str:
    return str(model._meta.verbose_name)


def get_model(label: str):
    return apps.get_model(label)
