"""Reading attachments: by case, and as an HTTP response."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import QuerySet
from django.http import FileResponse

from vanphong.core.attachments.models import Attachment
from vanphong.core.attachments.services import attachment_open


def attachments_for_case(case: models.Model, *, include_derived: bool = False) -> QuerySet:
    """The attachments of ``case`` (originals only unless ``include_derived``), oldest first."""
    qs = Attachment.objects.filter(
        case_type=ContentType.objects.get_for_model(case), case_id=case.pk
    ).select_related("created_by")
    if not include_derived:
        qs = qs.filter(derived_from__isnull=True)
    return qs.order_by("created_at", "id")


def derived_files(original: Attachment) -> QuerySet:
    """The files derived from ``original`` (OCR text, PDF/A, previews), oldest first."""
    return Attachment.objects.filter(derived_from=original).order_by("created_at", "id")


def attachment_response(att: Attachment, *, inline: bool = False) -> FileResponse:
    """A download of the verified bytes of ``att`` under its original (Vietnamese) name, with
    the content type established at upload. ``inline`` shows PDFs and images in the browser.
    Raises ``DomainError("integrity_error")`` before sending anything if the bytes changed.
    Permission checks belong to the caller (the case's visibility rules)."""
    f = attachment_open(att)
    response = FileResponse(
        f,
        as_attachment=not inline,
        filename=att.original_name,
        content_type=att.content_type,
    )
    response["Content-Length"] = str(att.size)
    response["X-Content-Type-Options"] = "nosniff"
    return response
