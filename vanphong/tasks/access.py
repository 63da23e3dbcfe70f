"""Who may see and act on a task. The visibility filter (selectors) and the single-object checks
here read the same sets, so a list and a detail page cannot disagree.

* the assigning side: the assigning leader, whoever entered the task, and the leaders (lãnh đạo
  UBND, lãnh đạo văn phòng) of the assigning agency — a province's or a commune's Office
  leaders follow the tasks of its People's Committee;
* the executing side: members of the lead or a coordinating unit, officials of the lead or a
  coordinating agency. Another agency sees nothing.
"""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from vanphong.core import clock, permissions
from vanphong.org.models import Agency, AgencyKind, Membership, Role
from vanphong.org.selectors import agencies_of, effective_roles, units_of

#: Roles of the assigning agency that follow and decide on all its tasks.
LEADER_ROLES = frozenset({Role.LANH_DAO_UBND, Role.LANH_DAO_VAN_PHONG})
#: Roles of the assigning agency (or its Office) that may enter a task on a leader's behalf.
DESK_ROLES = LEADER_ROLES | {Role.VAN_THU, Role.CHUYEN_VIEN, Role.LANH_DAO_PHONG}


def _agencies_with(user, roles: frozenset) -> frozenset[int]:
    """Agencies where ``user`` holds one of ``roles`` (own or delegated), plus the parent
    committee of an Office agency where they do."""
    if not permissions.is_active_user(user):
        return frozenset()
    ids: set[int] = set()
    for agency in agencies_of(user).only("pk", "kind", "parent_id"):
        if effective_roles(user, agency) & roles:
            ids.add(agency.pk)
            if agency.kind == AgencyKind.PROVINCE_OFFICE and agency.parent_id:
                ids.add(agency.parent_id)
    return frozenset(ids)


def leader_agency_ids(user) -> frozenset[int]:
    return _agencies_with(user, LEADER_ROLES)


def desk_agency_ids(user) -> frozenset[int]:
    return _agencies_with(user, DESK_ROLES)


def unit_ids(user) -> frozenset[int]:
    if not permissions.is_active_user(user):
        return frozenset()
    return frozenset(units_of(user).values_list("pk", flat=True))


def member_agency_ids(user) -> frozenset[int]:
    if not permissions.is_active_user(user):
        return frozenset()
    return frozenset(agencies_of(user).values_list("pk", flat=True))


def _unit_subquery(user):
    today = clock.today()
    return (
        Membership.objects.filter(official=user)
        .filter(Q(start_date__isnull=True) | Q(start_date__lte=today))
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=today))
        .values("unit_id")
    )


def executing_q(user) -> Q:
    """Tasks where ``user`` is on the executing side (lead or coordinating): subqueries only,
    so a count is one SQL query."""
    from vanphong.tasks.models import Coordinator

    if not permissions.is_active_user(user):
        return Q(pk__in=[])
    units = _unit_subquery(user)
    agencies = agencies_of(user).order_by().values("pk")
    coordinating = Coordinator.objects.filter(task=OuterRef("pk")).filter(
        Q(unit_id__in=units) | Q(agency_id__in=agencies)
    )
    return Q(lead_unit_id__in=units) | Q(lead_agency_id__in=agencies) | Q(Exists(coordinating))


def visible_q(user) -> Q:
    if not permissions.is_active_user(user):
        return Q(pk__in=[])
    return (
        Q(assigned_by=user)
        | Q(created_by=user)
        | Q(agency_id__in=leader_agency_ids(user))
        | executing_q(user)
    )


def is_lead_side(user, task) -> bool:
    if not permissions.is_active_user(user):
        return False
    if task.lead_unit_id:
        return task.lead_unit_id in unit_ids(user)
    return task.lead_agency_id in member_agency_ids(user)


def is_participant(user, task) -> bool:
    if is_lead_side(user, task):
        return True
    units, agencies = unit_ids(user), member_agency_ids(user)
    return any(
        (c.unit_id and c.unit_id in units) or (c.agency_id and c.agency_id in agencies)
        for c in task.coordinators.all()
    )


def is_assigning_leader(user, task) -> bool:
    """May ``user`` decide for the assigning side (accept, send back, grant an extension)?"""
    if not permissions.is_active_user(user):
        return False
    return task.assigned_by_id == user.pk or task.agency_id in leader_agency_ids(user)


def may_follow(user, task) -> bool:
    """The assigning side, including whoever entered the task (follow-up officer)."""
    return task.created_by_id == user.pk or is_assigning_leader(user, task)


def can_enter_for(user, agency: Agency | int) -> bool:
    agency_id = agency if isinstance(agency, int) else agency.pk
    return agency_id in desk_agency_ids(user)


def is_leader_of(user, agency: Agency | int) -> bool:
    agency_id = agency if isinstance(agency, int) else agency.pk
    return agency_id in leader_agency_ids(user)


def visible_parts(user, **lookups) -> tuple:
    """The tasks matching ``lookups`` (keyword lookups on Task) that ``user`` may see, split
    for large reads (the follow-up table) into ``(whole, branches)``:

    * ``whole``: the tasks of the agencies ``user`` leads (all visible to them) — an index range
      per agency, answered from the covering index ``task_agency_due_cov_idx`` for a due range;
    * ``branches``: ``[(queryset, prefix), ...]``, one indexed select per other branch of the
      rule (assigned by, entered by, led by one of the user's units or agencies: Task querysets,
      prefix ``""``; coordinated by them: a Coordinator queryset, prefix ``"task__"``), each
      without the leading agencies' tasks. A task may appear in several branches: the caller
      takes their union (``UNION``, not ``UNION ALL``).

    ``whole`` and the union of ``branches`` are disjoint and together exactly
    ``Task.objects.filter(visible_q(user), **lookups)`` (tested); ``visible_q`` stays the rule.
    Evaluating the OR of subqueries row by row over a year of tasks is what this avoids."""
    from vanphong.tasks.models import Coordinator, Task

    if not permissions.is_active_user(user):
        return Task.objects.none(), []
    leading = leader_agency_ids(user)
    whole = Task.objects.filter(agency_id__in=leading, **lookups)
    # Small lists evaluated first, so that each branch is an index range on PostgreSQL.
    units = sorted(set(_unit_subquery(user).values_list("unit_id", flat=True)))
    agencies = sorted(agencies_of(user).order_by().values_list("pk", flat=True))
    branches = [
        (Task.objects.filter(assigned_by=user, **lookups), ""),
        (Task.objects.filter(created_by=user, **lookups), ""),
        (Task.objects.filter(lead_unit_id__in=units, **lookups), ""),
        (Task.objects.filter(lead_agency_id__in=agencies, **lookups), ""),
    ]
    branches = [(qs.exclude(agency_id__in=leading), prefix) for qs, prefix in branches]
    coordinating = (
        Coordinator.objects.filter(Q(unit_id__in=units) | Q(agency_id__in=agencies))
        .filter(**{f"task__{k}": v for k, v in lookups.items()})
        .exclude(task__agency_id__in=leading)
    )
    branches.append((coordinating, "task__"))
    return whole, branches
