"""Documents (Nghị định 30/2020/NĐ-CP): reference data, registers and incoming documents.

Reference data: :class:`DocumentType` (Phụ lục III: the 29 administrative types and their
abbreviations, plus Công văn which has none), loaded by a data migration and editable, because
whether a type is legal-normative changes with the law. Urgency (độ khẩn) and confidentiality
(độ mật) are fixed by NĐ 30 (Phụ lục I, ô 10a/10b) and are choices with a sort rank.

A :class:`Register` (sổ đăng ký) belongs to one agency; each agency gets a default incoming
register and a separate confidential one (its own number sequence). An
:class:`IncomingDocument` is one entry of an incoming register (số đến, Phụ lục VI metadata).
Write only through :mod:`vanphong.documents.services`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vanphong.core.deadlines import DeadlineFields
from vanphong.core.search.models import Searchable
from vanphong.core.text import NFCCharField, NFCTextField


class Urgency(models.TextChoices):
    """Độ khẩn (NĐ 30/2020, Phụ lục I, ô 10b); ``rank`` orders lists (Hỏa tốc first)."""

    THUONG = "thuong", _("Thường")
    KHAN = "khan", _("Khẩn")
    THUONG_KHAN = "thuong_khan", _("Thượng khẩn")
    HOA_TOC = "hoa_toc", _("Hỏa tốc")

    @property
    def rank(self) -> int:
        return URGENCY_RANK[self]

    @property
    def is_urgent(self) -> bool:
        return self != Urgency.THUONG


URGENCY_RANK = {Urgency.THUONG: 0, Urgency.KHAN: 1, Urgency.THUONG_KHAN: 2, Urgency.HOA_TOC: 3}


class Confidentiality(models.TextChoices):
    """Độ mật (NĐ 30/2020, Phụ lục I, ô 10a; Luật Bảo vệ bí mật nhà nước 2018)."""

    THUONG = "thuong", _("Thường")
    MAT = "mat", _("Mật")
    TOI_MAT = "toi_mat", _("Tối mật")
    TUYET_MAT = "tuyet_mat", _("Tuyệt mật")

    @property
    def rank(self) -> int:
        return CONFIDENTIALITY_RANK[self]

    @property
    def is_secret(self) -> bool:
        return self != Confidentiality.THUONG


CONFIDENTIALITY_RANK = {
    Confidentiality.THUONG: 0,
    Confidentiality.MAT: 1,
    Confidentiality.TOI_MAT: 2,
    Confidentiality.TUYET_MAT: 3,
}


class DocumentType(models.Model):
    """A document type (NĐ 30/2020 Điều 7; abbreviations as Phụ lục III writes them)."""

    name = NFCCharField(_("tên loại văn bản"), max_length=100, unique=True)
    abbreviation = NFCCharField(
        _("chữ viết tắt"),
        max_length=10,
        blank=True,
        help_text=_("Như Phụ lục III Nghị định 30/2020 (QĐ, QyĐ, TTr...); công văn để trống."),
    )
    is_legal_normative = models.BooleanField(
        _("văn bản quy phạm pháp luật"),
        default=False,
        help_text=_("Theo luật hiện hành; sửa khi luật thay đổi."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=0)
    is_active = models.BooleanField(_("đang dùng"), default=True)

    class Meta:
        verbose_name = _("loại văn bản")
        verbose_name_plural = _("loại văn bản")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class RegisterKind(models.TextChoices):
    INCOMING = "incoming", _("Văn bản đến")
    OUTGOING = "outgoing", _("Văn bản đi")


class Register(models.Model):
    """Sổ đăng ký văn bản (Phụ lục IV) of one agency; its own number sequence."""

    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    kind = models.CharField(_("loại sổ"), max_length=10, choices=RegisterKind.choices)
    confidential = models.BooleanField(_("sổ văn bản mật"), default=False)
    name = NFCCharField(_("tên sổ"), max_length=200)
    is_default = models.BooleanField(_("sổ mặc định"), default=False)
    created_at = models.DateTimeField(_("tạo lúc"))

    class Meta:
        verbose_name = _("sổ đăng ký văn bản")
        verbose_name_plural = _("sổ đăng ký văn bản")
        ordering = ["agency", "kind", "confidential", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "confidential"],
                condition=Q(is_default=True),
                name="documents_register_one_default",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def sequence_key(self) -> str:
        """The register name of this register's number sequence in the numbering kernel."""
        return f"{self.kind}:{self.pk}"


class Channel(models.TextChoices):
    GIAY = "giay", _("Văn bản giấy")
    DIEN_TU = "dien_tu", _("Văn bản điện tử")


class IncomingState(models.TextChoices):
    REGISTERED = "registered", _("Đã vào sổ")
    PRESENTED = "presented", _("Đã trình")
    IN_PROGRESS = "in_progress", _("Đang giải quyết")
    FINISHED = "finished", _("Đã hoàn thành")


