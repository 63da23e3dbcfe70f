"""One-stop dossiers (hồ sơ thủ tục hành chính) received under the procedure catalogue.

A :class:`Dossier` pins the procedure VERSION in force at receipt (``procedure_version``: its
frozen snapshot gives the limit, components and internal steps), so later catalogue changes
never move its deadline (rule ND118-DOSSIER-VERSION-KEPT). Its due moment comes from the
kernel (:mod:`vanphong.core.deadlines`: working hours, 8 per working day, cut-off).

Every state change goes through :mod:`vanphong.onestop.services`, which writes the event log
and the ``fact_*`` columns in the same transaction: the statistics read only those columns, and
:mod:`vanphong.onestop.facts` can rebuild them from the event log (a test checks both agree).
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vanphong.core import clock
from vanphong.core.deadlines import DeadlineFields
from vanphong.core.privacy import mask_identity_number
from vanphong.core.search.models import Searchable
from vanphong.core.text import NFCCharField, NFCTextField
from vanphong.procedures.models import SupplementClock

REGISTER = "onestop.ma_ho_so"


def mask_identity(number: str | None) -> str:
    """``001203004589`` → ``001******589`` (lists, exports, the admin): the kernel's
    :func:`vanphong.core.privacy.mask_identity_number` with the desk's 3 + 3 digits."""
    return mask_identity_number(number, head=3, tail=3)


class Channel(models.TextChoices):
    TRUC_TIEP = "truc_tiep", _("Trực tiếp tại Bộ phận Một cửa")
    TRUC_TUYEN = "truc_tuyen", _("Trực tuyến (Cổng Dịch vụ công quốc gia)")
    BUU_CHINH = "buu_chinh", _("Dịch vụ bưu chính")


class Status(models.TextChoices):
    DANG_XU_LY = "dang_xu_ly", _("Đang giải quyết")
    CHO_BO_SUNG = "cho_bo_sung", _("Chờ bổ sung hồ sơ")
    CO_KET_QUA = "co_ket_qua", _("Đã có kết quả, chờ trả")
    DA_TRA_KET_QUA = "da_tra_ket_qua", _("Đã trả kết quả")
    TU_CHOI = "tu_choi", _("Từ chối giải quyết")
    DUNG_XU_LY = "dung_xu_ly", _("Dừng giải quyết")


#: States in which the dossier is still being worked on (no result, not refused or stopped).
OPEN_STATUSES = (Status.DANG_XU_LY, Status.CHO_BO_SUNG)
#: States with a result (approval or refusal recorded as the result).
RESULT_STATUSES = (Status.CO_KET_QUA, Status.DA_TRA_KET_QUA)


class ReturnMethod(models.TextChoices):
    TAI_QUAY = "tai_quay", _("Tại Bộ phận Một cửa")
    BUU_CHINH = "buu_chinh", _("Qua dịch vụ bưu chính")
    DIEN_TU = "dien_tu", _("Trực tuyến (kho dữ liệu điện tử)")


class Outcome(models.TextChoices):
    CHAP_THUAN = "chap_thuan", _("Giải quyết (chấp thuận)")
    KHONG_CHAP_THUAN = "khong_chap_thuan", _("Không giải quyết (có văn bản trả lời)")


class Timeliness(models.TextChoices):
    TRUOC_HAN = "truoc_han", _("Trước hạn")
    DUNG_HAN = "dung_han", _("Đúng hạn")
    QUA_HAN = "qua_han", _("Quá hạn")


class Rating(models.TextChoices):
    RAT_HAI_LONG = "rat_hai_long", _("Rất hài lòng")
    HAI_LONG = "hai_long", _("Hài lòng")
    KHONG_HAI_LONG = "khong_hai_long", _("Không hài lòng")


#: Evaluation criteria (standards file §1.6: TT 01/2018 criteria, recalled — editable here).
RATING_CRITERIA = (
    ("thoi_gian", _("Thời gian giải quyết so với hẹn trả")),
    ("so_co_quan", _("Thời gian, số cơ quan phải liên hệ")),
    ("so_lan_lien_he", _("Số lần phải đi lại, liên hệ để hoàn thiện hồ sơ")),
    ("cong_khai", _("Công khai, minh bạch thông tin thủ tục")),
    ("thai_do", _("Thái độ, tinh thần phục vụ của cán bộ")),
)


