"""Browser journey (UI only, time moved by the kernel clock): a provincial leader gives two
tasks; the Phòng Kinh tế reports completion on time and the leader accepts it; the Phòng Khoa
giáo - Văn xã misses its deadline; the follow-up table then shows 1 on time and 1 overdue for
the right units."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (  # noqa: F401  (the browser fixtures)
    DESKTOP,
    _browser_env,
    chromium_browser,
    follow_menu,
    new_page,
    screenshot,
)
from vanphong.core import clock
from vanphong.org.models import AgencyKind, Role
from vanphong.org.testing import make_agency, make_official, make_unit
from vanphong.tasks.models import Task

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "matkhau-Thu-2026"


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(base + "/")


def _give_task(page, base: str, content: str, lead_value: str, due: str) -> None:
    page.goto(base + "/nhiem-vu/")
    page.get_by_test_id("new-task").click()
    form = page.get_by_test_id("task-form")
    form.locator("textarea[name=content]").fill(content)
    form.locator("select[name=lead]").select_option(lead_value)
    form.get_by_test_id("deadline-ngay").check()
    form.locator("input[name=due_date]").fill(due)
    page.keyboard.press("Escape")
    form.get_by_test_id("submit-task").click()
    expect(page).to_have_url(re.compile(r"/nhiem-vu/\d+/$"))
    expect(page.get_by_test_id("content")).to_contain_text(content)


@pytest.mark.rule("TASKS-HAN-NGAY-LAM-VIEC")
def test_two_tasks_one_done_on_time_one_overdue_in_the_follow_up_table(live_server, new_page):  # noqa: F811
    pc = make_agency(name="Ủy ban nhân dân tỉnh Hưng Yên", kind=AgencyKind.PROVINCE_PC)
    office = make_agency(
        name="Văn phòng UBND tỉnh Hưng Yên",
        short_name="VP",
        kind=AgencyKind.PROVINCE_OFFICE,
        parent=pc,
    )
    kt = make_unit(office, name="Phòng Kinh tế", abbreviation="KT")
    vx = make_unit(office, name="Phòng Khoa giáo - Văn xã", abbreviation="KGVX")
    make_official(
        pc,
        unit=make_unit(pc, name="Thường trực UBND tỉnh", abbreviation="TT"),
        roles=(Role.LANH_DAO_UBND,),
        username="lanhdaoubnd",
        full_name="Nguyễn Văn Hùng",
        password=PASSWORD,
    )
    make_official(
        office,
        unit=kt,
        roles=(Role.LANH_DAO_PHONG,),
        is_head=True,
        username="truongphongkt",
        full_name="Trần Thị Lan",
        password=PASSWORD,
    )
    make_official(
        office,
        unit=vx,
        roles=(Role.LANH_DAO_PHONG,),
        is_head=True,
        username="truongphongvx",
        full_name="Lê Minh Tuấn",
        password=PASSWORD,
    )
    base = live_server.url
    clock.travel_to(dt.datetime(2027, 3, 1, 9, 0, tzinfo=clock.VN_TZ))  # a Monday

    leader = new_page(DESKTOP)
    _sign_in(leader, base, "lanhdaoubnd")
    follow_menu(leader, "tasks.list")
    expect(leader).to_have_url(base + "/nhiem-vu/")
    _give_task(
        leader,
        base,
        "Rà soát tiến độ giải phóng mặt bằng các dự án trọng điểm",
        f"u:{kt.pk}",
        "10/03/2027",
    )
    screenshot(leader, "tasks-giao-nhiem-vu")
    _give_task(
        leader,
        base,
        "Tham mưu kế hoạch tổ chức kỷ niệm ngày thành lập tỉnh",
        f"u:{vx.pk}",
        "05/03/2027",
    )
    kt_task = Task.objects.get(lead_unit=kt)

    clock.travel_to(dt.datetime(2027, 3, 8, 15, 0, tzinfo=clock.VN_TZ))
    head = new_page(DESKTOP)
    _sign_in(head, base, "truongphongkt")
    head.goto(base + "/nhiem-vu/?pham_vi=don_vi")
    table = head.get_by_test_id("task-table")
    expect(table).to_contain_text("Rà soát tiến độ giải phóng mặt bằng")
    expect(table).not_to_contain_text("kỷ niệm ngày thành lập tỉnh")
    table.get_by_role("link", name=kt_task.code).click()
    complete = head.get_by_test_id("complete-form")
    complete.locator("textarea[name=result]").fill(
        "Đã rà soát 12 dự án; có báo cáo số 45/BC-VP gửi kèm."
    )
    complete.get_by_test_id("propose").click()
    expect(head.get_by_test_id("action-success")).to_contain_text("Đã đề nghị hoàn thành")
    expect(head.get_by_test_id("task-status")).to_contain_text("Chờ duyệt hoàn thành")
    screenshot(head, "tasks-de-nghi-hoan-thanh")

    clock.travel_to(dt.datetime(2027, 3, 9, 8, 30, tzinfo=clock.VN_TZ))
    leader.goto(f"{base}/nhiem-vu/{kt_task.pk}/")
    leader.get_by_test_id("accept").click()
    expect(leader.get_by_test_id("action-success")).to_contain_text("Đã duyệt hoàn thành")
    expect(leader.get_by_test_id("task-status")).to_contain_text("Hoàn thành trước hạn")

    clock.travel_to(dt.datetime(2027, 3, 15, 9, 0, tzinfo=clock.VN_TZ))  # past 05/03
    leader.goto(base + "/nhiem-vu/theo-doi/?start=01/03/2027&end=31/03/2027")
    table = leader.get_by_test_id("follow-up-table")
    kt_row = table.locator("tr", has_text="Phòng Kinh tế")
    vx_row = table.locator("tr", has_text="Phòng Khoa giáo - Văn xã")
    expect(kt_row.locator("[data-col=total]")).to_have_text("1")
    expect(kt_row.locator("[data-col=on_time]")).to_have_text("1")
    expect(kt_row.locator("[data-col=overdue]")).to_have_text("0")
    expect(kt_row.locator("[data-col=rate]")).to_have_text("100,0%")  # Vietnamese decimal comma
    expect(vx_row.locator("[data-col=total]")).to_have_text("1")
    expect(vx_row.locator("[data-col=on_time]")).to_have_text("0")
    expect(vx_row.locator("[data-col=overdue]")).to_have_text("1")
    # the overdue task has a known outcome: it counts against the rate (1 on time of 2)
    expect(vx_row.locator("[data-col=rate]")).to_have_text("0,0%")
    total = leader.get_by_test_id("follow-up-total")
    expect(total.locator("[data-col=rate]")).to_have_text("50,0%")
    expect(leader.get_by_test_id("rate-formula")).to_contain_text("× 100 ÷")
    screenshot(leader, "tasks-bang-theo-doi")
    with leader.expect_download() as download:
        leader.get_by_test_id("export").click()
    assert download.value.suggested_filename.endswith(".xlsx")
