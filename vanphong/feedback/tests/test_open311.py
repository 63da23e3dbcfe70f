"""Open311 GeoReport v2: the specification's field names and error arrays, in JSON and XML;
an Open311 client over real HTTP (live server + urllib) creating and reading requests through
the API only; bad input refused with nothing written; no personal data in GET output."""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from xml.etree import ElementTree as ET

import pytest

from vanphong.core import clock
from vanphong.feedback import services
from vanphong.feedback.models import Feedback
from vanphong.feedback.open311 import REQUEST_FIELDS, create_client
from vanphong.feedback.tests.builders import (
    EMAIL,
    NAME,
    PHONE,
    SON_NAM,
    answered,
    at,
    hotline,
    submit,
)

SERVICE_FIELDS = {
    "service_code",
    "service_name",
    "description",
    "metadata",
    "type",
    "keywords",
    "group",
}
ATTRIBUTE_FIELDS = {
    "variable",
    "code",
    "datatype",
    "required",
    "datatype_description",
    "order",
    "description",
    "values",
}
PERSONAL = (NAME, PHONE, EMAIL, "Ngọc", "0912", "bichngoc")


def _post(client, path: str, data: dict):
    return client.post(path, data=data)


@pytest.fixture
def h(db):
    clock.travel_to(at(2026, 7, 6, 9))
    return hotline()


@pytest.fixture
def key(db):
    return create_client("Ứng dụng thử")[1]


# --------------------------------------------------------------------------------------------
# Bad input (test client)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["json", "xml"])
@pytest.mark.parametrize(
    ("data", "status", "needle"),
    [
        (
            {"service_code": "khong-co", "lat": "20.65", "long": "106.05", "description": "x"},
            400,
            "khong-co",
        ),
        ({"service_code": "ha-tang-giao-thong", "description": "Ổ gà"}, 400, "lat"),
        (
            {"service_code": "", "lat": "20.6", "long": "106.0", "description": "x"},
            400,
            "service_code",
        ),
        ({"service_code": "ha-tang-giao-thong", "lat": "20.6", "long": "106.0"}, 400, ""),
        (
            {
                "service_code": "ha-tang-giao-thong",
                "lat": "200",
                "long": "106.0",
                "description": "x",
            },
            400,
            "",
        ),
        (
            {"service_code": "ha-tang-giao-thong", "address_id": "1", "description": "x"},
            400,
            "address_id",
        ),
        (
            {"service_code": "chieu-sang", "lat": "20.6", "long": "106.0", "description": "x"},
            400,
            "",
        ),
    ],
)
def test_post_bad_input_is_an_error_array_and_writes_nothing(
    client, h, key, fmt, data, status, needle
):
    response = _post(client, f"/open311/v2/requests.{fmt}", {**data, "api_key": key})
    assert response.status_code == status
    if fmt == "json":
        body = response.json()
        assert isinstance(body, list) and set(body[0]) == {"code", "description"}
        assert body[0]["code"] == status
        assert needle in body[0]["description"]
    else:
        root = ET.fromstring(response.content)
        assert root.tag == "errors"
        error = root.find("error")
        assert error.findtext("code") == str(status)
        assert needle in error.findtext("description")
    assert Feedback.objects.count() == 0


@pytest.mark.django_db
def test_post_needs_a_valid_api_key(client, h, key):
    data = {
        "service_code": "ha-tang-giao-thong",
        "lat": "20.65",
        "long": "106.05",
        "description": "x",
    }
    for bad in ({}, {"api_key": "sai"}):
        response = _post(client, "/open311/v2/requests.json", {**data, **bad})
        assert response.status_code == 403
        assert response.json()[0]["code"] == 403
    assert Feedback.objects.count() == 0
    response = _post(client, "/open311/v2/requests.json", {**data, "api_key": key})
    assert response.status_code == 200
    assert Feedback.objects.count() == 1


@pytest.mark.django_db
def test_unknown_service_and_request_are_404_arrays(client, h):
    response = client.get("/open311/v2/services/khong-co.json")
    assert response.status_code == 404 and response.json()[0]["code"] == 404
    response = client.get("/open311/v2/requests/PA-00000-00000.xml")
    assert response.status_code == 404
    assert ET.fromstring(response.content).find("error/code").text == "404"


