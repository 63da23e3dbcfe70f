from __future__ import annotations

import datetime as dt

import pytest

from vanphong.core import clock
from vanphong.documents.models import IncomingDocument
from vanphong.documents.tests.factories import (
    doc_type,
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


def _payload(**overrides):
    data = {
        "channel": "dien_tu",
        "issuer_name": "Sở Tài chính",
        "so_ky_hieu": "77/STC-NS",
        "issue_date": "2026-03-09",
        "doc_type_id": doc_type("BC").pk,
        "trich_yeu": "Báo cáo tình hình thu ngân sách",
    }
    data.update(overrides)
    return data


def test_api_register_read_list_direct_finish(client, office):
    clerk, leader, head = (
        api_headers(office.clerk),
        api_headers(office.leader),
        api_headers(office.kt_head),
    )
    r = client.post(BASE, _payload(urgency="khan"), content_type="application/json", **clerk)
    assert r.status_code == 201, r.content
    doc = r.json()
    assert doc["number"] == 1 and doc["urgency"] == "khan"
    r = client.post(
        f"{BASE}/{doc['id']}/present",
        {"leader_id": office.leader.pk},
        content_type="application/json",
        **clerk,
    )
    assert r.status_code == 200 and r.json()["state"] == "presented"
    r = client.post(
        f"{BASE}/{doc['id']}/direct",
        {
            "direction": "Phòng Kinh tế chủ trì",
            "lead": {"unit_id": office.kt.pk, "due_in_working_days": 5},
            "coordinating": [{"unit_id": office.th.pk, "due_in_working_days": 3}],
        },
        content_type="application/json",
        **leader,
    )
    assert r.status_code == 200 and r.json()["state"] == "in_progress", r.content
    r = client.get(BASE, {"q": "ngan sach"}, **head)
    assert r.json()["count"] == 1
    assert client.get(f"{BASE}/{doc['id']}", **head).status_code == 200
    r = client.post(
        f"{BASE}/{doc['id']}/finish", {"note": "Xong"}, content_type="application/json", **leader
    )
    assert r.status_code == 200 and r.json()["state"] == "finished"
    before = row_counts()
    r = client.post(
        f"{BASE}/{doc['id']}/direct",
        {"direction": "Giao lại", "lead": {"unit_id": office.kt.pk}},
        content_type="application/json",
        **leader,
    )
    assert r.status_code == 409 and r.json()["code"] == "document_finished"
    assert r.json()["message"] and row_counts() == before


def test_api_visibility(client, office):
    doc = register(office)
    secret = register(office, confidentiality="mat")
    spec = api_headers(office.kt_specialist)
    assert client.get(BASE, **spec).json()["count"] == 0
    assert client.get(f"{BASE}/{doc.pk}", **spec).status_code == 404
    clerk2 = api_headers(office.outsider)
    assert client.get(f"{BASE}/{secret.pk}", **clerk2).status_code == 404
    assert client.get(BASE, **api_headers(office.clerk)).json()["count"] == 2


def test_api_duplicate_409_then_confirm(client, office):
    clerk = api_headers(office.clerk)
    first = client.post(BASE, _payload(), content_type="application/json", **clerk).json()
    r = client.post(BASE, _payload(), content_type="application/json", **clerk)
    assert r.status_code == 409 and r.json()["code"] == "probable_duplicate"
    assert r.json()["fields"]["duplicate_of"] == [str(first["id"])]
    r = client.post(
        BASE, _payload(confirm_duplicate=True), content_type="application/json", **clerk
    )
    assert r.status_code == 201 and r.json()["duplicate_of_id"] == first["id"]


@pytest.mark.parametrize(
    "overrides, field",
    [({"trich_yeu": ""}, "trich_yeu"), ({"so_ky_hieu": "77-STC"}, "so_ky_hieu")],
)
def test_api_bad_input_4xx_nothing_written(client, office, overrides, field):
    clerk = api_headers(office.clerk)
    before = row_counts()
    r = client.post(BASE, _payload(**overrides), content_type="application/json", **clerk)
    assert r.status_code == 400
    body = r.json()
    assert body["code"] == "invalid_input" and field in body["fields"] and body["message"]
    assert row_counts() == before


def test_api_upload_pdf_and_fake_pdf(client, office, settings):
    clerk = api_headers(office.clerk)
    r = client.post(f"{BASE}/upload", {**_payload(), "file": pdf_file()}, **clerk)
    assert r.status_code == 201, r.content
    assert r.json()["has_file"] is True
    before, files = row_counts(), stored_files(settings)
    r = client.post(
        f"{BASE}/upload", {**_payload(so_ky_hieu="78/STC-NS"), "file": fake_pdf()}, **clerk
    )
    assert r.status_code == 400 and r.json()["code"] == "file_type_mismatch"
    assert row_counts() == before and stored_files(settings) == files
    r = client.post(
        f"{BASE}/upload",
        {**_payload(so_ky_hieu="79/STC-NS", confidentiality="mat"), "file": pdf_file()},
        **clerk,
    )
    assert r.status_code == 400 and r.json()["code"] == "confidential_no_file"
    assert IncomingDocument.objects.count() == 1
