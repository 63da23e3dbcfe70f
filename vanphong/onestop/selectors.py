"""Reads of one-stop dossiers: who sees and handles which dossier, the lists, the public
look-up, the open steps of an official."""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet

from vanphong.core import deadlines, permissions
from vanphong.core.assignments.models import Assignment, AssignmentRole, AssignmentState
from vanphong.onestop.models import OPEN_STATUSES, Dossier
from vanphong.org.models import Role, RoleGrant
from vanphong.org.selectors import agencies_of, effective_roles, units_of

KIND = "onestop.dossier"
DESK_ROLES = frozenset({Role.CAN_BO_MOT_CUA})
LEADER_ROLES = frozenset({Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND})
STAFF_ROLES = DESK_ROLES | LEADER_ROLES


def _agency_ids_with(user, roles: frozenset) -> list[int]:
    ids = set(
        RoleGrant.objects.filter(official=user, role__in=list(roles)).values_list(
            "agency_id", flat=True
        )
    )
    for agency in agencies_of(user):  # delegated roles too
        if agency.pk not in ids and effective_roles(user, agency) & roles:
            ids.add(agency.pk)
    return sorted(ids)


def _dossier_ct() -> ContentType:
    return ContentType.objects.get_for_model(Dossier)


def _assigned_to(user) -> Q:
    unit_ids = list(units_of(user).values_list("pk", flat=True))
    mine = Q(assignee_user=user)
    if unit_ids:
        mine |= Q(assignee_unit__in=unit_ids)
    return mine


@permissions.visibility(KIND, model="onestop.Dossier", perm="onestop.view_dossier")
def dossier_visible(user, qs: QuerySet) -> QuerySet:
    """Desk staff and leaders see the dossiers received by, or due from, their agencies; an
    official sees the dossiers with a step given to them or to their unit."""
    agencies = _agency_ids_with(user, STAFF_ROLES)
    steps = Assignment.objects.filter(
        _assigned_to(user), case_type=_dossier_ct(), case_id=OuterRef("pk")
    )
    return qs.filter(
        Q(agency_id__in=agencies) | Q(receiving_agency_id__in=agencies) | Exists(steps)
    )


def can_receive(user, agency) -> bool:
    return permissions.is_active_user(user) and bool(effective_roles(user, agency) & DESK_ROLES)


def receiving_agencies(user) -> list:
    return [a for a in agencies_of(user) if can_receive(user, a)]


def is_desk(user, dossier: Dossier) -> bool:
    """Desk staff or leaders of the receiving or the competent agency."""
    if not permissions.is_active_user(user):
        return False
    return bool(
        (
            effective_roles(user, dossier.agency_id)
            | effective_roles(user, dossier.receiving_agency_id)
        )
        & STAFF_ROLES
    )


def current_assignment(dossier: Dossier) -> Assignment | None:
    """The open lead assignment of the dossier's current step."""
    return (
        Assignment.objects.select_related("assignee_user", "assignee_unit", "assigned_by")
        .filter(
            case_type=_dossier_ct(),
            case_id=dossier.pk,
            role=AssignmentRole.CHU_TRI,
            parent__isnull=True,
            state=AssignmentState.DANG_XU_LY,
        )
        .order_by("-assigned_at", "-id")
        .first()
    )


def holds_step(user, assignment: Assignment | None) -> bool:
    """The official (or a member of the unit) holding the step, or who handed it over."""
    if assignment is None or not permissions.is_active_user(user):
        return False
    if user.pk in (assignment.assignee_user_id, assignment.assigned_by_id):
        return True
    if assignment.assignee_unit_id:
        return units_of(user).filter(pk=assignment.assignee_unit_id).exists()
    return False


def can_handle(user, dossier: Dossier) -> bool:
    return is_desk(user, dossier) or holds_step(user, current_assignment(dossier))


def dossiers_for_list(
    user,
    *,
    status: str = "",
    deadline: str = "",
    procedure: int | None = None,
    channel: str = "",
    query: str = "",
    received_from=None,
    received_to=None,
) -> QuerySet[Dossier]:
    """The dossiers ``user`` may see, with the deadline status in SQL; one query per page."""
    from vanphong.core import search

    qs = permissions.visible(user, KIND, Dossier.objects.all())
    if status:
        qs = qs.filter(status=status)
    if procedure:
        qs = qs.filter(procedure_id=procedure)
    if channel:
        qs = qs.filter(channel=channel)
    if received_from:
        qs = qs.filter(received_at__date__gte=received_from)
    if received_to:
        qs = qs.filter(received_at__date__lte=received_to)
    qs = qs.annotate(deadline_status=deadlines.status_expression()).select_related(
        "agency", "receiving_agency", "handling_unit"
    )
    if deadline:
        qs = qs.filter(deadline_status=deadline)
    qs = qs.order_by("-received_at", "-id")
    if query.strip():
        qs = search.search(qs, query)
    return qs


def my_steps(user) -> QuerySet[Assignment]:
    """Open steps of open dossiers given to ``user`` or to a unit they belong to."""
    if not permissions.is_active_user(user):
        return Assignment.objects.none()
    open_dossiers = Dossier.objects.filter(status__in=OPEN_STATUSES).values("pk")
    return (
        Assignment.objects.filter(
            _assigned_to(user),
            case_type=_dossier_ct(),
            state=AssignmentState.DANG_XU_LY,
            case_id__in=open_dossiers,
        )
        .annotate(deadline_status=deadlines.status_expression())
        .select_related("assignee_user", "assignee_unit", "assigned_by")
        .order_by("due_at", "id")
    )


def due_today(user) -> QuerySet[Dossier]:
    """Open dossiers the user sees whose due moment falls today (Vietnam date)."""
    from vanphong.core import clock

    return permissions.visible(user, KIND, Dossier.objects.all()).filter(
        status__in=OPEN_STATUSES, due_date=clock.today()
    )


def overdue(user) -> QuerySet[Dossier]:
    from vanphong.core import clock

    return permissions.visible(user, KIND, Dossier.objects.all()).filter(
        status__in=OPEN_STATUSES, suspended_at__isnull=True, due_at__lt=clock.now()
    )


# --- the citizen's PIN ----------------------------------------------------------------------


def pin_digest(code: str, pin: str) -> str:
    """HMAC of the dossier code and the PIN under the secret key (a PIN has few digits: an
    unkeyed hash would be reversed offline in seconds)."""
    message = f"{code.strip().upper()}:{(pin or '').strip()}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def public_dossier(code: str, pin: str) -> Dossier | None:
    """The dossier with this code when the PIN matches, else None (same for an unknown code)."""
    code = (code or "").strip().upper()[:60]
    dossier = (
        Dossier.objects.select_related("agency", "receiving_agency", "procedure_version")
        .filter(code=code)
        .first()
    )
    digest = pin_digest(code, pin)
    expected = dossier.pin_hash if dossier is not None else pin_digest(code, "\x00")
    if not hmac.compare_digest(digest, expected) or dossier is None:
        return None
    return dossier
