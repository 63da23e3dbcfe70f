"""Hotline feedback (phản ánh, kiến nghị qua đường dây nóng, cổng thông tin, thư điện tử, Open311).

A :class:`Feedback` is received by the agency that runs the hotline (its category's agency),
routed by category and commune (:class:`RoutingRule`, else the category's default) to the
responsible unit or agency with the category's SLA in working days, answered by that unit,
published by an approver and shown on the public page without personal data.

The citizen's contact (name, phone, e-mail) is personal data (Luật Bảo vệ dữ liệu cá nhân
2025): masked in every list, API, Open311 output, e-mail and the admin; shown to the people
handling the item on its detail page only on request (logged); published (the name only) only
with the citizen's consent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vanphong.core import clock
from vanphong.core.deadlines import DeadlineFields
from vanphong.core.privacy import mask_email, mask_name, mask_phone
from vanphong.core.search.models import Searchable
from vanphong.core.text import NFCCharField, NFCTextField

REGISTER = "feedback.phan_anh"


class Channel(models.TextChoices):
    DIEN_THOAI = "dien_thoai", _("Đường dây nóng (điện thoại)")
    WEB = "web", _("Biểu mẫu trên cổng thông tin")
    EMAIL = "email", _("Thư điện tử")
    OPEN311 = "open311", _("Ứng dụng (Open311)")


class Status(models.TextChoices):
    DANG_XU_LY = "dang_xu_ly", _("Đang xử lý")
    CHO_DUYET = "cho_duyet", _("Chờ duyệt trả lời")
    DA_TRA_LOI = "da_tra_loi", _("Đã trả lời")
    DA_GOP = "da_gop", _("Đã gộp vào phản ánh khác")
    DA_CHUYEN_DON = "da_chuyen_don", _("Đã chuyển thành đơn")


OPEN_STATUSES = (Status.DANG_XU_LY, Status.CHO_DUYET)


class Category(models.Model):
    """A kind of feedback (lĩnh vực phản ánh) — an Open311 service. Data, edited in the admin."""

    agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Cơ quan vận hành đường dây nóng, tiếp nhận và duyệt trả lời."),
    )
    code = models.SlugField(
        _("mã lĩnh vực (service_code)"), max_length=40, unique=True, allow_unicode=False
    )
    name = NFCCharField(_("tên lĩnh vực"), max_length=200)
    group = NFCCharField(_("nhóm"), max_length=100, blank=True)
    description = NFCTextField(_("mô tả"), blank=True)
    keywords = NFCCharField(_("từ khóa"), max_length=255, blank=True)
    sla_working_days = models.PositiveSmallIntegerField(
        _("thời hạn trả lời (ngày làm việc)"), default=10
    )
    responsible_agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan chịu trách nhiệm (mặc định)"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị chịu trách nhiệm (mặc định)"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    attributes = models.JSONField(
        _("thông tin bổ sung (Open311 attributes)"),
        default=list,
        blank=True,
        help_text=_(
            'Danh sách: [{"code": "...", "description": "...", "datatype": "string", '
            '"required": false, "values": [{"key": "...", "name": "..."}]}]'
        ),
    )
    active = models.BooleanField(_("đang sử dụng"), default=True)
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=100)

    class Meta:
        verbose_name = _("lĩnh vực phản ánh")
        verbose_name_plural = _("lĩnh vực phản ánh")
        ordering = ["order", "name"]

    def __str__(self) -> str:
        return self.name


class RoutingRule(models.Model):
    """Who answers a category's feedback about one commune (overrides the category default)."""

    category = models.ForeignKey(
        Category,
        verbose_name=_("lĩnh vực"),
        on_delete=models.CASCADE,
        related_name="routing_rules",
    )
    commune_code = models.PositiveIntegerField(_("mã xã, phường"))
    responsible_agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan chịu trách nhiệm"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị chịu trách nhiệm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    sla_working_days = models.PositiveSmallIntegerField(
        _("thời hạn riêng (ngày làm việc)"), null=True, blank=True
    )

    class Meta:
        verbose_name = _("quy tắc phân công")
        verbose_name_plural = _("quy tắc phân công")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "commune_code"], name="feedback_routing_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.category} · {self.commune_code}"