class Dossier(DeadlineFields, Searchable):
    """One dossier. ``agency`` is the competent agency (it owns the case and its steps)."""

    search_fields = ("code", "portal_code", "applicant_name", "procedure_name")

    code = models.CharField(_("mã hồ sơ"), max_length=60, unique=True)
    portal_code = models.CharField(
        _("mã hồ sơ trên Cổng DVC quốc gia"), max_length=60, blank=True, db_index=True
    )
    procedure = models.ForeignKey(
        "procedures.Procedure",
        on_delete=models.PROTECT,
        related_name="dossiers",
        verbose_name=_("thủ tục"),
    )
    procedure_version = models.ForeignKey(
        "procedures.ProcedureVersion",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("phiên bản thủ tục áp dụng"),
    )
    procedure_code = models.CharField(_("mã thủ tục"), max_length=40)
    procedure_name = NFCCharField(_("tên thủ tục"), max_length=500)
    field = models.ForeignKey(
        "procedures.Field", on_delete=models.PROTECT, related_name="+", verbose_name=_("lĩnh vực")
    )
    agency = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("cơ quan có thẩm quyền"),
    )
    receiving_agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("nơi tiếp nhận")
    )
    support_point = models.ForeignKey(
        "org.Agency",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("điểm hỗ trợ"),
    )
    handling_unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.PROTECT,
        related_name="+",
        null=True,
        blank=True,
        verbose_name=_("đơn vị đang xử lý"),
    )
    channel = models.CharField(_("hình thức nộp"), max_length=12, choices=Channel.choices)
    received_at = models.DateTimeField(_("thời gian nhận hồ sơ"), db_index=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người tiếp nhận"),
    )
    applicant_name = NFCCharField(_("người nộp hồ sơ"), max_length=200)
    applicant_identity = NFCCharField(_("số định danh cá nhân"), max_length=30, blank=True)
    applicant_address = NFCCharField(_("địa chỉ"), max_length=255, blank=True)
    applicant_phone = NFCCharField(_("điện thoại"), max_length=30, blank=True)
    applicant_email = models.EmailField(_("thư điện tử"), blank=True)
    copies = models.PositiveSmallIntegerField(_("số lượng hồ sơ (bộ)"), default=1)
    components = models.JSONField(_("thành phần hồ sơ đã nhận"), default=list, blank=True)
    return_method = models.CharField(
        _("đăng ký nhận kết quả tại"),
        max_length=12,
        choices=ReturnMethod.choices,
        default=ReturnMethod.TAI_QUAY,
    )
    status = models.CharField(
        _("tình trạng"),
        max_length=20,
        choices=Status.choices,
        default=Status.DANG_XU_LY,
        db_index=True,
    )
    pin_hash = models.CharField(max_length=64, editable=False)
    # Rules pinned at receipt.
    limit_hours_at_receipt = models.DecimalField(
        _("thời hạn theo quy định (giờ làm việc)"), max_digits=7, decimal_places=1
    )
    cutoff_time = models.TimeField(_("giờ tiếp nhận cuối ngày"))
    five_on_the_spot = models.BooleanField(_("5 tại chỗ"), default=False)
    # From the pinned version's snapshot (procedures.services.supplement_rule).
    max_supplement_requests = models.PositiveSmallIntegerField(default=1)
    supplement_clock = models.CharField(
        max_length=10, choices=SupplementClock.choices, default=SupplementClock.RESUME
    )
    # Processing.
    current_step = models.PositiveSmallIntegerField(_("bước hiện tại"), default=1)
    step_holders = models.JSONField(
        _("người, đơn vị giữ từng bước"), default=dict, blank=True, editable=False
    )
    outcome = models.CharField(_("kết quả"), max_length=20, choices=Outcome.choices, blank=True)
    result_note = NFCTextField(_("nội dung kết quả"), blank=True)
    result_at = models.DateTimeField(_("có kết quả lúc"), null=True, blank=True)
    result_document = models.ForeignKey(
        "documents.OutgoingDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("văn bản kết quả (đã phát hành)"),
    )
    fee_amount = models.PositiveBigIntegerField(_("phí, lệ phí đã thu (đồng)"), default=0)
    fee_receipt_number = NFCCharField(_("số biên lai"), max_length=50, blank=True)
    fee_paid_online = models.BooleanField(_("nộp phí trực tuyến"), default=False)
    returned_at = models.DateTimeField(_("trả kết quả lúc"), null=True, blank=True)
    returned_by_method = models.CharField(
        _("hình thức trả kết quả"), max_length=12, choices=ReturnMethod.choices, blank=True
    )
    rating = models.CharField(_("đánh giá"), max_length=20, choices=Rating.choices, blank=True)
    rating_criteria = models.JSONField(_("đánh giá theo tiêu chí"), default=dict, blank=True)
    rating_comment = NFCTextField(_("ý kiến"), blank=True)
    rated_at = models.DateTimeField(_("đánh giá lúc"), null=True, blank=True)
    # Fact columns for statistics (written with the events, rebuilt by facts.rebuild).
    fact_online = models.BooleanField(default=False)
    fact_due_at = models.DateTimeField(null=True, blank=True)
    fact_apologised = models.BooleanField(default=False)
    fact_supplement_at = models.DateTimeField(null=True, blank=True)
    fact_supplement_count = models.PositiveSmallIntegerField(default=0)
    fact_waiting_since = models.DateTimeField(null=True, blank=True)
    fact_settled_at = models.DateTimeField(null=True, blank=True, db_index=True)
    fact_timeliness = models.CharField(
        max_length=10, choices=Timeliness.choices, blank=True, db_index=True
    )
    fact_on_the_spot = models.BooleanField(default=False)
    fact_refused_at = models.DateTimeField(null=True, blank=True)
    fact_stopped_at = models.DateTimeField(null=True, blank=True)
    fact_closed_at = models.DateTimeField(null=True, blank=True, db_index=True)
    fact_rating = models.CharField(max_length=20, blank=True)
    fact_rated_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=clock.now, editable=False)

    class Meta:
        verbose_name = _("hồ sơ một cửa")
        verbose_name_plural = _("hồ sơ một cửa")
        ordering = ["-received_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["portal_code"],
                condition=~Q(portal_code=""),
                name="onestop_dossier_portal_code_unique",
            )
        ]
        indexes = [
            models.Index(fields=["agency", "received_at"], name="onestop_agency_recv_idx"),
            models.Index(fields=["receiving_agency", "received_at"], name="onestop_rcv_recv_idx"),
            models.Index(fields=["agency", "fact_closed_at"], name="onestop_agency_closed_idx"),
        ]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("onestop:dossier_detail", args=[self.pk])

    @property
    def masked_identity(self) -> str:
        return mask_identity(self.applicant_identity)

    @property
    def snapshot(self) -> dict:
        return self.procedure_version.snapshot

    @property
    def steps(self) -> list[dict]:
        return list(self.snapshot.get("steps") or [])

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class NoticeKind(models.TextChoices):
    MAU_02 = "mau_02", _("Mẫu 02 — Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ")
    MAU_03 = "mau_03", _("Mẫu 03 — Phiếu từ chối giải quyết hồ sơ")
    MAU_04 = "mau_04", _("Mẫu 04 — Văn bản xin lỗi và hẹn lại ngày trả kết quả")
    MAU_05 = "mau_05", _("Mẫu 05 — Thông báo dừng giải quyết hồ sơ")


