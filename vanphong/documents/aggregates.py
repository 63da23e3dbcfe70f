"""Dashboard figures of the documents module (registered in :mod:`vanphong.reports.figures`).

Incoming documents belong to a unit through their main assignment (the top-level "chủ trì"
assignment of the kernel's assignments); outgoing documents through their drafting unit.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import OuterRef, Subquery
from django.utils.translation import gettext_lazy as _

from vanphong.core.assignments.models import Assignment, AssignmentRole
from vanphong.documents.models import IncomingDocument, IncomingState, OutgoingDocument
from vanphong.reports.figures import (
    Scope,
    agency_ids,
    count_figure,
    finished_in,
    in_period,
    open_at,
    overdue_at,
    with_status_at,
)

GROUP = "documents"


def _incoming(scope: Scope):
    """The agency's incoming documents (not withdrawn), each with ``main_unit`` (the unit of
    its first top-level "chủ trì" assignment) and its deadline status at ``scope.as_of``."""
    main = Assignment.objects.filter(
        case_type=ContentType.objects.get_for_model(IncomingDocument),
        case_id=OuterRef("pk"),
        parent__isnull=True,
        role=AssignmentRole.CHU_TRI,
        assignee_unit__isnull=False,
    ).order_by("assigned_at", "pk")
    qs = (
        IncomingDocument.objects.filter(agency_id__in=agency_ids(scope))
        .exclude(state=IncomingState.WITHDRAWN)
        .annotate(main_unit=Subquery(main.values("assignee_unit")[:1]))
    )
    if scope.unit is not None:
        qs = qs.filter(main_unit=scope.unit.pk)
    return with_status_at(qs, scope)


def incoming_received(scope: Scope):
    return _incoming(scope).filter(in_period("received_at", scope))


def incoming_in_progress(scope: Scope):
    return _incoming(scope).filter(open_at(scope, "received_at")).exclude(overdue_at(scope))


def incoming_overdue(scope: Scope):
    return _incoming(scope).filter(open_at(scope, "received_at")).filter(overdue_at(scope))


def incoming_done_on_time(scope: Scope):
    return _incoming(scope).filter(finished_in(scope, on_time=True))


def incoming_done_late(scope: Scope):
    return _incoming(scope).filter(finished_in(scope, on_time=False))


def outgoing_issued(scope: Scope):
    qs = OutgoingDocument.objects.filter(
        agency_id__in=agency_ids(scope), issued_at__isnull=False
    ).filter(in_period("issued_at", scope))
    if scope.unit is not None:
        qs = qs.filter(drafting_unit=scope.unit)
    return qs


count_figure(
    "documents.incoming_received",
    _("Văn bản đến tiếp nhận"),
    GROUP,
    incoming_received,
    formula=_("Số văn bản đến vào sổ trong kỳ (theo ngày đến), trừ văn bản đã thu hồi."),
    order=10,
    unit_field="main_unit",
)
count_figure(
    "documents.outgoing_issued",
    _("Văn bản đi phát hành"),
    GROUP,
    outgoing_issued,
    formula=_(
        "Số văn bản đi phát hành trong kỳ (theo ngày phát hành, kể cả văn bản sau đó bị thu hồi)."
    ),
    order=20,
    unit_field="drafting_unit_id",
)
count_figure(
    "documents.incoming_in_progress",
    _("Văn bản đến đang xử lý trong hạn"),
    GROUP,
    incoming_in_progress,
    formula=_(
        "Văn bản đến đã vào sổ, chưa hoàn thành tại cuối kỳ (hoặc lúc xem nếu kỳ chưa kết thúc) "
        "và chưa quá hạn."
    ),
    order=30,
    unit_field="main_unit",
)
count_figure(
    "documents.incoming_overdue",
    _("Văn bản đến quá hạn chưa xử lý xong"),
    GROUP,
    incoming_overdue,
    formula=_("Văn bản đến chưa hoàn thành tại cuối kỳ (hoặc lúc xem) mà đã quá hạn xử lý."),
    order=40,
    unit_field="main_unit",
)
count_figure(
    "documents.incoming_done_on_time",
    _("Văn bản đến hoàn thành đúng hạn"),
    GROUP,
    incoming_done_on_time,
    formula=_("Văn bản đến hoàn thành trong kỳ, trước hoặc đúng hạn xử lý."),
    order=50,
    unit_field="main_unit",
)
count_figure(
    "documents.incoming_done_late",
    _("Văn bản đến hoàn thành quá hạn"),
    GROUP,
    incoming_done_late,
    formula=_("Văn bản đến hoàn thành trong kỳ, sau hạn xử lý."),
    order=60,
    unit_field="main_unit",
)
