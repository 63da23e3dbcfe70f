"""Browser journey on the demo province: the Office leader opens the leaders' dashboard from the
menu (Vietnamese, charts drawn by Chart.js, freshness of the summary snapshot shown), then
follows the drill-down of the overdue tasks number and finds as many tasks as the number said."""

from __future__ import annotations

import io
import re
import shutil

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import (  # noqa: F401  (the browser fixtures)
    DESKTOP,
    _browser_env,
    chromium_browser,
    follow_menu,
    new_page,
    screenshot,
)
from vanphong.org.demo import DEMO_PASSWORD
from vanphong.org.models import Agency, AgencyKind
from vanphong.reports import summary

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _shot(page, name: str) -> None:
    path = screenshot(page, name)
    shots = "/tmp/shots"
    import os

    os.makedirs(shots, exist_ok=True)
    shutil.copy(path, f"{shots}/{name}.png")


def test_office_leader_reads_the_dashboard_and_drills_into_overdue_tasks(live_server, new_page):  # noqa: F811
    call_command("seed_demo", stdout=io.StringIO())
    province = Agency.objects.get(kind=AgencyKind.PROVINCE_PC)
    summary.refresh([province])  # what the background job does every few minutes

    page = new_page(DESKTOP)
    base = live_server.url
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", "lanhdaovanphong")
    page.fill("input[name=password]", DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(base + "/")

    follow_menu(page, "reports.dashboard")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Tổng hợp tình hình hoạt động")
    expect(page.get_by_test_id("freshness")).to_contain_text("Số liệu cập nhật lúc")
    expect(page.locator("#id_co_quan")).to_have_value(str(province.pk))
    # Every chart is drawn (Chart.js attached to its canvas).
    page.wait_for_function("() => typeof Chart !== 'undefined' && Chart.getChart('chart-tasks')")
    drawn = page.evaluate(
        "() => [...document.querySelectorAll('canvas')].filter(c => Chart.getChart(c)).length"
    )
    assert drawn == page.locator("canvas").count() >= 7
    expect(page.get_by_test_id("ranking-formula")).to_contain_text("Tỷ lệ đúng hạn")
    _shot(page, "dashboard-office-leader")

    link = page.get_by_test_id("drill-tasks.overdue")
    overdue = int(link.inner_text())
    assert overdue > 0  # the demo province has overdue tasks
    link.click()
    expect(page.get_by_test_id("drill-title")).to_have_text("Nhiệm vụ quá hạn chưa hoàn thành")
    expect(page.get_by_test_id("drill-count")).to_have_text(str(overdue))
    expect(page.get_by_test_id("drill-table").locator("tbody tr")).to_have_count(min(overdue, 50))
    expect(page.get_by_test_id("freshness")).to_contain_text("cập nhật lúc")
    _shot(page, "dashboard-drill-overdue-tasks")
    first = page.get_by_test_id("drill-table").locator("tbody tr a").first
    assert re.search(r"NV-\d+", first.inner_text())