@pytest.mark.django_db
def test_get_request_filters(client, h):
    clock.travel_to(at(2026, 3, 2, 9))
    old, _s = submit(h)
    clock.travel_to(at(2026, 7, 6, 9))
    fresh, _s = submit(h, commune_code=SON_NAM)
    done, _s = answered(h)
    light, _s = submit(h, category=h.lighting, attribute_values={"loai_den": "tat"})

    def codes(query: str) -> set[str]:
        response = client.get("/open311/v2/requests.json?" + query)
        assert response.status_code == 200, response.content
        return {row["service_request_id"] for row in response.json()}

    assert codes("") == {fresh.code, done.code, light.code}  # the last 90 days by default
    assert codes(f"service_request_id={old.code},{done.code}") == {old.code, done.code}
    assert codes("status=closed") == {done.code}
    assert codes("status=open") == {fresh.code, light.code}
    assert codes("service_code=chieu-sang") == {light.code}
    assert codes("start_date=2026-03-01T00:00:00%2B07:00&end_date=2026-03-31") == {old.code}
    for bad in ("start_date=hom-qua", "start_date=2026-01-01&end_date=2026-06-01", "status=xong"):
        response = client.get("/open311/v2/requests.json?" + bad)
        assert response.status_code == 400
        assert response.json()[0]["code"] == 400


@pytest.mark.django_db
@pytest.mark.rule("FEEDBACK-DLCN")
def test_get_output_has_no_personal_data(client, h):
    item, _s = submit(h, consent_publish=True, device_id="dev-1", account_id="acc-9")
    answered(h)
    for path in (
        "/open311/v2/requests.json",
        "/open311/v2/requests.xml",
        f"/open311/v2/requests/{item.code}.json",
        f"/open311/v2/requests/{item.code}.xml",
    ):
        text = client.get(path).content.decode()
        for secret in (*PERSONAL, "dev-1", "acc-9"):
            assert secret not in text, (path, secret)
    row = client.get(f"/open311/v2/requests/{item.code}.json").json()[0]
    assert "[…]" in row["description"]  # the phone number written in the description


# --------------------------------------------------------------------------------------------
# A real Open311 client over HTTP


def _http(method: str, url: str, data: dict | None = None):
    body = urllib.parse.urlencode(data, doseq=True).encode() if data is not None else None
    req = urllib.request.Request(url, data=body, method=method)
    if body is not None:
        req.add_header("Content-Type", "application/x-www-form-urlencoded")
    try:
        with urllib.request.urlopen(req, timeout=20) as resp:
            return resp.status, resp.headers.get("Content-Type", ""), resp.read()
    except urllib.error.HTTPError as exc:
        return exc.code, exc.headers.get("Content-Type", ""), exc.read()


