"""Reads of petitions: who sees which petition, who may see a denouncer's identity, the
register list, duplicate suggestions."""

from __future__ import annotations

import difflib

from django.db.models import Q, QuerySet

from vanphong.core import deadlines, permissions
from vanphong.core.text import fold
from vanphong.org.models import Role, RoleGrant
from vanphong.org.selectors import agencies_of, effective_roles
from vanphong.reception.models import Petition, PetitionClass, Petitioner

KIND = "reception.petition"
#: Roles that work the petition register of their agency.
STAFF_ROLES = frozenset({Role.CAN_BO_TIEP_CONG_DAN, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND})
#: Leaders of the agency who, with the named handlers, may see a denouncer's identity.
IDENTITY_LEADER_ROLES = frozenset({Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND})
#: Folded-content similarity from which an earlier petition of the same person is suggested.
DUPLICATE_SIMILARITY = 0.5


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


@permissions.visibility(KIND, model="reception.Petition", perm="reception.view_petition")
def petition_visible(user, qs: QuerySet) -> QuerySet:
    """The reception staff and agency leaders see their agency's register; a named handler
    sees the petitions handed to them."""
    return qs.filter(
        Q(agency_id__in=_agency_ids_with(user, STAFF_ROLES)) | Q(handlers=user)
    ).distinct()


def can_handle(user, petition: Petition) -> bool:
    """May ``user`` take decisions on ``petition`` (staff of its agency or a named handler)?"""
    if not permissions.is_active_user(user):
        return False
    if effective_roles(user, petition.agency_id) & STAFF_ROLES:
        return True
    return petition.handlers.filter(pk=user.pk).exists()


def can_see_identity(user, petition: Petition) -> bool:
    """The denouncer's identity: only the named handlers and the agency's leaders (Luật Tố cáo
    2018 Đ8, Đ47). Not a superuser as such, not other reception staff."""
    if not permissions.is_active_user(user):
        return False
    if petition.handlers.filter(pk=user.pk).exists():
        return True
    return bool(effective_roles(user, petition.agency_id) & IDENTITY_LEADER_ROLES)


def can_receive(user, agency) -> bool:
    return bool(effective_roles(user, agency) & STAFF_ROLES)


def petitions_for_list(
    user,
    *,
    classification: str = "",
    outcome: str = "",
    status: str = "",
    query: str = "",
) -> QuerySet[Petition]:
    """The petition register as ``user`` may see it, with the deadline status in SQL (one query
    for the page, whatever the number of rows). Outcome ``none`` means not decided yet."""
    from vanphong.core import search

    qs = permissions.visible(user, KIND, Petition.objects.all())
    if classification:
        qs = qs.filter(classification=classification)
    if outcome == "none":
        qs = qs.filter(outcome="")
    elif outcome:
        qs = qs.filter(outcome=outcome)
    if status:
        qs = qs.filter(status=status)
    qs = qs.select_related("agency", "related_to").annotate(
        deadline_status=deadlines.status_expression()
    )
    if query:
        qs = search.filter(qs, query)
    return qs.order_by("-received_at", "-number")


def register_count(agency, year: int) -> int:
    """Petitions of the year's register, a confirmed duplicate not counted twice and a split
    petition counted as its parts."""
    return (
        Petition.objects.filter(agency=agency, year=year, related_to__isnull=True)
        .exclude(status="da_tach")
        .count()
    )


def similarity(a: str, b: str) -> float:
    """Similarity of two contents after Vietnamese folding (0..1)."""
    return difflib.SequenceMatcher(None, fold(a), fold(b), autojunk=False).ratio()


def duplicate_suggestions(petition: Petition, *, limit: int = 5) -> list[tuple[Petition, float]]:
    """Earlier petitions of the same agency from a person with the same identity number (by
    keyed digest) whose folded content is similar: suggestions for staff to confirm."""
    if petition.related_to_id is not None:
        return []
    digests = [
        d
        for d in Petitioner.objects.filter(petition=petition).values_list(
            "identity_digest", flat=True
        )
        if d
    ]
    if not digests:
        return []
    candidates = (
        Petition.objects.filter(
            agency_id=petition.agency_id,
            received_at__lte=petition.received_at,
            petitioners__identity_digest__in=digests,
        )
        .exclude(pk=petition.pk)
        .exclude(status="da_tach")
        .distinct()
        .order_by("-received_at")[:50]
    )
    scored = [(c, similarity(petition.content, c.content)) for c in candidates]
    scored = [(c, s) for c, s in scored if s >= DUPLICATE_SIMILARITY]
    scored.sort(key=lambda cs: -cs[1])
    return scored[:limit]


def duplicate_chain(petition: Petition) -> QuerySet[Petition]:
    """The petition, the earlier one it duplicates and every other duplicate of that one."""
    root_id = petition.related_to_id or petition.pk
    return Petition.objects.filter(Q(pk=root_id) | Q(related_to_id=root_id))


__all__ = [
    "KIND",
    "PetitionClass",
    "can_handle",
    "can_receive",
    "can_see_identity",
    "duplicate_chain",
    "duplicate_suggestions",
    "petitions_for_list",
    "register_count",
]
