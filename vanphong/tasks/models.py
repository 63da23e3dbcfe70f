"""Tasks (nhiệm vụ): what a leader tells a unit or an agency to do, tracked to the deadline.

A task comes from a source (an incoming document, a meeting conclusion item, or a leader's direct
instruction), has one lead (chủ trì: a unit of the assigning agency or another agency) and
coordinating units or agencies (kernel assignments), a deadline from the kernel
(:class:`~vanphong.core.deadlines.DeadlineFields`: status computed in SQL from stored columns)
and its own result. Recurring reports (báo cáo định kỳ) are a series of tasks, one per reporting
period of Nghị định 09/2019/NĐ-CP (:mod:`vanphong.tasks.periods`).
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vanphong.core.deadlines import DeadlineFields
from vanphong.core.text import NFCCharField, NFCTextField


class SourceKind(models.TextChoices):
    VAN_BAN = "van_ban", _("Văn bản")
    KET_LUAN_HOP = "ket_luan_hop", _("Kết luận cuộc họp")
    CHI_DAO_TRUC_TIEP = "chi_dao", _("Chỉ đạo trực tiếp")


class Recurrence(models.TextChoices):
    """Periodic reports of Nghị định 09/2019/NĐ-CP, Điều 12."""

    THANG = "thang", _("Báo cáo hằng tháng")
    QUY = "quy", _("Báo cáo hằng quý")
    SAU_THANG = "sau_thang", _("Báo cáo 6 tháng")
    NAM = "nam", _("Báo cáo hằng năm")


class TaskState(models.TextChoices):
    DANG_THUC_HIEN = "dang_thuc_hien", _("Đang thực hiện")
    CHO_DUYET = "cho_duyet", _("Chờ duyệt hoàn thành")
    HOAN_THANH = "hoan_thanh", _("Đã hoàn thành")


OPEN_STATES = (TaskState.DANG_THUC_HIEN, TaskState.CHO_DUYET)


class Task(DeadlineFields):
    """One task of an agency (the assigning side), with one lead unit or agency."""

    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan giao"), on_delete=models.PROTECT, related_name="+"
    )
    content = NFCTextField(_("nội dung nhiệm vụ"))
    source_kind = models.CharField(
        _("nguồn nhiệm vụ"), max_length=15, choices=SourceKind.choices, db_index=True
    )
    source_type = models.ForeignKey(
        ContentType,
        verbose_name=_("loại nguồn"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    source_id = models.PositiveBigIntegerField(_("mã nguồn"), null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    source_label = NFCCharField(_("nguồn"), max_length=500, blank=True)

    assigned_by = models.ForeignKey(
        "org.Official",
        verbose_name=_("lãnh đạo giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_by = models.ForeignKey(
        "org.Official", verbose_name=_("người nhập"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("giao lúc"), db_index=True)
    assigned_date = models.DateField(_("ngày giao"))

    lead_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    lead_agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    recurrence = models.CharField(
        _("báo cáo định kỳ"), max_length=10, choices=Recurrence.choices, blank=True
    )
    recurrence_until = models.DateField(_("báo cáo đến ngày"), null=True, blank=True)
    report_lag_days = models.PositiveSmallIntegerField(
        _("hạn gửi sau ngày chốt số liệu (ngày làm việc)"), default=0
    )
    period_start = models.DateField(_("kỳ báo cáo từ"), null=True, blank=True)
    period_end = models.DateField(_("kỳ báo cáo đến"), null=True, blank=True)
    series = models.ForeignKey(
        "self",
        verbose_name=_("nhiệm vụ định kỳ gốc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="occurrences",
    )

    state = models.CharField(
        _("tình trạng"),
        max_length=15,
        choices=TaskState.choices,
        default=TaskState.DANG_THUC_HIEN,
        db_index=True,
    )
    result = NFCTextField(_("kết quả thực hiện"), blank=True)
    completion_proposed_at = models.DateTimeField(
        _("đề nghị hoàn thành lúc"), null=True, blank=True
    )
    accepted_by = models.ForeignKey(
        "org.Official",
        verbose_name=_("người duyệt hoàn thành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    accepted_at = models.DateTimeField(_("duyệt hoàn thành lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["-assigned_at", "-id"]
        indexes = [
            # Covering index of the follow-up table (selectors.follow_up_table): the tasks of an
            # agency due in a period, with every column the status expression and the grouping
            # read, so PostgreSQL answers from the index alone (index-only scan). Other
            # databases create it without INCLUDE.
            models.Index(
                fields=["agency", "due_date"],
                include=[
                    "lead_unit",
                    "lead_agency",
                    "due_at",
                    "soon_at",
                    "finished_at",
                    "finished_date",
                    "suspended_at",
                    "extension_count",
                ],
                name="task_agency_due_cov_idx",
            ),
            models.Index(fields=["lead_unit", "due_date"], name="task_lead_unit_due_idx"),
            models.Index(fields=["lead_agency", "due_date"], name="task_lead_agency_due_idx"),
            # The "I assigned" / "I entered" branches of the visibility rule, for a due range
            # (access.visible_parts): agency and id included, so the leading agencies are
            # excluded from the index alone.
            models.Index(
                fields=["assigned_by", "due_date"],
                include=["agency", "id"],
                name="task_assigner_due_idx",
            ),
            models.Index(
                fields=["created_by", "due_date"],
                include=["agency", "id"],
                name="task_creator_due_idx",
            ),
            models.Index(fields=["source_type", "source_id"], name="task_source_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="task_exactly_one_lead",
                condition=(
                    Q(lead_unit__isnull=False, lead_agency__isnull=True)
                    | Q(lead_unit__isnull=True, lead_agency__isnull=False)
                ),
            ),
        ]

    def __str__(self) -> str:
        text = self.content if len(self.content) <= 80 else self.content[:77] + "…"
        return f"NV-{self.pk}: {text}"

    @property
    def code(self) -> str:
        return f"NV-{self.pk}"

    @property
    def lead(self):
        return self.lead_unit or self.lead_agency

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def is_extended(self) -> bool:
        return bool(self.extension_count)


class Coordinator(models.Model):
    """A coordinating (phối hợp) unit or agency of a task."""

    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.CASCADE, related_name="coordinators"
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị phối hợp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan phối hợp"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("đơn vị phối hợp")
        verbose_name_plural = _("đơn vị phối hợp")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                name="task_coord_exactly_one",
                condition=(
                    Q(unit__isnull=False, agency__isnull=True)
                    | Q(unit__isnull=True, agency__isnull=False)
                ),
            ),
            models.UniqueConstraint(fields=["task", "unit"], name="task_coord_unit_once"),
            models.UniqueConstraint(fields=["task", "agency"], name="task_coord_agency_once"),
        ]

    def __str__(self) -> str:
        return str(self.unit or self.agency)


class TaskReport(models.Model):
    """A progress report (báo cáo tiến độ) or a completion proposal of a unit."""

    class Kind(models.TextChoices):
        TIEN_DO = "tien_do", _("Báo cáo tiến độ")
        DE_NGHI_HOAN_THANH = "hoan_thanh", _("Đề nghị hoàn thành")

    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="reports"
    )
    kind = models.CharField(_("loại báo cáo"), max_length=12, choices=Kind.choices)
    text = NFCTextField(_("nội dung báo cáo"))
    author = models.ForeignKey(
        "org.Official", verbose_name=_("người báo cáo"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("báo cáo lúc"))

    class Meta:
        verbose_name = _("báo cáo nhiệm vụ")
        verbose_name_plural = _("báo cáo nhiệm vụ")
        ordering = ["created_at", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.task.code}"


class ExtensionRequest(models.Model):
    """Xin gia hạn: asked by the lead, decided by the assigning leader."""

    class State(models.TextChoices):
        CHO_XU_LY = "cho_xu_ly", _("Chờ xem xét")
        DONG_Y = "dong_y", _("Đồng ý gia hạn")
        TU_CHOI = "tu_choi", _("Không đồng ý")

    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="extensions"
    )
    requested_by = models.ForeignKey(
        "org.Official", verbose_name=_("người đề nghị"), on_delete=models.PROTECT, related_name="+"
    )
    requested_at = models.DateTimeField(_("đề nghị lúc"))
    requested_due_date = models.DateField(_("hạn đề nghị"))
    reason = NFCTextField(_("lý do"))
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.CHO_XU_LY
    )
    previous_due_at = models.DateTimeField(_("hạn trước khi gia hạn"), null=True, blank=True)
    decided_by = models.ForeignKey(
        "org.Official",
        verbose_name=_("người quyết định"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("quyết định lúc"), null=True, blank=True)
    decision_note = NFCTextField(_("ý kiến"), blank=True)

    class Meta:
        verbose_name = _("đề nghị gia hạn")
        verbose_name_plural = _("đề nghị gia hạn")
        ordering = ["requested_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["task"],
                condition=Q(state="cho_xu_ly"),
                name="task_one_pending_extension",
            )
        ]

    def __str__(self) -> str:
        return f"{self.task.code}: {self.requested_due_date:%d/%m/%Y}"


class Reminder(models.Model):
    """A reminder sent once per task, kind and due moment (in-app list and e-mail)."""

    class Kind(models.TextChoices):
        SAP_DEN_HAN = "sap_den_han", _("Sắp đến hạn")
        QUA_HAN = "qua_han", _("Quá hạn")

    task = models.ForeignKey(
        Task, verbose_name=_("nhiệm vụ"), on_delete=models.PROTECT, related_name="reminders"
    )
    kind = models.CharField(_("loại nhắc"), max_length=12, choices=Kind.choices)
    due_at = models.DateTimeField(_("hạn lúc nhắc"))
    sent_at = models.DateTimeField(_("gửi lúc"))
    recipients = models.TextField(_("người nhận (thư điện tử)"), blank=True)

    class Meta:
        verbose_name = _("nhắc việc")
        verbose_name_plural = _("nhắc việc")
        ordering = ["-sent_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["task", "kind", "due_at"], name="task_reminder_once")
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.task.code}"
