"""Staff pages, printable forms and the public look-up."""

from __future__ import annotations

import io

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vanphong.core import clock
from vanphong.onestop import services
from vanphong.onestop.models import Dossier, DossierNotice
from vanphong.onestop.testing import (
    APPLICANT,
    COMPONENTS,
    at,
    office,
    procedure_for,
    receive,
    settle,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def o():
    clock.travel_to(at(2026, 1, 5, 8))
    office_ = office()
    office_.proc = procedure_for(office_)
    clock.travel_to(at(2026, 3, 9, 9))
    return office_


def test_counter_reception_form_receives_and_shows_the_pin(client, o):
    client.force_login(o.desk)
    page = client.get(reverse("onestop:dossier_create"))
    assert page.status_code == 200 and "Tiếp nhận hồ sơ thủ tục hành chính" in page.content.decode()
    part = client.get(reverse("onestop:components_partial"), {"procedure": o.proc.pk})
    assert COMPONENTS[0] in part.content.decode()
    response = client.post(
        reverse("onestop:dossier_create"),
        {
            "procedure": o.proc.pk,
            "channel": "truc_tiep",
            "copies": 1,
            "return_method": "tai_quay",
            "components": COMPONENTS,
            "name": APPLICANT["name"],
            "identity_number": APPLICANT["identity_number"],
            "phone": APPLICANT["phone"],
        },
        follow=True,
    )
    d = Dossier.objects.get()
    body = response.content.decode()
    assert d.code in body and "Mã tra cứu (PIN)" in body
    pdf = client.get(reverse("onestop:receipt_pdf", args=[d.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    from pypdf import PdfReader

    text = PdfReader(io.BytesIO(pdf.content)).pages[0].extract_text()
    assert d.code in text and "GIẤY TIẾP NHẬN HỒ SƠ" in text
    pin = client.session[f"onestop_pin_{d.pk}"]
    assert pin in text


def test_unknown_procedure_on_the_form_is_refused_in_vietnamese(client, o):
    client.force_login(o.desk)
    response = client.post(
        reverse("onestop:dossier_create"),
        {
            "procedure": 999999,
            "channel": "truc_tiep",
            "copies": 1,
            "return_method": "tai_quay",
            "name": "Nguyễn Văn A",
        },
    )
    assert response.status_code == 400
    assert "Thủ tục hành chính không có trong danh mục" in response.content.decode()
    assert Dossier.objects.count() == 0


def test_supplement_on_a_settled_dossier_is_refused_on_the_page(client, o):
    d = settle(o, receive(o, o.proc))
    client.force_login(o.desk)
    response = client.post(
        reverse("onestop:dossier_action", args=[d.pk, "yeu-cau-bo-sung"]),
        {"items": "Giấy khai sinh", "reason": "Thiếu"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "tình trạng “Đã có kết quả, chờ trả”; không thể" in response.content.decode()
    assert not DossierNotice.objects.exists()


def test_detail_actions_through_htmx_and_control_form_pdf(client, o):
    d = receive(o, o.proc)
    client.force_login(o.desk)
    page = client.get(reverse("onestop:dossier_detail", args=[d.pk]))
    assert page.status_code == 200 and d.code in page.content.decode()
    r = client.post(
        reverse("onestop:dossier_action", args=[d.pk, "chuyen-buoc"]), {}, HTTP_HX_REQUEST="true"
    )
    assert "Đã chuyển hồ sơ sang bước tiếp theo." in r.content.decode()
    d.refresh_from_db()
    assert d.current_step == 2 and d.handling_unit == o.unit_a
    pdf = client.get(reverse("onestop:control_pdf", args=[d.pk]))
    assert pdf.content.startswith(b"%PDF")


def test_list_constant_queries_and_masked_identity(client, o):
    client.force_login(o.desk)
    receive(o, o.proc)
    url = reverse("onestop:dossier_list")
    client.get(url)
    with CaptureQueriesContext(connection) as one:
        r = client.get(url)
    for _i in range(6):
        receive(o, o.proc)
    with CaptureQueriesContext(connection) as seven:
        r = client.get(url)
    assert len(one) == len(seven)
    body = r.content.decode()
    assert APPLICANT["identity_number"] not in body and "034******234" in body
    xlsx = client.get(url, {"xuat": "xlsx"})
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(xlsx.content)).active
    values = [c.value for row in ws.iter_rows() for c in row]
    assert APPLICANT["identity_number"] not in values and "034******234" in values
    # contacts masked by the kernel's privacy helpers: no phone, e-mail or address in clear
    text = " ".join(str(v) for v in values if v)
    for clear in (APPLICANT["phone"], APPLICANT["email"], APPLICANT["address"]):
        assert clear not in text, clear
    assert "***, 09******78, h***@example.vn" in text


def test_public_lookup_same_answer_for_unknown_code_and_wrong_pin(client, o):
    d = receive(o, o.proc)
    url = reverse("onestop:public_lookup")
    wrong = "000000" if d.pin != "000000" else "111111"
    a = client.post(url, {"ma": d.code, "pin": wrong})
    b = client.post(url, {"ma": "H31.45.10-260309-9999", "pin": d.pin})
    assert a.status_code == b.status_code == 404

    def error_block(resp):
        text = resp.content.decode()
        assert 'data-testid="lookup-result"' not in text
        start = text.index('data-testid="lookup-error"')
        return text[start : text.index("</div>", start)]

    assert error_block(a) == error_block(b)
    assert "Mã hồ sơ hoặc mã tra cứu (PIN) không đúng." in error_block(a)
    ok = client.post(url, {"ma": d.code.lower(), "pin": d.pin})
    body = ok.content.decode()
    assert ok.status_code == 200 and "Tiếp nhận hồ sơ" in body
    assert APPLICANT["name"] not in body and APPLICANT["identity_number"] not in body
    assert APPLICANT["phone"] not in body and "Lê Văn Tiếp" not in body


def test_public_lookup_is_rate_limited(client, o):
    d = receive(o, o.proc)
    url = reverse("onestop:public_lookup")
    for _i in range(5):
        client.post(url, {"ma": d.code, "pin": "99999x"})
    blocked = client.post(url, {"ma": d.code, "pin": d.pin})  # even the right PIN now
    assert blocked.status_code == 429 and "quá nhiều lần" in blocked.content.decode()


@pytest.mark.rule("ND118-DANH-GIA")
def test_public_rating_once_with_the_pin(client, o):
    d = receive(o, o.proc)
    pin = d.pin
    clock.travel_to(at(2026, 3, 10, 9))
    settle(o, d)
    url = reverse("onestop:public_rate")
    r = client.post(
        url, {"ma": d.code, "pin": pin, "rating": "hai_long", "tieu_chi_thai_do": "rat_hai_long"}
    )
    assert r.status_code == 200 and "Cảm ơn ông/bà đã đánh giá." in r.content.decode()
    again = client.post(url, {"ma": d.code, "pin": pin, "rating": "khong_hai_long"})
    assert again.status_code == 409
    assert "chỉ được đánh giá một lần" in again.content.decode()
    d.refresh_from_db()
    assert d.rating == "hai_long" and d.rating_criteria == {"thai_do": "rat_hai_long"}


def test_statistics_page_and_excel(client, o):
    d = receive(o, o.proc)
    clock.travel_to(at(2026, 3, 10, 9))
    settle(o, d)
    client.force_login(o.desk)
    r = client.get(
        reverse("onestop:statistics"), {"tu_ngay": "01/03/2026", "den_ngay": "31/03/2026"}
    )
    body = r.content.decode()
    assert r.status_code == 200
    assert '<div class="h1 mb-0" data-testid="on-time-rate">100,0%</div>' in body
    assert (
        '<tr data-key="settled_early"><td>Giải quyết trước hạn</td><td class="text-end">1</td>'
        in body
    )
    x = client.get(reverse("onestop:statistics"), {"tu_ngay": "01/03/2026", "xuat": "xlsx"})
    assert x.status_code == 200 and x.content[:2] == b"PK"


def test_my_steps_and_portal_monitor(client, o, settings, tmp_path):
    d = receive(o, o.proc)
    services.dossier_handover(acting_user=o.desk, dossier=d)
    client.force_login(o.leader_a)
    r = client.get(reverse("onestop:my_steps"))
    assert d.code in r.content.decode()
    settings.ONESTOP_PORTAL_DIR = str(tmp_path / "portal")
    client.force_login(o.desk)
    assert client.get(reverse("onestop:portal_monitor")).status_code == 200
    r = client.post(reverse("onestop:portal_monitor"), follow=True)
    assert "Đồng bộ xong" in r.content.decode()
    client.force_login(o.leader_a)
    assert client.get(reverse("onestop:portal_monitor")).status_code == 403


def test_outsider_cannot_see_a_dossier(client, o):
    from vanphong.org.models import Role
    from vanphong.org.testing import make_agency, make_official

    d = receive(o, o.proc)
    outsider = make_official(make_agency(identifier="H31.99.99"), roles=(Role.CAN_BO_MOT_CUA,))
    client.force_login(outsider)
    assert client.get(reverse("onestop:dossier_detail", args=[d.pk])).status_code == 404
    assert d.code not in client.get(reverse("onestop:dossier_list")).content.decode()
