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

from django.contrib.contenttypes.fields import GenericForeignKey
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
    WITHDRAWN = "withdrawn", _("Đã thu hồi")


#: The allowed transitions of an incoming document (from → to states).
INCOMING_TRANSITIONS: dict[str, frozenset[str]] = {
    IncomingState.REGISTERED: frozenset(
        {IncomingState.PRESENTED, IncomingState.IN_PROGRESS, IncomingState.FINISHED}
    ),
    IncomingState.PRESENTED: frozenset({IncomingState.IN_PROGRESS, IncomingState.FINISHED}),
    # Back to "presented" when the lead (chủ trì) returns it to the leader (trả lại).
    IncomingState.IN_PROGRESS: frozenset(
        {IncomingState.PRESENTED, IncomingState.IN_PROGRESS, IncomingState.FINISHED}
    ),
    IncomingState.FINISHED: frozenset(),
    IncomingState.WITHDRAWN: frozenset(),
}


class IncomingDocument(DeadlineFields, Searchable):
    """Văn bản đến: one entry in an incoming register (Phụ lục IV, metadata of Phụ lục VI)."""

    search_fields = ("trich_yeu", "issuer_name", "so_ky_hieu", "file_text")

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
    file_text = models.TextField(
        _("nội dung tệp (để tìm kiếm)"),
        blank=True,
        default="",
        editable=False,
        help_text=_("Lớp văn bản của tệp PDF/DOCX, tối đa 200.000 ký tự đầu."),
    )
    registered_by = models.ForeignKey(
        "org.Official",
        verbose_name=_("người vào sổ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        help_text=_("Để trống khi văn bản được nhận tự động qua hệ thống (liên thông)."),
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
    withdrawn_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    withdrawn_reason = NFCTextField(_("lý do thu hồi"), blank=True)
    forwarded_from = models.ForeignKey(
        "self",
        verbose_name=_("chuyển từ văn bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwards",
    )
    forward_note = NFCTextField(_("nội dung phiếu chuyển"), blank=True)
    reply_document = models.ForeignKey(
        "documents.OutgoingDocument",
        verbose_name=_("văn bản trả lời"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="answers",
        help_text=_("Văn bản đi trả lời văn bản này (sổ theo dõi giải quyết văn bản đến)."),
    )

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


class IncomingNote(models.Model):
    """Ghi nhận tiến độ: a handler's progress note on an incoming document, with its files
    (stored through the attachments kernel, linked to the document as their case)."""

    document = models.ForeignKey(
        IncomingDocument,
        verbose_name=_("văn bản đến"),
        on_delete=models.CASCADE,
        related_name="notes",
    )
    author = models.ForeignKey(
        "org.Official", verbose_name=_("người ghi"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("ghi lúc"))
    text = NFCTextField(_("nội dung tiến độ"), max_length=5000)
    files = models.ManyToManyField(
        "attachments.Attachment", verbose_name=_("tệp kèm theo"), blank=True, related_name="+"
    )

    class Meta:
        verbose_name = _("tiến độ xử lý văn bản đến")
        verbose_name_plural = _("tiến độ xử lý văn bản đến")
        ordering = ["document", "created_at", "id"]

    def __str__(self) -> str:
        return self.text[:80]


# --- outgoing documents (văn bản đi, NĐ 30/2020 Điều 10–19) ---------------------------------------


class AdminNumbering(models.TextChoices):
    """How an agency numbers its administrative documents (NĐ 30, Điều 15: the head of the
    agency decides: one sequence for all administrative types, or one per type)."""

    SHARED = "shared", _("Một dãy số chung cho mọi loại văn bản hành chính")
    PER_TYPE = "per_type", _("Mỗi loại văn bản hành chính một dãy số")


class OutgoingSettings(models.Model):
    """The agency's choices for its outgoing documents (set by the head of the agency)."""

    agency = models.OneToOneField(
        "org.Agency",
        verbose_name=_("cơ quan"),
        on_delete=models.PROTECT,
        related_name="outgoing_settings",
    )
    admin_numbering = models.CharField(
        _("cách đánh số văn bản hành chính"),
        max_length=10,
        choices=AdminNumbering.choices,
        default=AdminNumbering.SHARED,
    )

    class Meta:
        verbose_name = _("cấu hình văn bản đi")
        verbose_name_plural = _("cấu hình văn bản đi")

    def __str__(self) -> str:
        return str(self.agency)


class ReviewRole(models.TextChoices):
    """Who acts at a step of the review chain (by role, not by name)."""

    UNIT_LEADER = "unit_leader", _("Lãnh đạo đơn vị soạn thảo")
    OFFICE_LEADER = "office_leader", _("Lãnh đạo văn phòng")
    SIGNER = "signer", _("Lãnh đạo cơ quan (người ký)")


class ReviewStep(models.Model):
    """One step of an agency's review chain (quy trình trình duyệt) for one document type,
    or for every type without its own chain (``doc_type`` empty). Steps run by ``order``; the
    last step is the signer's: its approval records the authority mark and the signature."""

    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="+"
    )
    doc_type = models.ForeignKey(
        DocumentType,
        verbose_name=_("loại văn bản"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        help_text=_("Để trống: quy trình mặc định cho các loại chưa có quy trình riêng."),
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    role = models.CharField(_("người duyệt"), max_length=20, choices=ReviewRole.choices)

    class Meta:
        verbose_name = _("bước trình duyệt")
        verbose_name_plural = _("bước trình duyệt")
        ordering = ["agency", "doc_type", "order"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "doc_type", "order"], name="documents_reviewstep_order_unique"
            ),
            models.UniqueConstraint(
                fields=["agency", "order"],
                condition=Q(doc_type__isnull=True),
                name="documents_reviewstep_default_order_unique",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.order}. {self.get_role_display()}"


class OutgoingState(models.TextChoices):
    DRAFT = "draft", _("Dự thảo")
    IN_REVIEW = "in_review", _("Đang trình duyệt")
    RETURNED = "returned", _("Trả lại để sửa")
    APPROVED = "approved", _("Đã duyệt, chờ phát hành")
    ISSUED = "issued", _("Đã phát hành")
    RECALLED = "recalled", _("Đã thu hồi")


#: The allowed transitions of an outgoing document (from → to states).
OUTGOING_TRANSITIONS: dict[str, frozenset[str]] = {
    OutgoingState.DRAFT: frozenset({OutgoingState.IN_REVIEW}),
    OutgoingState.IN_REVIEW: frozenset(
        {OutgoingState.IN_REVIEW, OutgoingState.RETURNED, OutgoingState.APPROVED}
    ),
    OutgoingState.RETURNED: frozenset({OutgoingState.IN_REVIEW}),
    OutgoingState.APPROVED: frozenset({OutgoingState.ISSUED, OutgoingState.RETURNED}),
    OutgoingState.ISSUED: frozenset({OutgoingState.RECALLED}),
    OutgoingState.RECALLED: frozenset(),
}


class AuthorityMark(models.TextChoices):
    """Thẩm quyền ký (NĐ 30, Điều 13 và Phụ lục I, ô 7a): empty when the head signs himself."""

    NONE = "", _("Người đứng đầu ký trực tiếp")
    TM = "TM.", _("TM. (thay mặt tập thể)")
    KT = "KT.", _("KT. (ký thay người đứng đầu)")
    TL = "TL.", _("TL. (thừa lệnh)")
    TUQ = "TUQ.", _("TUQ. (thừa ủy quyền)")
    Q = "Q.", _("Q. (quyền)")


class OutgoingDocument(Searchable):
    """Văn bản đi: a draft, its review, then its issue (number, code and date set only then).

    ``source`` (content type + id) is the record that asked for the document (a meeting's
    invitation, its conclusion notice, a report); see :func:`services.outgoing_draft_create`.
    Write only through :mod:`vanphong.documents.services`."""

    search_fields = ("code", "trich_yeu", "noi_nhan", "file_text")

    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan ban hành"), on_delete=models.PROTECT, related_name="+"
    )
    drafting_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị soạn thảo"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        "org.Official",
        verbose_name=_("người soạn thảo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    doc_type = models.ForeignKey(
        DocumentType, verbose_name=_("loại văn bản"), on_delete=models.PROTECT, related_name="+"
    )
    trich_yeu = NFCTextField(_("trích yếu"), max_length=500)
    urgency = models.CharField(
        _("độ khẩn"), max_length=12, choices=Urgency.choices, default=Urgency.THUONG
    )
    urgency_rank = models.PositiveSmallIntegerField(default=0, editable=False)
    confidentiality = models.CharField(
        _("độ mật"), max_length=10, choices=Confidentiality.choices, default=Confidentiality.THUONG
    )
    noi_nhan = NFCTextField(_("nơi nhận"), blank=True, max_length=1000)
    copies = models.PositiveSmallIntegerField(_("số lượng bản"), null=True, blank=True)
    note = NFCTextField(_("ghi chú"), blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=12, choices=OutgoingState.choices, default=OutgoingState.DRAFT
    )
    created_at = models.DateTimeField(_("tạo lúc"))
    updated_at = models.DateTimeField(_("cập nhật lúc"))
    # Review.
    review_chain = models.JSONField(
        _("quy trình trình duyệt"),
        default=list,
        blank=True,
        help_text=_("Các vai trò duyệt theo thứ tự, chốt khi trình lần đầu."),
    )
    review_step = models.PositiveSmallIntegerField(
        _("bước đang duyệt"), null=True, blank=True, help_text=_("Chỉ số trong quy trình (từ 0).")
    )
    review_role = models.CharField(
        _("vai trò đang duyệt"),
        max_length=20,
        choices=ReviewRole.choices,
        blank=True,
        editable=False,
        help_text=_("Vai trò của bước đang chờ duyệt (rỗng khi không ở bước duyệt)."),
    )
    submitted_at = models.DateTimeField(_("trình lúc"), null=True, blank=True)
    approved_at = models.DateTimeField(_("duyệt lúc"), null=True, blank=True)
    # Signer (recorded at the signer's approval; Phụ lục I ô 7a, 7b, 7c).
    authority_mark = models.CharField(
        _("thẩm quyền ký"), max_length=5, choices=AuthorityMark.choices, blank=True
    )
    authority_title = NFCCharField(
        _("chức danh sau thẩm quyền"),
        max_length=100,
        blank=True,
        help_text=_("Ví dụ: ỦY BAN NHÂN DÂN (sau TM.), CHỦ TỊCH (sau KT.)."),
    )
    signer = models.ForeignKey(
        "org.Official",
        verbose_name=_("người ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer_name = NFCCharField(_("họ tên người ký"), max_length=150, blank=True)
    signer_position = NFCCharField(_("chức vụ người ký"), max_length=100, blank=True)
    # Issue: number, code and date are set only here.
    register = models.ForeignKey(
        Register,
        verbose_name=_("sổ đăng ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="outgoing",
    )
    sequence = models.CharField(_("dãy số"), max_length=100, blank=True, editable=False)
    number = models.PositiveIntegerField(_("số"), null=True, blank=True)
    year = models.PositiveSmallIntegerField(_("năm"), null=True, blank=True)
    code = NFCCharField(_("số, ký hiệu"), max_length=60, blank=True)
    code_norm = models.CharField(max_length=60, blank=True, editable=False, db_index=True)
    issue_date = models.DateField(_("ngày ban hành"), null=True, blank=True)
    issued_at = models.DateTimeField(_("phát hành lúc"), null=True, blank=True)
    issued_by = models.ForeignKey(
        "org.Official",
        verbose_name=_("văn thư phát hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    issued_file = models.ForeignKey(
        "attachments.Attachment",
        verbose_name=_("tệp văn bản phát hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    file_text = models.TextField(
        _("nội dung tệp (để tìm kiếm)"),
        blank=True,
        default="",
        editable=False,
        help_text=_(
            "Lớp văn bản của phiên bản mới nhất hoặc tệp phát hành, tối đa 200.000 ký tự đầu."
        ),
    )
    legal_normative_rule = models.ForeignKey(
        "refdata.RuleVersion",
        verbose_name=_("quy định loại văn bản quy phạm pháp luật áp dụng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    # Recall (thu hồi): the sender's copy is frozen with the reason.
    recalled_at = models.DateTimeField(_("thu hồi lúc"), null=True, blank=True)
    recalled_by = models.ForeignKey(
        "org.Official",
        verbose_name=_("người thu hồi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recall_reason = NFCTextField(_("lý do thu hồi"), blank=True)
    # The record that asked for this document (meeting, report...), if any.
    source_type = models.ForeignKey(
        "contenttypes.ContentType",
        verbose_name=_("loại nguồn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(_("mã nguồn"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")

    class Meta:
        verbose_name = _("văn bản đi")
        verbose_name_plural = _("văn bản đi")
        ordering = ["-urgency_rank", "-updated_at", "-id"]
        indexes = [
            models.Index(
                fields=["agency", "state", "-updated_at"], name="doc_out_agency_state_idx"
            ),
            models.Index(fields=["agency", "-issued_at"], name="doc_out_agency_issued_idx"),
            models.Index(fields=["author", "state"], name="doc_out_author_idx"),
            models.Index(fields=["agency", "review_role"], name="doc_out_review_idx"),
            models.Index(fields=["source_type", "source_id"], name="doc_out_source_idx"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "sequence", "year", "number"],
                condition=Q(number__isnull=False),
                name="documents_outgoing_number_unique",
            ),
            models.CheckConstraint(
                condition=Q(source_type__isnull=True, source_id__isnull=True)
                | Q(source_type__isnull=False, source_id__isnull=False),
                name="documents_outgoing_source_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.code or f"{_('Dự thảo')} #{self.pk}: {self.trich_yeu[:60]}"

    def get_absolute_url(self) -> str:
        return reverse("documents:outgoing_detail", args=[self.pk])

    @property
    def is_confidential(self) -> bool:
        return self.confidentiality != Confidentiality.THUONG

    @property
    def is_urgent(self) -> bool:
        return self.urgency != Urgency.THUONG

    @property
    def so_display(self) -> str:
        """``Số: 05/QĐ-UBND`` as printed on the document (Phụ lục I, ô 3)."""
        return f"Số: {self.code}" if self.code else ""

    @property
    def competence(self) -> str:
        """The signer's competence line, e.g. ``KT. CHỦ TỊCH`` (empty if the head signs)."""
        return " ".join(p for p in (self.authority_mark, self.authority_title) if p)

    @property
    def current_review_role(self) -> str:
        if self.state != OutgoingState.IN_REVIEW or self.review_step is None:
            return ""
        chain = self.review_chain or []
        return chain[self.review_step] if self.review_step < len(chain) else ""

    @property
    def is_signing_step(self) -> bool:
        chain = self.review_chain or []
        return self.review_step is not None and self.review_step == len(chain) - 1

    def save(self, *args, **kwargs):
        self.urgency_rank = URGENCY_RANK[Urgency(self.urgency)]
        self.review_role = self.current_review_role
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "urgency_rank", "review_role"}
        super().save(*args, **kwargs)


class OutgoingVersion(models.Model):
    """One version of the draft file (.docx or PDF), kept with its author and time."""

    document = models.ForeignKey(
        OutgoingDocument,
        verbose_name=_("văn bản đi"),
        on_delete=models.CASCADE,
        related_name="versions",
    )
    number = models.PositiveSmallIntegerField(_("phiên bản"))
    file = models.ForeignKey(
        "attachments.Attachment",
        verbose_name=_("tệp dự thảo"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    author = models.ForeignKey(
        "org.Official", verbose_name=_("người tải lên"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("tải lên lúc"))
    note = NFCTextField(_("ghi chú"), blank=True, max_length=1000)

    class Meta:
        verbose_name = _("phiên bản dự thảo")
        verbose_name_plural = _("phiên bản dự thảo")
        ordering = ["document", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["document", "number"], name="documents_outgoingversion_unique"
            )
        ]

    def __str__(self) -> str:
        return f"v{self.number}"


class OutgoingAttachment(models.Model):
    """A file attached to an outgoing document (phụ lục, tài liệu kèm theo)."""

    document = models.ForeignKey(
        OutgoingDocument,
        verbose_name=_("văn bản đi"),
        on_delete=models.CASCADE,
        related_name="attachments",
    )
    file = models.ForeignKey(
        "attachments.Attachment",
        verbose_name=_("tệp"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    description = NFCCharField(_("mô tả"), max_length=250, blank=True)
    added_by = models.ForeignKey(
        "org.Official", verbose_name=_("người thêm"), on_delete=models.PROTECT, related_name="+"
    )
    added_at = models.DateTimeField(_("thêm lúc"))

    class Meta:
        verbose_name = _("tệp kèm theo văn bản đi")
        verbose_name_plural = _("tệp kèm theo văn bản đi")
        ordering = ["document", "added_at", "id"]

    def __str__(self) -> str:
        return self.description or str(self.file)


class RecipientKind(models.TextChoices):
    UNIT = "unit", _("Đơn vị trong cơ quan")
    AGENCY = "agency", _("Cơ quan trên hệ thống")
    EXTERNAL = "external", _("Cơ quan ngoài hệ thống")


class ExchangeStatus(models.TextChoices):
    """Statuses of the exchange standard (QCVN 102:2016, status message ``StatusCode``)."""

    PENDING = "", _("Chưa gửi")
    ARRIVED = "01", _("Đã đến")
    REFUSED = "02", _("Từ chối tiếp nhận")
    RECEIVED = "03", _("Đã tiếp nhận")
    ASSIGNED = "04", _("Phân công xử lý")
    IN_PROGRESS = "05", _("Đang xử lý")
    DONE = "06", _("Hoàn thành xử lý")
    RECALL_REQUESTED = "13", _("Yêu cầu lấy lại văn bản")
    RECALL_ACCEPTED = "15", _("Đồng ý lấy lại văn bản")
    RECALL_REFUSED = "16", _("Từ chối lấy lại văn bản")


class OutgoingRecipient(models.Model):
    """One recipient (nơi nhận) of an outgoing document and its delivery.

    A unit of the agency sees the issued document; an agency on the platform receives it as an
    :class:`IncomingDocument` of its own register (``incoming``, the link both ways); an external
    agency (by identifier) gets a downloadable package."""

    document = models.ForeignKey(
        OutgoingDocument,
        verbose_name=_("văn bản đi"),
        on_delete=models.CASCADE,
        related_name="recipients",
    )
    kind = models.CharField(_("loại nơi nhận"), max_length=10, choices=RecipientKind.choices)
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan nhận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    external_identifier = models.CharField(
        _("mã định danh cơ quan nhận"), max_length=35, blank=True
    )
    external_name = NFCCharField(_("tên cơ quan nhận"), max_length=200, blank=True)
    status = models.CharField(
        _("trạng thái liên thông"),
        max_length=2,
        choices=ExchangeStatus.choices,
        blank=True,
        default=ExchangeStatus.PENDING,
    )
    delivered_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    incoming = models.OneToOneField(
        IncomingDocument,
        verbose_name=_("văn bản đến tương ứng"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="delivery",
    )
    recall_requested_at = models.DateTimeField(_("yêu cầu thu hồi lúc"), null=True, blank=True)
    recall_decided_at = models.DateTimeField(_("trả lời thu hồi lúc"), null=True, blank=True)
    recall_decided_by = models.ForeignKey(
        "org.Official",
        verbose_name=_("người trả lời thu hồi"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    recall_answer = NFCTextField(_("ý kiến trả lời thu hồi"), blank=True)

    class Meta:
        verbose_name = _("nơi nhận văn bản đi")
        verbose_name_plural = _("nơi nhận văn bản đi")
        ordering = ["document", "kind", "id"]
        indexes = [
            models.Index(fields=["agency", "status"], name="doc_out_rcpt_agency_idx"),
            models.Index(fields=["unit"], name="doc_out_rcpt_unit_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="unit", unit__isnull=False, agency__isnull=True)
                | Q(kind="agency", unit__isnull=True, agency__isnull=False)
                | Q(kind="external", unit__isnull=True, agency__isnull=True) & ~Q(external_name=""),
                name="documents_recipient_kind_fields",
            ),
        ]

    def __str__(self) -> str:
        if self.kind == RecipientKind.UNIT:
            return str(self.unit)
        if self.kind == RecipientKind.AGENCY:
            return str(self.agency)
        return self.external_name

    @property
    def processing_status(self) -> str:
        """The exchange status the sender sees: a recall status if any, else the receiving
        agency's handling of its incoming copy (03 registered, 04 assigned, 06 finished)."""
        if self.status in (
            ExchangeStatus.RECALL_REQUESTED,
            ExchangeStatus.RECALL_ACCEPTED,
            ExchangeStatus.RECALL_REFUSED,
            ExchangeStatus.PENDING,
        ) or (self.incoming_id is None):
            return self.status
        state = self.incoming.state
        return {
            IncomingState.PRESENTED: ExchangeStatus.RECEIVED,
            IncomingState.IN_PROGRESS: ExchangeStatus.ASSIGNED,
            IncomingState.FINISHED: ExchangeStatus.DONE,
        }.get(state, self.status)

    @property
    def processing_status_label(self) -> str:
        return str(ExchangeStatus(self.processing_status).label)


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", _("Trình")
    COMMENT = "comment", _("Góp ý")
    RETURN = "return", _("Trả lại để sửa")
    APPROVE = "approve", _("Duyệt")


class OutgoingReview(models.Model):
    """A reviewer's act on a draft: a comment, a return for revision or an approval, on one
    version (the latest when it was made)."""

    document = models.ForeignKey(
        OutgoingDocument,
        verbose_name=_("văn bản đi"),
        on_delete=models.CASCADE,
        related_name="reviews",
    )
    version = models.ForeignKey(
        OutgoingVersion,
        verbose_name=_("phiên bản"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="reviews",
    )
    action = models.CharField(_("hành động"), max_length=10, choices=ReviewAction.choices)
    step = models.PositiveSmallIntegerField(_("bước"), null=True, blank=True)
    role = models.CharField(
        _("vai trò duyệt"), max_length=20, choices=ReviewRole.choices, blank=True
    )
    reviewer = models.ForeignKey(
        "org.Official", verbose_name=_("người duyệt"), on_delete=models.PROTECT, related_name="+"
    )
    comment = NFCTextField(_("ý kiến"), blank=True, max_length=4000)
    created_at = models.DateTimeField(_("lúc"))

    class Meta:
        verbose_name = _("ý kiến duyệt văn bản đi")
        verbose_name_plural = _("ý kiến duyệt văn bản đi")
        ordering = ["document", "created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} — {self.reviewer}"


class SignatureKind(models.TextChoices):
    APPROVAL = "approval", _("Phê duyệt trên hệ thống")
    PERSONAL_DIGITAL = "personal_digital", _("Chữ ký số cá nhân")
    ORGANISATION_DIGITAL = "organisation_digital", _("Chữ ký số cơ quan")


class Signature(models.Model):
    """A signature on an outgoing document: today the signer's approval in the system; later a
    digital signature (certificate, signed file) of the person or of the organisation."""

    document = models.ForeignKey(
        OutgoingDocument,
        verbose_name=_("văn bản đi"),
        on_delete=models.CASCADE,
        related_name="signatures",
    )
    kind = models.CharField(_("loại chữ ký"), max_length=20, choices=SignatureKind.choices)
    signer = models.ForeignKey(
        "org.Official",
        verbose_name=_("người ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signer_name = NFCCharField(_("họ tên người ký"), max_length=150, blank=True)
    signer_position = NFCCharField(_("chức vụ"), max_length=100, blank=True)
    authority_mark = models.CharField(
        _("thẩm quyền ký"), max_length=5, choices=AuthorityMark.choices, blank=True
    )
    signed_at = models.DateTimeField(_("ký lúc"))
    version = models.ForeignKey(
        OutgoingVersion,
        verbose_name=_("phiên bản được ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    signed_file = models.ForeignKey(
        "attachments.Attachment",
        verbose_name=_("tệp đã ký"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    certificate_serial = models.CharField(_("số sê-ri chứng thư"), max_length=100, blank=True)
    certificate_subject = models.CharField(_("chủ thể chứng thư"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("chữ ký văn bản đi")
        verbose_name_plural = _("chữ ký văn bản đi")
        ordering = ["document", "signed_at", "id"]

    def __str__(self) -> str:
        return f"{self.authority_mark} {self.signer_name}".strip()
