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
