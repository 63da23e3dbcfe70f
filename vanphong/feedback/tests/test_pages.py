"""Pages: the public web form (CSRF, consent, photos), receipt, lookup and reopen; the staff
queue (constant queries), intake, detail with its HTMX actions, templates."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from vanphong.core import clock
from vanphong.core.attachments.models import Attachment
from vanphong.feedback.models import Feedback, Status
from vanphong.feedback.tests.builders import (
    NAME,
    PHO_HIEN,
    PHONE,
    answered,
    at,
    hotline,
    jpeg_with_gps,
    submit,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def h():
    clock.travel_to(at(2026, 7, 6, 9))
    return hotline()


def _form(**kw):
    data = {
        "category": "ha-tang-giao-thong",
        "commune_code": str(PHO_HIEN),
        "location_text": "Trước số 21 đường Nguyễn Văn Linh",
        "description": "Ổ gà lớn giữa đường, xe máy dễ ngã",
        "contact_name": NAME,
        "contact_phone": PHONE,
        "contact_email": "",
    }
    data.update(kw)
    return data


def test_public_form_is_csrf_protected(h):
    client = Client(enforce_csrf_checks=True)
    page = client.get("/phan-anh/gui/")
    assert page.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in page.content.decode()
    assert 'name="consent_publish"' in page.content.decode()
    assert 'type="file"' in page.content.decode()
    response = client.post("/phan-anh/gui/", _form())
    assert response.status_code == 403
    assert Feedback.objects.count() == 0


def test_public_form_without_content_is_refused(client, h):
    response = client.post("/phan-anh/gui/", _form(description="  "))
    assert response.status_code == 400
    assert "Nhập nội dung phản ánh, kiến nghị." in response.content.decode()
    response = client.post("/phan-anh/gui/", _form(commune_code=""))
    assert response.status_code == 400
    assert "Chọn xã, phường nơi xảy ra sự việc." in response.content.decode()
    assert Feedback.objects.count() == 0


def test_public_submit_receipt_lookup_and_photo(client, h):
    response = client.post(
        "/phan-anh/gui/", {**_form(consent_publish="on"), "photos": [jpeg_with_gps()]}
    )
    assert response.status_code == 302
    receipt = client.get(response["Location"])
    text = receipt.content.decode()
    item = Feedback.objects.get()
    assert item.code in text and item.consent_publish
    secret = re.search(r'data-testid="receipt-secret">([A-Z0-9-]+)<', text).group(1)
    # The receipt shows once.
    assert client.get("/phan-anh/bien-nhan/").status_code == 302
    assert Attachment.objects.filter(case_id=item.pk).count() == 2
    lookup = client.get(f"/phan-anh/tra-cuu/?ma={item.code}")
    assert "Đang xử lý" in lookup.content.decode()
    assert NAME not in lookup.content.decode()
    # Not published yet: no public page, no public photo.
    assert client.get(f"/phan-anh/{item.code}/").status_code == 404
    preview = Attachment.objects.get(case_id=item.pk, derived_kind="preview")
    assert client.get(f"/phan-anh/anh/{preview.pk}/").status_code == 404
    item, _s = item, secret
    from vanphong.feedback import services

    services.feedback_draft_answer(acting_user=h.handler, item=item, answer="Đã vá.")
    services.feedback_publish(acting_user=h.approver, item=item)
    page = client.get(f"/phan-anh/{item.code}/").content.decode()
    assert NAME in page  # consent given: the name is published
    assert PHONE not in page
    assert client.get(f"/phan-anh/anh/{preview.pk}/").status_code == 200
    original = Attachment.objects.get(case_id=item.pk, derived_from__isnull=True)
    assert client.get(f"/phan-anh/anh/{original.pk}/").status_code == 404
    # Reopen through the page with the secret from the receipt.
    bad = client.post(
        "/phan-anh/tra-cuu/", {"code": item.code, "secret": "XXXX-YYYY", "reason": "Chưa vá"}
    )
    assert bad.status_code == 403
    ok = client.post(
        "/phan-anh/tra-cuu/", {"code": item.code, "secret": secret, "reason": "Chưa vá"}
    )
    assert ok.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.DANG_XU_LY and item.reopen_count == 1


def test_public_list_search(client, h):
    first, _s = answered(h, description="Ổ gà đường Nguyễn Văn Linh")
    second, _s = answered(h, description="Cống thoát nước bị tắc ở chợ Phố Hiến")
    page = client.get("/phan-anh/").content.decode()
    assert first.code in page and second.code in page
    found = client.get("/phan-anh/?q=cong thoat nuoc").content.decode()
    assert second.code in found and first.code not in found


def test_queue_constant_queries(client, h):
    client.force_login(h.operator)

    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/duong-day-nong/?tinh_trang=").status_code == 200
        return len(ctx.captured_queries)

    submit(h)
    few = count()
    for _i in range(6):
        submit(h)
    answered(h)
    assert count() == few


def test_staff_intake_by_phone(client, h):
    client.force_login(h.operator)
    response = client.post("/duong-day-nong/tiep-nhan/", {**_form(), "channel": "dien_thoai"})
    assert response.status_code == 302
    item = Feedback.objects.get()
    assert item.channel == "dien_thoai" and item.received_by == h.operator
    client.force_login(h.handler)
    assert client.get("/duong-day-nong/tiep-nhan/").status_code == 403


def test_htmx_actions_answer_publish(client, h):
    item, _s = submit(h)
    client.force_login(h.handler)
    page = client.get(f"/duong-day-nong/{item.pk}/").content.decode()
    assert 'data-testid="answer-form"' in page and 'data-testid="publish-form"' not in page
    response = client.post(
        f"/duong-day-nong/{item.pk}/tra-loi/",
        {"answer": "", "public_question": "Ổ gà"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200
    assert "Nhập nội dung trả lời." in response.content.decode()
    response = client.post(
        f"/duong-day-nong/{item.pk}/tra-loi/",
        {"answer": "Đã vá ngày 7/7.", "public_question": "Ổ gà đường Nguyễn Văn Linh"},
        HTTP_HX_REQUEST="true",
    )
    assert 'id="fb-panel"' in response.content.decode()
    assert "Chờ duyệt trả lời" in response.content.decode()
    client.force_login(h.approver)
    response = client.post(f"/duong-day-nong/{item.pk}/cong-khai/", {})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == Status.DA_TRA_LOI


def test_merge_and_template_from_the_detail_page(client, h):
    from vanphong.feedback import services

    primary, _s = submit(h)
    dup, _s = submit(h)
    client.force_login(h.operator)
    page = client.get(f"/duong-day-nong/{primary.pk}/").content.decode()
    assert dup.code in page  # suggested as similar (same category and commune)
    client.post(f"/duong-day-nong/{primary.pk}/gop/", {"similar": [dup.pk]})
    dup.refresh_from_db()
    assert dup.merged_into == primary
    template = services.template_create(
        acting_user=h.operator, agency=h.office, title="Mẫu", body="Đã tiếp nhận, sẽ khắc phục."
    )
    other, _s = submit(h)
    client.force_login(h.handler)
    client.post(
        f"/duong-day-nong/{primary.pk}/tra-loi-mau/",
        {"template": template.pk, "similar": [other.pk]},
    )
    primary.refresh_from_db()
    other.refresh_from_db()
    assert primary.status == other.status == Status.CHO_DUYET


def test_templates_page(client, h):
    client.force_login(h.operator)
    response = client.post("/duong-day-nong/mau-tra-loi/", {"title": "", "body": "x"})
    assert response.status_code == 400
    response = client.post(
        "/duong-day-nong/mau-tra-loi/", {"title": "Đã khắc phục", "body": "Đã khắc phục."}
    )
    assert response.status_code == 302
    assert "Đã khắc phục" in client.get("/duong-day-nong/mau-tra-loi/").content.decode()


def test_start_page_counters(client, h):
    import vanphong.feedback.navigation  # noqa: F401  (registers the counters)
    from vanphong.core import startpage

    item, _s = submit(h)
    counters = startpage._registry
    assert counters["feedback.to_answer"].count(h.handler) == 1
    assert counters["feedback.to_answer"].count(h.outsider) == 0
    assert counters["feedback.overdue"].count(h.operator) == 0
    clock.travel_to(at(2026, 7, 20, 9))
    assert counters["feedback.overdue"].count(h.operator) == 1
    from vanphong.feedback import services

    services.feedback_draft_answer(acting_user=h.handler, item=item, answer="Đã vá.")
    assert counters["feedback.to_approve"].count(h.approver) == 1
    assert counters["feedback.to_approve"].count(h.operator) == 0
    assert client.get("/duong-day-nong/").status_code == 302  # sign-in required


def test_queue_of_my_unit(client, h):
    mine, _s = submit(h)
    routed, _s = submit(h, commune_code=11983)  # Sơn Nam: the commune's unit
    client.force_login(h.approver)
    page = client.get("/duong-day-nong/").content.decode()
    assert mine.code in page and routed.code in page
    client.force_login(h.handler)
    page = client.get("/duong-day-nong/?cua_toi=1").content.decode()
    assert mine.code in page and routed.code not in page
    client.force_login(h.commune_handler)
    page = client.get("/duong-day-nong/?cua_toi=1").content.decode()
    assert routed.code in page and mine.code not in page


def test_public_list_constant_queries(client, h):
    def count() -> int:
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/phan-anh/").status_code == 200
        return len(ctx.captured_queries)

    answered(h)
    few = count()
    for _i in range(5):
        answered(h)
    assert count() == few


def test_public_forms_are_rate_limited(client, h, settings):
    """Submit, look-up and reopen are limited per address (vanphong.core.ratelimit)."""
    settings.RATELIMITS = {
        "feedback.submit": (2, 3600),
        "feedback.lookup": (4, 600),
        "feedback.reopen": (1, 600),
    }
    codes = [client.post("/phan-anh/gui/", _form()).status_code for _i in range(3)]
    assert codes == [302, 302, 429]
    assert Feedback.objects.count() == 2
    blocked = client.post("/phan-anh/gui/", _form())
    assert "Quá nhiều yêu cầu" in blocked.content.decode() and blocked["Retry-After"] == "3600"
    code = Feedback.objects.first().code
    reopen = {"code": code, "secret": "AAAA-BBBB", "reason": "Chưa sửa"}
    assert client.post("/phan-anh/tra-cuu/", reopen).status_code == 403
    assert client.post("/phan-anh/tra-cuu/", reopen).status_code == 429  # reopen: 1 per window
    looks = [client.get(f"/phan-anh/tra-cuu/?ma={code}").status_code for _i in range(3)]
    assert looks == [200, 200, 429]  # 4 look-ups in all, the two reopen attempts counted
