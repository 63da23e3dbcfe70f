"""Gapless number sequences (Nghị định 30/2020/NĐ-CP, Điều 15, 22) and every number issued.

A :class:`Sequence` row holds the last number taken in one sequence, keyed by agency, register
and period (``"2026"`` for a yearly sequence, ``"2026-03-09"`` for a daily one, both in Vietnam
time). The counter row is updated in the caller's transaction, so a number taken in a transaction
that rolls back returns to the sequence with it. :class:`IssuedNumber` keeps every number that
was handed out; its unique constraint lets the database itself refuse a reused number. Rows are
never deleted: a mistaken number is voided (:func:`vanphong.core.numbering.services.void_number`).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vanphong.core import clock


class Period(models.TextChoices):
    YEAR = "year", _("Năm")
    DAY = "day", _("Ngày")


class Sequence(models.Model):
    """The counter of one gapless sequence: the last number taken in the period."""

    agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="number_sequences",
    )
    register = models.CharField(_("sổ / dãy số"), max_length=100)
    period_key = models.CharField(
        _("kỳ"), max_length=10, help_text=_("Năm (2026) hoặc ngày (2026-03-09), giờ Việt Nam.")
    )
    last_value = models.PositiveIntegerField(_("số đã cấp cuối cùng"), default=0)
    created_at = models.DateTimeField(_("tạo lúc"), default=clock.now)
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=clock.now)

    class Meta:
        verbose_name = _("dãy số")
        verbose_name_plural = _("dãy số")
        ordering = ["agency", "register", "-period_key"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "register", "period_key"], name="numbering_sequence_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.register} {self.period_key}: {self.last_value}"


class IssuedNumber(models.Model):
    """A number handed out from a sequence. Never deleted, never reissued; only voided."""

    agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="issued_numbers",
    )
    register = models.CharField(_("sổ / dãy số"), max_length=100)
    period_key = models.CharField(_("kỳ"), max_length=10)
    number = models.PositiveIntegerField(_("số"))
    case_type = models.ForeignKey(
        ContentType,
        verbose_name=_("loại hồ sơ, văn bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    case_id = models.CharField(_("mã bản ghi"), max_length=64, blank=True)
    case = GenericForeignKey("case_type", "case_id")
    case_label = models.CharField(_("ghi chú đối tượng"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("cấp lúc"), default=clock.now)
    voided_at = models.DateTimeField(_("hủy lúc"), null=True, blank=True)
    void_reason = models.TextField(_("lý do hủy"), blank=True)
    voided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người hủy"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("số đã cấp")
        verbose_name_plural = _("số đã cấp")
        ordering = ["agency", "register", "period_key", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "register", "period_key", "number"],
                name="numbering_issued_unique",
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="numbering_issued_positive"),
            models.CheckConstraint(
                condition=Q(voided_at__isnull=True) | ~Q(void_reason=""),
                name="numbering_void_has_reason",
            ),
        ]
        indexes = [models.Index(fields=["case_type", "case_id"], name="numbering_issued_case")]

    def __str__(self) -> str:
        return f"{self.register} {self.period_key} số {self.number:02d}"

    @property
    def is_void(self) -> bool:
        return self.voided_at is not None