class AnswerTemplate(models.Model):
    """A reusable answer for similar feedback."""

    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("lĩnh vực"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="templates",
    )
    title = NFCCharField(_("tên mẫu"), max_length=200)
    body = NFCTextField(_("nội dung trả lời"))
    active = models.BooleanField(_("đang sử dụng"), default=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tạo"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("mẫu trả lời")
        verbose_name_plural = _("mẫu trả lời")
        ordering = ["title"]

    def __str__(self) -> str:
        return self.title


class Open311Client(models.Model):
    """An Open311 client allowed to POST requests: its api_key is kept only as a digest."""

    name = NFCCharField(_("tên ứng dụng"), max_length=200)
    key_prefix = models.CharField(_("tiền tố khóa"), max_length=8, editable=False)
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    active = models.BooleanField(_("đang sử dụng"), default=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("ứng dụng Open311")
        verbose_name_plural = _("ứng dụng Open311")

    def __str__(self) -> str:
        return f"{self.name} ({self.key_prefix}…)"


class Feedback(DeadlineFields, Searchable):
    """One feedback item (phản ánh, kiến nghị) with its receipt code."""

    # Personal data (contact, description in clear) is deliberately not indexed for search.
    search_fields = ("code", "public_question", "answer_text", "location_text")

    agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan tiếp nhận"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số thứ tự"))
    code = models.CharField(_("mã phản ánh"), max_length=30, unique=True)
    channel = models.CharField(_("kênh tiếp nhận"), max_length=20, choices=Channel.choices)
    category = models.ForeignKey(
        Category, verbose_name=_("lĩnh vực"), on_delete=models.PROTECT, related_name="items"
    )
    commune_code = models.PositiveIntegerField(_("mã xã, phường"), null=True, blank=True)
    location_text = NFCCharField(_("địa điểm"), max_length=255, blank=True)
    lat = models.DecimalField(_("vĩ độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    long = models.DecimalField(_("kinh độ"), max_digits=9, decimal_places=6, null=True, blank=True)
    description = NFCTextField(_("nội dung phản ánh"))
    public_question = NFCTextField(
        _("nội dung công khai"),
        blank=True,
        help_text=_("Nội dung phản ánh đã lược bỏ thông tin cá nhân, để công khai."),
    )
    attribute_values = models.JSONField(_("thông tin bổ sung"), default=dict, blank=True)
    contact_name = NFCCharField(_("họ tên người phản ánh"), max_length=150, blank=True)
    contact_phone = NFCCharField(_("điện thoại"), max_length=30, blank=True)
    contact_email = models.EmailField(_("thư điện tử"), blank=True)
    consent_publish = models.BooleanField(
        _("đồng ý công khai họ tên"),
        default=False,
        help_text=_("Luật Bảo vệ dữ liệu cá nhân 2025: chỉ công khai khi người phản ánh đồng ý."),
    )
    device_id = models.CharField(_("mã thiết bị (Open311)"), max_length=100, blank=True)
    account_id = models.CharField(_("mã tài khoản (Open311)"), max_length=100, blank=True)
    external_media_url = models.URLField(_("ảnh bên ngoài (Open311)"), max_length=500, blank=True)
    secret_digest = models.CharField(max_length=64, editable=False)
    received_at = models.DateTimeField(_("thời điểm tiếp nhận"), db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    status = models.CharField(
        _("tình trạng"),
        max_length=20,
        choices=Status.choices,
        default=Status.DANG_XU_LY,
        db_index=True,
    )
    responsible_agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan chịu trách nhiệm"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    responsible_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị chịu trách nhiệm"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answer_text = NFCTextField(_("nội dung trả lời"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người soạn trả lời"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("soạn trả lời lúc"), null=True, blank=True)
    return_note = NFCTextField(_("ý kiến trả lại"), blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người duyệt công khai"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    published_at = models.DateTimeField(_("công khai lúc"), null=True, blank=True, db_index=True)
    reopen_count = models.PositiveSmallIntegerField(_("số lần mở lại"), default=0)
    reopened_at = models.DateTimeField(_("mở lại lúc"), null=True, blank=True)
    reopen_reason = NFCTextField(_("lý do mở lại"), blank=True)
    merged_into = models.ForeignKey(
        "self",
        verbose_name=_("gộp vào phản ánh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
    )
    petition = models.ForeignKey(
        "reception.Petition",
        verbose_name=_("đơn được tạo từ phản ánh"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="feedback_items",
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=clock.now, editable=False)
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=clock.now)

    class Meta:
        verbose_name = _("phản ánh, kiến nghị")
        verbose_name_plural = _("phản ánh, kiến nghị")
        ordering = ["-received_at", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"], name="feedback_number_unique"
            )
        ]
        indexes = [
            models.Index(fields=["agency", "-received_at"]),
            models.Index(fields=["status", "-published_at"]),
        ]

    def __str__(self) -> str:
        return _("Phản ánh %(code)s") % {"code": self.code}

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    @property
    def is_published(self) -> bool:
        return self.status == Status.DA_TRA_LOI and self.published_at is not None

    @property
    def commune_name(self) -> str:
        from vanphong.feedback.places import commune_name

        return commune_name(self.commune_code)

    # Masked contact: for lists, the API, e-mails and the admin.
    @property
    def masked_name(self) -> str:
        return mask_name(self.contact_name)

    @property
    def masked_phone(self) -> str:
        return mask_phone(self.contact_phone)

    @property
    def masked_email(self) -> str:
        return mask_email(self.contact_email)

    @property
    def redacted_description(self) -> str:
        """The description with phone, e-mail, identity numbers and the contact's name
        removed: what lists, the detail page (before the logged reveal) and the API show."""
        from vanphong.core.privacy import redact

        return redact(self.description, names=(self.contact_name,))

    @property
    def has_contact(self) -> bool:
        return bool(self.contact_name or self.contact_phone or self.contact_email)

    @property
    def public_author(self) -> str:
        """What the public page says about who sent it: the name only with consent."""
        if self.consent_publish and self.contact_name:
            return self.contact_name
        return str(_("Người dân (ẩn danh theo quy định bảo vệ dữ liệu cá nhân)"))
