"""Screens of văn bản đi: the whole flow through the views (HTMX actions), bad input, other
agencies, constant queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vanphong.core import clock
from vanphong.documents import services
from vanphong.documents.models import OutgoingDocument, OutgoingState
from vanphong.documents.tests.factories import (
    approve_all,
    doc_type,
    docx_file,
    draft,
    fake_pdf,
    issued,
    make_world,
    row_counts,
    stored_files,
)

pytestmark = pytest.mark.django_db

HX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    clock.travel_to(dt.datetime(2026, 3, 10, 9, 0))
    return make_world()


def test_flow_through_the_screens(client, world):
    office = world.office
    client.force_login(office.kt_specialist)
    r = client.post(
        reverse("documents:outgoing_new"),
        {
            "doc_type": doc_type().pk,  # công văn
            "trich_yeu": "V/v báo cáo tình hình cải cách hành chính",
            "urgency": "khan",
            "confidentiality": "thuong",
            "agencies": [world.department.pk],
            "units": [office.th.pk],
            "external": "000.00.00.G12 | Bộ Tài chính",
            "noi_nhan": "- Như trên;\n- Lưu: VT, KT.",
            "file": docx_file(),
        },
    )
    document = OutgoingDocument.objects.get()
    assert r.status_code == 302 and r.url == document.get_absolute_url()
    assert document.recipients.count() == 3 and document.drafting_unit == office.kt
    body = client.post(reverse("documents:outgoing_submit", args=[document.pk]), **HX)
    assert "Đã trình duyệt" in body.content.decode() and "<html" not in body.content.decode()
    client.force_login(office.kt_head)
    assert "V/v báo cáo" in client.get(reverse("documents:outgoing_queue")).content.decode()
    client.post(reverse("documents:outgoing_approve", args=[document.pk]), **HX)
    client.force_login(office.leader)
    client.post(reverse("documents:outgoing_approve", args=[document.pk]), **HX)
    client.force_login(world.signer)
    html = client.get(document.get_absolute_url()).content.decode()
    assert 'name="authority_mark"' in html
    r = client.post(
        reverse("documents:outgoing_approve", args=[document.pk]),
        {"authority_mark": "KT.", "authority_title": "Chủ tịch", "signer_position": "Phó Chủ tịch"},
        **HX,
    )
    assert "KT. CHỦ TỊCH" in r.content.decode()
    client.force_login(office.clerk)
    assert "V/v báo cáo" in client.get(reverse("documents:outgoing_to_issue")).content.decode()
    page = client.get(reverse("documents:outgoing_issue", args=[document.pk])).content.decode()
    assert "Số: 01/UBND-KT" in page
    r = client.post(reverse("documents:outgoing_issue", args=[document.pk]))
    assert r.status_code == 302
    html = client.get(document.get_absolute_url()).content.decode()
    assert "Số: 01/UBND-KT" in html and "03 · Đã tiếp nhận" in html
    package = client.get(reverse("documents:outgoing_package", args=[document.pk]))
    assert package["Content-Type"] == "application/zip"
    # Issuing again through the screen: a clear message and 409, nothing changes.
    before = row_counts()
    r = client.post(reverse("documents:outgoing_issue", args=[document.pk]))
    assert r.status_code == 409 and "không phát hành lại" in r.content.decode()
    assert row_counts() == before
    # The department's clerk sees it in its register.
    client.force_login(world.dept_clerk)
    listing = client.get(reverse("documents:incoming_list")).content.decode()
    assert "01/UBND-KT" in listing
    # Recall, then the department's clerk refuses it with a reason.
    client.force_login(office.clerk)
    client.post(reverse("documents:outgoing_recall", args=[document.pk]), {"reason": "Sai số liệu"})
    client.force_login(world.dept_clerk)
    requests_page = client.get(reverse("documents:recall_requests")).content.decode()
    assert "Sai số liệu" in requests_page
    row = document.recipients.get(kind="agency")
    r = client.post(reverse("documents:recall_refuse", args=[row.pk]), {"answer": ""}, follow=True)
    assert "Nêu lý do từ chối thu hồi" in r.content.decode()
    client.post(reverse("documents:recall_refuse", args=[row.pk]), {"answer": "Đã thực hiện"})
    row.refresh_from_db()
    assert row.status == "16"


def test_bad_input_on_the_draft_form(client, world, settings):
    office = world.office
    client.force_login(office.kt_specialist)
    before, files = row_counts(), stored_files(settings)
    r = client.post(
        reverse("documents:outgoing_new"),
        {
            "doc_type": doc_type("QĐ").pk,
            "trich_yeu": "",
            "urgency": "thuong",
            "confidentiality": "thuong",
        },
    )
    assert r.status_code == 200 and "Trường này là bắt buộc" in r.content.decode()
    r = client.post(
        reverse("documents:outgoing_new"),
        {
            "doc_type": doc_type("QĐ").pk,
            "trich_yeu": "Có",
            "urgency": "thuong",
            "confidentiality": "thuong",
            "file": fake_pdf(),
        },
    )
    assert r.status_code == 200 and 'data-testid="form-error"' in r.content.decode()
    assert row_counts() == before and stored_files(settings) == files


def test_issuing_an_unapproved_draft_refused_on_screen(client, world):
    document = draft(world)
    services.outgoing_submit(world.office.kt_specialist, document)
    client.force_login(world.office.clerk)
    before = row_counts()
    r = client.post(reverse("documents:outgoing_issue", args=[document.pk]))
    assert r.status_code == 409 and "Chỉ phát hành văn bản đã được" in r.content.decode()
    assert row_counts() == before


def test_other_agency_and_other_unit_see_nothing_of_a_draft(client, world):
    document = draft(world)
    services.outgoing_submit(world.office.kt_specialist, document)
    for user in (world.dept_clerk, world.office.th_specialist):
        client.force_login(user)
        assert client.get(document.get_absolute_url()).status_code == 404
        version = document.versions.get()
        url = reverse("documents:outgoing_file", args=[document.pk, version.file_id])
        assert client.get(url).status_code == 404
        assert (
            "V/v triển khai" not in client.get(reverse("documents:outgoing_list")).content.decode()
        )
        r = client.post(reverse("documents:outgoing_approve", args=[document.pk]))
        assert r.status_code == 404
    document.refresh_from_db()
    assert document.state == OutgoingState.IN_REVIEW


def test_outgoing_list_constant_number_of_queries(client, world):
    client.force_login(world.office.clerk)
    url = reverse("documents:outgoing_list")
    issued(world)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(6):
        document = draft(world, urgency="khan", recipients=[world.department])
        approve_all(world, document)
        services.outgoing_issue(world.office.clerk, document)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_start_page_counters(world):
    from vanphong.core.startpage import counters_for
    from vanphong.org.selectors import effective_roles

    office = world.office
    document = draft(world)
    services.outgoing_submit(office.kt_specialist, document)

    def count(user, key):
        rows = {c["key"]: c["count"] for c in counters_for(user, effective_roles(user))}
        return rows.get(key)

    assert count(office.kt_head, "documents.outgoing_to_review") == 1
    assert count(office.leader, "documents.outgoing_to_review") == 0
    services.outgoing_approve(office.kt_head, document)
    services.outgoing_approve(office.leader, document)
    services.outgoing_approve(world.signer, document, authority_mark="", signer_position="Chủ tịch")
    assert count(office.clerk, "documents.outgoing_to_issue") == 1
    document = services.outgoing_issue(office.clerk, document)
    assert count(office.clerk, "documents.outgoing_to_issue") == 0
    assert count(world.dept_clerk, "documents.recall_requests") == 0
    services.outgoing_recall(office.clerk, document, reason="Nhầm")
    assert count(world.dept_clerk, "documents.recall_requests") == 0  # not a recipient
    assert count(office.leader, "documents.to_direct") == 0


def test_recall_accepted_through_the_screen_withdraws_the_incoming_copy(client, world):
    office = world.office
    document = issued(world, recipients=[world.department])
    incoming = document.recipients.get().incoming
    client.force_login(world.dept_clerk)
    page = client.get(incoming.get_absolute_url()).content.decode()
    assert 'data-testid="delivery-banner"' in page and "01/QĐ-UBND" in page
    assert client.get(reverse("documents:incoming_file", args=[incoming.pk])).status_code == 200
    services.outgoing_recall(office.clerk, document, reason="Sai căn cứ")
    row = document.recipients.get()
    r = client.post(reverse("documents:recall_accept", args=[row.pk]), follow=True)
    assert "Đã đồng ý thu hồi" in r.content.decode()
    page = client.get(incoming.get_absolute_url()).content.decode()
    assert 'data-testid="withdrawn-banner"' in page and "Sai căn cứ" in page
    assert client.get(reverse("documents:incoming_file", args=[incoming.pk])).status_code == 404
    # Another agency's clerk cannot answer it.
    client.force_login(office.clerk)
    assert client.post(reverse("documents:recall_refuse", args=[row.pk])).status_code == 404


def test_finish_links_the_reply_and_leader_sees_overdue_per_unit(client, world):
    from vanphong.documents.tests.factories import register

    office = world.office
    incoming = register(office)
    services.incoming_present(acting_user=office.clerk, document=incoming, leader=office.leader)
    services.incoming_direct(
        acting_user=office.leader,
        document=incoming,
        direction="Phòng Kinh tế chủ trì",
        lead=services.Assign(office.kt, due_in_working_days=2),
    )
    clock.travel_to(dt.datetime(2026, 3, 20, 9, 0))  # past the deadline
    client.force_login(office.leader)
    page = client.get(reverse("documents:incoming_overdue")).content.decode()
    assert "Phòng Kinh tế" in page and 'data-testid="overdue-count">1<' in page
    page = client.get(reverse("documents:incoming_overdue"), {"unit": office.kt.pk})
    assert incoming.so_ky_hieu in page.content.decode()
    client.force_login(office.kt_specialist)
    assert client.get(reverse("documents:incoming_overdue")).status_code == 404
    reply = issued(world, name="Công văn")
    client.force_login(office.leader)
    page = client.get(incoming.get_absolute_url()).content.decode()
    assert reply.code in page  # offered as the reply
    r = client.post(
        reverse("documents:incoming_finish", args=[incoming.pk]),
        {"note": "Đã trả lời", "reply": reply.pk},
    )
    assert r.status_code == 302
    incoming.refresh_from_db()
    assert incoming.state == "finished" and incoming.reply_document == reply
    assert "Số: 01/UBND-KT" in client.get(incoming.get_absolute_url()).content.decode()


def test_forward_an_incoming_document_to_another_agency_with_a_slip(client, world):
    from vanphong.documents.tests.factories import pdf_file, register

    office = world.office
    incoming = register(office, file=pdf_file())
    client.force_login(office.clerk)
    before = row_counts()
    r = client.post(
        reverse("documents:incoming_forward", args=[incoming.pk]),
        {"to_agency": world.department.pk, "note": ""},
        follow=True,
    )
    assert "Phiếu chuyển chưa hợp lệ" in r.content.decode() and row_counts() == before
    client.post(
        reverse("documents:incoming_forward", args=[incoming.pk]),
        {"to_agency": world.department.pk, "note": "Thuộc thẩm quyền của Sở Nội vụ."},
    )
    incoming.refresh_from_db()
    assert incoming.state == "finished" and "Sở Nội vụ thử" in incoming.finish_note
    target = incoming.forwards.get()
    assert target.agency == world.department and target.number == 1
    assert target.file_id == incoming.file_id and target.so_ky_hieu == incoming.so_ky_hieu
    slip = client.get(reverse("documents:incoming_forward_slip", args=[incoming.pk]))
    assert "PHIẾU CHUYỂN" in slip.content.decode() and "Thuộc thẩm quyền" in slip.content.decode()
    client.force_login(world.dept_clerk)
    page = client.get(target.get_absolute_url()).content.decode()
    assert 'data-testid="forward-banner"' in page and "Thuộc thẩm quyền" in page
    # Once finished it cannot be forwarded again.
    from vanphong.core.errors import DomainError

    with pytest.raises(DomainError) as exc:
        services.incoming_forward(
            acting_user=office.clerk, document=incoming, to_agency=world.department, note="x"
        )
    assert exc.value.code == "not_forwardable"
