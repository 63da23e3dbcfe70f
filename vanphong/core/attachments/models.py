"""Attachments: original files kept byte for byte, derived files beside them."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from vanphong.core import clock
from vanphong.core.attachments.content import KINDS
from vanphong.core.text import NFCCharField

FileKindChoices = models.TextChoices(
    "FileKindChoices", [(k.code, (k.code, k.label)) for k in KINDS.values()]
)


class DerivedKind(models.TextChoices):
    OCR_TEXT = "ocr_text", _("Văn bản nhận dạng (OCR)")
    PDFA = "pdfa", _("Bản PDF/A lưu trữ")
    PREVIEW = "preview", _("Ảnh xem trước")


# Every column but the case link is fixed once the row exists.
IMMUTABLE_FIELDS = (
    "agency_id",
    "original_name",
    "content_type",
    "size",
    "sha256",
    "storage_path",
    "kind",
    "created_by_id",
    "created_at",
    "derived_from_id",
    "derived_kind",
)
CASE_FIELDS = ("case_type", "case_type_id", "case_id")


class Attachment(models.Model):
    """One stored file. The bytes at ``storage_path`` never change and no API replaces them;
    a derived file (OCR text, PDF/A, preview) is its own row with ``derived_from`` set.

    Write through :mod:`vanphong.core.attachments.services` only. ``save()`` refuses to change
    any column except the case link (``case_type``/``case_id``), so an upload made before its
    case existed can be attached to it later.
    """

    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    original_name = NFCCharField(_("tên tệp"), max_length=255)
    content_type = models.CharField(_("kiểu nội dung"), max_length=120)
    size = models.PositiveBigIntegerField(_("dung lượng (byte)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    storage_path = models.CharField(_("đường dẫn lưu trữ"), max_length=500, unique=True)
    kind = models.CharField(_("loại tệp"), max_length=10, choices=FileKindChoices.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người tải lên"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    created_at = models.DateTimeField(_("thời điểm tải lên"), default=clock.now)
    case_type = models.ForeignKey(
        ContentType,
        verbose_name=_("loại hồ sơ"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    case_id = models.PositiveBigIntegerField(_("mã hồ sơ"), null=True, blank=True)
    case = GenericForeignKey("case_type", "case_id")
    derived_from = models.ForeignKey(
        "self",
        verbose_name=_("tệp gốc"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="derived",
    )
    derived_kind = models.CharField(
        _("loại tệp dẫn xuất"), max_length=20, choices=DerivedKind.choices, blank=True
    )

    class Meta:
        verbose_name = _("tệp đính kèm")
        verbose_name_plural = _("tệp đính kèm")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["case_type", "case_id"], name="attachments_case_idx")]
        constraints = [
            models.CheckConstraint(
                condition=Q(derived_from__isnull=True, derived_kind="")
                | Q(derived_from__isnull=False) & ~Q(derived_kind=""),
                name="attachments_derived_kind_iff_derived",
            ),
            models.CheckConstraint(condition=Q(size__gt=0), name="attachments_size_positive"),
            models.CheckConstraint(
                condition=Q(case_type__isnull=True, case_id__isnull=True)
                | Q(case_type__isnull=False, case_id__isnull=False),
                name="attachments_case_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def save(self, *args, **kwargs):
        if not self._state.adding:
            loaded = getattr(self, "_loaded", {})
            changed = [name for name, value in loaded.items() if getattr(self, name) != value]
            update_fields = kwargs.get("update_fields")
            if update_fields is not None:
                changed += [name for name in update_fields if name not in CASE_FIELDS]
            if changed:
                raise ValueError(f"attachments: an attachment is immutable (tried {changed})")
        super().save(*args, **kwargs)
        self._loaded = {name: getattr(self, name) for name in IMMUTABLE_FIELDS}

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        instance._loaded = {
            name: getattr(instance, name) for name in IMMUTABLE_FIELDS if name in instance.__dict__
        }
        return instance

    @property
    def is_original(self) -> bool:
        return self.derived_from_id is None
