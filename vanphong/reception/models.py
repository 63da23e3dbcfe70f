"""Petitions (đơn thư) and their petitioners.

A denouncer's identity is never stored in clear: :class:`Petitioner` keeps it in ``sealed``
(Fernet, see :mod:`vanphong.reception.protection`) and the clear columns stay empty; the
petition's ``petitioner_summary`` (shown in lists, indexed for search) then holds a neutral
label, never the name.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from vanphong.core import clock
from vanphong.core.deadlines import DeadlineFields
from vanphong.core.search.models import Searchable
from vanphong.core.text import NFCCharField, NFCTextField
from vanphong.reception.protection import mask_identity_number

REGISTER = "reception.so_xu_ly_don"


class PetitionClass(models.TextChoices):
    KHIEU_NAI = "khieu_nai", _("Khiếu nại")
    TO_CAO = "to_cao", _("Tố cáo")
    KIEN_NGHI = "kien_nghi", _("Kiến nghị")
    PHAN_ANH = "phan_anh", _("Phản ánh")


class Channel(models.TextChoices):
    TRUC_TIEP = "truc_tiep", _("Trực tiếp tại nơi tiếp công dân")
    BUU_CHINH = "buu_chinh", _("Bưu chính")
    TRUC_TUYEN = "truc_tuyen", _("Trực tuyến")
    CO_QUAN_CHUYEN = "co_quan_chuyen", _("Cơ quan khác chuyển đến")


class ComplaintInstance(models.TextChoices):
    LAN_DAU = "lan_dau", _("Lần đầu")
    LAN_HAI = "lan_hai", _("Lần hai")


class Outcome(models.TextChoices):
    THU_LY = "thu_ly", _("Thụ lý")
    CHUYEN_DON = "chuyen_don", _("Chuyển đơn")
    HUONG_DAN = "huong_dan", _("Hướng dẫn")
    LUU_DON = "luu_don", _("Lưu đơn")


class PetitionStatus(models.TextChoices):
    CHO_XU_LY = "cho_xu_ly", _("Chờ xử lý")
    DANG_GIAI_QUYET = "dang_giai_quyet", _("Đang giải quyết")
    TAM_DINH_CHI = "tam_dinh_chi", _("Tạm đình chỉ")
    DA_XU_LY = "da_xu_ly", _("Đã xử lý xong")
    DA_TACH = "da_tach", _("Đã tách thành các đơn")


class Petition(DeadlineFields, Searchable):
    """One petition in an agency's petition register (sổ xử lý đơn), numbered per year."""

    search_fields = ("number_label", "content", "petitioner_summary", "forwarded_by")

    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số thứ tự trong sổ xử lý đơn"))
    received_at = models.DateTimeField(_("ngày nhận đơn"), db_index=True)
    channel = models.CharField(_("nguồn đơn"), max_length=20, choices=Channel.choices)
    forwarded_by = NFCCharField(_("cơ quan chuyển đến"), max_length=255, blank=True)
    content = NFCTextField(_("nội dung đơn"))
    classification = models.CharField(
        _("phân loại"), max_length=20, choices=PetitionClass.choices, blank=True
    )
    complaint_instance = models.CharField(
        _("lần khiếu nại"), max_length=10, choices=ComplaintInstance.choices, blank=True
    )
    is_anonymous = models.BooleanField(_("đơn nặc danh, mạo danh"), default=False)
    is_complex = models.BooleanField(_("vụ việc phức tạp"), default=False)
    is_remote = models.BooleanField(_("vùng sâu, vùng xa, đi lại khó khăn"), default=False)
    multi_site_check = models.BooleanField(
        _("cần kiểm tra, xác minh tại nhiều địa điểm"), default=False
    )
    eligible = models.BooleanField(_("đủ điều kiện xử lý"), null=True, blank=True)
    ineligible_reason = NFCTextField(_("lý do không đủ điều kiện"), blank=True)
    competent = models.BooleanField(_("thuộc thẩm quyền"), null=True, blank=True)
    status = models.CharField(
        _("tình trạng"),
        max_length=20,
        choices=PetitionStatus.choices,
        default=PetitionStatus.CHO_XU_LY,
        db_index=True,
    )
    outcome = models.CharField(
        _("hướng xử lý"), max_length=20, choices=Outcome.choices, blank=True, db_index=True
    )
    outcome_at = models.DateTimeField(_("ngày xử lý"), null=True, blank=True)
    outcome_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người xử lý"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    outcome_target = NFCCharField(_("cơ quan có thẩm quyền"), max_length=255, blank=True)
    outcome_document = NFCCharField(
        _("số văn bản (phiếu chuyển, văn bản hướng dẫn, thông báo thụ lý)"),
        max_length=100,
        blank=True,
    )
    outcome_note = NFCTextField(_("ghi chú xử lý"), blank=True)
    processing_due_at = models.DateTimeField(_("hạn xử lý đơn"), null=True, blank=True)
    resolution_limit_days = models.PositiveSmallIntegerField(
        _("thời hạn giải quyết (ngày)"), null=True, blank=True
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("tách từ đơn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    related_to = models.ForeignKey(
        "self",
        verbose_name=_("trùng với đơn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="duplicates",
        help_text=_("Đơn trước của cùng người, cùng nội dung: không tính là đơn mới."),
    )
    petitioner_summary = NFCCharField(_("người gửi đơn"), max_length=500, blank=True)
    petitioner_count = models.PositiveSmallIntegerField(_("số người đứng tên"), default=1)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp nhận"),
        null=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    handlers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người được giao xử lý"),
        related_name="reception_petitions",
        blank=True,
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("đơn")
        verbose_name_plural = _("đơn")
        ordering = ["-received_at", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"], name="reception_petition_number_unique"
            )
        ]
        indexes = [models.Index(fields=["agency", "-received_at"])]

    def __str__(self) -> str:
        return _("Đơn số %(label)s") % {"label": self.number_label}

    @property
    def number_label(self) -> str:
        return f"{self.number:03d}/{self.year}" if self.number else ""

    @property
    def is_protected(self) -> bool:
        """A denunciation (not anonymous): its denouncer's identity is protected."""
        return self.classification == PetitionClass.TO_CAO


class Petitioner(models.Model):
    """A person standing on a petition. For a denunciation only ``sealed`` holds the identity."""

    petition = models.ForeignKey(
        Petition, verbose_name=_("đơn"), on_delete=models.CASCADE, related_name="petitioners"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    full_name = NFCCharField(_("họ và tên"), max_length=150, blank=True)
    identity_number = NFCCharField(_("số căn cước/định danh/hộ chiếu"), max_length=30, blank=True)
    address = NFCCharField(_("địa chỉ"), max_length=255, blank=True)
    commune_code = models.PositiveIntegerField(_("mã xã, phường"), null=True, blank=True)
    phone = NFCCharField(_("điện thoại"), max_length=30, blank=True)
    protected = models.BooleanField(_("danh tính được bảo vệ"), default=False)
    sealed = models.TextField(_("danh tính (mã hóa)"), blank=True, editable=False)
    identity_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = _("người gửi đơn")
        verbose_name_plural = _("người gửi đơn")
        ordering = ["petition", "order"]

    def __str__(self) -> str:
        return self.masked_name

    @property
    def masked_name(self) -> str:
        return str(_("Người tố cáo (được bảo vệ)")) if self.protected else self.full_name

    @property
    def commune_name(self) -> str:
        """The commune and province from the national list (``vietnam_provinces``)."""
        if self.commune_code is None:
            return ""
        from vietnam_provinces import Province, Ward

        try:
            ward = Ward.from_code(self.commune_code)
        except (ValueError, KeyError):
            return ""
        return f"{ward.name}, {Province.from_code(ward.province_code).name}"

    @property
    def masked_identity_number(self) -> str:
        return "" if self.protected else mask_identity_number(self.identity_number)
