"""Dashboard figures of the hotline feedback module (registered in
:mod:`vanphong.reports.figures`). Feedback merged into another is counted through that one;
a feedback item belongs to its responsible unit."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from vanphong.feedback.models import Feedback, Status
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

GROUP = "feedback"


def _items(scope: Scope):
    qs = Feedback.objects.filter(agency_id__in=agency_ids(scope)).exclude(status=Status.DA_GOP)
    if scope.unit is not None:
        qs = qs.filter(responsible_unit=scope.unit)
    return with_status_at(qs, scope)


def received(scope: Scope):
    return _items(scope).filter(in_period("received_at", scope))


def answered_in_time(scope: Scope):
    return _items(scope).filter(finished_in(scope, on_time=True))


def answered_late(scope: Scope):
    return _items(scope).filter(finished_in(scope, on_time=False))


def overdue(scope: Scope):
    return _items(scope).filter(open_at(scope, "received_at")).filter(overdue_at(scope))


UNIT = "responsible_unit_id"
count_figure(
    "feedback.received",
    _("Phản ánh, kiến nghị qua đường dây nóng"),
    GROUP,
    received,
    formula=_("Phản ánh tiếp nhận trong kỳ (trừ phản ánh đã gộp vào phản ánh khác)."),
    order=10,
    unit_field=UNIT,
)
count_figure(
    "feedback.answered_in_time",
    _("Phản ánh trả lời đúng hạn"),
    GROUP,
    answered_in_time,
    formula=_("Phản ánh hoàn thành (trả lời, chuyển đơn) trong kỳ, trước hoặc đúng hạn."),
    order=20,
    unit_field=UNIT,
)
count_figure(
    "feedback.answered_late",
    _("Phản ánh trả lời quá hạn"),
    GROUP,
    answered_late,
    formula=_("Phản ánh hoàn thành trong kỳ, sau hạn."),
    order=30,
    unit_field=UNIT,
)
count_figure(
    "feedback.overdue",
    _("Phản ánh quá hạn chưa trả lời"),
    GROUP,
    overdue,
    formula=_("Phản ánh chưa hoàn thành tại cuối kỳ (hoặc lúc xem) mà đã quá hạn."),
    order=40,
    unit_field=UNIT,
)
