"""REST API of the catalogue: public list/search and detail; 404 in the error shape."""

from __future__ import annotations

import pytest

from vanphong.procedures.testing import make_procedure

pytestmark = pytest.mark.django_db


def test_list_and_search_without_token(client):
    make_procedure(code="1.001193", name="Cấp giấy khai sinh")
    make_procedure(code="1.000894", name="Đăng ký kết hôn")
    make_procedure(code="1.000656", name="Dự thảo khai tử", publish=False)
    data = client.get("/api/v1/procedures/").json()
    assert data["count"] == 2
    data = client.get("/api/v1/procedures/", {"q": "cap giay khai sinh"}).json()
    assert [p["code"] for p in data["items"]] == ["1.001193"]
    assert data["items"][0]["field_name"] == "Hộ tịch"


def test_detail_by_code(client):
    make_procedure(code="1.000948.H38", name="Thủ tục của tỉnh")
    data = client.get("/api/v1/procedures/1.000948.h38").json()
    assert data["code"] == "1.000948.H38"
    assert data["components"][0]["name"] == "Tờ khai theo mẫu"
    assert data["fees"][0]["amount"] == 10000
    assert data["cutoff_time"] == "15:00:00"
    assert "internal_note" not in data and "steps" not in data


def test_unknown_code_is_404_in_the_error_shape(client):
    draft = make_procedure(publish=False)
    for code in ("9.999999", draft.code, "x" * 500):
        response = client.get(f"/api/v1/procedures/{code}")
        assert response.status_code == 404
        assert response.json() == {
            "code": "procedure_not_found",
            "message": "Không tìm thấy thủ tục hành chính có mã này.",
            "fields": {},
        }


def test_bad_filter_is_422_in_the_error_shape(client):
    response = client.get("/api/v1/procedures/", {"level": "cap_huyen"})
    assert response.status_code == 422
    assert set(response.json()) == {"code", "message", "fields"}


def test_version_content_needs_a_token(client):
    from vanphong.org.testing import api_headers, make_official

    make_procedure(code="1.001193", internal_note="nội bộ")
    url = "/api/v1/procedures/1.001193/versions/1"
    assert client.get(url).status_code == 401
    headers = api_headers(make_official())
    data = client.get(url, **headers).json()
    assert data["number"] == 1 and data["code"] == "1.001193"
    assert data["content"]["internal_note"] == "nội bộ"
    assert len(data["content"]["steps"]) == 3
    response = client.get("/api/v1/procedures/1.001193/versions/2", **headers)
    assert response.status_code == 404
    assert response.json()["code"] == "procedure_version_not_found"


def _payload(**overrides) -> dict:
    data = {
        "name": "Đăng ký khai sinh",
        "field_code": "HT",
        "field_name": "Hộ tịch",
        "level": "cap_xa",
        "competent_agency_name": "Ủy ban nhân dân cấp xã",
        "time_limit_days": "1.5",
        "online_level": "toan_trinh",
        "legal_basis": ["Luật Hộ tịch số 60/2014/QH13"],
        "fees": [{"name": "Lệ phí", "amount": 8000}],
        "components": [{"name": "Tờ khai theo mẫu", "originals": 1, "copies": 0}],
        "steps": [
            {
                "unit_name": "Bộ phận Một cửa",
                "role": "can_bo_mot_cua",
                "description": "Tiếp nhận",
                "budget_hours": "2",
            },
            {"unit_name": "Công chức tư pháp", "description": "Thẩm định", "budget_hours": "10"},
        ],  # fmt: skip
    }
    data.update(overrides)
    return data


def _counts():
    from vanphong.procedures.models import Procedure, ProcedureStep, ProcedureVersion

    return (
        Procedure.objects.count(),
        ProcedureStep.objects.count(),
        ProcedureVersion.objects.count(),
    )


@pytest.mark.rule("ND118-STEPS-WITHIN-LIMIT")
def test_write_api_create_update_deactivate_reactivate(client):
    from vanphong.org.models import Role
    from vanphong.org.testing import api_headers, make_official

    officer = api_headers(make_official(roles=(Role.CAN_BO_MOT_CUA,)))
    url = "/api/v1/procedures/"
    r = client.post(url, {**_payload(), "code": "1.001193", "publish": True},
                    content_type="application/json", **officer)  # fmt: skip
    assert r.status_code == 201, r.content
    assert r.json() == {"code": "1.001193", "current_version": 1, "version": 1, "is_active": True}
    before = _counts()
    over = _payload()
    over["steps"][1]["budget_hours"] = "11"  # 13 h > 12 h
    r = client.put(url + "1.001193", over, content_type="application/json", **officer)
    assert r.status_code == 400
    assert r.json()["code"] == "steps_exceed_limit" and "steps" in r.json()["fields"]
    assert _counts() == before
    changed = _payload(fees=[{"name": "Lệ phí", "amount": 9000}])
    r = client.put(url + "1.001193", changed, content_type="application/json", **officer)
    assert r.json()["version"] == 2
    r = client.put(url + "1.001193", changed, content_type="application/json", **officer)
    assert r.json()["version"] is None  # unchanged: nothing written
    r = client.post(url + "1.001193/deactivate", {"reason": "Bãi bỏ"},
                    content_type="application/json", **officer)  # fmt: skip
    assert r.json()["is_active"] is False
    assert client.get(url + "1.001193").status_code == 404
    r = client.post(url + "1.001193/reactivate", {}, content_type="application/json", **officer)
    assert r.json()["is_active"] is True
    r = client.post(url + "1.001193/reactivate", {}, content_type="application/json", **officer)
    assert r.status_code == 400 and r.json()["code"] == "procedure_active"

    specialist = api_headers(make_official(roles=(Role.CHUYEN_VIEN,)))
    before = _counts()
    r = client.put(url + "1.001193", _payload(), content_type="application/json", **specialist)
    assert r.status_code == 403
    r = client.post(url + "1.001193/deactivate", {}, content_type="application/json", **specialist)
    assert r.status_code == 403
    assert _counts() == before
    assert client.post(url, {}, content_type="application/json").status_code == 401
