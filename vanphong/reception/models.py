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
from vanphong.core.privacy import commune_label, mask_address, mask_identity_number
from vanphong.core.search.models import Searchable
from vanphong.core.text import NFCCharField, NFCTextField

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


class NoticeKind(models.TextChoices):
    THU_LY = "thu_ly", _("Thông báo thụ lý tố cáo")
    KHONG_THU_LY = "khong_thu_ly", _("Thông báo không thụ lý tố cáo")


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
    collaborators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người phối hợp xác minh"),
        related_name="reception_collaborations",
        blank=True,
        help_text=_("Thấy vụ việc để phối hợp, không thấy danh tính người tố cáo."),
    )
    extension_level = models.CharField(_("mức độ phức tạp khi gia hạn"), max_length=30, blank=True)
    notice_kind = models.CharField(
        _("thông báo cho người tố cáo"), max_length=20, choices=NoticeKind.choices, blank=True
    )
    notice_due_at = models.DateTimeField(_("hạn thông báo cho người tố cáo"), null=True, blank=True)
    notice_sent_at = models.DateTimeField(_("ngày gửi thông báo"), null=True, blank=True)
    notice_document = NFCCharField(_("số văn bản thông báo"), max_length=100, blank=True)
    source_ref = NFCCharField(
        _("nguồn liên kết"),
        max_length=120,
        blank=True,
        help_text=_("Phản ánh, kiến nghị hoặc lượt tiếp công dân đã tạo ra đơn này."),
    )
    tracking_code = models.CharField(
        _("mã tra cứu"),
        max_length=30,
        blank=True,
        db_index=True,
        help_text=_("Đơn gửi qua cổng trực tuyến: người gửi theo dõi bằng mã này và mã bí mật."),
    )
    tracking_secret_digest = models.CharField(max_length=64, blank=True, editable=False)
    consent_at = models.DateTimeField(
        _("đồng ý xử lý dữ liệu cá nhân lúc"), null=True, blank=True, editable=False
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
    email = models.EmailField(_("thư điện tử"), max_length=254, blank=True)
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
        return commune_label(self.commune_code)

    @property
    def masked_identity_number(self) -> str:
        return "" if self.protected else mask_identity_number(self.identity_number)


# --------------------------------------------------------------------------------------------
# The reception register (sổ tiếp công dân, Mẫu 03/TCD) and the leaders' reception days

RECEPTION_REGISTER = "reception.so_tiep_cong_dan"
RECEIPT_REGISTER = "reception.giay_bien_nhan"
REFUSAL_REGISTER = "reception.thong_bao_tu_choi"


class ReceptionAction(models.TextChoices):
    HUONG_DAN = "huong_dan", _("Hướng dẫn, giải thích")
    NHAN_DON = "nhan_don", _("Tiếp nhận đơn, tài liệu (giấy biên nhận)")
    CHUYEN = "chuyen", _("Chuyển đơn đến cơ quan có thẩm quyền")
    TRA_LOI = "tra_loi", _("Trả lời trực tiếp")
    TU_CHOI = "tu_choi", _("Từ chối tiếp (thông báo bằng văn bản)")


class RefusalReason(models.TextChoices):
    SAY_XIN = "say_xin", _("Say rượu, dùng chất kích thích, tâm thần hoặc mất năng lực")
    DE_DOA = "de_doa", _("Đe dọa, xúc phạm, vi phạm nội quy nơi tiếp công dân")
    DA_GIAI_QUYET = (
        "da_giai_quyet",
        _(
            "Vụ việc đã giải quyết đúng chính sách, pháp luật nhưng vẫn cố tình khiếu nại, tố cáo "
            "kéo dài"
        ),
    )
    VU_KHI = "vu_khi", _("Mang vũ khí, vật nguy hiểm; không chấp hành kiểm tra an ninh")
    GHI_AM = "ghi_am", _("Ghi âm, ghi hình, phát trực tiếp trái yêu cầu của người chủ trì")
    KHONG_DAI_DIEN = (
        "khong_dai_dien",
        _("Không có năng lực hành vi, không chứng minh tư cách đại diện"),
    )
    NGOAI_PHAM_VI = "ngoai_pham_vi", _("Nội dung không thuộc phạm vi tiếp công dân")
    KIEN_NGHI_LAP_LAI = "kien_nghi_lap_lai", _("Kiến nghị, phản ánh lặp lại, không có nội dung mới")
    BAN_AN = "ban_an", _("Đã có bản án, quyết định có hiệu lực của Tòa án")
    CO_QUAN_KHAC = "co_quan_khac", _("Vụ việc đang được cơ quan khác thụ lý, giải quyết")


#: Refusals that need a written notice (Mẫu 01/TCD) within the time limit of the rule
#: ``reception.citizen.refusal_notice`` (NĐ 154/2026 Đ4): persisting on a settled matter, or a
#: repeated kiến nghị with nothing new. Other refusals are also recorded with their notice.
REFUSALS_WITH_TIMED_NOTICE = frozenset(
    {RefusalReason.DA_GIAI_QUYET, RefusalReason.KIEN_NGHI_LAP_LAI}
)


class ReplyKind(models.TextChoices):
    THU_LY = "thu_ly", _("Đã thụ lý")
    THEM_THOI_GIAN = "them_thoi_gian", _("Cần thêm thời gian xác minh")
    KHONG_THU_LY = "khong_thu_ly", _("Không thụ lý (không thuộc thẩm quyền, không đủ điều kiện)")
    DA_CHUYEN = "da_chuyen", _("Đã chuyển đơn đến cơ quan có thẩm quyền")


class ReceptionEntry(DeadlineFields, Searchable):
    """One reception in the agency's register (sổ tiếp công dân, Mẫu 03/TCD), numbered per year.

    The deadline columns hold the reply due to the citizen (Luật Tiếp công dân 2013 Đ28: 10
    working days from receiving the content), open only when papers were received.
    """

    search_fields = ("number_label", "content", "citizen_summary", "action_target")

    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    number = models.PositiveIntegerField(_("số thứ tự trong sổ tiếp công dân"))
    received_at = models.DateTimeField(_("ngày tiếp"), db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tiếp"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lãnh đạo tiếp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    reception_day = models.ForeignKey(
        "ReceptionDay",
        verbose_name=_("buổi tiếp định kỳ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="entries",
    )
    content = NFCTextField(_("nội dung vụ việc (tóm tắt)"))
    classification = models.CharField(
        _("phân loại"), max_length=20, choices=PetitionClass.choices, blank=True
    )
    group_size = models.PositiveSmallIntegerField(_("số người cùng nội dung"), default=1)
    representation_document = NFCCharField(
        _("văn bản cử người đại diện"), max_length=255, blank=True
    )
    previously_resolved_by = NFCCharField(_("cơ quan đã giải quyết"), max_length=255, blank=True)
    competent = models.BooleanField(_("thuộc thẩm quyền"), null=True, blank=True)
    action = models.CharField(
        _("kết quả tiếp"), max_length=20, choices=ReceptionAction.choices, db_index=True
    )
    action_target = NFCCharField(
        _("cơ quan được hướng dẫn, chuyển đến"), max_length=255, blank=True
    )
    action_document = NFCCharField(
        _("số văn bản hướng dẫn, chuyển đơn"), max_length=100, blank=True
    )
    receipt_number = NFCCharField(_("số giấy biên nhận (Mẫu 02/TCD)"), max_length=40, blank=True)
    petition = models.ForeignKey(
        Petition,
        verbose_name=_("đơn đã vào sổ xử lý đơn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reception_entries",
    )
    refusal_reason = models.CharField(
        _("lý do từ chối"), max_length=30, choices=RefusalReason.choices, blank=True
    )
    refusal_notice = NFCCharField(_("số thông báo từ chối (Mẫu 01/TCD)"), max_length=40, blank=True)
    refusal_notice_due_at = models.DateTimeField(
        _("hạn gửi thông báo từ chối"), null=True, blank=True
    )
    reply_kind = models.CharField(
        _("nội dung trả lời"), max_length=20, choices=ReplyKind.choices, blank=True
    )
    reply_at = models.DateTimeField(_("ngày trả lời"), null=True, blank=True)
    reply_document = NFCCharField(_("số văn bản trả lời"), max_length=100, blank=True)
    follow_up = NFCTextField(_("theo dõi kết quả giải quyết"), blank=True)
    note = NFCTextField(_("ghi chú"), blank=True)
    citizen_summary = NFCCharField(_("công dân"), max_length=500, blank=True)
    protected = models.BooleanField(_("có người tố cáo được bảo vệ"), default=False)
    created_at = models.DateTimeField(_("tạo lúc"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("lượt tiếp công dân")
        verbose_name_plural = _("sổ tiếp công dân")
        ordering = ["-received_at", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year", "number"], name="reception_entry_number_unique"
            )
        ]
        indexes = [models.Index(fields=["agency", "-received_at"])]

    def __str__(self) -> str:
        return _("Lượt tiếp số %(label)s") % {"label": self.number_label}

    @property
    def number_label(self) -> str:
        return f"{self.number:03d}/{self.year}" if self.number else ""


class ReceptionCitizen(models.Model):
    """A citizen received (or the representative of a group). For a denunciation only
    ``sealed`` holds the identity, as for :class:`Petitioner`."""

    entry = models.ForeignKey(
        ReceptionEntry,
        verbose_name=_("lượt tiếp"),
        on_delete=models.CASCADE,
        related_name="citizens",
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    full_name = NFCCharField(_("họ và tên"), max_length=150, blank=True)
    identity_number = NFCCharField(_("số căn cước/định danh/hộ chiếu"), max_length=30, blank=True)
    address = NFCCharField(_("địa chỉ"), max_length=255, blank=True)
    commune_code = models.PositiveIntegerField(_("mã xã, phường"), null=True, blank=True)
    phone = NFCCharField(_("điện thoại"), max_length=30, blank=True)
    is_representative = models.BooleanField(_("người đại diện"), default=False)
    protected = models.BooleanField(_("danh tính được bảo vệ"), default=False)
    sealed = models.TextField(_("danh tính (mã hóa)"), blank=True, editable=False)
    identity_digest = models.CharField(max_length=64, blank=True, db_index=True, editable=False)

    class Meta:
        verbose_name = _("công dân đến")
        verbose_name_plural = _("công dân đến")
        ordering = ["entry", "order"]

    def __str__(self) -> str:
        return self.masked_name

    masked_name = Petitioner.masked_name
    commune_name = Petitioner.commune_name
    masked_identity_number = Petitioner.masked_identity_number

    @property
    def masked_address(self) -> str:
        """Only the commune and province: the house number and street are personal data."""
        return "" if self.protected else mask_address(self.address, self.commune_code)


class DayKind(models.TextChoices):
    DINH_KY = "dinh_ky", _("Định kỳ")
    DOT_XUAT = "dot_xuat", _("Đột xuất")


class LeaderLevel(models.TextChoices):
    CHU_TICH_TINH = "chu_tich_tinh", _("Chủ tịch UBND tỉnh")
    CHU_TICH_XA = "chu_tich_xa", _("Chủ tịch UBND xã, phường")
    THU_TRUONG = "thu_truong", _("Thủ trưởng cơ quan")


class ReceptionDay(models.Model):
    """A leader's reception day (lịch tiếp công dân), in person or online (NĐ 154/2026 ch. V)."""

    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    leader = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("lãnh đạo tiếp"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    leader_title = NFCCharField(_("chức vụ"), max_length=150)
    level = models.CharField(_("cấp lãnh đạo"), max_length=20, choices=LeaderLevel.choices)
    kind = models.CharField(
        _("loại buổi tiếp"), max_length=20, choices=DayKind.choices, default=DayKind.DINH_KY
    )
    starts_at = models.DateTimeField(_("bắt đầu"), db_index=True)
    ends_at = models.DateTimeField(_("kết thúc"))
    place = NFCCharField(_("địa điểm"), max_length=255)
    is_online = models.BooleanField(_("tiếp trực tuyến"), default=False)
    connection_points = NFCTextField(_("các điểm cầu"), blank=True)
    noticed_at = models.DateTimeField(_("ngày thông báo"), null=True, blank=True)
    test_at = models.DateTimeField(_("kiểm tra đường truyền"), null=True, blank=True)
    connect_at = models.DateTimeField(_("kết nối điểm cầu"), null=True, blank=True)
    published = models.BooleanField(_("đã công bố"), default=False, db_index=True)
    cancelled = models.BooleanField(_("đã hủy"), default=False)
    note = NFCTextField(_("ghi chú"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tạo lúc"), default=clock.now, editable=False)

    class Meta:
        verbose_name = _("buổi tiếp công dân của lãnh đạo")
        verbose_name_plural = _("lịch tiếp công dân")
        ordering = ["starts_at"]

    def __str__(self) -> str:
        return f"{self.leader_title} — {clock.local(self.starts_at):%d/%m/%Y %H:%M}"
