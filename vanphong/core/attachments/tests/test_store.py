"""Storing, reading and deriving attachments through the services."""

from __future__ import annotations

import gc
import hashlib
import unicodedata
from pathlib import Path

import pytest
from django.core.files.base import ContentFile
from django.db import transaction

from vanphong.core import eventlog
from vanphong.core.attachments import services
from vanphong.core.attachments.models import Attachment
from vanphong.core.attachments.services import (
    attachment_link_case,
    attachment_open,
    attachment_read,
    attachment_store,
    attachment_store_derived,
)
from vanphong.core.attachments.tests.samples import DOCX, PDF, PNG, XLSX, upload
from vanphong.core.errors import DomainError
from vanphong.org.testing import make_agency, make_official, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def agency():
    return make_agency()


@pytest.fixture
def user(agency):
    return make_official(agency)


def media_files(settings) -> list[Path]:
    root = Path(settings.MEDIA_ROOT)
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


def store(user, agency, name, data, kinds=("pdf", "docx"), **kw):
    return attachment_store(
        acting_user=user, file=upload(name, data), kinds=kinds, agency=agency, **kw
    )


def test_good_pdf_is_stored_with_its_sha256(settings, user, agency):
    att = store(user, agency, "Quyết định 05.pdf", PDF)
    assert att.sha256 == hashlib.sha256(PDF).hexdigest()
    assert (att.size, att.kind, att.content_type) == (len(PDF), "pdf", "application/pdf")
    assert att.agency_id == agency.pk and att.created_by == user and att.is_original
    assert att.storage_path.startswith(f"attachments/{agency.pk}/")
    [path] = media_files(settings)
    assert path.read_bytes() == PDF
    assert path.as_posix().endswith(att.storage_path)
    assert attachment_read(att) == PDF
    [event] = eventlog.trail(att)
    assert event.action == "attachments.store"
    assert event.payload["sha256"] == att.sha256


def test_docx_and_other_allowed_kinds(user, agency):
    assert store(user, agency, "to-trinh.docx", DOCX).kind == "docx"
    assert store(user, agency, "bang.xlsx", XLSX, kinds=("xlsx",)).kind == "xlsx"
    assert store(user, agency, "anh.PNG", PNG, kinds=("png", "jpeg")).kind == "png"


def assert_refused(settings, code, call):
    before = Attachment.objects.count()
    with pytest.raises(DomainError) as exc:
        call()
    assert exc.value.code == code
    assert str(exc.value.message)  # a Vietnamese sentence for the user
    assert Attachment.objects.count() == before
    assert media_files(settings) == []
    return exc.value


def test_text_renamed_pdf_is_refused(settings, user, agency):
    err = assert_refused(
        settings,
        "file_type_mismatch",
        lambda: store(user, agency, "cong-van.pdf", b"Day chi la van ban thuong."),
    )
    assert "PDF" in err.message
    assert err.fields["file"]


def test_workbook_renamed_docx_is_refused(settings, user, agency):
    assert_refused(settings, "file_type_mismatch", lambda: store(user, agency, "a.docx", XLSX))


def test_kind_not_allowed_for_this_use(settings, user, agency):
    err = assert_refused(
        settings, "file_type_not_allowed", lambda: store(user, agency, "a.xlsx", XLSX)
    )
    assert "PDF" in err.message and "DOCX" in err.message
    assert_refused(settings, "file_type_not_allowed", lambda: store(user, agency, "a.exe", PDF))
    assert_refused(settings, "file_type_not_allowed", lambda: store(user, agency, "pdf", PDF))


def test_oversized_file_is_refused(settings, user, agency):
    settings.UPLOAD_MAX_BYTES = len(PDF) - 1
    err = assert_refused(settings, "file_too_large", lambda: store(user, agency, "a.pdf", PDF))
    assert err.status == 413
    settings.UPLOAD_MAX_BYTES = len(PDF)  # at the limit: accepted
    assert store(user, agency, "a.pdf", PDF).size == len(PDF)


def test_oversized_stream_without_a_declared_size_is_refused(settings, user, agency):
    class Unsized(ContentFile):
        size = None

    settings.UPLOAD_MAX_BYTES = 100
    f = Unsized(PDF + b"0" * 200, name="a.pdf")
    assert_refused(
        settings,
        "file_too_large",
        lambda: attachment_store(acting_user=user, file=f, kinds=("pdf",), agency=agency),
    )


def test_empty_file_is_refused(settings, user, agency):
    assert_refused(settings, "file_empty", lambda: store(user, agency, "rong.pdf", b""))


def test_rolled_back_transaction_leaves_no_file_and_no_row(settings, user, agency):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            att = store(user, agency, "a.pdf", PDF)
            assert len(media_files(settings)) == 1
            raise RuntimeError("the caller's next step failed")
    gc.collect()
    assert media_files(settings) == []
    assert not Attachment.objects.filter(pk=att.pk).exists()