@pytest.mark.django_db(transaction=True)
@pytest.mark.rule("FEEDBACK-DLCN")
def test_open311_client_over_real_http(live_server, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    clock.travel_to(at(2026, 7, 6, 9))  # process-wide: the live server sees the same time
    h = hotline()
    key = create_client("Ứng dụng phản ánh hiện trường")[1]
    base = live_server.url + "/open311/v2"

    # Discovery and services, JSON and XML.
    status, ctype, body = _http("GET", base + "/discovery.json")
    assert status == 200 and ctype.startswith("application/json")
    discovery = json.loads(body)
    assert {"changeset", "contact", "key_service", "endpoints"} <= set(discovery)
    assert discovery["endpoints"][0]["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert discovery["endpoints"][0]["url"] == base
    root = ET.fromstring(_http("GET", base + "/discovery.xml")[2])
    assert root.tag == "discovery"
    assert [f.text for f in root.findall("endpoints/endpoint/formats/format")] == [
        "text/xml",
        "application/json",
    ]
    services_json = json.loads(_http("GET", base + "/services.json")[2])
    assert {s["service_code"] for s in services_json} == {"ha-tang-giao-thong", "chieu-sang"}
    assert all(set(s) == SERVICE_FIELDS for s in services_json)
    services_xml = ET.fromstring(_http("GET", base + "/services.xml")[2])
    assert services_xml.tag == "services"
    for node in services_xml.findall("service"):
        assert {child.tag for child in node} == SERVICE_FIELDS
    definition = json.loads(_http("GET", base + "/services/chieu-sang.json")[2])
    assert definition["service_code"] == "chieu-sang"
    assert set(definition["attributes"][0]) == ATTRIBUTE_FIELDS
    assert definition["attributes"][0]["values"][0] == {"key": "tat", "name": "Đèn tắt"}
    definition_xml = ET.fromstring(_http("GET", base + "/services/chieu-sang.xml")[2])
    assert definition_xml.tag == "service_definition"
    attribute = definition_xml.find("attributes/attribute")
    assert {c.tag for c in attribute} == ATTRIBUTE_FIELDS
    assert attribute.find("values/value/key").text == "tat"

    # POST in JSON: a pothole with a position and the reporter's contact.
    status, ctype, body = _http(
        "POST",
        base + "/requests.json",
        {
            "api_key": key,
            "service_code": "ha-tang-giao-thong",
            "lat": "20.646512",
            "long": "106.051234",
            "address_string": "Đường Nguyễn Văn Linh",
            "address_id": str(SON_NAM),
            "description": f"Ổ gà sâu trước số 21, liên hệ {PHONE}",
            "email": EMAIL,
            "first_name": "Bích Ngọc",
            "last_name": "Trần Thị",
            "phone": PHONE,
            "device_id": "thiet-bi-7",
            "media_url": "https://example.org/anh/o-ga.jpg",
        },
    )
    assert status == 200, body
    created = json.loads(body)
    assert isinstance(created, list) and "service_request_id" in created[0]
    request_id = created[0]["service_request_id"]
    assert "service_notice" in created[0]

    # POST in XML: a street light out (a required list attribute).
    status, ctype, body = _http(
        "POST",
        base + "/requests.xml",
        {
            "api_key": key,
            "service_code": "chieu-sang",
            "lat": "20.65",
            "long": "106.06",
            "description": "Đèn đường tắt cả tuần",
            "attribute[loai_den]": "tat",
        },
    )
    assert status == 200 and ctype.startswith("text/xml"), body
    xml_created = ET.fromstring(body)
    assert xml_created.tag == "service_requests"
    light_id = xml_created.find("request/service_request_id").text
    assert light_id

    # Read both back through the API only, JSON and XML.
    rows = json.loads(_http("GET", base + f"/requests/{request_id}.json")[2])
    assert len(rows) == 1 and set(rows[0]) == set(REQUEST_FIELDS)
    row = rows[0]
    assert row["service_request_id"] == request_id
    assert row["status"] == "open"
    assert row["service_code"] == "ha-tang-giao-thong"
    assert row["lat"] == pytest.approx(20.646512) and row["long"] == pytest.approx(106.051234)
    assert row["address_id"] == str(SON_NAM)
    assert "Sơn Nam" in row["address"]
    assert row["requested_datetime"] == "2026-07-06T09:00:00+07:00"
    assert row["expected_datetime"] == "2026-07-09T17:30:00+07:00"  # 3 working days (commune)
    assert h.commune.name in row["agency_responsible"]  # routed by commune
    xml_rows = ET.fromstring(_http("GET", base + f"/requests/{light_id}.xml")[2])
    assert xml_rows.tag == "service_requests"
    request_node = xml_rows.find("request")
    assert [child.tag for child in request_node] == list(REQUEST_FIELDS)
    assert request_node.findtext("status") == "open"
    assert request_node.findtext("service_code") == "chieu-sang"
    listing = json.loads(_http("GET", base + "/requests.json?status=open")[2])
    assert {r["service_request_id"] for r in listing} == {request_id, light_id}
    all_xml = _http("GET", base + "/requests.xml")[2].decode()
    everything = json.dumps(listing, ensure_ascii=False) + all_xml
    for secret in (*PERSONAL, "thiet-bi-7"):
        assert secret not in everything

    # The unit answers and the approver publishes: the request is closed.
    item = Feedback.objects.get(code=request_id)
    services.feedback_draft_answer(
        acting_user=h.commune_handler, item=item, answer="Phường đã vá ổ gà."
    )
    services.feedback_publish(acting_user=h.approver, item=item)
    row = json.loads(_http("GET", base + f"/requests/{request_id}.json")[2])[0]
    assert row["status"] == "closed" and row["status_notes"] == "Đã trả lời"

    # Errors over HTTP, in the specification's format.
    status, _ctype, body = _http(
        "POST",
        base + "/requests.json",
        {"api_key": key, "service_code": "khong-co", "lat": "20.6", "long": "106.0"},
    )
    assert status == 400 and json.loads(body)[0]["code"] == 400
    status, _ctype, body = _http(
        "POST", base + "/requests.xml", {"api_key": key, "service_code": "chieu-sang"}
    )
    assert status == 400
    assert ET.fromstring(body).find("error/code").text == "400"
    assert Feedback.objects.count() == 2
