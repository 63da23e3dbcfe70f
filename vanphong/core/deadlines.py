"""The deadlines kernel: one due moment computed once and stored, one status vocabulary.

Every case kind (incoming document, task, petition, one-stop dossier, assignment) inherits
:class:`DeadlineFields` and moves its deadline only through the functions below. They mutate
the instance and do not save it: the caller's service saves it inside its own transaction
and writes the event log.

Status vocabulary (:class:`DeadlineStatus`, Vietnamese labels via gettext):

=========================  ======================  ==============================================
code                       label                   when
=========================  ======================  ==============================================
``chua_den_han``           Chưa đến hạn            open, ``now < soon_at``
``sap_den_han``            Sắp đến hạn             open, ``soon_at <= now <= due_at``
``qua_han``                Quá hạn                 open, ``now > due_at``
``hoan_thanh_truoc_han``   Hoàn thành trước hạn    finished on a Vietnam date before ``due_date``
``hoan_thanh_dung_han``    Hoàn thành đúng hạn     finished on the due day, at or before ``due_at``
``hoan_thanh_qua_han``     Hoàn thành quá hạn      finished after ``due_at``
``khong_thoi_han``         Không có thời hạn       no due moment set (open or finished)
=========================  ======================  ==============================================

The due moment itself is still on time (``now == due_at`` is "sắp đến hạn"; one second later
it is "quá hạn"). ``soon_at`` is computed when the due moment is set:
``settings.DEADLINE_SOON_WORKING_DAYS`` (default 2) working days of office time before
``due_at`` (see :func:`vanphong.core.calendar.workdays.subtract_working_hours`); changing the
setting later does not move stored rows.

Suspension (tạm dừng, chờ bổ sung): while ``suspended_at`` is set the clock is stopped and an
open case shows the status it had at the moment it was suspended (status evaluated at
``suspended_at`` instead of now), so nothing changes while the applicant is being waited for.
:func:`resume` either re-applies the office time that was left at suspension from the resume
moment (``mode="resume"``), or runs the full limit again (``mode="restart"``). A case that was
already overdue when suspended keeps its due moment on resume (a suspension does not cure a
delay).

The status is computable in SQL from the stored columns (:func:`status_expression`), with no
time-zone arithmetic in the database: ``due_date`` and ``finished_date`` store the Vietnam
dates.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Case, F, Q, Value, When
from django.utils.translation import gettext_lazy as _

from vanphong.core import clock
from vanphong.core.calendar import workdays

__all__ = [
    "FINISHED_STATUSES",
    "ON_TIME_STATUSES",
    "OPEN_STATUSES",
    "DeadlineFields",
    "DeadlineStatus",
    "extend",
    "finish",
    "remaining_working_time",
    "resume",
    "set_due",
    "set_due_in_working_days",
    "set_due_in_working_hours",
    "soon_moment",
    "status_expression",
    "status_of",
    "suspend",
]


class DeadlineStatus(models.TextChoices):
    CHUA_DEN_HAN = "chua_den_han", _("Chưa đến hạn")
    SAP_DEN_HAN = "sap_den_han", _("Sắp đến hạn")
    QUA_HAN = "qua_han", _("Quá hạn")
    HOAN_THANH_TRUOC_HAN = "hoan_thanh_truoc_han", _("Hoàn thành trước hạn")
    HOAN_THANH_DUNG_HAN = "hoan_thanh_dung_han", _("Hoàn thành đúng hạn")
    HOAN_THANH_QUA_HAN = "hoan_thanh_qua_han", _("Hoàn thành quá hạn")
    KHONG_THOI_HAN = "khong_thoi_han", _("Không có thời hạn")

    @property
    def is_open(self) -> bool:
        return self in OPEN_STATUSES

    @property
    def is_finished(self) -> bool:
        return self in FINISHED_STATUSES

    @property
    def is_late(self) -> bool:
        return self in (DeadlineStatus.QUA_HAN, DeadlineStatus.HOAN_THANH_QUA_HAN)


#: Open statuses of a case that has a due moment.
OPEN_STATUSES = frozenset(
    {DeadlineStatus.CHUA_DEN_HAN, DeadlineStatus.SAP_DEN_HAN, DeadlineStatus.QUA_HAN}
)
#: Finished statuses of a case that had a due moment.
FINISHED_STATUSES = frozenset(
    {
        DeadlineStatus.HOAN_THANH_TRUOC_HAN,
        DeadlineStatus.HOAN_THANH_DUNG_HAN,
        DeadlineStatus.HOAN_THANH_QUA_HAN,
    }
)
#: Finished on time (trước hạn or đúng hạn) — the numerator of QĐ 766 "totalOnTime".
ON_TIME_STATUSES = frozenset(
    {DeadlineStatus.HOAN_THANH_TRUOC_HAN, DeadlineStatus.HOAN_THANH_DUNG_HAN}
)


class DeadlineFields(models.Model):
    """Deadline columns for a case model (abstract). Set them only through this module."""

    due_at = models.DateTimeField(_("hạn xử lý"), null=True, blank=True, db_index=True)
    due_date = models.DateField(
        _("ngày hết hạn"),
        null=True,
        blank=True,
        db_index=True,
        help_text=_("Ngày (giờ Việt Nam) của hạn xử lý."),
    )
    soon_at = models.DateTimeField(
        _("sắp đến hạn từ"),
        null=True,
        blank=True,
        help_text=_("Từ thời điểm này hồ sơ, công việc được coi là sắp đến hạn."),
    )
    original_due_at = models.DateTimeField(
        _("hạn ban đầu"), null=True, blank=True, help_text=_("Hạn trước lần gia hạn đầu tiên.")
    )
    extension_count = models.PositiveSmallIntegerField(_("số lần gia hạn"), default=0)
    limit_working_days = models.PositiveIntegerField(
        _("thời hạn (ngày làm việc)"), null=True, blank=True
    )
    limit_working_hours = models.DecimalField(
        _("thời hạn (giờ làm việc)"), max_digits=8, decimal_places=2, null=True, blank=True
    )
    suspended_at = models.DateTimeField(_("tạm dừng từ"), null=True, blank=True)
    remaining_at_suspension = models.DurationField(
        _("thời gian còn lại khi tạm dừng"),
        null=True,
        blank=True,
        help_text=_("Thời gian làm việc còn lại đến hạn lúc tạm dừng (âm nếu đã quá hạn)."),
    )
    suspended_total = models.DurationField(
        _("tổng thời gian tạm dừng"),
        default=dt.timedelta(0),
        help_text=_("Thời gian làm việc đã tạm dừng (các lần tạm dừng đã kết thúc)."),
    )
    finished_at = models.DateTimeField(_("hoàn thành lúc"), null=True, blank=True, db_index=True)
    finished_date = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    class Meta:
        abstract = True


# --------------------------------------------------------------------------------------------
# Setting and moving the due moment


def _error(message, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def _moment(value: dt.datetime | None) -> dt.datetime:
    if value is None:
        return clock.now()
    if not isinstance(value, dt.datetime):
        raise _error(_("Thời điểm không hợp lệ."), "deadline_bad_moment")
    return clock.local(value)


def _require_open(obj: DeadlineFields) -> None:
    if obj.finished_at is not None:
        raise _error(
            _("Hồ sơ, công việc đã hoàn thành; không thể thay đổi hạn."), "deadline_finished"
        )


def soon_moment(due_at: dt.datetime) -> dt.datetime:
    """The moment from which a case due at ``due_at`` is "sắp đến hạn"."""
    days = int(getattr(settings, "DEADLINE_SOON_WORKING_DAYS", 2))
    if days <= 0:
        return clock.local(due_at)
    return workdays.subtract_working_hours(due_at, workdays.working_day_length() * days)


def _apply_due(obj: DeadlineFields, due_at: dt.datetime) -> None:
    due = clock.local(due_at)
    obj.due_at = due
    obj.due_date = due.date()
    obj.soon_at = soon_moment(due)


def set_due(obj: DeadlineFields, *, due_at: dt.datetime) -> DeadlineFields:
    """Set the due moment explicitly (no limit recorded; ``restart`` then needs ``limit_hours``)."""
    _require_open(obj)
    _apply_due(obj, _moment(due_at))
    obj.limit_working_days = None
    obj.limit_working_hours = None
    return obj


def set_due_in_working_days(
    obj: DeadlineFields, *, start: dt.date | dt.datetime, days: int
) -> DeadlineFields:
    """Due at office closing (17:30) of the ``days``-th working day after ``start``'s date.

    ``start`` itself is never counted (see :func:`~vanphong.core.calendar.workdays.add_working_days`;
    ``days=0`` means the closing of ``start`` if it is a working day, else of the next one).
    """
    _require_open(obj)
    if isinstance(days, bool) or not isinstance(days, int) or days < 0:
        raise _error(_("Số ngày làm việc phải là số nguyên không âm."), "deadline_bad_days")
    if not isinstance(start, dt.date):
        raise _error(_("Thời điểm bắt đầu không hợp lệ."), "deadline_bad_moment")
    _apply_due(obj, workdays.closing_time(workdays.add_working_days(start, days)))
    obj.limit_working_days = days
    obj.limit_working_hours = None
    return obj


def _hours(value) -> Decimal:
    try:
        hours = Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        hours = Decimal(-1)
    if not hours.is_finite() or hours < 0:
        raise _error(_("Số giờ làm việc phải là số không âm."), "deadline_bad_hours")
    return hours


def set_due_in_working_hours(
    obj: DeadlineFields,
    *,
    start: dt.datetime,
    hours: float | int | Decimal,
    cutoff: dt.time | None = None,
) -> DeadlineFields:
    """Due ``hours`` of office time after ``start`` (one-stop style: 8 h per working day).

    Counting begins at the next opening; with ``cutoff`` (e.g. ``time(15, 0)``), something
    received on or after the cutoff is counted from the next working day's opening.
    """
    _require_open(obj)
    limit = _hours(hours)
    begin = workdays.counting_start(_moment(start), cutoff=cutoff)
    _apply_due(obj, workdays.add_working_hours(begin, limit))
    obj.limit_working_hours = limit
    obj.limit_working_days = None
    return obj


def extend(obj: DeadlineFields, *, new_due_at: dt.datetime) -> DeadlineFields:
    """Move the due moment later (gia hạn); the first due moment is kept in ``original_due_at``."""
    _require_open(obj)
    if obj.due_at is None:
        raise _error(_("Chưa có hạn xử lý để gia hạn."), "deadline_missing")
    new_due = _moment(new_due_at)
    if new_due <= obj.due_at:
        raise _error(_("Hạn mới phải sau hạn hiện tại."), "deadline_extend_not_later")
    if obj.original_due_at is None:
        obj.original_due_at = obj.due_at
    obj.extension_count = (obj.extension_count or 0) + 1
    _apply_due(obj, new_due)
    if obj.suspended_at is not None:
        obj.remaining_at_suspension = workdays.working_hours_between(obj.suspended_at, new_due)
    return obj


def suspend(obj: DeadlineFields, *, at: dt.datetime | None = None) -> DeadlineFields:
    """Stop the clock at ``at`` (tạm dừng, chờ bổ sung); the office time left is recorded."""
    _require_open(obj)
    if obj.due_at is None:
        raise _error(_("Chưa có hạn xử lý để tạm dừng."), "deadline_missing")
    if obj.suspended_at is not None:
        raise _error(_("Hồ sơ, công việc đang tạm dừng."), "deadline_already_suspended")
    moment = _moment(at)
    obj.suspended_at = moment
    obj.remaining_at_suspension = workdays.working_hours_between(moment, obj.due_at)
    return obj


def resume(
    obj: DeadlineFields,
    *,
    at: dt.datetime | None = None,
    mode: str = "resume",
    limit_hours: float | int | Decimal | None = None,
) -> DeadlineFields:
    """Restart the clock at ``at``.

    ``mode="resume"``: the office time left at suspension runs again from ``at`` (a case that
    was overdue when suspended keeps its due moment). ``mode="restart"``: the full limit runs
    again from ``at`` — ``limit_hours`` if given, else the stored limit (working hours, or
    working days counted from ``at``'s date to office closing).
    """
    _require_open(obj)
    if obj.suspended_at is None:
        raise _error(_("Hồ sơ, công việc không ở trạng thái tạm dừng."), "deadline_not_suspended")
    if mode not in ("resume", "restart"):
        raise _error(_("Cách tính lại thời hạn không hợp lệ."), "deadline_bad_mode")
    moment = _moment(at)
    if moment < obj.suspended_at:
        raise _error(
            _("Thời điểm tiếp tục không được trước thời điểm tạm dừng."), "deadline_resume_early"
        )
    if mode == "restart":
        if limit_hours is not None:
            limit = _hours(limit_hours)
            _apply_due(obj, workdays.add_working_hours(moment, limit))
            obj.limit_working_hours, obj.limit_working_days = limit, None
        elif obj.limit_working_hours is not None:
            _apply_due(obj, workdays.add_working_hours(moment, obj.limit_working_hours))
        elif obj.limit_working_days is not None:
            day = workdays.add_working_days(moment, obj.limit_working_days)
            _apply_due(obj, workdays.closing_time(day))
        else:
            raise _error(_("Không có thời hạn giải quyết để tính lại từ đầu."), "deadline_no_limit")
    elif obj.suspended_at <= obj.due_at:
        remaining = max(obj.remaining_at_suspension or dt.timedelta(0), dt.timedelta(0))
        _apply_due(obj, workdays.add_working_hours(moment, remaining))
    obj.suspended_total = (obj.suspended_total or dt.timedelta(0)) + (
        workdays.working_hours_between(obj.suspended_at, moment)
    )
    obj.suspended_at = None
    obj.remaining_at_suspension = None
    return obj


def finish(obj: DeadlineFields, *, at: dt.datetime | None = None) -> DeadlineFields:
    """Record completion at ``at``; the finished status is then fixed."""
    _require_open(obj)
    if obj.suspended_at is not None:
        raise _error(
            _("Hồ sơ, công việc đang tạm dừng; hãy tiếp tục trước khi hoàn thành."),
            "deadline_suspended",
        )
    moment = _moment(at)
    obj.finished_at = moment
    obj.finished_date = moment.date()
    return obj


def reopen(obj: DeadlineFields) -> DeadlineFields:
    """Undo a completion (a citizen reopens an answered case): the case is open again, its
    status computed from its due moment; the caller usually sets a new one."""
    if obj.finished_at is None:
        raise _error(
            _("Hồ sơ, công việc chưa hoàn thành nên không mở lại được."), "deadline_not_finished"
        )
    obj.finished_at = None
    obj.finished_date = None
    return obj


# --------------------------------------------------------------------------------------------
# Status


def status_of(obj: DeadlineFields, now: dt.datetime | None = None) -> DeadlineStatus:
    """The deadline status of ``obj`` at ``now`` (default: the kernel clock)."""
    if obj.due_at is None:
        return DeadlineStatus.KHONG_THOI_HAN
    if obj.finished_at is not None:
        if obj.finished_at > obj.due_at:
            return DeadlineStatus.HOAN_THANH_QUA_HAN
        if obj.finished_date < obj.due_date:
            return DeadlineStatus.HOAN_THANH_TRUOC_HAN
        return DeadlineStatus.HOAN_THANH_DUNG_HAN
    at = obj.suspended_at if obj.suspended_at is not None else _moment(now)
    if at > obj.due_at:
        return DeadlineStatus.QUA_HAN
    if obj.soon_at is not None and at >= obj.soon_at:
        return DeadlineStatus.SAP_DEN_HAN
    return DeadlineStatus.CHUA_DEN_HAN


def status_expression(now: dt.datetime | None = None, *, prefix: str = "") -> Case:
    """A ``Case/When`` over the stored columns equal to :func:`status_of` for every row.

    ``qs.annotate(deadline_status=status_expression())`` then filter or count by status in SQL.
    ``prefix`` reaches the columns through a relation (``prefix="dossier__"``).
    """
    moment = _moment(now)

    def f(name: str) -> str:
        return f"{prefix}{name}"

    def q(**lookups) -> Q:
        return Q(**{f(k): v for k, v in lookups.items()})

    finished = q(finished_at__isnull=False)
    suspended = q(finished_at__isnull=True, suspended_at__isnull=False)
    return Case(
        When(q(due_at__isnull=True), then=Value(DeadlineStatus.KHONG_THOI_HAN.value)),
        When(
            finished & q(finished_at__gt=F(f("due_at"))),
            then=Value(DeadlineStatus.HOAN_THANH_QUA_HAN.value),
        ),
        When(
            finished & q(finished_date__lt=F(f("due_date"))),
            then=Value(DeadlineStatus.HOAN_THANH_TRUOC_HAN.value),
        ),
        When(finished, then=Value(DeadlineStatus.HOAN_THANH_DUNG_HAN.value)),
        When(
            suspended & q(suspended_at__gt=F(f("due_at"))),
            then=Value(DeadlineStatus.QUA_HAN.value),
        ),
        When(
            suspended & q(suspended_at__gte=F(f("soon_at"))),
            then=Value(DeadlineStatus.SAP_DEN_HAN.value),
        ),
        When(suspended, then=Value(DeadlineStatus.CHUA_DEN_HAN.value)),
        When(q(due_at__lt=moment), then=Value(DeadlineStatus.QUA_HAN.value)),
        When(q(soon_at__lte=moment), then=Value(DeadlineStatus.SAP_DEN_HAN.value)),
        default=Value(DeadlineStatus.CHUA_DEN_HAN.value),
        output_field=models.CharField(max_length=20, choices=DeadlineStatus.choices),
    )


def remaining_working_time(obj: DeadlineFields, now: dt.datetime | None = None):
    """Office time left until the due moment (negative when overdue; frozen while suspended),
    or ``None`` for a finished case or one without a due moment."""
    if obj.due_at is None or obj.finished_at is not None:
        return None
    if obj.suspended_at is not None:
        return obj.remaining_at_suspension
    return workdays.working_hours_between(_moment(now), obj.due_at)
