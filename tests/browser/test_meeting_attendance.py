"""Browser journey of attendance confirmation (HTMX, time moved by the kernel clock): an invited
Vice-Chairman declines (a reason is required), the head of an invited unit names himself and
sends a deputy; the organiser then sees each answer and the counts."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (  # noqa: F401  (the browser fixtures)
    DESKTOP,
    _browser_env,
    chromium_browser,
    new_page,
    screenshot,
)
from vanphong.core import clock
from vanphong.meetings.tests.builders import at, meeting, world

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "matkhau-Thu-2026"


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(base + "/")


def test_invitees_answer_and_the_organiser_sees_the_counts(live_server, new_page):  # noqa: F811
    clock.travel_to(at(2026, 7, 6, 10))  # a Monday
    w = world()
    m = meeting(w, people=[w.chief, w.vice], units=[w.economy], schedule=True)
    base = live_server.url
    url = f"{base}/cuoc-hop/{m.pk}/"

    vice = new_page(DESKTOP)
    _sign_in(vice, base, w.vice.username)
    vice.goto(url)
    row = vice.locator(f'[data-participant="{w.vice.full_name}"]')
    row.locator("select[name=response]").select_option("khong_tham_du")
    row.get_by_role("button", name="Xác nhận").click()
    expect(vice.get_by_test_id("flash-error")).to_contain_text("Nhập lý do không tham dự cuộc họp.")
    row = vice.locator(f'[data-participant="{w.vice.full_name}"]')
    row.locator("select[name=response]").select_option("khong_tham_du")
    row.locator("input[name=reason]").fill("Tiếp đoàn công tác của Bộ Tài chính")
    row.get_by_role("button", name="Xác nhận").click()
    expect(vice.get_by_test_id("flash-success")).to_contain_text("Không tham dự")
    row = vice.locator(f'[data-participant="{w.vice.full_name}"]')
    expect(row.get_by_test_id("response")).to_have_text("Không tham dự")
    expect(row.get_by_test_id("response-reason")).to_have_text(
        "Tiếp đoàn công tác của Bộ Tài chính"
    )

    head = new_page(DESKTOP)
    _sign_in(head, base, w.head_kt.username)
    head.goto(url)
    row = head.locator(f'[data-participant="{w.economy.name}"]')
    row.locator("select[name=response]").select_option("cu_du_thay")
    row.locator("select[name=attendee]").select_option(str(w.head_kt.pk))
    row.locator("select[name=substitute]").select_option(str(w.clerk.pk))
    row.get_by_role("button", name="Xác nhận").click()
    expect(head.get_by_test_id("flash-success")).to_contain_text("Cử người dự thay")
    row = head.locator(f'[data-participant="{w.economy.name}"]')
    expect(row).to_contain_text(w.clerk.full_name)

    organiser = new_page(DESKTOP)
    _sign_in(organiser, base, w.clerk.username)
    organiser.goto(url)
    counts = organiser.get_by_test_id("attendance-counts")
    expect(counts.locator("[data-count=tham_du]")).to_have_text("Tham dự: 0")
    expect(counts.locator("[data-count=cu_du_thay]")).to_have_text("Cử người dự thay: 1")
    expect(counts.locator("[data-count=khong_tham_du]")).to_have_text("Không tham dự: 1")
    expect(counts.locator("[data-count=cho_xac_nhan]")).to_have_text("Chưa xác nhận: 1")
    screenshot(organiser, "meetings-xac-nhan-tham-du")
