"""Denouncer protection: the masking matrix over every output, the logged views, masked
identity numbers; the pages' constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vanphong.core import clock, eventlog
from vanphong.core.eventlog.models import Event
from vanphong.core.privacy import mask_identity_number
from vanphong.org.models import Role
from vanphong.org.testing import api_headers, login_verified, make_admin, make_official, make_unit
from vanphong.reception.models import Petitioner
from vanphong.reception.protection import identity_digest, open_identity, seal_identity
from vanphong.reception.tests.builders import CCCD, DENOUNCER, at, office, receive

pytestmark = pytest.mark.django_db
NAME = DENOUNCER["full_name"]
SECRETS = (NAME, DENOUNCER["identity_number"], DENOUNCER["phone"], "Lê Lợi")


@pytest.fixture
def case():
    clock.travel_to(at(2026, 7, 6, 10))
    agency, unit, handler = office()
    denunciation = receive(
        handler,
        agency,
        classification="to_cao",
        content="Tố cáo cán bộ địa chính xã nhận tiền khi cấp giấy chứng nhận",
        petitioners=[DENOUNCER],
    )
    complaint = receive(handler, agency, classification="khieu_nai")
    other_unit = make_unit(agency, name="Phòng Kinh tế")
    return {
        "agency": agency,
        "petition": denunciation,
        "complaint": complaint,
        "handler": handler,
        "colleague": make_official(agency, unit=unit, roles=(Role.CAN_BO_TIEP_CONG_DAN,)),
        "leader": make_official(agency, roles=(Role.LANH_DAO_VAN_PHONG,)),
        "specialist": make_official(agency, unit=other_unit, roles=(Role.CHUYEN_VIEN,)),
    }


def _no_secret(text: str) -> None:
    for secret in SECRETS:
        assert secret not in text


def test_mask_identity_number():
    assert mask_identity_number("001203004589") == "0012******89"
    assert mask_identity_number(" 0011 2233 4489 ") == "0011******89"
    assert mask_identity_number("B1234567") == "********"
    assert mask_identity_number("") == ""


@pytest.mark.rule("RECEPTION-TC-BAOVE")
def test_identity_is_stored_encrypted_and_compared_by_keyed_digest_only(case):
    person = Petitioner.objects.get(petition=case["petition"])
    assert person.protected
    assert (person.full_name, person.identity_number, person.address, person.phone) == ("",) * 4
    assert person.commune_code is None
    _no_secret(person.sealed)
    assert open_identity(person.sealed)["full_name"] == NAME
    assert person.identity_digest == identity_digest(DENOUNCER["identity_number"])
    assert DENOUNCER["identity_number"] not in person.identity_digest
    assert open_identity(seal_identity({"a": "b"})) == {"a": "b"}
    assert open_identity("not-a-token") == {}


@pytest.mark.rule("RECEPTION-TC-BAOVE")
def test_list_masks_the_denouncer_and_other_identity_numbers(client, case):
    for who in ("handler", "colleague", "leader"):
        client.force_login(case[who])
        page = client.get("/tiep-cong-dan/don/").content.decode()
        assert case["petition"].number_label in page
        _no_secret(page)
        assert "Người tố cáo (được bảo vệ)" in page
        assert mask_identity_number(CCCD) in page and CCCD not in page


@pytest.mark.rule("RECEPTION-TC-BAOVE")
def test_search_by_the_denouncers_name_finds_nothing(client, case):
    client.force_login(case["leader"])
    page = client.get("/tiep-cong-dan/don/", {"q": NAME}).content.decode()
    assert 'data-testid="empty"' in page
    page = client.get("/tiep-cong-dan/don/", {"q": "địa chính"}).content.decode()
    assert case["petition"].number_label in page


@pytest.mark.rule("RECEPTION-TC-BAOVE")
def test_detail_shows_identity_only_to_handlers_and_leaders_and_logs_each_view(client, case):
    petition = case["petition"]
    person = Petitioner.objects.get(petition=petition)
    detail = f"/tiep-cong-dan/don/{petition.pk}/"
    reveal = f"/tiep-cong-dan/don/{petition.pk}/nguoi-to-cao/{person.pk}/"
    # A reception colleague who is not handling it: sees the case, not the identity.
    client.force_login(case["colleague"])
    page = client.get(detail)
    assert page.status_code == 200
    _no_secret(page.content.decode())
    assert 'data-testid="reveal"' not in page.content.decode()
    assert client.get(reveal).status_code == 403
    # A specialist of another unit does not even see the case.
    client.force_login(case["specialist"])
    assert client.get(detail).status_code == 404
    assert client.get(reveal).status_code == 404
    views_before = Event.objects.filter(action=eventlog.VIEW_ACTION).count()
    for who in ("handler", "leader"):
        client.force_login(case[who])
        page = client.get(detail).content.decode()
        _no_secret(page)  # masked until asked for
        assert 'data-testid="reveal"' in page
        shown = client.get(reveal).content.decode()
        assert NAME in shown and DENOUNCER["identity_number"] in shown
    views = Event.objects.filter(action=eventlog.VIEW_ACTION).order_by("pk")
    assert views.count() == views_before + 2
    assert {v.actor_id for v in views} == {case["handler"].pk, case["leader"].pk}
    for v in views:
        _no_secret(str(v.payload))


@pytest.mark.rule("RECEPTION-TC-BAOVE")
def test_event_log_payloads_contain_no_identity(client, case):
    from vanphong.reception import services

    services.petition_classify(
        acting_user=case["handler"],
        petition=case["petition"],
        classification="to_cao",
        competent=False,
    )
    services.petition_decide(
        acting_user=case["handler"],
        petition=case["petition"],
        outcome="chuyen_don",
        target="Thanh tra tỉnh",
    )
    events = Event.objects.all()
    assert events.count() >= 4
    for ev in events:
        _no_secret(str(ev.payload))
        assert CCCD not in str(ev.payload) and "Nguyễn Văn An" not in str(ev.payload)


@pytest.mark.rule("RECEPTION-TC-BAOVE")
def test_api_masks_identity_even_for_the_handler(client, case):
    headers = api_headers(case["handler"])
    listing = client.get("/api/v1/reception/petitions", **headers)
    assert listing.status_code == 200
    _no_secret(listing.content.decode())
    assert CCCD not in listing.content.decode()
    assert mask_identity_number(CCCD) in listing.content.decode()
    one = client.get(f"/api/v1/reception/petitions/{case['petition'].pk}", **headers).json()
    assert one["petitioners"] == [
        {"order": 1, "name": "Người tố cáo (được bảo vệ)", "identity_number": "", "protected": True}
    ]
    outsider = client.get(
        f"/api/v1/reception/petitions/{case['petition'].pk}", **api_headers(case["specialist"])
    )
    assert outsider.status_code == 404 and outsider.json()["code"]


@pytest.mark.rule("RECEPTION-TC-BAOVE")
def test_admin_shows_the_petition_masked(client, case):
    admin_user = make_admin(case["agency"], is_superuser=True)
    login_verified(client, admin_user)
    listing = client.get("/admin/reception/petition/")
    assert listing.status_code == 200
    _no_secret(listing.content.decode())
    change = client.get(f"/admin/reception/petition/{case['petition'].pk}/change/")
    assert change.status_code == 200
    _no_secret(change.content.decode())
    assert (
        client.get(f"/admin/reception/petition/?q={NAME}")
        .content.decode()
        .count(case["petition"].number_label)
        == 0
    )


def test_api_create_and_bad_input_in_the_error_shape(client, case):
    headers = api_headers(case["handler"])
    before = Petitioner.objects.count(), Event.objects.count()
    bad = client.post(
        "/api/v1/reception/petitions",
        {"channel": "truc_tiep", "content": "  ", "petitioners": [{"full_name": "An"}]},
        content_type="application/json",
        **headers,
    )
    assert bad.status_code == 400
    assert bad.json()["code"] == "petition_content_required"
    assert bad.json()["message"] == "Nhập nội dung đơn."
    assert (Petitioner.objects.count(), Event.objects.count()) == before
    good = client.post(
        "/api/v1/reception/petitions",
        {
            "channel": "buu_chinh",
            "content": "Kiến nghị sửa đường",
            "classification": "kien_nghi",
            "petitioners": [{"full_name": "Phạm Thị Hoa", "identity_number": "001203009999"}],
        },
        content_type="application/json",
        **headers,
    )
    assert good.status_code == 201, good.content
    body = good.json()
    assert body["petitioners"][0]["identity_number"] == "0012******99"
    assert body["deadline_status"] == "chua_den_han"


def test_intake_form_without_content_is_a_400_in_vietnamese_and_writes_nothing(client, case):
    client.force_login(case["handler"])
    before = Petitioner.objects.count(), Event.objects.count()
    page = client.post("/tiep-cong-dan/don/tiep-nhan/", {"channel": "truc_tiep", "content": ""})
    assert page.status_code == 400
    assert "Nhập nội dung đơn." in page.content.decode()
    assert (Petitioner.objects.count(), Event.objects.count()) == before
    page = client.post(
        "/tiep-cong-dan/don/tiep-nhan/",
        {
            "channel": "truc_tiep",
            "content": "Phản ánh đèn đường hỏng",
            "full_name": "Đỗ Văn Tú",
            "commune_code": "70",
            "classification": "phan_anh",
        },
    )
    assert page.status_code == 302
    detail = client.get(page["Location"]).content.decode()
    assert "Đỗ Văn Tú" in detail and "Phường Hoàn Kiếm" in detail


def test_decisions_through_the_detail_page(client, case):
    client.force_login(case["handler"])
    url = f"/tiep-cong-dan/don/{case['complaint'].pk}/"
    client.post(
        url + "phan-loai/", {"classification": "khieu_nai", "eligible": "1", "competent": "0"}
    )
    page = client.post(url + "xu-ly/", {"outcome": "thu_ly"}, follow=True).content.decode()
    assert "Không thể thụ lý đơn không thuộc thẩm quyền" in page
    client.post(url + "xu-ly/", {"outcome": "huong_dan", "target": "UBND xã"})
    case["complaint"].refresh_from_db()
    assert case["complaint"].outcome == "huong_dan"
    client.force_login(case["specialist"])
    assert client.post(url + "xu-ly/", {"outcome": "luu_don"}).status_code == 404


def test_list_page_runs_a_constant_number_of_queries(client, case):
    client.force_login(case["handler"])
    client.get("/tiep-cong-dan/don/")
    with CaptureQueriesContext(connection) as few:
        assert client.get("/tiep-cong-dan/don/").status_code == 200
    for n in range(6):
        receive(
            case["handler"], case["agency"], content=f"Kiến nghị số {n}", classification="kien_nghi"
        )
    with CaptureQueriesContext(connection) as many:
        page = client.get("/tiep-cong-dan/don/")
    assert page.content.decode().count("data-number=") == 8
    assert len(many) == len(few)