class DossierNotice(models.Model):
    """A form issued on a dossier (Mẫu 02, 03, 04, 05), numbered per agency and year."""

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="notices", verbose_name=_("hồ sơ")
    )
    kind = models.CharField(_("loại phiếu"), max_length=10, choices=NoticeKind.choices)
    agency = models.ForeignKey(
        "org.Agency", on_delete=models.PROTECT, related_name="+", verbose_name=_("cơ quan")
    )
    number = models.PositiveIntegerField(_("số"))
    issued_at = models.DateTimeField(_("ngày lập"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("người lập"),
    )
    reason = NFCTextField(_("lý do"))
    items = models.JSONField(_("nội dung cần bổ sung"), default=list, blank=True)
    new_due_at = models.DateTimeField(_("hẹn trả mới"), null=True, blank=True)
    fulfilled_at = models.DateTimeField(_("đã bổ sung lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("phiếu")
        verbose_name_plural = _("phiếu")
        ordering = ["dossier", "issued_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number}"


class PortalLink(models.Model):
    """A status change to push back to the national portal (outbox), and its sync state."""

    class State(models.TextChoices):
        PENDING = "pending", _("Chờ đồng bộ")
        SENT = "sent", _("Đã đồng bộ")
        FAILED = "failed", _("Lỗi đồng bộ")

    dossier = models.ForeignKey(
        Dossier, on_delete=models.PROTECT, related_name="portal_pushes", null=True, blank=True
    )
    direction = models.CharField(max_length=3, default="out")  # "in" (receive) or "out" (push)
    portal_code = models.CharField(_("mã hồ sơ trên Cổng"), max_length=60, blank=True)
    payload = models.JSONField(default=dict)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.PENDING
    )
    attempts = models.PositiveSmallIntegerField(_("số lần thử"), default=0)
    last_error = NFCTextField(_("lỗi gần nhất"), blank=True)
    created_at = models.DateTimeField(_("tạo lúc"), default=clock.now)
    updated_at = models.DateTimeField(_("cập nhật lúc"), default=clock.now)

    class Meta:
        verbose_name = _("đồng bộ với Cổng DVC quốc gia")
        verbose_name_plural = _("đồng bộ với Cổng DVC quốc gia")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["state", "created_at"], name="onestop_portal_state_idx")]

    def __str__(self) -> str:
        return f"{self.direction} {self.portal_code} {self.state}"
