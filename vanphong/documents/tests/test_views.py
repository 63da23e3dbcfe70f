from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vanphong.core import clock, eventlog
from vanphong.documents import services
from vanphong.documents.models import IncomingDocument, IncomingState
from vanphong.documents.tests.factories import (
    doc_type,
    fake_pdf,
    make_office,
    pdf_file,
    register,
    row_counts,
    stored_files,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    clock.travel_to(dt.datetime(2026, 3, 10, 9, 0))
    return make_office()


def _form(**overrides):
    data = {
        "channel": "dien_tu",
        "issuer_name": "Sở Nội vụ",
        "so_ky_hieu": "45/SNV-TCBC",
        "issue_date": "2026-03-09",
        "doc_type": doc_type("TB").pk,
        "trich_yeu": "Thông báo tuyển dụng công chức",
        "urgency": "thuong",
        "confidentiality": "thuong",
    }
    data.update(overrides)
    return data


def test_list_renders_urgent_first_and_filters(client, office):
    register(office, urgency="thuong", trich_yeu="Văn bản thường")
    register(office, urgency="hoa_toc", trich_yeu="Văn bản hỏa tốc")
    client.force_login(office.clerk)
    html = client.get(reverse("documents:incoming_list")).content.decode()
    assert html.index("Văn bản hỏa tốc") < html.index("Văn bản thường")
    partial = client.get(
        reverse("documents:incoming_list"), {"urgency": "thuong"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "Văn bản thường" in partial and "Văn bản hỏa tốc" not in partial
    assert "<html" not in partial


def test_list_constant_number_of_queries(client, office):
    client.force_login(office.clerk)
    url = reverse("documents:incoming_list")
    register(office)
    client.get(url)  # warm caches (content types, session)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    for _ in range(12):
        register(office, urgency="khan", due_in_working_days=3)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).status_code == 200
    assert len(many) == len(few)


def test_assigned_and_queue_constant_number_of_queries(client, office):
    def direct_one():
        doc = register(office)
        services.incoming_present(acting_user=office.clerk, document=doc, leader=office.leader)
        services.incoming_direct(
            acting_user=office.leader,
            document=doc,
            direction="Xử lý",
            lead=services.Assign(office.kt, due_in_working_days=5),
        )
        register_presented = register(office)
        services.incoming_present(
            acting_user=office.clerk, document=register_presented, leader=office.leader
        )

    direct_one()
    counts = []
    for n in (1, 6):
        while IncomingDocument.objects.filter(state=IncomingState.IN_PROGRESS).count() < n:
            direct_one()
        for user, name in (
            (office.kt_head, "incoming_assigned"),
            (office.leader, "incoming_queue"),
        ):
            client.force_login(user)
            client.get(reverse(f"documents:{name}"))
            with CaptureQueriesContext(connection) as ctx:
                assert client.get(reverse(f"documents:{name}")).status_code == 200
            counts.append((name, n, len(ctx)))
    by_name = {}
    for name, _n, count in counts:
        by_name.setdefault(name, set()).add(count)
    assert all(len(v) == 1 for v in by_name.values()), counts


def test_register_form_success_and_keyboard_friendly(client, office):
    client.force_login(office.clerk)
    page = client.get(reverse("documents:incoming_new")).content.decode()
    assert 'name="so_ky_hieu"' in page and "autofocus" in page
    response = client.post(
        reverse("documents:incoming_new"), _form(file=pdf_file()), format="multipart"
    )
    document = IncomingDocument.objects.get()
    assert response.status_code == 302 and response.url == document.get_absolute_url()
    assert document.file is not None and document.number == 1


def test_register_form_duplicate_warning_inline_then_confirm(client, office):
    client.force_login(office.clerk)
    client.post(reverse("documents:incoming_new"), _form())
    response = client.post(reverse("documents:incoming_new"), _form(so_ky_hieu="45/snv-tcbc"))
    html = response.content.decode()
    assert response.status_code == 200 and 'data-testid="duplicate-warning"' in html
    assert "Vẫn vào sổ" in html
    assert IncomingDocument.objects.count() == 1
    response = client.post(
        reverse("documents:incoming_new"), _form(so_ky_hieu="45/snv-tcbc", confirm_duplicate="on")
    )
    assert response.status_code == 302
    assert IncomingDocument.objects.filter(duplicate_of__isnull=False).count() == 1


@pytest.mark.parametrize(
    "overrides, field_message",
    [
        ({"trich_yeu": ""}, "Trường này là bắt buộc."),
        ({"so_ky_hieu": "QĐ-UBND"}, "Số, ký hiệu phải có dạng"),
        ({"file": "fake"}, "PDF"),
    ],
)
def test_register_form_bad_input_message_nothing_written(
    client, office, settings, overrides, field_message
):
    client.force_login(office.clerk)
    if overrides.get("file") == "fake":
        overrides = {"file": fake_pdf()}
    before, files = row_counts(), stored_files(settings)
    response = client.post(reverse("documents:incoming_new"), _form(**overrides))
    assert response.status_code == 200
    assert field_message in response.content.decode()
    assert row_counts() == before and stored_files(settings) == files


def test_register_form_hidden_from_non_clerk(client, office):
    client.force_login(office.kt_specialist)
    assert client.get(reverse("documents:incoming_new")).status_code == 404


def test_detail_trail_and_confidential_view_logged(client, office):
    doc = register(office, file=pdf_file())
    client.force_login(office.clerk)
    html = client.get(doc.get_absolute_url()).content.decode()
    assert "Vào sổ văn bản đến" in html and 'data-testid="document-file"' in html
    assert client.get(reverse("documents:incoming_file", args=[doc.pk])).status_code == 200
    secret = register(office, confidentiality="mat")
    client.get(secret.get_absolute_url())
    client.force_login(office.leader)
    client.get(secret.get_absolute_url())
    views = [e.actor for e in eventlog.trail(secret) if e.action == eventlog.VIEW_ACTION]
    assert views == [office.clerk, office.leader]
    client.force_login(office.kt_specialist)
    assert client.get(secret.get_absolute_url()).status_code == 404
    assert client.get(doc.get_absolute_url()).status_code == 404


def test_leader_flow_through_screens(client, office):
    doc = register(office)
    client.force_login(office.clerk)
    client.post(reverse("documents:incoming_present", args=[doc.pk]), {"leader": office.leader.pk})
    client.force_login(office.leader)
    queue = client.get(reverse("documents:incoming_queue")).content.decode()
    assert doc.so_ky_hieu in queue
    due = (clock.today() + dt.timedelta(days=7)).isoformat()
    response = client.post(
        reverse("documents:incoming_direct", args=[doc.pk]),
        {
            "direction": "Phòng Kinh tế chủ trì",
            "lead": office.kt.pk,
            "lead_due": due,
            "coordinating": [office.th.pk],
            "coordinating_due": due,
        },
    )
    assert response.status_code == 302
    doc.refresh_from_db()
    assert doc.state == IncomingState.IN_PROGRESS
    client.force_login(office.kt_head)
    assigned = client.get(reverse("documents:incoming_assigned")).content.decode()
    assert doc.so_ky_hieu in assigned and "Chủ trì" in assigned
    client.force_login(office.leader)
    client.post(reverse("documents:incoming_finish", args=[doc.pk]), {"note": "Xong"})
    doc.refresh_from_db()
    assert doc.state == IncomingState.FINISHED
    html = client.get(doc.get_absolute_url()).content.decode()
    assert "Kết thúc giải quyết" in html and "Giao xử lý" in html
    # assigning a finished document through the screen: a message, nothing written
    before = row_counts()
    response = client.post(
        reverse("documents:incoming_direct", args=[doc.pk]),
        {"direction": "Giao lại", "lead": office.kt.pk},
    )
    assert response.status_code == 200
    assert "đã hoàn thành" in response.content.decode()
    assert row_counts() == before


def test_menu_by_role(client, office):
    client.force_login(office.clerk)
    html = client.get(reverse("home")).content.decode()
    assert 'data-menu-key="documents.incoming"' in html
    assert 'data-menu-key="documents.incoming_assigned"' not in html
    client.force_login(office.kt_specialist)
    html = client.get(reverse("home")).content.decode()
    assert 'data-menu-key="documents.incoming_assigned"' in html
    assert 'data-menu-key="documents.incoming"' not in html
