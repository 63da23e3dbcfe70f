"""Selectors, the download response, and the database guard on immutable columns."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.db import IntegrityError, InternalError, transaction
from django.db.utils import DatabaseError

from vanphong.core.attachments.dbguards import ensure_trigger
from vanphong.core.attachments.models import Attachment
from vanphong.core.attachments.selectors import (
    attachment_response,
    attachments_for_case,
    derived_files,
)
from vanphong.core.attachments.services import attachment_store, attachment_store_derived
from vanphong.core.attachments.tests.samples import PDF
from vanphong.org.testing import make_agency, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def original():
    agency = make_agency()
    return attachment_store(
        acting_user=None,
        file=ContentFile(PDF, name="Quyết định.pdf"),
        kinds=("pdf",),
        agency=agency,
        case=make_unit(agency),
    )


def test_attachments_for_case_and_derived(original):
    ocr = attachment_store_derived(
        acting_user=None, original=original, file=ContentFile(b"ocr"), derived_kind="ocr_text"
    )
    case = original.case
    assert list(attachments_for_case(case)) == [original]
    assert list(attachments_for_case(case, include_derived=True)) == [original, ocr]
    assert list(derived_files(original)) == [ocr]
    assert list(attachments_for_case(make_unit(original.agency))) == []


def test_download_response_has_the_original_name_and_bytes(original):
    response = attachment_response(original)
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Length"] == str(len(PDF))
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert "filename*=utf-8''Quy%E1%BA%BFt%20%C4%91%E1%BB%8Bnh.pdf" in disposition
    assert b"".join(response.streaming_content) == PDF
    assert attachment_response(original, inline=True)["Content-Disposition"].startswith("inline")


@pytest.mark.parametrize(
    ("field", "value"),
    [("sha256", "0" * 64), ("storage_path", "attachments/x"), ("size", 1), ("kind", "docx")],
)
def test_database_refuses_changing_the_stored_file(original, field, value):
    with pytest.raises((IntegrityError, InternalError, DatabaseError)):
        with transaction.atomic():
            Attachment.objects.filter(pk=original.pk).update(**{field: value})
    assert getattr(Attachment.objects.get(pk=original.pk), field) == getattr(original, field)


def test_case_link_may_change_in_the_database(original):
    other = make_unit(original.agency)
    assert Attachment.objects.filter(pk=original.pk).update(case_id=other.pk) == 1


def test_trigger_is_recreated_when_lost(original):
    from django.db import connection

    if connection.vendor != "sqlite":
        assert ensure_trigger() is False
        return
    assert ensure_trigger() is False  # present
    with connection.cursor() as cursor:
        cursor.execute("DROP TRIGGER attachments_attachment_immutable")
    assert ensure_trigger() is True
    with pytest.raises(DatabaseError):
        with transaction.atomic():
            Attachment.objects.filter(pk=original.pk).update(size=1)
