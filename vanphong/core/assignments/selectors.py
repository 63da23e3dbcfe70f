"""Reads on assignments: a case's assignments, an official's open work, counts by status."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Model, Q, QuerySet

from vanphong.core import deadlines, permissions
from vanphong.core.assignments.models import Assignment, AssignmentState
from vanphong.org.models import Official, Role


def _base() -> QuerySet[Assignment]:
    return Assignment.objects.select_related(
        "case_type", "assignee_user", "assignee_unit", "assignee_agency", "assigned_by", "agency"
    )


def for_case(case: Model) -> QuerySet[Assignment]:
    """Every assignment of ``case``, in the order given, with the deadline status."""
    return (
        _base()
        .filter(case_type=ContentType.objects.get_for_model(case), case_id=case.pk)
        .annotate(deadline_status=deadlines.status_expression())
        .order_by("assigned_at", "id")
    )


def _mine(user: Official) -> Q:
    """Assignments addressed to ``user``: to them, to units they lead, to their agency's desk."""
    from vanphong.org import selectors as org

    condition = Q(assignee_user=user)
    led_units = [u.pk for u in org.units_of(user) if org.is_leader(user, unit=u)]
    if led_units:
        condition |= Q(assignee_unit__in=led_units)
    desk_agencies = [
        a.pk
        for a in org.agencies_of(user)
        if org.effective_roles(user, a)
        & {Role.VAN_THU, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND}
    ]
    if desk_agencies:
        condition |= Q(assignee_agency__in=desk_agencies)
    return condition


def open_assignments_for(user: Official) -> QuerySet[Assignment]:
    """The user's open work ("việc cần làm"), overdue first then by due moment.

    Annotated with ``deadline_status`` (computed in SQL). A constant number of queries whatever
    the number of rows; ``case`` is reached through ``case_type`` (prefetch by the caller's
    module when it needs more than the label).
    """
    if not permissions.is_active_user(user):
        return Assignment.objects.none()
    return (
        _base()
        .filter(_mine(user), state=AssignmentState.DANG_XU_LY)
        .annotate(deadline_status=deadlines.status_expression())
        .order_by("due_at", "assigned_at", "id")
    )


def status_counts(qs: QuerySet[Assignment]) -> dict[str, int]:
    """``{status: count}`` over ``qs`` (annotated or not), in one query."""
    rows = (
        qs.annotate(_st=deadlines.status_expression())
        .order_by()
        .values("_st")
        .annotate(n=Count("id"))
    )
    counts = {status.value: 0 for status in deadlines.DeadlineStatus}
    for row in rows:
        counts[row["_st"]] = row["n"]
    return counts


@permissions.visibility("assignments.assignment", model="assignments.Assignment")
def assignment_visible(user: Official, qs: QuerySet[Assignment]) -> QuerySet[Assignment]:
    """An official sees the assignments given by their agencies and those addressed to them."""
    from vanphong.org import selectors as org

    if user.is_superuser:
        return qs
    agencies = list(org.agencies_of(user).values_list("pk", flat=True))
    return qs.filter(Q(agency__in=agencies) | _mine(user) | Q(assigned_by=user))
