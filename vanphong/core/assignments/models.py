"""Assignments: who handles a case (an agency, a unit or a person), in which role, by when.

A case (incoming document, task, petition, dossier…) is assigned as chủ trì (lead), phối hợp
(coordinating) or để biết (for information), each assignment with its own deadline from the
kernel's :mod:`vanphong.core.deadlines`. Forwarding (chuyển) closes an assignment and opens a
new one for another assignee; sub-assignment (giao tiếp) opens a child under an assignment
that stays open; return (trả lại) sends it back to the assigner with a reason.
"""

from __future__ import annotations

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vanphong.core.deadlines import DeadlineFields


class AssignmentRole(models.TextChoices):
    CHU_TRI = "chu_tri", _("Chủ trì")
    PHOI_HOP = "phoi_hop", _("Phối hợp")
    DE_BIET = "de_biet", _("Để biết")


class AssignmentState(models.TextChoices):
    DANG_XU_LY = "dang_xu_ly", _("Đang xử lý")
    DA_CHUYEN = "da_chuyen", _("Đã chuyển")
    TRA_LAI = "tra_lai", _("Đã trả lại")
    HOAN_THANH = "hoan_thanh", _("Đã hoàn thành")
    THU_HOI = "thu_hoi", _("Đã thu hồi")


OPEN_STATES = (AssignmentState.DANG_XU_LY,)


class Assignment(DeadlineFields):
    # The case, any model of any module.
    case_type = models.ForeignKey(
        ContentType, verbose_name=_("loại hồ sơ"), on_delete=models.PROTECT, related_name="+"
    )
    case_id = models.PositiveBigIntegerField(_("mã hồ sơ"))
    case = GenericForeignKey("case_type", "case_id")

    # The agency that owns the case and gave this assignment (scoping).
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan giao"), on_delete=models.PROTECT, related_name="+"
    )
    # Exactly one assignee: an agency, a unit or a person.
    assignee_agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan được giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    assignee_unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị được giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    assignee_user = models.ForeignKey(
        "org.Official",
        verbose_name=_("cán bộ được giao"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="assignments",
    )
    role = models.CharField(_("vai trò"), max_length=10, choices=AssignmentRole.choices)
    state = models.CharField(
        _("trạng thái"),
        max_length=12,
        choices=AssignmentState.choices,
        default=AssignmentState.DANG_XU_LY,
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("giao từ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    forwarded_from = models.OneToOneField(
        "self",
        verbose_name=_("chuyển từ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="forwarded_to",
    )
    instruction = models.TextField(_("ý kiến, nội dung giao"), blank=True)
    assigned_by = models.ForeignKey(
        "org.Official", verbose_name=_("người giao"), on_delete=models.PROTECT, related_name="+"
    )
    assigned_at = models.DateTimeField(_("giao lúc"))
    closed_by = models.ForeignKey(
        "org.Official",
        verbose_name=_("người kết thúc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)
    result = models.TextField(_("kết quả, lý do"), blank=True)

    class Meta:
        verbose_name = _("phân công xử lý")
        verbose_name_plural = _("phân công xử lý")
        ordering = ["assigned_at", "id"]
        indexes = [
            models.Index(fields=["case_type", "case_id"], name="assign_case_idx"),
            models.Index(fields=["assignee_user", "state"], name="assign_user_state_idx"),
            models.Index(fields=["assignee_unit", "state"], name="assign_unit_state_idx"),
            models.Index(fields=["assignee_agency", "state"], name="assign_agency_state_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                name="assign_exactly_one_assignee",
                condition=(
                    Q(
                        assignee_agency__isnull=False,
                        assignee_unit__isnull=True,
                        assignee_user__isnull=True,
                    )
                    | Q(
                        assignee_agency__isnull=True,
                        assignee_unit__isnull=False,
                        assignee_user__isnull=True,
                    )
                    | Q(
                        assignee_agency__isnull=True,
                        assignee_unit__isnull=True,
                        assignee_user__isnull=False,
                    )
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_role_display()}: {self.assignee}"

    @property
    def assignee(self):
        return self.assignee_user or self.assignee_unit or self.assignee_agency

    @property
    def is_open(self) -> bool:
        return self.state == AssignmentState.DANG_XU_LY
