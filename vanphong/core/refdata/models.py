"""Versioned reference data: legal rules with a value, a legal basis and a validity period.

The law changes (the one-stop decree NĐ 118/2025 replaced NĐ 61/2018 on 1/7/2025; the complaint
and denunciation laws are amended from 1/7/2026), so a rule is a series of :class:`RuleVersion`
rows per ``key`` whose periods never overlap. A case keeps the version in force when it was
received: either a foreign key of its own (:data:`vanphong.core.refdata.fields.RuleVersionField`)
or a :class:`RulePin` row written by :func:`vanphong.core.refdata.services.pin_rule`.
"""

from __future__ import annotations

import datetime as dt
import re

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from vanphong.core import clock

KEY_RE = re.compile(r"^[a-z0-9_]+(\.[a-z0-9_-]+)*$")
FAR_FUTURE = dt.date(9999, 12, 31)


def validate_key(value: str) -> None:
    if not KEY_RE.match(value or ""):
        raise ValidationError(
            _(
                "Mã quy định chỉ gồm chữ thường không dấu, chữ số, '_' và '-', các phần cách "
                "nhau bằng dấu chấm, ví dụ complaint.acceptance_days."
            ),
            code="invalid_rule_key",
        )


class RuleUnit(models.TextChoices):
    WORKING_DAYS = "working_days", _("ngày làm việc")
    CALENDAR_DAYS = "calendar_days", _("ngày")
    WORKING_HOURS = "working_hours", _("giờ làm việc")
    HOURS = "hours", _("giờ")
    MONTHS = "months", _("tháng")
    YEARS = "years", _("năm")
    VND = "vnd", _("đồng")


# Fields that fix what a version says; they cannot change once the version has come into force
# (cases received since then are bound to it). Add a new version instead.
FROZEN_FIELDS = ("key", "value", "unit", "valid_from")


class RuleVersion(models.Model):
    """One version of a legal rule, in force from ``valid_from`` to ``valid_to`` inclusive."""

    key = models.CharField(
        _("mã quy định"),
        max_length=100,
        validators=[validate_key],
        help_text=_("Ví dụ complaint.acceptance_days, onestop.supplement_max_requests."),
    )
    value = models.JSONField(
        _("giá trị"), help_text=_('Số, chuỗi hoặc cấu trúc JSON, ví dụ 10 hoặc {"lan_1": 30}.')
    )
    unit = models.CharField(_("đơn vị"), max_length=20, choices=RuleUnit.choices, blank=True)
    legal_basis = models.TextField(
        _("căn cứ pháp lý"), help_text=_("Văn bản, điều, khoản quy định giá trị này.")
    )
    valid_from = models.DateField(_("hiệu lực từ ngày"))
    valid_to = models.DateField(
        _("hiệu lực đến hết ngày"),
        null=True,
        blank=True,
        help_text=_("Để trống nếu chưa có văn bản thay thế."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=clock.now, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("phiên bản quy định")
        verbose_name_plural = _("phiên bản quy định")
        ordering = ["key", "valid_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["key", "valid_from"], name="refdata_ruleversion_key_from_unique"
            ),
            # Two open-ended versions of one key would always overlap.
            models.UniqueConstraint(
                fields=["key"],
                condition=Q(valid_to__isnull=True),
                name="refdata_ruleversion_one_open",
            ),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True) | Q(valid_to__gte=F("valid_from")),
                name="refdata_ruleversion_period",
            ),
        ]
        # Overlap of periods is refused in clean(), in the services and in the database: an
        # exclusion constraint on PostgreSQL, triggers on SQLite (migration 0002).

    def __str__(self) -> str:
        end = self.valid_to.strftime("%d/%m/%Y") if self.valid_to else "…"
        return f"{self.key} = {self.value} ({self.valid_from:%d/%m/%Y} – {end})"

    def save(self, *args, **kwargs):
        self.updated_at = clock.now()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "updated_at"}
        super().save(*args, **kwargs)

    def in_force_on(self, on: dt.date) -> bool:
        return self.valid_from <= on and (self.valid_to is None or on <= self.valid_to)

    def overlapping(self) -> models.QuerySet[RuleVersion]:
        """Other versions of the same key whose period shares at least one day with this one."""
        end = self.valid_to or FAR_FUTURE
        others = RuleVersion.objects.filter(key=self.key, valid_from__lte=end).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=self.valid_from)
        )
        if self.pk:
            others = others.exclude(pk=self.pk)
        return others

    def clean(self) -> None:
        super().clean()
        errors: dict[str, list[ValidationError]] = {}
        if self.valid_from and self.valid_to and self.valid_to < self.valid_from:
            errors.setdefault("valid_to", []).append(
                ValidationError(
                    _("Ngày hết hiệu lực không được trước ngày có hiệu lực."),
                    code="invalid_period",
                )
            )
        if self.pk:
            stored = RuleVersion.objects.filter(pk=self.pk).first()
            if stored is not None and stored.valid_from <= clock.today():
                changed = [f for f in FROZEN_FIELDS if getattr(stored, f) != getattr(self, f)]
                if changed:
                    errors.setdefault("__all__", []).append(
                        ValidationError(
                            _(
                                "Phiên bản này đã có hiệu lực từ %(date)s, không được sửa mã, "
                                "giá trị, đơn vị hay ngày hiệu lực; hãy thêm phiên bản mới."
                            ),
                            code="version_in_force",
                            params={"date": stored.valid_from.strftime("%d/%m/%Y")},
                        )
                    )
        if self.key and self.valid_from and "valid_to" not in errors:
            clash = self.overlapping().first()
            if clash is not None:
                errors.setdefault("__all__", []).append(
                    ValidationError(
                        _("Thời gian hiệu lực trùng với phiên bản %(other)s."),
                        code="overlap",
                        params={"other": str(clash)},
                    )
                )
        if errors:
            raise ValidationError(errors)


class RulePin(models.Model):
    """The rule version a case is bound to (the version in force when it was received)."""

    case_type = models.ForeignKey(
        ContentType, verbose_name=_("loại hồ sơ"), on_delete=models.PROTECT, related_name="+"
    )
    case_id = models.CharField(_("mã bản ghi"), max_length=64)
    case = GenericForeignKey("case_type", "case_id")
    key = models.CharField(_("mã quy định"), max_length=100)
    version = models.ForeignKey(
        RuleVersion,
        verbose_name=_("phiên bản quy định"),
        on_delete=models.PROTECT,
        related_name="pins",
    )
    pinned_at = models.DateTimeField(_("gắn lúc"), default=clock.now)

    class Meta:
        verbose_name = _("quy định áp dụng cho hồ sơ")
        verbose_name_plural = _("quy định áp dụng cho hồ sơ")
        constraints = [
            models.UniqueConstraint(
                fields=["case_type", "case_id", "key"], name="refdata_rulepin_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.case_type.model}#{self.case_id}: {self.version}"
