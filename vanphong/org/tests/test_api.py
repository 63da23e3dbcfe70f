"""REST API: token issuance (with lockout and TOTP), bearer auth, org endpoints, the error shape."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.conf import settings
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from vanphong.core import clock
from vanphong.org.models import ApiToken, Role
from vanphong.org.testing import api_headers, make_agency, make_official, make_unit

pytestmark = pytest.mark.django_db

PASSWORD = "matkhau-Thu-2026"
TOKEN_URL = "/api/v1/auth/token"


def _post(client, url, data, **extra):
    body = data if isinstance(data, str) else json.dumps(data)
    return client.post(url, body, content_type="application/json", **extra)


def _token(client, username, password=PASSWORD, **more):
    response = _post(client, TOKEN_URL, {"username": username, "password": password, **more})
    assert response.status_code == 200, response.content
    return response.json()["token"]


def _auth(token):
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def _assert_shape(response, status, code=None):
    assert response.status_code == status, response.content
    body = response.json()
    assert set(body) == {"code", "message", "fields"}
    assert isinstance(body["message"], str) and body["message"]
    assert isinstance(body["fields"], dict)
    if code is not None:
        assert body["code"] == code
    return body


@pytest.fixture
def setup():
    agency = make_agency(name="Văn phòng UBND tỉnh Thử")
    unit = make_unit(agency, name="Phòng Tổng hợp")
    official = make_official(agency, unit=unit, username="chuyenvien1", roles=(Role.CHUYEN_VIEN,))
    return agency, unit, official


def test_token_issued_hashed_and_used(client, setup):
    agency, unit, official = setup
    token = _token(client, "chuyenvien1", name="Máy trạm")
    stored = ApiToken.objects.get(official=official)
    assert stored.token_hash == hashlib.sha256(token.encode()).hexdigest()
    assert token not in stored.token_hash and stored.name == "Máy trạm"
    assert stored.expires_at > clock.now() + dt.timedelta(days=settings.API_TOKEN_TTL_DAYS - 1)
    response = client.get("/api/v1/org/me", **_auth(token))
    assert response.status_code == 200
    me = response.json()
    assert me["username"] == "chuyenvien1"
    assert me["agency"]["id"] == agency.pk
    assert [u["name"] for u in me["units"]] == ["Phòng Tổng hợp"]
    assert me["roles"] == ["chuyen_vien"]
    stored.refresh_from_db()
    assert stored.last_used_at is not None


def test_missing_or_bad_token_is_401_with_the_shape(client, setup):
    _assert_shape(client.get("/api/v1/org/me"), 401, "not_authenticated")
    _assert_shape(client.get("/api/v1/org/me", **_auth("vp_khong-ton-tai")), 401)


def test_expired_and_revoked_tokens_refused(client, setup):
    token = _token(client, "chuyenvien1")
    clock.travel_to(clock.now() + dt.timedelta(days=settings.API_TOKEN_TTL_DAYS, seconds=1))
    _assert_shape(client.get("/api/v1/org/me", **_auth(token)), 401)
    clock.reset()
    assert client.get("/api/v1/org/me", **_auth(token)).status_code == 200
    assert client.delete(TOKEN_URL, **_auth(token)).status_code == 204
    _assert_shape(client.get("/api/v1/org/me", **_auth(token)), 401)


def test_inactive_official_token_refused(client, setup):
    agency, unit, official = setup
    token = _token(client, "chuyenvien1")
    official.is_active = False
    official.save()
    _assert_shape(client.get("/api/v1/org/me", **_auth(token)), 401)


def test_bad_credentials_401_vietnamese(client, setup):
    body = _assert_shape(
        _post(client, TOKEN_URL, {"username": "chuyenvien1", "password": "sai"}),
        401,
        "invalid_credentials",
    )
    assert "mật khẩu không đúng" in body["message"]
    assert ApiToken.objects.count() == 0


def test_token_endpoint_locks_out_after_failures(client, setup):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _assert_shape(_post(client, TOKEN_URL, {"username": "chuyenvien1", "password": "sai"}), 401)
    _assert_shape(_post(client, TOKEN_URL, {"username": "chuyenvien1", "password": "sai"}), 429)
    body = _assert_shape(
        _post(client, TOKEN_URL, {"username": "chuyenvien1", "password": PASSWORD}),
        429,
        "locked_out",
    )
    assert "khóa" in body["message"]
    assert ApiToken.objects.count() == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"password": "x"}, "username"),
        ({"username": "a"}, "password"),
        ({"username": ["a"], "password": "x"}, "username"),
        ({"username": "", "password": "x"}, "username"),
    ],
)
def test_malformed_body_422_with_fields(client, setup, payload, field):
    body = _assert_shape(_post(client, TOKEN_URL, payload), 422, "validation_error")
    assert field in body["fields"]
    assert "không hợp lệ" in body["message"]
    assert all(isinstance(m, str) and m for m in body["fields"][field])


def test_missing_field_message_is_vietnamese(client, setup):
    body = _assert_shape(_post(client, TOKEN_URL, {"password": "x"}), 422)
    assert body["fields"]["username"] == ["Trường này là bắt buộc."]


@pytest.mark.parametrize("raw", ["{not json", "[1, 2", '"chuỗi"', "null"])
def test_unparseable_or_wrong_json_is_4xx_with_shape(client, setup, raw):
    response = _post(client, TOKEN_URL, raw)
    assert response.status_code in (400, 422)
    _assert_shape(response, response.status_code)


def test_admin_needs_totp_for_token(client):
    admin = make_official(username="quantri1", roles=(Role.QUAN_TRI,))
    _assert_shape(
        _post(client, TOKEN_URL, {"username": "quantri1", "password": PASSWORD}),
        403,
        "second_factor_setup_required",
    )
    device = TOTPDevice.objects.create(user=admin, name="app", confirmed=True)
    body = _assert_shape(
        _post(client, TOKEN_URL, {"username": "quantri1", "password": PASSWORD}),
        401,
        "second_factor_required",
    )
    assert "otp" in body["fields"]
    _assert_shape(
        _post(client, TOKEN_URL, {"username": "quantri1", "password": PASSWORD, "otp": "000000"}),
        401,
        "invalid_second_factor",
    )
    device.refresh_from_db()
    device.throttle_reset()
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    token = _token(client, "quantri1", otp=code)
    assert "quan_tri" in client.get("/api/v1/org/me", **_auth(token)).json()["roles"]


def test_agencies_paginated_and_units_by_visibility(client, setup):
    agency, unit, official = setup
    other = make_agency(name="Sở Thử")
    make_unit(other)
    gone = make_agency(name="Cơ quan đã giải thể", is_active=False)
    token = _token(client, "chuyenvien1")
    response = client.get("/api/v1/org/agencies", **_auth(token))
    assert response.status_code == 200
    body = response.json()
    names = {a["name"] for a in body["items"]}
    assert {agency.name, other.name} <= names and gone.name not in names
    assert body["count"] == len(body["items"])
    own = client.get(f"/api/v1/org/agencies/{agency.pk}/units", **_auth(token)).json()
    assert [u["id"] for u in own["items"]] == [unit.pk]
    foreign = client.get(f"/api/v1/org/agencies/{other.pk}/units", **_auth(token)).json()
    assert foreign["items"] == []
    _assert_shape(client.get(f"/api/v1/org/agencies/{gone.pk}/units", **_auth(token)), 404)


def test_unknown_id_404_and_bad_id_422(client, setup):
    token = _token(client, "chuyenvien1")
    body = _assert_shape(
        client.get("/api/v1/org/agencies/999999/units", **_auth(token)), 404, "not_found"
    )
    assert "Không tìm thấy" in body["message"]
    body = _assert_shape(client.get("/api/v1/org/agencies/abc/units", **_auth(token)), 422)
    assert "agency_id" in body["fields"]
    _assert_shape(client.get("/api/v1/org/agencies?page=0", **_auth(token)), 422)
    _assert_shape(client.get("/api/v1/org/agencies?page=x", **_auth(token)), 422)
    # numbers beyond the database's integers are refused, not a 500
    _assert_shape(client.get(f"/api/v1/org/agencies?page={10**27}", **_auth(token)), 422)
    _assert_shape(client.get("/api/v1/org/agencies?page_size=100000", **_auth(token)), 422)
    _assert_shape(client.get(f"/api/v1/org/agencies/{2**70}/units", **_auth(token)), 422)
    _assert_shape(client.get("/api/v1/org/agencies/0/units", **_auth(token)), 422)


def test_openapi_docs_served(client):
    docs = client.get("/api/v1/docs")
    assert docs.status_code == 200
    assert "cdn" not in docs.content.decode().lower()  # Swagger UI from ninja's static files
    schema = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/auth/token" in schema["paths"]
    assert "/api/v1/org/me" in schema["paths"]


def test_unknown_api_path_is_404_with_shape(client, setup):
    _assert_shape(client.get("/api/v1/khong-co"), 404, "not_found")
    _assert_shape(client.post("/api/v1/org/khong-co/ca", {}), 404, "not_found")
    token = _token(client, "chuyenvien1")
    assert client.get("/api/v1/org/me", **_auth(token)).status_code == 200


@pytest.mark.parametrize("seed", range(3))
def test_token_endpoint_never_5xx_on_random_json(client, setup, seed):
    import random

    rng = random.Random(seed)
    values = [None, True, 0, -1, 2**70, 1.5, "", "x" * 5000, "Đ", [], {}, [1], {"a": 1}]
    keys = ["username", "password", "otp", "name", "extra"]
    for _ in range(40):
        body = {k: rng.choice(values) for k in rng.sample(keys, rng.randint(0, len(keys)))}
        response = _post(client, TOKEN_URL, body)
        assert response.status_code < 500, (body, response.content)
        _assert_shape(response, response.status_code)


def test_list_endpoints_query_count_does_not_grow(client, setup, django_assert_max_num_queries):
    agency, unit, official = setup
    headers = api_headers(official)
    for _ in range(3):
        make_unit(agency)
        make_agency()
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/org/agencies", **headers).status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/v1/org/agencies/{agency.pk}/units", **headers).status_code == 200
    for _ in range(20):
        make_unit(agency)
        make_agency()
    with django_assert_max_num_queries(8):
        response = client.get(f"/api/v1/org/agencies/{agency.pk}/units", **headers)
    assert response.json()["count"] == 24
    with django_assert_max_num_queries(8):
        client.get("/api/v1/org/agencies", **headers)


def test_wrong_method_and_media_type_keep_the_shape(client, setup):
    response = client.put("/api/v1/org/me", "{}", content_type="application/json")
    body = _assert_shape(response, 405, "method_not_allowed")
    assert "GET" in response["Allow"] and body["message"]
    response = client.post(TOKEN_URL, {"username": "chuyenvien1", "password": "sai"})  # a form
    assert response.status_code in (400, 415)
    _assert_shape(response, response.status_code)
    response = client.post(
        TOKEN_URL,
        json.dumps({"username": "chuyenvien1", "password": "sai"}),
        content_type="text/plain",
    )
    _assert_shape(response, 415, "unsupported_media_type")
    response = client.post(
        TOKEN_URL,
        json.dumps({"username": "chuyenvien1", "password": "sai"}),
        content_type="multipart/form-data",  # no boundary
    )
    assert response.status_code in (400, 415)
    _assert_shape(response, response.status_code)


@pytest.mark.parametrize(
    "raw",
    [
        '{"username": "a\\u0000b", "password": "x"}',  # NUL: PostgreSQL cannot store it
        '{"username": "\\ud8aa", "password": "x"}',  # a lone surrogate: not UTF-8
        '{"username": "a", "password": "x", "\\u0000": 1}',
    ],
)
def test_text_the_databases_cannot_store_is_a_400(client, setup, raw):
    _assert_shape(_post(client, TOKEN_URL, raw), 400, "malformed_body")


def test_nul_in_query_is_a_400(client, setup):
    token = _token(client, "chuyenvien1")
    _assert_shape(client.get("/api/v1/org/agencies?page=%00", **_auth(token)), 400)
    _assert_shape(client.get("/api/v1/org/agencies?x%00=1", **_auth(token)), 400)


def test_official_with_an_authenticator_needs_the_code_for_a_token(client, setup):
    agency, unit, official = setup
    device = TOTPDevice.objects.create(user=official, name="app", confirmed=True)
    _assert_shape(
        _post(client, TOKEN_URL, {"username": "chuyenvien1", "password": PASSWORD}),
        401,
        "second_factor_required",
    )
    code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    assert _token(client, "chuyenvien1", otp=code)
