"""Reads on documents, every one through a visibility rule: ``documents.incoming`` and
``documents.outgoing``."""

from __future__ import annotations

import datetime as dt

from django.contrib.contenttypes.models import ContentType
from django.db.models import Exists, OuterRef, Q, QuerySet

from vanphong.core import clock, deadlines, permissions, search
from vanphong.core.assignments.models import Assignment
from vanphong.documents.models import (
    Confidentiality,
    ExchangeStatus,
    IncomingDocument,
    OutgoingDocument,
    OutgoingRecipient,
    OutgoingState,
    RecipientKind,
    ReviewRole,
)
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
    agency=None,
    q: str = "",
    state: str = "",
    urgency: str = "",
    doc_type: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[IncomingDocument] | search.PlannedResults:
    """The visible documents, urgent first (Hỏa tốc > Thượng khẩn > Khẩn > Thường), then newest.

    ``agency``: the list of one agency's register (the clerk's and the leader's screens): the
    condition lets PostgreSQL walk the (agency, urgency, received) index in order and stop at
    the page, instead of sorting every visible row (bench/documents.py).
    ``q``: a số ký hiệu (exact or prefix on the normalised column) when it looks like one
    (has a digit and a "/"), else accent-insensitive words over trích yếu and issuer. With
    ``agency`` a word search returns :class:`vanphong.core.search.PlannedResults` (a sequence
    for the paginator: rare words ranked, frequent ones in the register's order, exact
    accented matches first); without it a QuerySet (the API).
    """
    qs = visible_incoming(user)
    if agency is not None:
        qs = qs.filter(agency=agency)
    qs = qs.select_related("doc_type", "register").annotate(
        deadline_status=deadlines.status_expression()
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
        elif agency is not None:
            # One agency's register (the screens): planned by the word's frequency — at most
            # 1,000 matches are all ranked, more walk the register's order (exact accented
            # matches first) and stop at the page. See search.planned_search.
            return search.planned_search(qs, q, exact_index=True)
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


# =================================================================================================
# Outgoing documents
# =================================================================================================

OUT_KIND = "documents.outgoing"


def leads_unit(user, unit) -> bool:
    """A lãnh đạo phòng of ``unit`` (granted on it, or its head): the unit leader's review
    step. Agency-level leaders act at their own steps, not at this one."""
    return Role.LANH_DAO_PHONG in org.effective_roles(user, unit.agency_id) and org.is_leader(
        user, unit=unit
    )


def _led_and_member_units(user) -> tuple[list[int], list[int]]:
    units = list(org.units_of(user))
    return [u.pk for u in units if leads_unit(user, u)], [u.pk for u in units]


def _to_units(unit_ids: list[int]) -> Exists:
    return Exists(
        OutgoingRecipient.objects.filter(
            document=OuterRef("pk"), kind=RecipientKind.UNIT, unit__in=unit_ids
        )
    )


@permissions.visibility(
    OUT_KIND, model="documents.OutgoingDocument", perm="documents.view_outgoing"
)
def outgoing_visible(user, qs: QuerySet[OutgoingDocument]) -> QuerySet[OutgoingDocument]:
    """Who sees an outgoing document:

    * its author, and the leaders of its drafting unit (also unsubmitted drafts);
    * the văn thư and agency leaders of the issuing agency, once it has been submitted;
    * the members of an internal recipient unit, while it is issued (a recall removes it at
      once); for a confidential document only that unit's leaders.

    Nobody of another agency sees it: recipient agencies see their own incoming copy."""
    whole = [
        agency.pk
        for agency in org.agencies_of(user)
        if org.effective_roles(user, agency) & WHOLE_AGENCY_ROLES
    ]
    led, members = _led_and_member_units(user)
    common = (
        Q(author=user)
        | Q(drafting_unit__in=led)
        | (Q(agency__in=whole) & ~Q(state=OutgoingState.DRAFT))
    )
    issued = Q(state=OutgoingState.ISSUED)
    ordinary = Q(confidentiality=Confidentiality.THUONG) & (common | (issued & _to_units(members)))
    secret = ~Q(confidentiality=Confidentiality.THUONG) & (common | (issued & _to_units(led)))
    return qs.filter(ordinary | secret)


def visible_outgoing(user) -> QuerySet[OutgoingDocument]:
    return permissions.visible(user, OUT_KIND)


def _out_base(user) -> QuerySet[OutgoingDocument]:
    return visible_outgoing(user).select_related("doc_type", "drafting_unit", "author", "agency")


def outgoing_list(
    user,
    *,
    q: str = "",
    state: str = "",
    urgency: str = "",
    doc_type: int | None = None,
    unit: int | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[OutgoingDocument]:
    """Visible outgoing documents, urgent first then the most recently changed. ``q``: a số ký
    hiệu (exact or prefix) when it has a digit and "/", else words of trích yếu / nơi nhận.
    ``date_from``/``date_to`` filter on the issue date."""
    qs = _out_base(user)
    if state:
        qs = qs.filter(state=state)
    if urgency:
        qs = qs.filter(urgency=urgency)
    if doc_type:
        qs = qs.filter(doc_type_id=doc_type)
    if unit:
        qs = qs.filter(drafting_unit_id=unit)
    if date_from:
        qs = qs.filter(issue_date__gte=date_from)
    if date_to:
        qs = qs.filter(issue_date__lte=date_to)
    qs = qs.order_by("-urgency_rank", "-updated_at", "-id")
    q = (q or "").strip()
    if q:
        if "/" in q and any(c.isdigit() for c in q):
            qs = search.filter_identifier(qs, "code_norm", q, prefix=True)
        else:
            qs = search.search(qs, q)
    return qs


def my_drafts(user) -> QuerySet[OutgoingDocument]:
    """The author's documents not yet issued (draft, returned, in review, approved)."""
    return (
        _out_base(user)
        .filter(author=user)
        .exclude(state__in=[OutgoingState.ISSUED, OutgoingState.RECALLED])
        .order_by("-urgency_rank", "-updated_at", "-id")
    )


def _review_condition(user) -> Q:
    led, _members = _led_and_member_units(user)
    office, signer = [], []
    for agency in org.agencies_of(user):
        roles = org.effective_roles(user, agency)
        if Role.LANH_DAO_VAN_PHONG in roles:
            office.append(agency.pk)
        if Role.LANH_DAO_UBND in roles:
            signer.append(agency.pk)
    return (
        Q(review_role=ReviewRole.UNIT_LEADER, drafting_unit__in=led)
        | Q(review_role=ReviewRole.OFFICE_LEADER, agency__in=office)
        | Q(review_role=ReviewRole.SIGNER, agency__in=signer)
    )


def review_queue(user) -> QuerySet[OutgoingDocument]:
    """Drafts waiting for ``user`` at their current review step, urgent first, oldest first."""
    return (
        _out_base(user)
        .filter(_review_condition(user), state=OutgoingState.IN_REVIEW)
        .order_by("-urgency_rank", "updated_at", "id")
    )


def _clerk_agencies(user) -> list[int]:
    return [
        agency.pk
        for agency in org.agencies_of(user)
        if Role.VAN_THU in org.effective_roles(user, agency)
    ]


def to_issue(user) -> QuerySet[OutgoingDocument]:
    """Approved documents waiting for the clerk to issue them."""
    return (
        _out_base(user)
        .filter(state=OutgoingState.APPROVED, agency__in=_clerk_agencies(user))
        .order_by("-urgency_rank", "approved_at", "id")
    )


def recall_requests(user) -> QuerySet[OutgoingRecipient]:
    """Recall requests (status 13) addressed to the agencies whose văn thư ``user`` is."""
    return (
        OutgoingRecipient.objects.filter(
            kind=RecipientKind.AGENCY,
            agency__in=_clerk_agencies(user),
            status=ExchangeStatus.RECALL_REQUESTED,
        )
        .select_related("document", "document__agency", "document__doc_type", "incoming")
        .order_by("recall_requested_at", "id")
    )


def recall_request_for(user, pk: int) -> OutgoingRecipient | None:
    """One recipient row of the user's agencies (recall requests, answered or not)."""
    return (
        OutgoingRecipient.objects.filter(
            pk=pk, kind=RecipientKind.AGENCY, agency__in=_clerk_agencies(user)
        )
        .select_related("document", "document__agency", "document__doc_type", "incoming")
        .first()
    )


def outgoing_recipients(document: OutgoingDocument) -> list[OutgoingRecipient]:
    return list(
        document.recipients.select_related("unit", "agency", "incoming").order_by("kind", "id")
    )


def count_review_queue(user) -> int:
    return OutgoingDocument.objects.filter(
        _review_condition(user), state=OutgoingState.IN_REVIEW
    ).count()


def count_to_issue(user) -> int:
    agencies = _clerk_agencies(user)
    if not agencies:
        return 0
    return OutgoingDocument.objects.filter(
        state=OutgoingState.APPROVED, agency__in=agencies
    ).count()


def count_recall_requests(user) -> int:
    agencies = _clerk_agencies(user)
    if not agencies:
        return 0
    return OutgoingRecipient.objects.filter(
        kind=RecipientKind.AGENCY, agency__in=agencies, status=ExchangeStatus.RECALL_REQUESTED
    ).count()


def count_awaiting_direction(user) -> int:
    from vanphong.documents.models import IncomingState

    return IncomingDocument.objects.filter(presented_to=user, state=IncomingState.PRESENTED).count()


def overdue_by_unit(user) -> list[dict]:
    """The leader's view: per unit of his agencies, the open assignments of incoming documents
    by deadline status (counted in SQL: one query), most overdue first."""
    from django.db.models import Count

    from vanphong.core.assignments.models import AssignmentState

    agencies = [
        agency.pk
        for agency in org.agencies_of(user)
        if org.effective_roles(user, agency) & CONFIDENTIAL_LEADER_ROLES
    ]
    if not agencies:
        return []
    status = deadlines.DeadlineStatus
    rows = (
        Assignment.objects.filter(
            case_type=ContentType.objects.get_for_model(IncomingDocument),
            agency__in=agencies,
            state=AssignmentState.DANG_XU_LY,
            assignee_unit__isnull=False,
            parent__isnull=True,
        )
        .annotate(deadline_status=deadlines.status_expression())
        .values("assignee_unit", "assignee_unit__name")
        .annotate(
            total=Count("id"),
            overdue=Count("id", filter=Q(deadline_status=status.QUA_HAN)),
            due_soon=Count("id", filter=Q(deadline_status=status.SAP_DEN_HAN)),
        )
        .order_by("-overdue", "-due_soon", "assignee_unit__name")
    )
    return list(rows)


def overdue_assignments(user, unit_id: int):
    """The overdue open assignments of one unit (for the leader's drill-down)."""
    from vanphong.core.assignments.models import AssignmentState

    agencies = [
        agency.pk
        for agency in org.agencies_of(user)
        if org.effective_roles(user, agency) & CONFIDENTIAL_LEADER_ROLES
    ]
    rows = list(
        Assignment.objects.filter(
            case_type=ContentType.objects.get_for_model(IncomingDocument),
            agency__in=agencies,
            assignee_unit_id=unit_id,
            state=AssignmentState.DANG_XU_LY,
            parent__isnull=True,
        )
        .annotate(deadline_status=deadlines.status_expression())
        .filter(deadline_status=deadlines.DeadlineStatus.QUA_HAN)
        .order_by("due_at")
    )
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


def reply_candidates(user, document: IncomingDocument) -> QuerySet[OutgoingDocument]:
    """Issued outgoing documents of the same agency the user sees, newest first (to link as
    the reply when finishing)."""
    return (
        visible_outgoing(user)
        .filter(agency=document.agency, state=OutgoingState.ISSUED)
        .order_by("-issued_at", "-id")
    )
