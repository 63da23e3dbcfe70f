"""REST API of văn bản đi: the same services, errors documented."""

from __future__ import annotations

import datetime as dt

import pytest

from vanphong.core import clock
from vanphong.documents.tests.factories import (
    doc_type,
    docx_file,
    fake_pdf,
    make_world,
    row_counts,
    stored_files,
)
from vanphong.org.testing import api_headers

pytestmark = pytest.mark.django_db

BASE = "/api/v1/documents/outgoing"
JSON = "application/json"


@pytest.fixture
def world(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    clock.travel_to(dt.datetime(2026, 3, 10, 9, 0))
    return make_world()


def test_api_draft_to_issue_and_recall(client, world):
    office = world.office
    author = api_headers(office.kt_specialist)
    r = client.post(
        f"{BASE}/upload",
        {
            "doc_type_id": doc_type("QĐ").pk,
            "trich_yeu": "Quyết định thành lập tổ công tác",
            "agency_ids": [world.department.pk],
            "file": docx_file(),
        },
        **author,
    )
    assert r.status_code == 201, r.content
    doc = r.json()
    assert doc["state"] == "draft" and doc["versions"] == 1 and doc["code"] == ""
    url = f"{BASE}/{doc['id']}"
    assert client.post(f"{url}/submit", {}, content_type=JSON, **author).status_code == 200
    for user in (office.kt_head, office.leader):
        r = client.post(f"{url}/approve", {}, content_type=JSON, **api_headers(user))
        assert r.status_code == 200, r.content
    signer = api_headers(world.signer)
    r = client.post(f"{url}/approve", {}, content_type=JSON, **signer)
    assert r.status_code == 400 and r.json()["code"] == "signer_info_required"
    r = client.post(
        f"{url}/approve",
        {
            "authority_mark": "TM.",
            "authority_title": "Ủy ban nhân dân",
            "signer_position": "Chủ tịch",
        },
        content_type=JSON,
        **signer,
    )
    assert r.json()["state"] == "approved"
    clerk = api_headers(office.clerk)
    r = client.post(f"{url}/issue", **clerk)
    assert r.status_code == 200, r.content
    body = r.json()
    assert body["so"] == "Số: 01/QĐ-UBND" and body["issue_date"] == "2026-03-10"
    assert body["recipients"][0]["status"] == "03"
    before = row_counts()
    r = client.post(f"{url}/issue", **clerk)
    assert r.status_code == 409 and r.json()["code"] == "already_issued"
    assert row_counts() == before
    r = client.post(f"{url}/recall", {"reason": ""}, content_type=JSON, **clerk)
    assert r.status_code == 400 and r.json()["code"] == "reason_required"
    r = client.post(f"{url}/recall", {"reason": "Sai thẩm quyền"}, content_type=JSON, **clerk)
    assert r.json()["state"] == "recalled"
    dept = api_headers(world.dept_clerk)
    r = client.get("/api/v1/documents/recall-requests", **dept)
    assert r.json()["count"] == 1
    request_id = r.json()["items"][0]["id"]
    r = client.post(
        f"/api/v1/documents/recall-requests/{request_id}/accept", {}, content_type=JSON, **dept
    )
    assert r.status_code == 200 and r.json()["status"] == "15"
    r = client.post(
        f"/api/v1/documents/recall-requests/{request_id}/refuse",
        {"answer": "muộn"},
        content_type=JSON,
        **dept,
    )
    assert r.status_code == 409 and r.json()["code"] == "recall_not_pending"
    # The department sees nothing of the sender's document.
    assert client.get(url, **dept).status_code == 404
    assert client.get(BASE, **dept).json()["count"] == 0


def test_api_bad_input_nothing_written(client, world, settings):
    author = api_headers(world.office.kt_specialist)
    before, files = row_counts(), stored_files(settings)
    r = client.post(BASE, {"doc_type_id": doc_type("QĐ").pk}, content_type=JSON, **author)
    assert r.status_code == 400 and "trich_yeu" in r.json()["fields"]
    r = client.post(
        f"{BASE}/upload",
        {"doc_type_id": doc_type("QĐ").pk, "trich_yeu": "Có", "file": fake_pdf()},
        **author,
    )
    assert r.status_code == 400 and r.json()["code"] == "file_type_mismatch"
    r = client.post(
        BASE,
        {"doc_type_id": 999999, "trich_yeu": "Có"},
        content_type=JSON,
        **author,
    )
    assert r.status_code == 400 and "doc_type" in r.json()["fields"]
    r = client.post(
        BASE,
        {"doc_type_id": doc_type("QĐ").pk, "trich_yeu": "Có", "unit_ids": [999999]},
        content_type=JSON,
        **author,
    )
    assert r.status_code == 400
    assert row_counts() == before and stored_files(settings) == files


def test_api_issuing_an_unapproved_draft(client, world):
    author = api_headers(world.office.kt_specialist)
    r = client.post(
        BASE,
        {"doc_type_id": doc_type("TB").pk, "trich_yeu": "Thông báo"},
        content_type=JSON,
        **author,
    )
    url = f"{BASE}/{r.json()['id']}"
    clerk = api_headers(world.office.clerk)
    assert client.post(f"{url}/issue", **clerk).status_code == 404  # unsubmitted: not his
    r = client.post(f"{url}/versions", {"file": docx_file()}, **author)
    assert r.status_code == 200 and r.json()["versions"] == 1
    assert client.post(f"{url}/submit", {}, content_type=JSON, **author).status_code == 200
    before = row_counts()
    r = client.post(f"{url}/issue", **clerk)
    assert r.status_code == 409 and r.json()["code"] == "not_approved"
    assert row_counts() == before
