"""The catalogue of administrative procedures (thủ tục hành chính, TTHC) of the province.

A ``Procedure`` is the current text; each publication of it is frozen in a ``ProcedureVersion``
(a JSON snapshot with its number and the moment it took effect), so a one-stop dossier pins the
version in force when it was received and later changes never move its deadline.

Time limits are in working days (``time_limit_days``, a multiple of 0.5: half a day = 4 working
hours) or "trong ngày" (``same_day``, time_limit_days = 0): the result is returned the same
working day, or the next one when received after the cut-off. Internal steps budget working
hours; their sum may not exceed ``limit_hours`` (rule ND118-STEPS-WITHIN-LIMIT).
"""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vanphong.core.search.models import Searchable
from vanphong.core.text import NFCCharField, NFCTextField

HOURS_PER_DAY = Decimal(8)
DEFAULT_CUTOFF = dt.time(15, 0)

# 1.001193 ; 1.000948.H38 ; 1.000124.000.00.00.H30 (rule TTHC-CODE-FORMAT)
CODE_RE = re.compile(r"^[1-9]\.\d{6}(?:\.[A-Z0-9]{2,4}){0,4}$")


def normalize_code(value: str | None) -> str:
    return (value or "").strip().upper()


def validate_code(value: str) -> None:
    if not CODE_RE.match(value or ""):
        raise ValidationError(
            _(
                "Mã thủ tục không hợp lệ: cần dạng 1.001193 hoặc có hậu tố của tỉnh như "
                "1.000948.H38."
            ),
            code="procedure_code_invalid",
        )


class Level(models.TextChoices):
    CAP_TINH = "cap_tinh", _("Cấp tỉnh")
    CAP_XA = "cap_xa", _("Cấp xã")
    LIEN_THONG = "lien_thong", _("Liên thông")


class OnlineLevel(models.TextChoices):
    """Nghị định 42/2022/NĐ-CP: dịch vụ công trực tuyến toàn trình / một phần."""

    TOAN_TRINH = "toan_trinh", _("Trực tuyến toàn trình")
    MOT_PHAN = "mot_phan", _("Trực tuyến một phần")
    TRUC_TIEP = "truc_tiep", _("Nộp trực tiếp")


class SupplementClock(models.TextChoices):
    """How the time limit runs when the applicant has supplemented the dossier (NĐ 118/2025:
    as the procedure's rule says)."""

    RESUME = "resume", _("Tiếp tục thời gian còn lại")
    RESTART = "restart", _("Tính lại từ đầu")


#: How many supplement requests (Mẫu 02) one agency may make on one dossier, at most.
MAX_SUPPLEMENT_REQUESTS = 9