def test_failure_inside_the_service_leaves_no_file(settings, user, agency, monkeypatch):
    def boom(**kwargs):
        raise RuntimeError("event log unavailable")

    monkeypatch.setattr(services.eventlog, "record", boom)
    with pytest.raises(RuntimeError):
        store(user, agency, "a.pdf", PDF)
    assert media_files(settings) == []
    assert Attachment.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_outermost_commit_keeps_the_file_and_rollback_removes_it(settings):
    agency = make_agency()
    user = make_official(agency)
    kept = store(user, agency, "giu.pdf", PDF)  # its own transaction, committed
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            store(user, agency, "bo.pdf", PDF)
            raise RuntimeError
    gc.collect()
    [path] = media_files(settings)
    assert path.as_posix().endswith(kept.storage_path)
    assert list(Attachment.objects.values_list("pk", flat=True)) == [kept.pk]


def test_identical_bytes_twice_are_two_rows_and_two_files(settings, user, agency):
    a = store(user, agency, "a.pdf", PDF)
    b = store(user, agency, "b.pdf", PDF)
    assert a.pk != b.pk and a.sha256 == b.sha256
    assert a.storage_path != b.storage_path
    assert [p.read_bytes() for p in media_files(settings)] == [PDF, PDF]


def test_original_is_immutable(user, agency):
    att = store(user, agency, "a.pdf", PDF)
    for field, value in [("sha256", "0" * 64), ("storage_path", "x"), ("size", 1)]:
        fresh = Attachment.objects.get(pk=att.pk)
        setattr(fresh, field, value)
        with pytest.raises(ValueError, match="immutable"):
            fresh.save()
    with pytest.raises(ValueError, match="immutable"):
        att.original_name = "khac.pdf"
        att.save()
    fresh = Attachment.objects.get(pk=att.pk)
    with pytest.raises(ValueError, match="immutable"):
        fresh.save(update_fields=["original_name"])
    assert Attachment.objects.get(pk=att.pk).sha256 == hashlib.sha256(PDF).hexdigest()


def test_derived_file_is_stored_beside_the_original(settings, user, agency):
    unit = make_unit(agency)  # stands in for a case
    original = store(user, agency, "Công văn.pdf", PDF, case=unit)
    ocr = attachment_store_derived(
        acting_user=None,
        original=original,
        file=ContentFile("Công văn số 5".encode(), name="ocr.txt"),
        derived_kind="ocr_text",
    )
    assert ocr.derived_from == original and ocr.derived_kind == "ocr_text"
    assert ocr.kind == "txt" and ocr.original_name == "Công văn.ocr_text.txt"
    assert ocr.storage_path.rpartition("/")[0] == original.storage_path.rpartition("/")[0]
    assert (ocr.case_type_id, ocr.case_id) == (original.case_type_id, original.case_id)
    assert ocr.case == unit
    assert list(original.derived.all()) == [ocr]
    # The original is untouched, byte for byte.
    assert attachment_read(original) == PDF
    assert attachment_read(ocr) == "Công văn số 5".encode()
    assert len(media_files(settings)) == 2
    # A derived file must also pass its content check.
    with pytest.raises(DomainError) as exc:
        attachment_store_derived(
            acting_user=None, original=original, file=ContentFile(b"x", name="a.pdf"),
            derived_kind="pdfa",
        )  # fmt: skip
    assert exc.value.code == "file_type_mismatch"
    with pytest.raises(DomainError) as exc:
        attachment_store_derived(
            acting_user=None, original=ocr, file=ContentFile(b"x", name="a.txt"),
            derived_kind="ocr_text",
        )  # fmt: skip
    assert exc.value.code == "attachment_not_original"


def test_changed_bytes_are_detected_on_read(settings, user, agency):
    att = store(user, agency, "a.pdf", PDF)
    [path] = media_files(settings)
    path.write_bytes(PDF.replace(b"Catalog", b"Katalog"))
    with pytest.raises(DomainError) as exc:
        attachment_open(att)
    assert exc.value.code == "integrity_error"
    path.unlink()
    with pytest.raises(DomainError) as exc:
        attachment_open(att)
    assert exc.value.code == "integrity_error"


def test_names_are_cleaned_and_nfc(user, agency):
    decomposed = unicodedata.normalize("NFD", "Tờ trình.pdf")
    att = store(user, agency, decomposed, PDF)
    assert att.original_name == "Tờ trình.pdf"
    att = attachment_store(
        acting_user=user,
        file=ContentFile(PDF, name="x.pdf"),
        kinds=("pdf",),
        agency=agency,
        name="..\\..\\etc/  Báo   cáo.pdf",
    )
    assert att.original_name == "Báo cáo.pdf"
    assert ".." not in att.storage_path


def test_link_case_later(user, agency):
    att = store(user, agency, "a.pdf", PDF)
    ocr = attachment_store_derived(
        acting_user=user,
        original=att,
        file=ContentFile(b"abc", name="o.txt"),
        derived_kind="ocr_text",
    )
    unit = make_unit(agency)
    attachment_link_case(acting_user=user, attachment=att, case=unit)
    assert Attachment.objects.get(pk=att.pk).case == unit
    assert Attachment.objects.get(pk=ocr.pk).case == unit
    with pytest.raises(DomainError) as exc:
        attachment_link_case(acting_user=user, attachment=att, case=make_unit(agency))
    assert exc.value.code == "attachment_already_linked"


def test_case_of_another_agency_is_a_programming_error(settings, user, agency):
    other_case = make_unit(make_agency())
    with pytest.raises(ValueError, match="another agency"):
        store(user, agency, "a.pdf", PDF, case=other_case)
    assert media_files(settings) == []