#: The allowed transitions of an incoming document (from → to states).
INCOMING_TRANSITIONS: dict[str, frozenset[str]] = {
    IncomingState.REGISTERED: frozenset(
        {IncomingState.PRESENTED, IncomingState.IN_PROGRESS, IncomingState.FINISHED}
    ),
    IncomingState.PRESENTED: frozenset({IncomingState.IN_PROGRESS, IncomingState.FINISHED}),
    IncomingState.IN_PROGRESS: frozenset({IncomingState.IN_PROGRESS, IncomingState.FINISHED}),
    IncomingState.FINISHED: frozenset(),
}


class IncomingDocument(DeadlineFields, Searchable):
    """Văn bản đến: one entry in an incoming register (Phụ lục IV, metadata of Phụ lục VI)."""

    search_fields = ("trich_yeu", "issuer_name", "so_ky_hieu")

    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan nhận"), on_delete=models.PROTECT, related_name="+"
    )
    register = models.ForeignKey(
        Register, verbose_name=_("sổ đăng ký"), on_delete=models.PROTECT, related_name="incoming"
    )
    number = models.PositiveIntegerField(_("số đến"))
    year = models.PositiveSmallIntegerField(_("năm"))
    received_at = models.DateTimeField(_("ngày đến"))
    channel = models.CharField(_("hình thức"), max_length=10, choices=Channel.choices)
    issuer_name = NFCCharField(_("cơ quan ban hành"), max_length=200)
    issuer_key = models.CharField(max_length=200, editable=False, db_index=True)
    issuer_identifier = models.CharField(
        _("mã định danh cơ quan ban hành"), max_length=35, blank=True
    )
    so_ky_hieu = NFCCharField(_("số, ký hiệu"), max_length=60)
    so_ky_hieu_norm = models.CharField(max_length=60, editable=False, db_index=True)
    issue_date = models.DateField(_("ngày văn bản"))
    doc_type = models.ForeignKey(
        DocumentType, verbose_name=_("loại văn bản"), on_delete=models.PROTECT, related_name="+"
    )
    trich_yeu = NFCTextField(_("trích yếu"), max_length=500)
    signer = NFCCharField(_("người ký"), max_length=100, blank=True)
    page_count = models.PositiveSmallIntegerField(_("số trang"), null=True, blank=True)
    urgency = models.CharField(
        _("độ khẩn"), max_length=12, choices=Urgency.choices, default=Urgency.THUONG
    )
    urgency_rank = models.PositiveSmallIntegerField(default=0, editable=False)
    confidentiality = models.CharField(
        _("độ mật"), max_length=10, choices=Confidentiality.choices, default=Confidentiality.THUONG
    )
    state = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=IncomingState.choices,
        default=IncomingState.REGISTERED,
    )
    paper_original_received_at = models.DateTimeField(
        _("ngày nhận bản giấy"), null=True, blank=True
    )
    duplicate_of = models.ForeignKey(
        "self",
        verbose_name=_("trùng với văn bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    file = models.ForeignKey(
        "attachments.Attachment",
        verbose_name=_("tệp văn bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    registered_by = models.ForeignKey(
        "org.Official", verbose_name=_("người vào sổ"), on_delete=models.PROTECT, related_name="+"
    )
    presented_to = models.ForeignKey(
        "org.Official",
        verbose_name=_("trình lãnh đạo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    presented_at = models.DateTimeField(_("trình lúc"), null=True, blank=True)
    leader_direction = NFCTextField(_("ý kiến chỉ đạo"), blank=True)
    directed_by = models.ForeignKey(
        "org.Official",
        verbose_name=_("người cho ý kiến"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    directed_at = models.DateTimeField(_("cho ý kiến lúc"), null=True, blank=True)
    finish_note = NFCTextField(_("kết quả giải quyết"), blank=True)

    class Meta:
        verbose_name = _("văn bản đến")
        verbose_name_plural = _("văn bản đến")
        ordering = ["-urgency_rank", "-received_at", "-id"]
        indexes = [
            models.Index(
                fields=["agency", "-urgency_rank", "-received_at"], name="doc_in_agency_list_idx"
            ),
            models.Index(fields=["agency", "state"], name="doc_in_agency_state_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "year", "number"], name="documents_incoming_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.number}/{self.year} — {self.so_ky_hieu}"

    def get_absolute_url(self) -> str:
        return reverse("documents:incoming_detail", args=[self.pk])

    @property
    def is_confidential(self) -> bool:
        return self.confidentiality != Confidentiality.THUONG

    @property
    def is_urgent(self) -> bool:
        return self.urgency != Urgency.THUONG

    @property
    def number_display(self) -> str:
        return f"{self.number:02d}"

    def save(self, *args, **kwargs):
        self.urgency_rank = URGENCY_RANK[Urgency(self.urgency)]
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "urgency" in update_fields:
            kwargs["update_fields"] = {*update_fields, "urgency_rank"}
        super().save(*args, **kwargs)
