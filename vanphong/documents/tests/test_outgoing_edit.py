"""The edit-draft screen of văn bản đi: metadata and a new version while the draft is a draft or
returned for revision; earlier versions kept; refusals leave everything unchanged."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from vanphong.core import clock, eventlog
from vanphong.documents import services
from vanphong.documents.models import OutgoingState
from vanphong.documents.tests.factories import (
    doc_type,
    docx_file,
    draft,
    fake_pdf,
    make_world,
    row_counts,
    stored_files,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    clock.travel_to(dt.datetime(2026, 3, 10, 9, 0))
    return make_world()


def _post(world, doc, **overrides):
    office = world.office
    data = {
        "doc_type": doc_type("KH").pk,
        "trich_yeu": "V/v kế hoạch kiểm tra công vụ năm 2026 (sửa)",
        "urgency": "khan",
        "confidentiality": "thuong",
        "units": [office.th.pk],
        "agencies": [world.department.pk],
        "external": "000.00.00.G12 | Bộ Tài chính",
        "noi_nhan": "- Như trên;\n- Lưu: VT, KT.",
        "copies": "5",
        "version_note": "Sửa theo góp ý",
    }
    data.update(overrides)
    return data


def test_author_edits_a_draft_and_uploads_a_new_version(client, world):
    office = world.office
    doc = draft(world, recipients=[office.th])
    client.force_login(office.kt_specialist)
    detail = client.get(reverse("documents:outgoing_detail", args=[doc.pk])).content.decode()
    assert reverse("documents:outgoing_edit", args=[doc.pk]) in detail
    page = client.get(reverse("documents:outgoing_edit", args=[doc.pk])).content.decode()
    assert doc.trich_yeu in page and "v1" in page
    r = client.post(
        reverse("documents:outgoing_edit", args=[doc.pk]),
        _post(world, doc, file=docx_file("du-thao-v2.docx", text="Bản sửa")),
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    doc.refresh_from_db()
    assert doc.trich_yeu.endswith("(sửa)") and doc.urgency == "khan" and doc.copies == 5
    assert doc.doc_type == doc_type("KH") and doc.drafting_unit == office.kt
    kinds = sorted(r.kind for r in doc.recipients.all())
    assert kinds == ["agency", "external", "unit"]
    versions = list(doc.versions.order_by("number"))
    assert [v.number for v in versions] == [1, 2]
    assert versions[1].file.original_name == "du-thao-v2.docx"
    assert versions[1].note == "Sửa theo góp ý"
    actions = [e.action for e in eventlog.trail(doc)]
    assert "documents.outgoing.update" in actions and "documents.outgoing.version" in actions
    # The form shows what is stored (recipients selected).
    page = client.get(reverse("documents:outgoing_edit", args=[doc.pk])).content.decode()
    assert f'<option value="{world.department.pk}" selected>' in page
    assert "Bộ Tài chính" in page and "du-thao-v2.docx" in page


def test_edit_after_return_for_revision_then_not_once_submitted(client, world):
    office = world.office
    doc = draft(world)
    services.outgoing_submit(office.kt_specialist, doc)
    client.force_login(office.kt_specialist)
    url = reverse("documents:outgoing_edit", args=[doc.pk])
    assert client.get(url).status_code == 404  # in review: not editable
    services.outgoing_return(office.kt_head, doc, comment="Sửa trích yếu")
    doc.refresh_from_db()
    assert doc.state == OutgoingState.RETURNED
    r = client.post(url, _post(world, doc, file=docx_file("v2.docx")))
    assert r.status_code == 302
    assert doc.versions.count() == 2
    client.force_login(office.kt_head)  # only the author edits
    assert client.get(url).status_code == 404


@pytest.mark.parametrize(
    "overrides, message",
    [
        ({"trich_yeu": "  "}, "Thông tin văn bản đi chưa hợp lệ"),
        ({"external": "sai mã | Bộ Tài chính"}, "không hợp lệ"),
        ({"file": "fake"}, "PDF"),
        ({"confidentiality": "mat"}, "Văn bản mật"),
    ],
)
def test_bad_edit_refused_with_message_nothing_written(client, world, settings, overrides, message):
    doc = draft(world)
    if overrides.get("file") == "fake":
        overrides["file"] = fake_pdf()
    client.force_login(world.office.kt_specialist)
    before, files = row_counts(), stored_files(settings)
    r = client.post(
        reverse("documents:outgoing_edit", args=[doc.pk]), _post(world, doc, **overrides)
    )
    assert r.status_code == 200
    assert message in r.content.decode()
    assert row_counts() == before and stored_files(settings) == files
    fresh = type(doc).objects.get(pk=doc.pk)
    assert fresh.trich_yeu == doc.trich_yeu and fresh.urgency == doc.urgency
