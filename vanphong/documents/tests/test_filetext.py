"""The text layer of a document's file (PDF, .docx) is searchable: a word only inside the file
is found by the documents search (screens and API), accent-insensitively."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vanphong.core import clock
from vanphong.documents import services, textlayer
from vanphong.documents.tests.factories import (
    approve_all,
    docx_file,
    draft,
    make_office,
    make_world,
    pdf_file,
    register,
)
from vanphong.org.testing import api_headers

pytestmark = pytest.mark.django_db

WORD = "Xuântrườngđê"  # a made-up word, nowhere in the metadata


def text_pdf(name: str = "cong-van.pdf", text: str = "") -> SimpleUploadedFile:
    from weasyprint import HTML

    html = f"<p>Kính gửi Ủy ban nhân dân tỉnh.</p><p>{text}</p>"
    return SimpleUploadedFile(name, HTML(string=html).write_pdf(), "application/pdf")


@pytest.fixture
def office():
    clock.travel_to(dt.datetime(2026, 3, 10, 9, 0))
    return make_office()


def test_text_layer_read_and_bounded(monkeypatch):
    from vanphong.core.attachments.models import Attachment

    att = Attachment(kind="docx")
    monkeypatch.setattr(textlayer, "attachment_read", lambda a: docx_file(text="Đê điều").read())
    assert textlayer.text_of(att) == "Đê điều"
    monkeypatch.setattr(textlayer, "MAX_CHARS", 10)
    monkeypatch.setattr(
        textlayer, "attachment_read", lambda a: docx_file(text="một hai ba bốn năm sáu").read()
    )
    assert len(textlayer.text_of(att)) == 10
    broken = Attachment(kind="pdf")
    monkeypatch.setattr(textlayer, "attachment_read", lambda a: b"%PDF-1.4 broken %%EOF")
    assert textlayer.text_of(broken) == ""  # an unreadable text layer gives no text, no error
    assert textlayer.text_of(Attachment(kind="png")) == ""
    assert textlayer.text_of(None) == ""


def test_word_only_inside_the_pdf_found_by_incoming_search_ui_and_api(client, office):
    doc = register(office, file=text_pdf(text=f"Về việc tu bổ {WORD} năm 2026"))
    other = register(office, file=pdf_file())
    assert WORD.casefold() in doc.file_text.casefold()
    assert other.file_text == ""
    client.force_login(office.clerk)
    for q in (WORD, "xuantruongde"):  # as written, and without accents
        page = client.get(reverse("documents:incoming_list"), {"q": q}).content.decode()
        assert doc.so_ky_hieu in page and other.so_ky_hieu not in page
        r = client.get("/api/v1/documents/incoming", {"q": q}, **api_headers(office.clerk))
        assert [d["id"] for d in r.json()["items"]] == [doc.pk]
    # Who may not see the document does not find it by its file either.
    r = client.get("/api/v1/documents/incoming", {"q": WORD}, **api_headers(office.kt_specialist))
    assert r.json()["items"] == []


def test_word_inside_the_latest_version_or_issued_file_found_by_outgoing_search(client):
    clock.travel_to(dt.datetime(2026, 3, 10, 9, 0))
    world = make_world()
    office = world.office
    doc = draft(world, file=docx_file(text="Dự thảo đầu tiên"), recipients=[world.department])
    client.force_login(office.kt_specialist)

    def found(q: str) -> bool:
        page = client.get(reverse("documents:outgoing_list"), {"q": q}).content.decode()
        r = client.get("/api/v1/documents/outgoing", {"q": q}, **api_headers(office.kt_specialist))
        in_api = [d["id"] for d in r.json()["items"]] == [doc.pk]
        assert (f"/van-ban-di/{doc.pk}/" in page) == in_api
        return in_api

    assert found("dau tien")
    services.outgoing_version_add(
        office.kt_specialist, doc, file=docx_file(text=f"Bản sửa: {WORD}"), note="v2"
    )
    assert found(WORD) and not found("dau tien")  # the latest version's text
    approve_all(world, doc)
    services.outgoing_issue(office.clerk, doc, file=text_pdf(text="Bản ký số Hòa Bình"))
    assert found("hoa binh")
    # Delivered on the platform: the department's incoming copy is searchable by it too.
    r = client.get("/api/v1/documents/incoming", {"q": "hoa binh"}, **api_headers(world.dept_clerk))
    assert len(r.json()["items"]) == 1
