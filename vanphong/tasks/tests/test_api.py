"""REST API /api/v1/tasks/: the same services; 4xx in the error shape, nothing written."""

from __future__ import annotations

import datetime as dt

import pytest

from vanphong.core import clock
from vanphong.org.testing import api_headers
from vanphong.tasks.models import Task, TaskReport
from vanphong.tasks.tests.builders import at, create, province

pytestmark = pytest.mark.django_db
BASE = "/api/v1/tasks"


def test_create_report_propose_accept_through_the_api(client):
    p = province()
    clock.travel_to(at(2027, 3, 4, 10))
    leader = api_headers(p.leader)
    response = client.post(
        f"{BASE}/tasks",
        {
            "agency_id": p.pc.pk,
            "content": "Tổng hợp kết quả cải cách hành chính quý I",
            "lead_unit_id": p.economy.pk,
            "coordinating_agency_ids": [p.department.pk],
            "due_working_days": 3,
        },
        content_type="application/json",
        **leader,
    )
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["due_at"] == "2027-03-09T10:30:00Z"  # 17:30 in Vietnam
    assert body["source_kind"] == "chi_dao" and body["deadline_status"] == "chua_den_han"
    tid = body["id"]
    head = api_headers(p.economy_head)
    r = client.post(
        f"{BASE}/tasks/{tid}/progress", {"text": "Đang tổng hợp"}, "application/json", **head
    )
    assert r.status_code == 201
    r = client.post(
        f"{BASE}/tasks/{tid}/propose-completion",
        {"result": "Đã có báo cáo"},
        "application/json",
        **head,
    )
    assert r.json()["state"] == "cho_duyet"
    r = client.post(f"{BASE}/tasks/{tid}/accept", {"note": ""}, "application/json", **leader)
    assert r.status_code == 200 and r.json()["deadline_status"] == "hoan_thanh_truoc_han"
    r = client.post(f"{BASE}/tasks/{tid}/progress", {"text": "Thêm"}, "application/json", **head)
    assert r.status_code == 409
    assert r.json()["code"] == "task_closed" and "đã hoàn thành" in r.json()["message"]
    assert TaskReport.objects.count() == 2


def test_deadline_before_assignment_is_a_400_and_nothing_written(client):
    p = province()
    clock.travel_to(at(2027, 3, 4, 10))
    r = client.post(
        f"{BASE}/tasks",
        {
            "agency_id": p.pc.pk,
            "content": "Việc",
            "lead_unit_id": p.economy.pk,
            "due_date": "2027-03-01",
        },
        content_type="application/json",
        **api_headers(p.leader),
    )
    assert r.status_code == 400
    assert r.json()["code"] == "due_before_assignment"
    assert "due_date" in r.json()["fields"]
    assert Task.objects.count() == 0


def test_extension_through_the_api_and_visibility(client):
    p = province()
    clock.travel_to(at(2027, 3, 1, 9))
    task = create(p, due_date=dt.date(2027, 3, 12))
    r = client.post(
        f"{BASE}/tasks/{task.pk}/extensions",
        {"due_date": "2027-03-19", "reason": "Chờ số liệu"},
        "application/json",
        **api_headers(p.economy_head),
    )
    assert r.status_code == 201
    ext = r.json()["id"]
    r = client.post(
        f"{BASE}/tasks/{task.pk}/extensions/{ext}/decision",
        {"grant": True},
        "application/json",
        **api_headers(p.leader),
    )
    assert r.status_code == 200 and r.json()["state"] == "dong_y"
    r = client.get(f"{BASE}/tasks/{task.pk}", **api_headers(p.leader))
    assert r.json()["original_due_at"] == "2027-03-12T10:30:00Z"
    assert client.get(f"{BASE}/tasks/{task.pk}", **api_headers(p.outsider)).status_code == 404
    r = client.get(f"{BASE}/tasks", **api_headers(p.outsider))
    assert r.json()["count"] == 0
    r = client.get(f"{BASE}/tasks?scope=don_vi", **api_headers(p.economy_staff))
    assert [t["id"] for t in r.json()["items"]] == [task.pk]
