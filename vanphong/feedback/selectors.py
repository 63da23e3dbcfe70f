"""Reads of feedback: who sees which item, who may do what, the queues, the public lists."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from vanphong.core import deadlines, permissions
from vanphong.feedback.models import OPEN_STATUSES, Category, Feedback, Status
from vanphong.org.models import Membership, Role, RoleGrant
from vanphong.org.selectors import agencies_of, effective_roles

KIND = "feedback.item"
#: Roles of the hotline agency that receive, route, merge and convert feedback.
OPERATOR_ROLES = frozenset({Role.CAN_BO_TIEP_CONG_DAN, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND})
#: Roles of the hotline agency that approve and publish answers.
APPROVER_ROLES = frozenset({Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND})
#: Roles that answer for a responsible agency when no unit is named.
HANDLER_ROLES = frozenset(
    {Role.CHUYEN_VIEN, Role.LANH_DAO_PHONG, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND}
)


def _agency_ids_with(user, roles: frozenset) -> list[int]:
    direct = set(
        RoleGrant.objects.filter(official=user, role__in=list(roles)).values_list(
            "agency_id", flat=True
        )
    )
    for agency in agencies_of(user):  # delegated roles too
        if agency.pk not in direct and effective_roles(user, agency) & roles:
            direct.add(agency.pk)
    return sorted(direct)


def unit_ids_of(user) -> list[int]:
    """Units the official belongs to (memberships, or roles granted for a unit)."""
    ids = set(Membership.objects.filter(official=user).values_list("unit_id", flat=True))
    ids |= set(
        RoleGrant.objects.filter(official=user, unit__isnull=False).values_list(
            "unit_id", flat=True
        )
    )
    return sorted(ids)


def _handler_q(user) -> Q:
    return Q(responsible_unit_id__in=unit_ids_of(user)) | Q(
        responsible_unit__isnull=True,
        responsible_agency_id__in=_agency_ids_with(user, HANDLER_ROLES),
    )


@permissions.visibility(KIND, model="feedback.Feedback", perm="feedback.view_feedback")
def feedback_visible(user, qs: QuerySet) -> QuerySet:
    """The hotline staff see their agency's feedback; a unit (or an agency without a named
    unit) sees the feedback routed to it."""
    return qs.filter(Q(agency_id__in=_agency_ids_with(user, OPERATOR_ROLES)) | _handler_q(user))


def is_operator(user, agency) -> bool:
    return permissions.is_active_user(user) and bool(effective_roles(user, agency) & OPERATOR_ROLES)


def is_approver(user, item: Feedback) -> bool:
    return permissions.is_active_user(user) and bool(
        effective_roles(user, item.agency_id) & APPROVER_ROLES
    )


def is_handler(user, item: Feedback) -> bool:
    """May ``user`` draft the answer (a member of the responsible unit, or of the responsible
    agency when no unit is named)?"""
    if not permissions.is_active_user(user):
        return False
    if item.responsible_unit_id is not None:
        return item.responsible_unit_id in unit_ids_of(user)
    return bool(effective_roles(user, item.responsible_agency_id) & HANDLER_ROLES)


def operator_agencies(user) -> list:
    return [a for a in agencies_of(user) if is_operator(user, a)]


def items_for_queue(
    user,
    *,
    status: str = "",
    category: str = "",
    unit: str = "",
    mine: bool = False,
    query: str = "",
) -> QuerySet[Feedback]:
    """The feedback ``user`` may see, with the deadline status in SQL (one query per page)."""
    from vanphong.core import search

    qs = permissions.visible(user, KIND, Feedback.objects.all())
    if status == "open":
        qs = qs.filter(status__in=OPEN_STATUSES)
    elif status:
        qs = qs.filter(status=status)
    if category:
        qs = qs.filter(category__code=category)
    if unit:
        qs = qs.filter(responsible_unit_id=unit) if unit.isdigit() else qs.none()
    if mine:
        qs = qs.filter(_handler_q(user))
    qs = qs.select_related("category", "responsible_agency", "responsible_unit").annotate(
        deadline_status=deadlines.status_expression()
    )
    if query:
        qs = search.filter(qs, query)
    return qs.order_by("-received_at", "-number")


def awaiting_answer(user) -> QuerySet[Feedback]:
    """Routed to the user's unit (or agency) and not answered yet."""
    if not permissions.is_active_user(user):
        return Feedback.objects.none()
    return Feedback.objects.filter(_handler_q(user), status=Status.DANG_XU_LY)


def awaiting_approval(user) -> QuerySet[Feedback]:
    if not permissions.is_active_user(user):
        return Feedback.objects.none()
    return Feedback.objects.filter(
        agency_id__in=_agency_ids_with(user, APPROVER_ROLES), status=Status.CHO_DUYET
    )


def overdue_for_operator(user) -> QuerySet[Feedback]:
    from vanphong.core import clock

    if not permissions.is_active_user(user):
        return Feedback.objects.none()
    return Feedback.objects.filter(
        agency_id__in=_agency_ids_with(user, OPERATOR_ROLES),
        status__in=OPEN_STATUSES,
        due_at__lt=clock.now(),
    )


def published(query: str = "", category: str = "") -> QuerySet[Feedback]:
    """Published answers for the public page (no personal data leaves through the template)."""
    from vanphong.core import search

    qs = Feedback.objects.filter(status=Status.DA_TRA_LOI, published_at__isnull=False)
    if category:
        qs = qs.filter(category__code=category)
    qs = qs.select_related("category", "responsible_agency", "responsible_unit")
    if query:
        qs = search.filter(qs, query)
    return qs.order_by("-published_at", "-pk")


def public_categories() -> QuerySet[Category]:
    return Category.objects.filter(active=True).order_by("order", "name")


def similar_open(item: Feedback, *, limit: int = 5) -> list[Feedback]:
    """Open items of the same category and commune: candidates for merging."""
    qs = (
        Feedback.objects.filter(
            agency_id=item.agency_id,
            category_id=item.category_id,
            commune_code=item.commune_code,
            status__in=OPEN_STATUSES,
            merged_into__isnull=True,
        )
        .exclude(pk=item.pk)
        .order_by("received_at")[:limit]
    )
    return list(qs)


__all__ = [
    "KIND",
    "awaiting_answer",
    "awaiting_approval",
    "is_approver",
    "is_handler",
    "is_operator",
    "items_for_queue",
    "published",
]
