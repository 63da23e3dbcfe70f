"""Reads of tasks: visibility, lists with the deadline status computed in SQL, a source's
tasks, the per-unit follow-up table, reminders."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import EmptyResultSet
from django.db import connection
from django.db.models import Count, F, Model, Prefetch, Q, QuerySet

from vanphong.core import clock, deadlines, permissions
from vanphong.core.deadlines import DeadlineStatus
from vanphong.org.models import Agency, Unit
from vanphong.tasks import access
from vanphong.tasks.models import Coordinator, ExtensionRequest, Reminder, Task, TaskReport

KIND = "tasks.task"


@permissions.visibility(KIND, model="tasks.Task", perm="tasks.view_task")
def task_visible(user, qs: QuerySet) -> QuerySet:
    """Units see their tasks (lead or coordinating), leaders what they assigned and the
    leaders of the assigning agency all its tasks; another agency nothing."""
    return qs.filter(access.visible_q(user))


def _base(qs: QuerySet | None = None) -> QuerySet[Task]:
    qs = Task.objects.all() if qs is None else qs
    return qs.select_related(
        "agency", "assigned_by", "lead_unit", "lead_unit__agency", "lead_agency", "source_type"
    ).prefetch_related(
        Prefetch(
            "coordinators",
            queryset=Coordinator.objects.select_related("unit", "unit__agency", "agency"),
        )
    )


def visible_tasks(user) -> QuerySet[Task]:
    """Every task ``user`` may see, annotated with ``deadline_status`` (SQL)."""
    return _base(permissions.visible(user, KIND)).annotate(
        deadline_status=deadlines.status_expression()
    )


def get_task(user, pk: int) -> Task | None:
    return visible_tasks(user).filter(pk=pk).first()


def for_source(obj: Model) -> QuerySet[Task]:
    """The tasks created from ``obj`` (an incoming document, a conclusion item…), oldest first;
    not filtered by a user (the caller shows them where ``obj`` is already visible)."""
    return (
        _base()
        .filter(source_type=ContentType.objects.get_for_model(obj), source_id=obj.pk)
        .annotate(deadline_status=deadlines.status_expression())
        .order_by("assigned_at", "id")
    )


STATUS_FILTERS = {
    "dang_thuc_hien": Q(finished_at__isnull=True),
    "qua_han": Q(deadline_status=DeadlineStatus.QUA_HAN),
    "sap_den_han": Q(deadline_status=DeadlineStatus.SAP_DEN_HAN),
    "cho_duyet": Q(state="cho_duyet"),
    "hoan_thanh": Q(finished_at__isnull=False),
    "gia_han": Q(extension_count__gt=0),
}


@dataclass
class TaskFilter:
    scope: str = ""  # "", "don_vi" (my units), "toi_giao" (I assigned)
    status: str = ""
    source_kind: str = ""
    assigned_by: int | None = None
    lead_unit: int | None = None
    lead_agency: int | None = None
    q: str = ""
    extra: dict = field(default_factory=dict)


def task_list(user, f: TaskFilter | None = None) -> QuerySet[Task]:
    f = f or TaskFilter()
    qs = visible_tasks(user)
    if f.scope == "don_vi":
        qs = qs.filter(access.executing_q(user))
    elif f.scope == "toi_giao":
        qs = qs.filter(Q(assigned_by=user) | Q(created_by=user))
    if f.status in STATUS_FILTERS:
        qs = qs.filter(STATUS_FILTERS[f.status])
    if f.source_kind:
        qs = qs.filter(source_kind=f.source_kind)
    if f.assigned_by:
        qs = qs.filter(assigned_by_id=f.assigned_by)
    if f.lead_unit:
        qs = qs.filter(lead_unit_id=f.lead_unit)
    if f.lead_agency:
        qs = qs.filter(lead_agency_id=f.lead_agency)
    if f.q:
        qs = qs.filter(Q(content__icontains=f.q) | Q(source_label__icontains=f.q))
    return qs.order_by("due_at", "-assigned_at", "-id")


def task_detail(user, pk: int) -> Task | None:
    task = (
        visible_tasks(user)
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=TaskReport.objects.select_related("author", "unit", "agency"),
            ),
            Prefetch(
                "extensions",
                queryset=ExtensionRequest.objects.select_related("requested_by", "decided_by"),
            ),
        )
        .filter(pk=pk)
        .first()
    )
    return task


def status_counts(qs: QuerySet[Task]) -> dict[str, int]:
    rows = (
        qs.annotate(_st=deadlines.status_expression())
        .order_by()
        .values("_st")
        .annotate(n=Count("id"))
    )
    counts = {s.value: 0 for s in DeadlineStatus}
    for row in rows:
        counts[row["_st"]] = row["n"]
    return counts


# --------------------------------------------------------------------------------------------
# Follow-up table (bảng theo dõi, đôn đốc theo đơn vị)


@dataclass
class FollowUpRow:
    """One lead unit or agency in the follow-up table (tasks whose current deadline falls in
    the period). ``on_time + late + in_progress + overdue == total``."""

    label: str
    lead_unit_id: int | None
    lead_agency_id: int | None
    total: int = 0
    on_time: int = 0  # finished before or on the (current, possibly extended) deadline
    late: int = 0  # finished after the deadline
    in_progress: int = 0  # not finished, deadline not passed yet
    overdue: int = 0  # not finished, deadline passed
    extended: int = 0  # at least one extension granted (counted also in one of the above)

    @property
    def done(self) -> int:
        return self.on_time + self.late

    @property
    def assessed(self) -> int:
        """Tasks whose outcome is known: finished (on time or late) or overdue. Those still in
        progress within their deadline are not yet counted either way."""
        return self.on_time + self.late + self.overdue

    @property
    def on_time_rate(self) -> float | None:
        """Tỷ lệ hoàn thành đúng hạn = on time / (on time + late + overdue) × 100, one decimal;
        None when no task has a known outcome yet."""
        return round(100 * self.on_time / self.assessed, 1) if self.assessed else None


def _sql(qs: QuerySet):
    try:
        return qs.query.sql_with_params()
    except EmptyResultSet:  # e.g. ``agency_id IN ()`` for a user who leads no agency
        return None


def _follow_up_groups(user, lookups: dict) -> list[tuple]:
    """``(lead_unit_id, lead_agency_id, status, extended, count)`` of the visible tasks matching
    ``lookups``, in one SQL statement: the kernel's status expression evaluated once per row
    (at one moment), grouped on lead, status and extended.

    The tasks of the agencies the user leads are grouped straight from the covering index;
    ``UNION ALL`` the other visible ones, grouped over the ``UNION`` (which removes a task
    reached by two branches) of one indexed select per branch of the visibility rule
    (:func:`access.visible_parts`). Composed from the ORM's own SQL and parameters
    (``query.sql_with_params()``); no value is interpolated."""
    now = clock.now()
    whole, branches = access.visible_parts(user, **lookups)

    def columns(qs: QuerySet, prefix: str = "") -> QuerySet:
        return qs.order_by().annotate(
            _lu=F(f"{prefix}lead_unit_id"),
            _la=F(f"{prefix}lead_agency_id"),
            _st=deadlines.status_expression(now, prefix=prefix),
            _ext=Q(**{f"{prefix}extension_count__gt": 0}),
        )

    q = connection.ops.quote_name
    cols = ", ".join(q(c) for c in ("_lu", "_la", "_st", "_ext"))
    parts = []
    grouped = _sql(columns(whole).values("_lu", "_la", "_st", "_ext").annotate(n=Count("*")))
    if grouped:
        parts.append(grouped)
    rows = [
        columns(qs, prefix)
        .annotate(_id=F(f"{prefix}id"))
        .values("_id", "_lu", "_la", "_st", "_ext")
        for qs, prefix in branches
    ]
    union = _sql(rows[0].union(*rows[1:])) if rows else None
    if union:
        sql, params = union
        parts.append((f"SELECT {cols}, COUNT(*) FROM ({sql}) {q('r')} GROUP BY {cols}", params))
    if not parts:
        return []
    with connection.cursor() as cursor:
        cursor.execute(
            " UNION ALL ".join(sql for sql, _params in parts),
            [p for _sql_, params in parts for p in params],
        )
        return cursor.fetchall()


def follow_up_table(
    user, *, start: dt.date, end: dt.date, agency_id: int | None = None
) -> list[FollowUpRow]:
    """Per lead unit / agency: the tasks due in ``[start, end]`` (current due date), counted by
    status: total, done on time (a task finished within a granted extension counts here), done
    late, in progress in time, overdue, extended (at least one extension granted).

    One SQL query over the stored columns (:func:`_follow_up_groups`) and two for the names of
    the units and agencies: three queries (besides the user's units, agencies and roles)
    whatever the number of tasks or units."""
    lookups = {"due_date__gte": start, "due_date__lte": end}
    if agency_id:
        lookups["agency_id"] = agency_id
    groups = _follow_up_groups(user, lookups)
    on_time = {s.value for s in deadlines.ON_TIME_STATUSES}
    in_time = {DeadlineStatus.CHUA_DEN_HAN.value, DeadlineStatus.SAP_DEN_HAN.value}
    rows: dict[tuple, FollowUpRow] = {}
    for lead_unit_id, lead_agency_id, st, extended, n in groups:
        key = (lead_unit_id, lead_agency_id)
        row = rows.get(key)
        if row is None:
            row = rows[key] = FollowUpRow(label="", lead_unit_id=key[0], lead_agency_id=key[1])
        row.total += n
        if st in on_time:
            row.on_time += n
        elif st == DeadlineStatus.HOAN_THANH_QUA_HAN:
            row.late += n
        elif st in in_time:
            row.in_progress += n
        elif st == DeadlineStatus.QUA_HAN:
            row.overdue += n
        if extended:
            row.extended += n
    # Names: two small queries, always run (0 is never an id), so the count stays constant.
    unit_ids = [0, *(k[0] for k in rows if k[0])]
    agency_ids = [0, *(k[1] for k in rows if k[1])]
    units = {u.pk: u for u in Unit.objects.filter(pk__in=unit_ids).select_related("agency")}
    agencies = {a.pk: a for a in Agency.objects.filter(pk__in=agency_ids)}
    for (unit_id, lead_agency_id), row in rows.items():
        if unit_id:
            unit = units[unit_id]
            short = unit.agency.short_name
            row.label = f"{unit.name} ({short})" if short else unit.name
        else:
            row.label = agencies[lead_agency_id].name
    out = list(rows.values())
    out.sort(key=lambda row: (row.lead_unit_id is None, row.label))
    return out


def follow_up_total(rows: list[FollowUpRow]) -> FollowUpRow:
    total = FollowUpRow(label="", lead_unit_id=None, lead_agency_id=None)
    for r in rows:
        for name in ("total", "on_time", "late", "in_progress", "overdue", "extended"):
            setattr(total, name, getattr(total, name) + getattr(r, name))
    return total


def reminders_for(user) -> QuerySet[Reminder]:
    """In-app reminders ("nhắc việc") of the tasks ``user`` works on or follows."""
    tasks = permissions.visible(user, KIND)
    return (
        Reminder.objects.filter(task__in=tasks.values("pk"))
        .select_related("task", "task__lead_unit", "task__lead_agency")
        .order_by("-sent_at", "-id")
    )


def unit_tasks_with_status(user, status: str) -> QuerySet[Task]:
    """Open tasks of the user's units/agencies (lead or coordinating) with ``status``: one
    query (membership and agency sets are subqueries)."""
    return (
        Task.objects.filter(access.executing_q(user), finished_at__isnull=True)
        .annotate(_st=deadlines.status_expression())
        .filter(_st=status)
    )


def awaiting_decision(user) -> QuerySet[Task]:
    """Tasks the user assigned or entered with a completion or an extension to decide."""
    if not permissions.is_active_user(user):
        return Task.objects.none()
    return (
        Task.objects.filter(Q(assigned_by=user) | Q(created_by=user))
        .filter(Q(state="cho_duyet") | Q(extensions__state="cho_xu_ly"))
        .distinct()
    )
