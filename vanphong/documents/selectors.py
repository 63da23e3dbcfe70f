"""Reads on documents, every one through the visibility rule ``documents.incoming``."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet

from vanphong.core import clock, deadlines, permissions, search
from vanphong.core.assignments.models import Assignment
from vanphong.documents.models import Confidentiality, IncomingDocument
from vanphong.org import selectors as org
from vanphong.org.models import Role

KIND = "documents.incoming"
#: Roles that see every non-confidential incoming document of their agency.
WHOLE_AGENCY_ROLES = frozenset({Role.VAN_THU, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND})
#: Named people of a confidential document, besides the assignees: its clerk and these leaders.
CONFIDENTIAL_LEADER_ROLES = frozenset({Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND})


def _assigned(condition: Q) -> Exists:
    return Exists(
        Assignment.objects.filter(
            condition,
            case_type=ContentType.objects.get_for_model(IncomingDocument),
            case_id=OuterRef("pk"),
        )
    )


@permissions.visibility(KIND, model="documents.IncomingDocument", perm="documents.view_incoming")
def incoming_visible(user, qs: QuerySet[IncomingDocument]) -> QuerySet[IncomingDocument]:
    """Văn thư and agency leaders see every non-confidential document of their agency;
    specialists and unit leaders the documents assigned to them or to their units.
    Confidential documents: only the named people — the clerk who registered it, the agency's
    leaders, the leader it was presented to and the people it is assigned to (a unit
    assignment names the unit's leaders)."""
    whole, leaders = [], []
    for agency in org.agencies_of(user):
        roles = org.effective_roles(user, agency)
        if roles & WHOLE_AGENCY_ROLES:
            whole.append(agency.pk)
        if roles & CONFIDENTIAL_LEADER_ROLES:
            leaders.append(agency.pk)
    units = list(org.units_of(user))
    led_units = [u.pk for u in units if org.is_leader(user, unit=u)]
    unit_ids = [u.pk for u in units]
    secret = ~Q(confidentiality=Confidentiality.THUONG)
    ordinary = Q(confidentiality=Confidentiality.THUONG) & (
        Q(agency__in=whole)
        | Q(presented_to=user)
        | _assigned(Q(assignee_user=user) | Q(assignee_unit__in=unit_ids))
    )
    if user.is_superuser:
        ordinary = Q(confidentiality=Confidentiality.THUONG)
    named = secret & (
        Q(registered_by=user)
        | Q(agency__in=leaders)
        | Q(presented_to=user)
        | _assigned(Q(assignee_user=user) | Q(assignee_unit__in=led_units))
    )
    return qs.filter(ordinary | named)


def visible_incoming(user) -> QuerySet[IncomingDocument]:
    return permissions.visible(user, KIND)


def incoming_list(
    user,
    *,
    q: str = "",
    state: str = "",
    urgency: str = "",
    doc_type: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[IncomingDocument]:
    """The visible documents, urgent first (Hỏa tốc > Thượng khẩn > Khẩn > Thường), then newest.

    ``q``: a số ký hiệu (exact or prefix on the normalised column) when it looks like one
    (has a digit and a "/"), else accent-insensitive words over trích yếu and issuer.
    """
    qs = (
        visible_incoming(user)
        .select_related("doc_type", "register")
        .annotate(deadline_status=deadlines.status_expression())
    )
    if state:
        qs = qs.filter(state=state)
    if urgency:
        qs = qs.filter(urgency=urgency)
    if doc_type:
        qs = qs.filter(doc_type_id=doc_type)
    if date_from:
        start = dt.datetime.combine(date_from, dt.time.min, tzinfo=clock.VN_TZ)
        qs = qs.filter(received_at__gte=start)
    if date_to:
        end = dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time.min, tzinfo=clock.VN_TZ)
        qs = qs.filter(received_at__lt=end)
    qs = qs.order_by("-urgency_rank", "-received_at", "-id")
    q = (q or "").strip()
    if q:
        if "/" in q and any(c.isdigit() for c in q):
            qs = search.filter_identifier(qs, "so_ky_hieu_norm", q, prefix=True)
        else:
            qs = search.search(qs, q)
    return qs


def awaiting_direction(user) -> QuerySet[IncomingDocument]:
    """ "Văn bản chờ cho ý kiến": presented to ``user``, not yet directed, urgent first."""
    from vanphong.documents.models import IncomingState

    return (
        visible_incoming(user)
        .filter(presented_to=user, state=IncomingState.PRESENTED)
        .select_related("doc_type")
        .annotate(deadline_status=deadlines.status_expression())
        .order_by("-urgency_rank", "presented_at", "id")
    )


def assigned_to_me(user):
    """ "Văn bản được giao": the kernel's open assignments of ``user`` for incoming documents,
    with the document (visible ones only) attached as ``document``; a list, 3 queries."""
    from vanphong.core.assignments.selectors import open_assignments_for

    ct = ContentType.objects.get_for_model(IncomingDocument)
    rows = list(open_assignments_for(user).filter(case_type=ct))
    docs = {
        d.pk: d
        for d in visible_incoming(user)
        .filter(pk__in=[a.case_id for a in rows])
        .select_related("doc_type")
    }
    result = []
    for a in rows:
        if a.case_id in docs:
            a.document = docs[a.case_id]
            result.append(a)
    return result
