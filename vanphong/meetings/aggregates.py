"""Dashboard figures of the meetings module (registered in :mod:`vanphong.reports.figures`)."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vanphong.meetings.models import ConclusionItem, Meeting, MeetingState
from vanphong.reports.figures import Scope, agency_ids, count_figure, in_period
from vanphong.tasks.models import Task

GROUP = "meetings"


def held(scope: Scope):
    qs = Meeting.objects.filter(agency_id__in=agency_ids(scope), state=MeetingState.HELD).filter(
        in_period("starts_at", scope)
    )
    if scope.unit is not None:
        qs = qs.filter(preparing_unit=scope.unit)
    return qs


def conclusions_open(scope: Scope):
    """Conclusion items of the agency's meetings held before the end of the period whose task
    is not finished at ``scope.as_of`` (or that have no task yet)."""
    moment = scope.as_of
    finished = Task.objects.filter(finished_at__lt=moment).values("pk")
    qs = ConclusionItem.objects.filter(
        meeting__agency_id__in=agency_ids(scope),
        meeting__state=MeetingState.HELD,
        meeting__starts_at__lt=moment,
    ).filter(Q(task_id__isnull=True) | ~Q(task_id__in=finished))
    if scope.unit is not None:
        qs = qs.filter(lead_unit=scope.unit)
    return qs


count_figure(
    "meetings.held",
    _("Cuộc họp đã tổ chức"),
    GROUP,
    held,
    formula=_('Số cuộc họp ở trạng thái "đã họp" bắt đầu trong kỳ (đơn vị: đơn vị chuẩn bị).'),
    order=10,
    unit_field="preparing_unit_id",
)
count_figure(
    "meetings.conclusions_open",
    _("Kết luận cuộc họp chưa hoàn thành"),
    GROUP,
    conclusions_open,
    formula=_(
        "Nội dung kết luận của các cuộc họp đã họp đến cuối kỳ mà nhiệm vụ tương ứng chưa hoàn "
        "thành tại cuối kỳ (hoặc lúc xem), hoặc chưa giao nhiệm vụ."
    ),
    order=20,
    unit_field="lead_unit_id",
)
