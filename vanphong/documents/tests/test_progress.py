"""Incoming handling by the handlers (NĐ 30/2020, Điều 24): return with a reason, progress notes
with files, finishing one's assignment — services, screens and API; all in the trail."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from vanphong.core import clock, eventlog
from vanphong.core.assignments.models import AssignmentRole, AssignmentState
from vanphong.core.assignments.services import assignment_sub_assign
from vanphong.core.errors import DomainError
from vanphong.documents import selectors, services
from vanphong.documents.models import IncomingNote, IncomingState
from vanphong.documents.tests.factories import (
    fake_pdf,
    make_office,
    pdf_file,
    register,
    row_counts,
    stored_files,
)
from vanphong.org.testing import api_headers

pytestmark = pytest.mark.django_db

BASE = "/api/v1/documents/incoming"


@pytest.fixture
def office():
    clock.travel_to(dt.datetime(2026, 3, 10, 9, 0))
    return make_office()


def _directed(office, **kw):
    doc = register(office, **kw)
    services.incoming_present(acting_user=office.clerk, document=doc, leader=office.leader)
    services.incoming_direct(
        acting_user=office.leader,
        document=doc,
        direction="Phòng Kinh tế chủ trì",
        lead=services.Assign(office.kt, due_in_working_days=5),
        coordinating=[services.Assign(office.th, due_in_working_days=3)],
    )
    doc.refresh_from_db()
    return doc


def _lead(doc):
    return services.document_assignments(doc).get(role=AssignmentRole.CHU_TRI, parent=None)


# --- return --------------------------------------------------------------------------------------


def test_lead_returned_with_reason_goes_back_to_the_directing_leader(office):
    doc = _directed(office)
    lead = _lead(doc)
    services.incoming_assignment_return(
        acting_user=office.kt_head,
        document=doc,
        assignment=lead,
        reason="Không thuộc lĩnh vực của phòng",
    )
    lead.refresh_from_db()
    doc.refresh_from_db()
    assert lead.state == AssignmentState.TRA_LAI and lead.result == "Không thuộc lĩnh vực của phòng"
    assert doc.state == IncomingState.PRESENTED and doc.presented_to == office.leader
    assert doc in list(selectors.awaiting_direction(office.leader))
    trail = list(eventlog.trail(doc))
    returned = [e for e in trail if e.action == "assignment.return"]
    assert returned and returned[0].payload["reason"] == "Không thuộc lĩnh vực của phòng"
    assert trail[-1].action == "documents.incoming.returned_to_leader"
    # The leader directs again: a new lead, the document in progress.
    services.incoming_direct(
        acting_user=office.leader,
        document=doc,
        direction="Giao anh Bình chủ trì",
        lead=office.th_specialist,
    )
    doc.refresh_from_db()
    assert doc.state == IncomingState.IN_PROGRESS


def test_sub_assignment_returned_stays_with_the_unit(office):
    doc = _directed(office)
    child = assignment_sub_assign(
        acting_user=office.kt_head,
        assignment=_lead(doc),
        assignee=office.kt_specialist,
        role=AssignmentRole.CHU_TRI,
    )
    services.incoming_assignment_return(
        acting_user=office.kt_specialist, document=doc, assignment=child, reason="Đang đi công tác"
    )
    doc.refresh_from_db()
    assert doc.state == IncomingState.IN_PROGRESS
    assert _lead(doc).state == AssignmentState.DANG_XU_LY


@pytest.mark.parametrize(
    "who, reason, code, status",
    [
        ("kt_head", "  ", "reason_required", 400),
        ("th_specialist", "Không phải việc của tôi", "forbidden", 403),
    ],
)
def test_return_refused_nothing_written(office, who, reason, code, status):
    doc = _directed(office)
    before = row_counts()
    with pytest.raises(DomainError) as exc:
        services.incoming_assignment_return(
            acting_user=getattr(office, who), document=doc, assignment=_lead(doc), reason=reason
        )
    assert (exc.value.code, exc.value.status) == (code, status) and exc.value.message
    assert row_counts() == before
    doc.refresh_from_db()
    assert doc.state == IncomingState.IN_PROGRESS


def test_return_of_another_documents_assignment_or_a_closed_one_refused(office):
    doc, other = _directed(office), _directed(office)
    with pytest.raises(DomainError) as exc:
        services.incoming_assignment_return(
            acting_user=office.kt_head, document=doc, assignment=_lead(other), reason="Sai"
        )
    assert exc.value.code == "assignment_not_found" and exc.value.status == 404
    services.incoming_assignment_finish(
        acting_user=office.kt_head, document=doc, assignment=_lead(doc), result="Đã tham mưu"
    )
    with pytest.raises(DomainError) as exc:
        services.incoming_assignment_return(
            acting_user=office.kt_head, document=doc, assignment=_lead(doc), reason="Muộn"
        )
    assert exc.value.code == "assignment_closed" and exc.value.status == 409


# --- progress notes ------------------------------------------------------------------------------


def test_progress_note_with_files_in_the_trail(office, settings):
    doc = _directed(office)
    note = services.incoming_progress_add(
        acting_user=office.kt_head,
        document=doc,
        text="Đã làm việc với Sở Tài chính, đang tổng hợp số liệu",
        files=[pdf_file("so-lieu.pdf")],
    )
    assert [f.original_name for f in note.files.all()] == ["so-lieu.pdf"]
    assert note.files.get().case == doc
    event = eventlog.trail(doc).filter(action="documents.incoming.progress").get()
    assert event.payload["files"] == ["so-lieu.pdf"]
    assert event.payload["text"].startswith("Đã làm việc")
    # The leader who directed it is a handler too.
    services.incoming_progress_add(acting_user=office.leader, document=doc, text="Đôn đốc")
    assert doc.notes.count() == 2


@pytest.mark.parametrize(
    "who, text, files, code, status",
    [
        ("kt_head", "   ", [], "invalid_input", 400),
        ("kt_head", "x" * 5001, [], "invalid_input", 400),
        ("kt_head", "Có tệp", [pdf_file(f"t{i}.pdf") for i in range(6)], "invalid_input", 400),
        ("kt_head", "Tệp giả", [fake_pdf()], "file_type_mismatch", 400),
        ("outsider", "Không liên quan", [], "forbidden", 403),
        ("kt_specialist", "Chưa được giao", [], "forbidden", 403),
    ],
)
def test_progress_refused_nothing_written(office, settings, who, text, files, code, status):
    doc = _directed(office)
    before, stored = row_counts(), stored_files(settings)
    with pytest.raises(DomainError) as exc:
        services.incoming_progress_add(
            acting_user=getattr(office, who), document=doc, text=text, files=files
        )
    assert (exc.value.code, exc.value.status) == (code, status) and exc.value.message
    assert row_counts() == before and stored_files(settings) == stored


def test_progress_refused_on_a_finished_or_confidential_document_with_file(office, settings):
    doc = _directed(office)
    services.incoming_finish(acting_user=office.leader, document=doc, note="Xong")
    with pytest.raises(DomainError) as exc:
        services.incoming_progress_add(acting_user=office.leader, document=doc, text="Muộn")
    assert exc.value.code == "not_in_progress" and exc.value.status == 409
    secret = _directed(office, confidentiality="mat")
    before, stored = row_counts(), stored_files(settings)
    with pytest.raises(DomainError) as exc:
        services.incoming_progress_add(
            acting_user=office.kt_head, document=secret, text="Có tệp", files=[pdf_file()]
        )
    assert exc.value.code == "confidential_no_file"
    assert row_counts() == before and stored_files(settings) == stored
    services.incoming_progress_add(acting_user=office.kt_head, document=secret, text="Chỉ ghi")
    assert secret.notes.count() == 1


# --- screens -------------------------------------------------------------------------------------


def test_detail_page_return_progress_and_finish_through_the_ui(client, office):
    doc = _directed(office)
    lead = _lead(doc)
    url = reverse("documents:incoming_detail", args=[doc.pk])
    client.force_login(office.kt_head)
    page = client.get(url).content.decode()
    assert 'data-testid="progress-form"' in page and 'data-testid="assignment-return-form"' in page
    r = client.post(
        reverse("documents:incoming_progress", args=[doc.pk]),
        {"text": "Đã xin ý kiến Sở Xây dựng", "files": [pdf_file("y-kien.pdf")]},
    )
    assert r.status_code == 302
    note = IncomingNote.objects.get(document=doc)
    file_id = note.files.get().pk
    page = client.get(url).content.decode()
    assert "Đã xin ý kiến Sở Xây dựng" in page and "y-kien.pdf" in page
    assert "Ghi nhận tiến độ" in page  # the trail's label
    r = client.get(reverse("documents:incoming_note_file", args=[doc.pk, file_id]))
    assert r.status_code == 200 and b"".join(r.streaming_content).startswith(b"%PDF")
    # Empty reason: the Vietnamese message, nothing changed.
    r = client.post(
        reverse("documents:incoming_assignment_return", args=[doc.pk, lead.pk]),
        {"reason": ""},
        follow=True,
    )
    assert "Phải nêu lý do trả lại." in r.content.decode()
    lead.refresh_from_db()
    assert lead.state == AssignmentState.DANG_XU_LY
    r = client.post(
        reverse("documents:incoming_assignment_return", args=[doc.pk, lead.pk]),
        {"reason": "Đề nghị giao Phòng Tổng hợp"},
        follow=True,
    )
    page = r.content.decode()
    assert "Đã trả lại phân công." in page and "Đề nghị giao Phòng Tổng hợp" in page
    doc.refresh_from_db()
    assert doc.state == IncomingState.PRESENTED
    # The coordinating unit's leader cannot act on it, and the file is not theirs to guess.
    client.force_login(office.outsider)
    assert (
        client.get(reverse("documents:incoming_note_file", args=[doc.pk, file_id])).status_code
        == 404
    )


def test_finish_own_assignment_through_the_ui(client, office):
    doc = _directed(office)
    lead = _lead(doc)
    client.force_login(office.kt_head)
    r = client.post(
        reverse("documents:incoming_assignment_finish", args=[doc.pk, lead.pk]),
        {"result": "Đã tham mưu văn bản trả lời"},
        follow=True,
    )
    assert "Đã hoàn thành phân công." in r.content.decode()
    lead.refresh_from_db()
    assert lead.state == AssignmentState.HOAN_THANH
    # The lead done, its handler may close the document (as the service allows).
    page = client.get(reverse("documents:incoming_detail", args=[doc.pk])).content.decode()
    assert 'data-testid="finish-form"' in page
    client.force_login(office.th_specialist)  # not theirs: refused, nothing changed
    th = services.document_assignments(doc).get(role=AssignmentRole.PHOI_HOP)
    r = client.post(
        reverse("documents:incoming_assignment_finish", args=[doc.pk, th.pk]), follow=True
    )
    assert "Bạn không có quyền xử lý phân công này." in r.content.decode()
    th.refresh_from_db()
    assert th.state == AssignmentState.DANG_XU_LY


# --- API -----------------------------------------------------------------------------------------


def test_api_progress_return_and_finish(client, office, settings):
    doc = _directed(office)
    head = api_headers(office.kt_head)
    r = client.post(
        f"{BASE}/{doc.pk}/progress",
        {"text": "Đang tổng hợp", "files": [pdf_file("a.pdf"), pdf_file("b.pdf")]},
        **head,
    )
    assert r.status_code == 201, r.content
    assert r.json()["files"] == ["a.pdf", "b.pdf"]
    r = client.get(f"{BASE}/{doc.pk}/progress", **head)
    assert [n["text"] for n in r.json()] == ["Đang tổng hợp"]
    before, stored = row_counts(), stored_files(settings)
    r = client.post(f"{BASE}/{doc.pk}/progress", {"text": "", "files": [fake_pdf()]}, **head)
    assert r.status_code == 400 and r.json()["code"] == "invalid_input"
    r = client.post(
        f"{BASE}/{doc.pk}/progress",
        {"text": "Giả", "files": [SimpleUploadedFile("x.pdf", b"MZ not pdf")]},
        **head,
    )
    assert r.status_code == 400 and r.json()["code"] == "file_type_mismatch"
    assert row_counts() == before and stored_files(settings) == stored
    r = client.get(f"{BASE}/{doc.pk}/assignments", **head)
    lead = next(a for a in r.json() if a["role"] == "chu_tri")
    r = client.post(
        f"{BASE}/{doc.pk}/assignments/{lead['id']}/return",
        {"reason": ""},
        content_type="application/json",
        **head,
    )
    assert r.status_code == 400 and r.json()["code"] == "reason_required"
    r = client.post(
        f"{BASE}/{doc.pk}/assignments/{lead['id']}/return",
        {"reason": "Không thuộc thẩm quyền"},
        content_type="application/json",
        **head,
    )
    assert r.status_code == 200 and r.json()["state"] == "tra_lai"
    assert r.json()["result"] == "Không thuộc thẩm quyền"
    r = client.post(
        f"{BASE}/{doc.pk}/assignments/{lead['id']}/finish",
        {},
        content_type="application/json",
        **head,
    )
    assert r.status_code == 409
    th = services.document_assignments(doc).get(role=AssignmentRole.PHOI_HOP)
    r = client.post(
        f"{BASE}/{doc.pk}/assignments/{th.pk}/finish",
        {"result": "Đã phối hợp"},
        content_type="application/json",
        **api_headers(office.leader),
    )
    # Back with the leader, the coordinating work goes on.
    assert r.status_code == 200 and r.json()["state"] == "hoan_thanh"
    r = client.get(f"{BASE}/{doc.pk}/assignments", **api_headers(office.outsider))
    assert r.status_code == 404
