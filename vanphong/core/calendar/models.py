"""Working-day calendar data: overrides of the holiday package, and office hours.

``DeadlineSample`` is the deadlines kernel's reference case model, used by the kernel's own
tests and benchmarks only (no module stores business data in it).
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vanphong.core.deadlines import DeadlineFields


class CalendarOverride(models.Model):
    """A day whose status differs from the holiday package: an extra day off (e.g. a swapped
    Monday) or a working day (e.g. a make-up Saturday), from the yearly Bộ Nội vụ notice."""

    class Kind(models.TextChoices):
        DAY_OFF = "nghi", _("Ngày nghỉ")
        WORKING_DAY = "lam_viec", _("Ngày làm việc")

    date = models.DateField(_("ngày"), unique=True)
    kind = models.CharField(_("loại"), max_length=10, choices=Kind.choices)
    name = models.CharField(_("tên"), max_length=200)
    legal_source = models.CharField(
        _("căn cứ"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: Thông báo 9441/TB-BNV."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    # A technical stamp for cross-process cache re-validation (real wall time, not business time).
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("ngày điều chỉnh lịch làm việc")
        verbose_name_plural = _("ngày điều chỉnh lịch làm việc")
        ordering = ["date"]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} — {self.get_kind_display()}: {self.name}"


class OfficeHours(models.Model):
    """Office hours of a working day (giờ hành chính); the default row is used by the calendar."""

    name = models.CharField(_("tên"), max_length=100, default="Giờ hành chính")
    is_default = models.BooleanField(_("mặc định"), default=False)
    morning_start = models.TimeField(_("bắt đầu buổi sáng"), default=dt.time(7, 30))
    morning_end = models.TimeField(_("kết thúc buổi sáng"), default=dt.time(11, 30))
    afternoon_start = models.TimeField(_("bắt đầu buổi chiều"), default=dt.time(13, 30))
    afternoon_end = models.TimeField(_("kết thúc buổi chiều"), default=dt.time(17, 30))
    legal_source = models.CharField(_("căn cứ"), max_length=200, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    updated_at = models.DateTimeField(_("cập nhật lúc"), auto_now=True)

    class Meta:
        verbose_name = _("giờ làm việc")
        verbose_name_plural = _("giờ làm việc")
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=Q(is_default=True),
                name="workcal_officehours_one_default",
            ),
            models.CheckConstraint(
                condition=Q(morning_start__lt=F("morning_end"))
                & Q(morning_end__lte=F("afternoon_start"))
                & Q(afternoon_start__lt=F("afternoon_end")),
                name="workcal_officehours_ordered",
                violation_error_message=_(
                    "Giờ làm việc phải theo thứ tự: bắt đầu sáng < kết thúc sáng ≤ bắt đầu chiều "
                    "< kết thúc chiều."
                ),
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.name}: {self.morning_start:%H:%M}–{self.morning_end:%H:%M}, "
            f"{self.afternoon_start:%H:%M}–{self.afternoon_end:%H:%M}"
        )

    def clean(self) -> None:
        times = [self.morning_start, self.morning_end, self.afternoon_start, self.afternoon_end]
        if None not in times and not (times[0] < times[1] <= times[2] < times[3]):
            raise ValidationError(
                _(
                    "Giờ làm việc phải theo thứ tự: bắt đầu sáng < kết thúc sáng ≤ bắt đầu chiều "
                    "< kết thúc chiều."
                ),
                code="office_hours_order",
            )

    def periods(self) -> tuple[tuple[dt.time, dt.time], ...]:
        return (
            (self.morning_start, self.morning_end),
            (self.afternoon_start, self.afternoon_end),
        )


class DeadlineSample(DeadlineFields):
    """The deadlines kernel's reference case (kernel tests and benchmarks only)."""

    label = models.CharField(_("nhãn"), max_length=100, blank=True)

    class Meta:
        verbose_name = _("mẫu thời hạn (kiểm thử)")
        verbose_name_plural = _("mẫu thời hạn (kiểm thử)")

    def __str__(self) -> str:
        return self.label or f"#{self.pk}"
