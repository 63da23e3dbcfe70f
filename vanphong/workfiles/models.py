"""Hồ sơ công việc (NĐ 30/2020/NĐ-CP, Điều 28–29, Phụ lục V).

* :class:`Catalog` — the agency's yearly list of work files (danh mục hồ sơ), kept by the
  office (văn thư, leaders), copied from the previous year;
* :class:`Heading` — a large heading (đề mục lớn, numbered I, II, … — by unit or by field);
* :class:`Workfile` — one work file of the list (số và ký hiệu hồ sơ, tiêu đề, thời hạn bảo quản,
  người lập hồ sơ, ghi chú), planned → open → closed;
* :class:`FiledDocument` — a document in a file: a generic link (content type + id) to any
  case, so one document sits in several files without copies. Unfiling deletes the link and is
  written to the event log.

Write only through :mod:`vanphong.workfiles.services`.
"""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from vanphong.core.text import NFCCharField


class Catalog(models.Model):
    """Danh mục hồ sơ of one agency for one year."""

    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    year = models.PositiveSmallIntegerField(_("năm"))
    title = NFCCharField(_("tên danh mục"), max_length=300)
    created_by = models.ForeignKey(
        "org.Official", verbose_name=_("người lập"), on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(_("lập lúc"))

    class Meta:
        verbose_name = _("danh mục hồ sơ")
        verbose_name_plural = _("danh mục hồ sơ")
        ordering = ["agency", "-year"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year"], name="workfiles_catalog_one_a_year")
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("workfiles:catalog") + f"?nam={self.year}"


ROMAN = (
    (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
    (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
)  # fmt: skip


def roman(n: int) -> str:
    out = ""
    for value, letters in ROMAN:
        while n >= value:
            out += letters
            n -= value
    return out


class Heading(models.Model):
    """Đề mục lớn of a danh mục (Roman numerals), usually one per unit."""

    catalog = models.ForeignKey(
        Catalog, verbose_name=_("danh mục"), on_delete=models.CASCADE, related_name="headings"
    )
    order = models.PositiveSmallIntegerField(_("thứ tự"))
    title = NFCCharField(_("tên đề mục"), max_length=300)
    code = models.CharField(
        _("ký hiệu"),
        max_length=10,
        help_text=_("Chữ viết tắt dùng trong số ký hiệu hồ sơ, ví dụ TCCB."),
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )

    class Meta:
        verbose_name = _("đề mục")
        verbose_name_plural = _("đề mục")
        ordering = ["catalog", "order", "id"]

    def __str__(self) -> str:
        return f"{self.numeral}. {self.title}"

    @property
    def numeral(self) -> str:
        return roman(self.order)


class WorkfileState(models.TextChoices):
    PLANNED = "planned", _("Chưa mở")
    OPEN = "open", _("Đang lập")
    CLOSED = "closed", _("Đã kết thúc")


class Workfile(models.Model):
    """One hồ sơ of the danh mục (Phụ lục V columns; Phụ lục VI hồ sơ metadata names)."""

    catalog = models.ForeignKey(
        Catalog, verbose_name=_("danh mục"), on_delete=models.PROTECT, related_name="workfiles"
    )
    heading = models.ForeignKey(
        Heading, verbose_name=_("đề mục"), on_delete=models.PROTECT, related_name="workfiles"
    )
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    ordinal = models.PositiveSmallIntegerField(_("số thứ tự"))
    notation = models.CharField(_("số và ký hiệu hồ sơ"), max_length=20)  # FileNotation
    title = NFCCharField(_("tên đề mục và tiêu đề hồ sơ"), max_length=500)  # Title
    retention = NFCCharField(_("thời hạn bảo quản"), max_length=30)  # Maintenance
    creator = models.ForeignKey(
        "org.Official",
        verbose_name=_("người lập hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    note = NFCCharField(_("ghi chú"), max_length=500, blank=True)
    state = models.CharField(
        _("trạng thái"),
        max_length=10,
        choices=WorkfileState.choices,
        default=WorkfileState.PLANNED,
    )
    opened_at = models.DateTimeField(_("mở lúc"), null=True, blank=True)
    closed_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("hồ sơ công việc")
        verbose_name_plural = _("hồ sơ công việc")
        ordering = ["catalog", "heading__order", "ordinal", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["catalog", "notation"], name="workfiles_workfile_notation_unique"
            )
        ]
        indexes = [models.Index(fields=["creator", "state"], name="workfiles_creator_state_idx")]

    def __str__(self) -> str:
        return f"{self.notation} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("workfiles:detail", args=[self.pk])

    @property
    def is_open(self) -> bool:
        return self.state == WorkfileState.OPEN


class FiledDocument(models.Model):
    """A document in a work file: a link, never a copy (one document, several files)."""

    workfile = models.ForeignKey(
        Workfile, verbose_name=_("hồ sơ"), on_delete=models.PROTECT, related_name="filed"
    )
    case_type = models.ForeignKey(
        ContentType, verbose_name=_("loại văn bản"), on_delete=models.PROTECT, related_name="+"
    )
    case_id = models.PositiveBigIntegerField(_("mã văn bản"))
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    filed_by = models.ForeignKey(
        "org.Official", verbose_name=_("người đưa vào"), on_delete=models.PROTECT, related_name="+"
    )
    filed_at = models.DateTimeField(_("đưa vào lúc"))

    class Meta:
        verbose_name = _("văn bản trong hồ sơ")
        verbose_name_plural = _("văn bản trong hồ sơ")
        ordering = ["workfile", "filed_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["workfile", "case_type", "case_id"], name="workfiles_filed_once"
            )
        ]
        indexes = [models.Index(fields=["case_type", "case_id"], name="workfiles_filed_case_idx")]

    def __str__(self) -> str:
        return f"{self.workfile.notation}: {self.case_type_id}/{self.case_id}"