class Field(models.Model):
    """Lĩnh vực (hộ tịch, chứng thực, đất đai...)."""

    code = models.CharField(_("mã lĩnh vực"), max_length=30, unique=True)
    name = NFCCharField(_("tên lĩnh vực"), max_length=255)

    class Meta:
        verbose_name = _("lĩnh vực")
        verbose_name_plural = _("lĩnh vực")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Procedure(Searchable):
    search_fields = ("code", "name", "field_name_for_search")

    code = models.CharField(_("mã thủ tục"), max_length=40, unique=True, validators=[validate_code])
    name = NFCCharField(_("tên thủ tục"), max_length=500)
    field = models.ForeignKey(
        Field, on_delete=models.PROTECT, related_name="procedures", verbose_name=_("lĩnh vực")
    )
    level = models.CharField(_("cấp thực hiện"), max_length=20, choices=Level.choices)
    competent_agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan có thẩm quyền (trên hệ thống)"),
    )
    competent_agency_name = NFCCharField(_("cơ quan có thẩm quyền"), max_length=255)
    implementing_agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cơ quan thực hiện (trên hệ thống)"),
    )
    implementing_agency_name = NFCCharField(_("cơ quan thực hiện"), max_length=255, blank=True)
    applicants = NFCTextField(_("đối tượng thực hiện"), blank=True)
    submission_place = NFCTextField(_("nơi nộp hồ sơ"), blank=True)
    time_limit_days = models.DecimalField(
        _("thời hạn giải quyết (ngày làm việc)"), max_digits=5, decimal_places=1, default=0
    )
    same_day = models.BooleanField(_("giải quyết trong ngày"), default=False)
    cutoff_time = models.TimeField(_("giờ tiếp nhận cuối ngày"), default=DEFAULT_CUTOFF)
    result = NFCTextField(_("kết quả thực hiện"), blank=True)
    legal_basis = models.JSONField(_("căn cứ pháp lý"), default=list, blank=True)
    online_level = models.CharField(
        _("mức dịch vụ công trực tuyến"),
        max_length=20,
        choices=OnlineLevel.choices,
        default=OnlineLevel.TRUC_TIEP,
    )
    five_on_the_spot = models.BooleanField(_("5 tại chỗ"), default=False)
    max_supplement_requests = models.PositiveSmallIntegerField(
        _("số lần yêu cầu bổ sung hồ sơ tối đa của một cơ quan"), default=1
    )
    supplement_clock = models.CharField(
        _("thời hạn sau khi bổ sung hồ sơ"),
        max_length=10,
        choices=SupplementClock.choices,
        default=SupplementClock.RESUME,
    )
    internal_note = NFCTextField(_("ghi chú nội bộ"), blank=True)
    is_active = models.BooleanField(_("đang áp dụng"), default=True)
    published_at = models.DateTimeField(_("công bố lúc"), null=True, blank=True)
    current_version = models.PositiveIntegerField(_("phiên bản hiện hành"), default=0)
    updated_at = models.DateTimeField(_("cập nhật lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("thủ tục hành chính")
        verbose_name_plural = _("thủ tục hành chính")
        ordering = ["code"]
        indexes = [models.Index(fields=["is_active", "published_at"])]

    def __str__(self) -> str:
        return f"{self.code} — {self.name}"

    @property
    def field_name_for_search(self) -> str:
        return self.field.name if self.field_id else ""

    @property
    def is_published(self) -> bool:
        return self.published_at is not None

    @property
    def limit_hours(self) -> Decimal:
        """The legal limit in working hours: a same-day procedure has one working day."""
        return HOURS_PER_DAY if self.same_day else self.time_limit_days * HOURS_PER_DAY

    def get_absolute_url(self) -> str:
        return reverse("procedures:public_detail", args=[self.code])


class ProcedureFee(models.Model):
    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="fees")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = NFCCharField(_("tên phí, lệ phí"), max_length=255)
    amount = models.PositiveBigIntegerField(_("mức thu (đồng)"), default=0)
    note = NFCTextField(_("ghi chú"), blank=True)

    class Meta:
        verbose_name = _("phí, lệ phí")
        verbose_name_plural = _("phí, lệ phí")
        ordering = ["procedure", "order", "id"]

    def __str__(self) -> str:
        return self.name


class ProcedureComponent(models.Model):
    """Thành phần hồ sơ."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="components")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    name = NFCTextField(_("tên giấy tờ"))
    originals = models.PositiveSmallIntegerField(_("số bản chính"), default=1)
    copies = models.PositiveSmallIntegerField(_("số bản sao"), default=0)
    mandatory = models.BooleanField(_("bắt buộc"), default=True)
    note = NFCTextField(_("ghi chú"), blank=True)
    template = models.ForeignKey(
        "attachments.Attachment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("mẫu đơn, tờ khai"),
    )

    class Meta:
        verbose_name = _("thành phần hồ sơ")
        verbose_name_plural = _("thành phần hồ sơ")
        ordering = ["procedure", "order", "id"]

    def __str__(self) -> str:
        return self.name


class ProcedureStep(models.Model):
    """One step of the internal process (quy trình nội bộ) with its budget in working hours."""

    procedure = models.ForeignKey(Procedure, on_delete=models.CASCADE, related_name="steps")
    order = models.PositiveSmallIntegerField(_("bước"), default=0)
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("đơn vị (trên hệ thống)"),
    )
    unit_name = NFCCharField(_("đơn vị thực hiện"), max_length=255)
    role = models.CharField(_("vai trò"), max_length=30, blank=True)
    description = NFCTextField(_("nội dung công việc"))
    budget_hours = models.DecimalField(
        _("thời gian (giờ làm việc)"), max_digits=6, decimal_places=1
    )

    class Meta:
        verbose_name = _("bước xử lý")
        verbose_name_plural = _("bước xử lý")
        ordering = ["procedure", "order", "id"]

    def __str__(self) -> str:
        return self.unit_name


class ProcedureVersion(models.Model):
    """A published version, frozen: what a dossier received under it was bound to."""

    procedure = models.ForeignKey(Procedure, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField(_("phiên bản"))
    valid_from = models.DateTimeField(_("áp dụng từ"))
    snapshot = models.JSONField(_("nội dung"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người công bố"),
    )

    class Meta:
        verbose_name = _("phiên bản thủ tục")
        verbose_name_plural = _("phiên bản thủ tục")
        ordering = ["procedure", "number"]
        constraints = [
            models.UniqueConstraint(fields=["procedure", "number"], name="procedure_version_unique")
        ]

    def __str__(self) -> str:
        return f"{self.procedure.code} v{self.number}"
