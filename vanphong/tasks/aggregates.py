"""Dashboard figures of the tasks module (registered in :mod:`vanphong.reports.figures`).

A task belongs to the agency that assigned it (``agency``) and to its lead unit
(``lead_unit``); statuses are the kernel's, read from the stored deadline columns.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from vanphong.reports.figures import (
    Scope,
    agency_ids,
    count_figure,
    finished_in,
    in_period,
    open_at,
    overdue_at,
    percent_figure,
    with_status_at,
)
from vanphong.tasks.models import Task

GROUP = "tasks"


def _tasks(scope: Scope):
    qs = Task.objects.filter(agency_id__in=agency_ids(scope))
    if scope.unit is not None:
        qs = qs.filter(lead_unit=scope.unit)
    return with_status_at(qs, scope)


def assigned(scope: Scope):
    return _tasks(scope).filter(in_period("assigned_at", scope))


def done_on_time(scope: Scope):
    return _tasks(scope).filter(finished_in(scope, on_time=True))


def done_late(scope: Scope):
    return _tasks(scope).filter(finished_in(scope, on_time=False))


def in_progress(scope: Scope):
    return _tasks(scope).filter(open_at(scope, "assigned_at")).exclude(overdue_at(scope))


def overdue(scope: Scope):
    return _tasks(scope).filter(open_at(scope, "assigned_at")).filter(overdue_at(scope))


def done(scope: Scope):
    return _tasks(scope).filter(finished_in(scope))


def outcome_known(scope: Scope):
    """Finished in the period, or still open and overdue at its end: the tasks whose outcome
    (on time or not) is known — the denominator of the on-time rate, as in the follow-up table."""
    return _tasks(scope).filter(
        finished_in(scope) | (open_at(scope, "assigned_at") & overdue_at(scope))
    )


count_figure(
    "tasks.assigned",
    _("Nhiệm vụ được giao"),
    GROUP,
    assigned,
    formula=_("Số nhiệm vụ lãnh đạo giao trong kỳ (theo ngày giao)."),
    order=10,
    unit_field="lead_unit_id",
)
count_figure(
    "tasks.done",
    _("Nhiệm vụ hoàn thành"),
    GROUP,
    done,
    formula=_("Số nhiệm vụ hoàn thành trong kỳ (theo ngày hoàn thành)."),
    order=20,
    unit_field="lead_unit_id",
)
count_figure(
    "tasks.done_on_time",
    _("Nhiệm vụ hoàn thành đúng hạn"),
    GROUP,
    done_on_time,
    formula=_("Nhiệm vụ hoàn thành trong kỳ, trước hoặc đúng hạn (kể cả hạn đã gia hạn)."),
    order=30,
    unit_field="lead_unit_id",
)
count_figure(
    "tasks.done_late",
    _("Nhiệm vụ hoàn thành quá hạn"),
    GROUP,
    done_late,
    formula=_("Nhiệm vụ hoàn thành trong kỳ, sau hạn."),
    order=40,
    unit_field="lead_unit_id",
)
count_figure(
    "tasks.in_progress",
    _("Nhiệm vụ đang thực hiện trong hạn"),
    GROUP,
    in_progress,
    formula=_("Nhiệm vụ đã giao, chưa hoàn thành tại cuối kỳ (hoặc lúc xem) và chưa quá hạn."),
    order=50,
    unit_field="lead_unit_id",
)
count_figure(
    "tasks.overdue",
    _("Nhiệm vụ quá hạn chưa hoàn thành"),
    GROUP,
    overdue,
    formula=_("Nhiệm vụ chưa hoàn thành tại cuối kỳ (hoặc lúc xem) mà đã quá hạn."),
    order=60,
    unit_field="lead_unit_id",
)
count_figure(
    "tasks.outcome_known",
    _("Nhiệm vụ đã rõ kết quả"),
    GROUP,
    outcome_known,
    formula=_("Nhiệm vụ hoàn thành trong kỳ cộng nhiệm vụ quá hạn chưa hoàn thành tại cuối kỳ."),
    order=65,
    unit_field="lead_unit_id",
)
percent_figure(
    "tasks.on_time_rate",
    _("Tỷ lệ nhiệm vụ hoàn thành đúng hạn"),
    GROUP,
    "tasks.done_on_time",
    "tasks.outcome_known",
    formula=_(
        "Hoàn thành đúng hạn / (hoàn thành trong kỳ + quá hạn chưa hoàn thành) × 100%, "
        "như bảng theo dõi nhiệm vụ."
    ),
    order=70,
)
