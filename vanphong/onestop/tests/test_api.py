"""REST API: the same services, errors in the shared shape."""

from __future__ import annotations

import pytest
from django.core.cache import cache

from vanphong.core import clock
from vanphong.onestop.models import Dossier, DossierNotice
from vanphong.onestop.testing import APPLICANT, COMPONENTS, at, office, procedure_for
from vanphong.org.testing import api_headers

pytestmark = pytest.mark.django_db
BASE = "/api/v1/onestop"


@pytest.fixture
def o():
    cache.clear()
    clock.travel_to(at(2026, 1, 5, 8))
    office_ = office()
    office_.proc = procedure_for(office_)
    clock.travel_to(at(2026, 3, 9, 9))
    return office_


def _post(client, url, data, user):
    return client.post(url, data, content_type="application/json", **api_headers(user))


def test_full_journey_through_the_api(client, o):
    r = _post(
        client,
        f"{BASE}/dossiers",
        {"procedure_code": o.proc.code, "applicant": APPLICANT, "components": COMPONENTS},
        o.desk,
    )
    assert r.status_code == 201, r.content
    body = r.json()
    pin, pk = body["pin"], body["id"]
    assert body["applicant_identity"] == "034******234"
    assert body["code"] == "H31.45.10-260309-0001"
    r = _post(
        client,
        f"{BASE}/dossiers/{pk}/supplement-request",
        {"items": ["Bản sao giấy khai sinh"], "reason": "Thiếu giấy tờ"},
        o.desk,
    )
    assert r.status_code == 200 and r.json()["status"] == "cho_bo_sung"
    r = _post(client, f"{BASE}/dossiers/{pk}/supplement", {}, o.desk)
    assert r.json()["status"] == "dang_xu_ly"
    assert _post(client, f"{BASE}/dossiers/{pk}/handover", {}, o.desk).status_code == 200
    assert _post(client, f"{BASE}/dossiers/{pk}/handover", {}, o.leader_a).status_code == 200
    clock.travel_to(at(2026, 3, 10, 9))
    r = _post(client, f"{BASE}/dossiers/{pk}/result", {"outcome": "chap_thuan"}, o.leader_b)
    assert r.json()["timeliness"] == "truoc_han"
    rows = client.get(f"{BASE}/dossiers/{pk}/control-form", **api_headers(o.desk)).json()
    assert len(rows) >= 4
    # Supplement request on a settled dossier: 409 in Vietnamese.
    r = _post(
        client,
        f"{BASE}/dossiers/{pk}/supplement-request",
        {"items": ["X"], "reason": "Y"},
        o.desk,
    )
    assert r.status_code == 409 and r.json()["code"] == "dossier_closed"
    assert DossierNotice.objects.filter(kind="mau_02").count() == 1
    # Public look-up and rating without a token.
    code = body["code"]
    r = client.post(f"{BASE}/lookup", {"code": code, "pin": pin}, content_type="application/json")
    assert r.status_code == 200 and "applicant_name" not in r.json()
    r = client.post(
        f"{BASE}/rate",
        {"code": code, "pin": pin, "rating": "hai_long"},
        content_type="application/json",
    )
    assert r.status_code == 200 and r.json()["rated"]
    r = client.post(
        f"{BASE}/rate",
        {"code": code, "pin": pin, "rating": "hai_long"},
        content_type="application/json",
    )
    assert r.status_code == 409 and r.json()["code"] == "already_rated"
    stats = client.get(
        f"{BASE}/statistics", {"start": "2026-03-01", "end": "2026-03-31"}, **api_headers(o.desk)
    ).json()
    assert stats["settled_early"] == 1 and stats["received_new"] == 1


def test_unknown_procedure_and_lookup_errors(client, o):
    r = _post(
        client, f"{BASE}/dossiers", {"procedure_code": "9.999999", "applicant": APPLICANT}, o.desk
    )
    assert r.status_code == 400 and r.json()["code"] == "procedure_not_found"
    assert "Thủ tục hành chính" in r.json()["message"] and Dossier.objects.count() == 0
    a = client.post(
        f"{BASE}/lookup", {"code": "NOPE-1", "pin": "123456"}, content_type="application/json"
    )
    assert a.status_code == 404 and a.json()["code"] == "lookup_failed"


def test_list_masks_and_limits_to_visible(client, o):
    from vanphong.org.models import Role
    from vanphong.org.testing import make_agency, make_official

    _post(
        client,
        f"{BASE}/dossiers",
        {"procedure_code": o.proc.code, "applicant": APPLICANT, "components": COMPONENTS},
        o.desk,
    )
    items = client.get(f"{BASE}/dossiers", **api_headers(o.desk)).json()["items"]
    assert len(items) == 1 and items[0]["applicant_identity"] == "034******234"
    outsider = make_official(make_agency(identifier="H31.99.98"), roles=(Role.CAN_BO_MOT_CUA,))
    assert client.get(f"{BASE}/dossiers", **api_headers(outsider)).json()["items"] == []
