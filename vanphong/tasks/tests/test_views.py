"""Pages: lists (constant queries), the instruction form, the page from an incoming document,
the detail actions (HTMX), the follow-up table and its Excel export, permissions."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from vanphong.core import clock
from vanphong.org.testing import login_verified
from vanphong.tasks import services
from vanphong.tasks.models import SourceKind, Task, TaskState
from vanphong.tasks.tests.builders import at, create, province

pytestmark = pytest.mark.django_db


def _form(p, **extra):
    data = {
        "agency": str(p.pc.pk),
        "assigned_by": str(p.leader.pk),
        "content": "Kiểm tra công tác phòng cháy chữa cháy tại các chợ",
        "lead": f"u:{p.economy.pk}",
        "coordinators": [f"a:{p.department.pk}"],
        "deadline_kind": "ngay",
        "due_date": "26/03/2027",
    }
    data.update(extra)
    return data


def test_leader_gives_a_direct_instruction_through_the_form(client):
    p = province()
    clock.travel_to(at(2027, 3, 4, 10))
    login_verified(client, p.leader)
    page = client.get(reverse("tasks:task_create"))
    assert page.status_code == 200
    assert "Phòng Kinh tế" in page.content.decode()
    response = client.post(reverse("tasks:task_create"), _form(p))
    task = Task.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("tasks:task_detail", args=[task.pk])
    assert task.source_kind == SourceKind.CHI_DAO_TRUC_TIEP
    assert task.due_at == at(2027, 3, 26, 17, 30)
    assert [c.agency_id for c in task.coordinators.all()] == [p.department.pk]


def test_a_deadline_before_the_assignment_date_shows_a_vietnamese_message(client):
    p = province()
    clock.travel_to(at(2027, 3, 4, 10))
    login_verified(client, p.leader)
    response = client.post(reverse("tasks:task_create"), _form(p, due_date="01/03/2027"))
    assert response.status_code == 400
    assert "không được trước ngày giao nhiệm vụ" in response.content.decode()
    assert Task.objects.count() == 0


def test_working_days_and_periodic_report_deadlines_from_the_form(client):
    p = province()
    clock.travel_to(at(2027, 3, 4, 10))
    login_verified(client, p.leader)
    client.post(
        reverse("tasks:task_create"), _form(p, deadline_kind="so_ngay", due_working_days="3")
    )
    client.post(
        reverse("tasks:task_create"),
        _form(p, deadline_kind="dinh_ky", recurrence="thang", report_lag_days="0"),
    )
    days, monthly = Task.objects.order_by("id")
    assert days.due_at == at(2027, 3, 9, 17, 30)
    assert (monthly.period_start, monthly.period_end) == (
        dt.date(2027, 2, 15),
        dt.date(2027, 3, 14),
    )


def test_a_task_from_an_incoming_document_links_it_as_the_source(client):
    from vanphong.documents.tests.factories import make_office, register

    office = make_office()
    clock.travel_to(at(2027, 3, 4, 10))
    document = register(office, trich_yeu="V/v báo cáo tình hình thu ngân sách quý I")
    unit_leader = office.leader  # lãnh đạo văn phòng of that agency
    login_verified(client, unit_leader)
    url = reverse("tasks:task_create") + f"?van_ban={document.pk}"
    page = client.get(url)
    assert page.status_code == 200
    assert "V/v báo cáo tình hình thu ngân sách quý I" in page.content.decode()
    response = client.post(
        url,
        {
            "agency": str(office.agency.pk),
            "assigned_by": str(unit_leader.pk),
            "content": "Tham mưu báo cáo thu ngân sách quý I",
            "lead": f"u:{office.kt.pk}",
            "deadline_kind": "so_ngay",
            "due_working_days": "5",
            "van_ban": str(document.pk),
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    task = Task.objects.get()
    assert task.source_kind == SourceKind.VAN_BAN and task.source == document
    assert document.so_ky_hieu in task.source_label
    # Someone who cannot see the document cannot use it as a source.
    client.logout()
    login_verified(client, office.outsider)
    assert client.get(url).status_code in (403, 404)


def test_list_uses_a_constant_number_of_queries(client):
    p = province()
    login_verified(client, p.leader)
    create(p, coordinating_units=[p.culture])
    client.get(reverse("tasks:task_list"))
    with CaptureQueriesContext(connection) as few:
        assert client.get(reverse("tasks:task_list")).status_code == 200
    for _i in range(6):
        create(p, lead_unit=p.culture, coordinating_agencies=[p.department, p.commune])
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("tasks:task_list"))
    assert response.content.decode().count('data-task="') == 7
    assert len(many) == len(few)


def test_list_scopes_and_visibility(client):
    p = province()
    mine = create(p)
    other = create(p, lead_unit=p.culture)
    to_commune = create(p, lead_agency=p.commune, lead_unit=None)
    login_verified(client, p.economy_staff)
    body = client.get(reverse("tasks:task_list") + "?pham_vi=don_vi").content.decode()
    assert f'data-task="{mine.pk}"' in body and f'data-task="{other.pk}"' not in body
    assert client.get(reverse("tasks:task_detail", args=[other.pk])).status_code == 404
    client.logout()
    login_verified(client, p.commune_staff)
    body = client.get(reverse("tasks:task_list")).content.decode()
    assert f'data-task="{to_commune.pk}"' in body and f'data-task="{mine.pk}"' not in body
    client.logout()
    login_verified(client, p.outsider)
    assert 'data-task="' not in client.get(reverse("tasks:task_list")).content.decode()
    assert client.get(reverse("tasks:task_detail", args=[mine.pk])).status_code == 404


def test_detail_actions_with_htmx_then_a_report_on_a_closed_task_is_refused(client):
    p = province()
    task = create(p)
    login_verified(client, p.economy_head)
    hx = {"HTTP_HX_REQUEST": "true"}
    url = reverse("tasks:task_action", args=[task.pk, "de-nghi-hoan-thanh"])
    response = client.post(url, {"result": "Đã hoàn thành báo cáo"}, **hx)
    assert response.status_code == 200
    assert 'id="task-panel"' in response.content.decode()
    assert "Đã đề nghị hoàn thành" in response.content.decode()
    client.logout()
    login_verified(client, p.leader)
    client.post(reverse("tasks:task_action", args=[task.pk, "duyet"]), {"note": ""}, **hx)
    task.refresh_from_db()
    assert task.state == TaskState.HOAN_THANH
    client.logout()
    login_verified(client, p.economy_head)
    response = client.post(
        reverse("tasks:task_action", args=[task.pk, "bao-cao"]), {"text": "Bổ sung"}
    )
    assert response.status_code == 400
    assert "Nhiệm vụ đã hoàn thành; không thể báo cáo thêm." in response.content.decode()
    assert task.reports.count() == 1


def test_follow_up_table_and_excel_export(client):
    p = province()
    clock.travel_to(at(2027, 3, 1, 9))
    done = create(p, due_date=dt.date(2027, 3, 10))
    create(p, lead_agency=p.commune, lead_unit=None, due_date=dt.date(2027, 3, 5))
    services.task_propose_completion(p.economy_head, done, result="Xong")
    services.task_accept(p.leader, done)
    clock.travel_to(at(2027, 3, 20, 9))
    login_verified(client, p.leader)
    body = client.get(
        reverse("tasks:follow_up") + "?start=01/03/2027&end=31/03/2027"
    ).content.decode()
    assert 'data-testid="follow-up-table"' in body
    assert "UBND xã Thử" in body and "Phòng Kinh tế" in body
    response = client.get(reverse("tasks:follow_up_export") + "?start=01/03/2027&end=31/03/2027")
    assert response.status_code == 200
    ws = load_workbook(io.BytesIO(response.content)).active
    rows = {r[1]: r for r in ws.iter_rows(min_row=3, values_only=True)}
    commune = next(v for k, v in rows.items() if k and "UBND xã Thử" in k)
    economy = next(v for k, v in rows.items() if k and "Phòng Kinh tế" in k)
    assert commune[2:7] == (1, 0, 0, 0, 1)
    assert economy[2:7] == (1, 1, 0, 0, 0) and economy[8] == 100.0
    assert rows["Tổng cộng"][2] == 2


def test_follow_up_table_queries_do_not_grow_with_units(client):
    p = province()
    clock.travel_to(at(2027, 3, 1, 9))
    login_verified(client, p.leader)
    create(p)
    url = reverse("tasks:follow_up") + "?start=01/03/2027&end=31/03/2027"
    client.get(url)
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).content.decode().count("data-lead=") == 1
    create(p, lead_unit=p.culture)
    create(p, lead_agency=p.commune, lead_unit=None)
    create(p, lead_agency=p.department, lead_unit=None)
    with CaptureQueriesContext(connection) as many:
        assert client.get(url).content.decode().count("data-lead=") == 4
    assert len(many) == len(few)


def test_start_page_counters_are_one_query_each():
    from vanphong.core.deadlines import DeadlineStatus
    from vanphong.tasks import selectors

    p = province()
    clock.travel_to(at(2027, 3, 1, 9))
    create(p, due_date=dt.date(2027, 3, 2))
    clock.travel_to(at(2027, 3, 5, 9))
    with CaptureQueriesContext(connection) as q:
        n = selectors.unit_tasks_with_status(p.economy_staff, DeadlineStatus.QUA_HAN).count()
    assert n == 1 and len(q) == 1
    assert selectors.unit_tasks_with_status(p.culture_head, DeadlineStatus.QUA_HAN).count() == 0


@pytest.mark.rule("TASKS-GIA-HAN")
def test_extension_requested_and_granted_through_the_pages(client):
    p = province()
    clock.travel_to(at(2027, 3, 1, 9))
    task = create(p, due_date=dt.date(2027, 3, 12))
    login_verified(client, p.economy_head)
    hx = {"HTTP_HX_REQUEST": "true"}
    url = reverse("tasks:task_action", args=[task.pk, "xin-gia-han"])
    bad = client.post(url, {"due_date": "10/03/2027", "reason": "Chờ số liệu"}, **hx)
    assert "Hạn đề nghị phải sau hạn hiện tại (12/03/2027)." in bad.content.decode()
    assert task.extensions.count() == 0
    client.post(url, {"due_date": "19/03/2027", "reason": "Chờ số liệu"}, **hx)
    client.logout()
    login_verified(client, p.leader)
    body = client.get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    assert 'data-testid="extension-decision-form"' in body
    client.post(
        reverse("tasks:task_action", args=[task.pk, "gia-han"]),
        {"quyet_dinh": "dong-y", "note": "Đồng ý"},
        **hx,
    )
    body = client.get(reverse("tasks:task_detail", args=[task.pk])).content.decode()
    assert 'data-testid="original-due"' in body and "12/03/2027" in body
    assert "19/03/2027" in body


def test_reminders_page_lists_the_units_reminders(client):
    p = province()
    clock.travel_to(at(2027, 3, 1, 9))
    task = create(p, due_date=dt.date(2027, 3, 2))
    clock.travel_to(at(2027, 3, 3, 9))
    services.reminders_send()
    login_verified(client, p.economy_staff)
    body = client.get(reverse("tasks:reminder_list")).content.decode()
    assert task.code in body and "Quá hạn" in body
    client.logout()
    login_verified(client, p.culture_head)
    body = client.get(reverse("tasks:reminder_list")).content.decode()
    assert task.code not in body
