"""Browser journey of the hotline: a citizen submits feedback on the public page (with a photo,
without consent to publish their name), the responsible unit answers, the approver publishes,
and the public page shows the question and the answer without personal data. Time is moved
by the kernel clock."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    DESKTOP,
    PHONE,
    follow_menu,
    screenshot,
)
from vanphong.core import clock
from vanphong.feedback.models import Feedback
from vanphong.feedback.tests.builders import hotline

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "matkhau-Thu-2026"
CITIZEN = "Lê Thị Thu Hà"
CITIZEN_PHONE = "0987654321"


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(base + "/")


def _photo() -> dict:
    from PIL import Image

    img = Image.new("RGB", (320, 200), (90, 90, 90))
    exif = Image.Exif()
    gps = exif.get_ifd(0x8825)
    gps[1], gps[2], gps[3], gps[4] = "N", (20.0, 39.0, 1.0), "E", (106.0, 3.0, 2.0)
    out = io.BytesIO()
    img.save(out, format="JPEG", exif=exif)
    return {"name": "o-ga.jpg", "mimeType": "image/jpeg", "buffer": out.getvalue()}


@pytest.mark.rule("FEEDBACK-DLCN")
@pytest.mark.rule("FEEDBACK-SLA")
def test_citizen_feedback_answered_and_published_without_personal_data(live_server, new_page):
    clock.travel_to(dt.datetime(2026, 7, 6, 9, 0, tzinfo=clock.VN_TZ))  # a Monday
    hotline(PASSWORD)
    base = live_server.url

    # The citizen, not signed in, on a phone-sized or desktop browser.
    citizen = new_page(DESKTOP)
    citizen.goto(base + "/phan-anh/", timeout=30000)  # the first request warms the server up
    citizen.get_by_test_id("nav-submit").click()
    citizen.select_option("select[name=category]", "ha-tang-giao-thong")
    citizen.select_option("select[name=commune_code]", "11953")  # Phường Phố Hiến
    citizen.fill("input[name=location_text]", "Trước số 21 đường Nguyễn Văn Linh")
    citizen.get_by_role("button", name="Gửi phản ánh").click()
    expect(citizen.get_by_test_id("error-description")).to_contain_text(
        "Nhập nội dung phản ánh, kiến nghị."
    )
    assert Feedback.objects.count() == 0
    citizen.fill(
        "textarea[name=description]",
        f"Ổ gà lớn giữa đường, xe máy dễ ngã. Số của tôi {CITIZEN_PHONE}.",
    )
    citizen.fill("input[name=contact_name]", CITIZEN)
    citizen.fill("input[name=contact_phone]", CITIZEN_PHONE)
    citizen.set_input_files("input[name=photos]", files=[_photo()])
    screenshot(citizen, "feedback-1-public-form")
    citizen.get_by_role("button", name="Gửi phản ánh").click()
    expect(citizen.get_by_test_id("receipt")).to_be_visible()
    code = citizen.get_by_test_id("receipt-code").inner_text()
    secret = citizen.get_by_test_id("receipt-secret").inner_text()
    assert re.fullmatch(r"PA-\d{5}-\d{5}", code) and re.fullmatch(
        r"[A-Z0-9]{4}-[A-Z0-9]{4}", secret
    )
    expect(citizen.get_by_test_id("receipt")).to_contain_text("13/07/2026")  # 5 working days
    screenshot(citizen, "feedback-2-receipt")

    # The next day the unit (Phòng Kinh tế) answers from its queue.
    clock.travel_to(dt.datetime(2026, 7, 7, 10, 0, tzinfo=clock.VN_TZ))
    unit = new_page(DESKTOP)
    _sign_in(unit, base, "chuyenvien")
    follow_menu(unit, "feedback.queue")
    table = unit.get_by_test_id("feedback-table")
    expect(table).to_contain_text(code)
    expect(table).not_to_contain_text(CITIZEN)
    expect(table).not_to_contain_text(CITIZEN_PHONE)
    table.get_by_role("link", name=code).click()
    expect(unit.get_by_test_id("description")).not_to_contain_text(CITIZEN_PHONE)
    expect(unit.get_by_test_id("photos").locator("img")).to_have_count(1)
    form = unit.get_by_test_id("answer-form")
    form.locator("textarea[name=answer]").fill(
        "Phòng Kinh tế đã phối hợp đơn vị duy tu vá ổ gà ngày 07/7/2026."
    )
    form.get_by_role("button", name="Gửi duyệt").click()  # HTMX: the panel is swapped
    expect(unit.get_by_test_id("status")).to_have_text("Chờ duyệt trả lời")
    screenshot(unit, "feedback-3-unit-answer")

    # The approver (Lãnh đạo Văn phòng) publishes.
    approver = new_page(DESKTOP)
    _sign_in(approver, base, "lanhdaovanphong")
    approver.goto(unit.url)
    approver.get_by_test_id("publish-form").get_by_role("button", name="Duyệt, công khai").click()
    expect(approver.get_by_test_id("status")).to_have_text("Đã trả lời")
    screenshot(approver, "feedback-4-published")

    # The public page: question and answer, no name (no consent), no phone.
    citizen.goto(base + "/phan-anh/")
    citizen.get_by_test_id("published-list").get_by_text(code).click()
    expect(citizen.get_by_test_id("public-answer")).to_contain_text("đã phối hợp đơn vị duy tu")
    expect(citizen.get_by_test_id("public-question")).to_contain_text("Ổ gà lớn giữa đường")
    body = citizen.locator("body")
    expect(body).not_to_contain_text(CITIZEN)
    expect(body).not_to_contain_text(CITIZEN_PHONE)
    expect(citizen.get_by_test_id("public-author")).to_contain_text("ẩn danh")
    expect(citizen.locator("[data-testid=public-item] img")).to_have_count(1)
    screenshot(citizen, "feedback-5-public-answer")
    phone = new_page(PHONE)
    phone.goto(citizen.url)
    expect(phone.get_by_test_id("public-answer")).to_be_visible()
    screenshot(phone, "feedback-6-public-answer-phone")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    item = Feedback.objects.get(code=code)
    assert item.published_at is not None and item.finished_at <= item.due_at
