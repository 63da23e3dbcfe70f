"""Journeys through the shell: a clerk (văn thư) and a leader sign in through the login page,
see their name, roles, role-based menu and start page in Vietnamese, switch to English, sign out;
at desktop width and on a 390 px phone. Screenshots go to artifacts/screenshots/."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, screenshot
from vanphong.core import clock
from vanphong.org.models import Role
from vanphong.org.testing import make_agency, make_official, make_unit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

PASSWORD = "matkhau-Thu-2026"
NOW = dt.datetime(2026, 3, 4, 9, 15)  # a Wednesday, Vietnam time


@pytest.fixture
def people():
    office = make_agency(
        name="Văn phòng Ủy ban nhân dân tỉnh Hưng Yên", short_name="VP", kind="province_office"
    )
    hctc = make_unit(office, name="Phòng Hành chính - Tổ chức", abbreviation="HCTC")
    clerk = make_official(
        office,
        unit=hctc,
        roles=(Role.VAN_THU,),
        username="vanthu",
        full_name="Nguyễn Thị Thu Hà",
        password=PASSWORD,
        position="Văn thư",
    )
    leader = make_official(
        office,
        unit=make_unit(office, name="Lãnh đạo Văn phòng", abbreviation="LDVP"),
        roles=(Role.LANH_DAO_VAN_PHONG,),
        username="lanhdaovanphong",
        full_name="Trần Quốc Hưng",
        password=PASSWORD,
        position="Chánh Văn phòng",
        is_head=True,
    )
    return {"office": office, "clerk": clerk, "leader": leader}


def _give_leader_work(people) -> None:
    """Two items for the leader: one overdue, one not yet due (deadlines by the kernel clock)."""
    from vanphong.core.assignments.services import assignment_create

    office = people["office"]
    with clock.frozen_at(NOW - dt.timedelta(days=9)):
        for name, days in (
            ("Báo cáo kinh tế - xã hội quý I", 2),
            ("Kế hoạch cải cách hành chính", 30),
        ):
            assignment_create(
                acting_user=people["clerk"],
                case=make_unit(office, name=name),
                agency=office,
                assignee=people["leader"],
                role="chu_tri",
                due_at=clock.now() + dt.timedelta(days=days),
                instruction="Cho ý kiến chỉ đạo",
            )


def _sign_in(page, base_url: str, username: str, shot: str = "") -> None:
    page.goto(base_url + "/")
    expect(page).to_have_url(re.compile(r"/dang-nhap/"))
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    expect(page.get_by_role("heading", name="Đăng nhập hệ thống")).to_be_visible()
    if shot:
        screenshot(page, shot)
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(base_url + "/")


def _no_horizontal_scroll(page, width: int) -> None:
    scroll_width = page.evaluate("document.documentElement.scrollWidth")
    assert scroll_width <= width, f"cuộn ngang: {scroll_width}px > {width}px"


def _open_menu_if_phone(page, phone: bool) -> None:
    if phone:
        page.get_by_test_id("menu-toggle").click()
        # Wait for the end of the collapse animation ("collapsing" → "collapse show").
        expect(page.locator("#vp-menu")).to_have_class(re.compile(r"(^|\s)collapse show($|\s)"))
        expect(page.get_by_test_id("main-menu")).to_be_visible()


def _journey(page, base_url, *, who, username, full_name, role_vi, role_en, phone, name):
    width = (PHONE if phone else DESKTOP)["width"]
    _sign_in(page, base_url, username, shot=f"{name}-dang-nhap")

    # Vietnamese start page in the shell.
    expect(page.get_by_role("heading", name="Việc cần làm", exact=True)).to_be_visible()
    expect(page.get_by_test_id("today")).to_contain_text("04/03/2026")
    expect(page.get_by_test_id("greeting")).to_contain_text(f"Chào buổi sáng, {full_name}")
    expect(page.get_by_test_id("agency-name")).to_have_text(
        "Văn phòng Ủy ban nhân dân tỉnh Hưng Yên"
    )
    if not phone:
        expect(page.get_by_test_id("user-name")).to_have_text(full_name)
        expect(page.get_by_test_id("user-roles")).to_have_text(role_vi)
        expect(page.get_by_test_id("user-name-mobile")).to_be_hidden()
    else:
        expect(page.get_by_test_id("main-menu")).to_be_hidden()  # collapsed on a phone
    _no_horizontal_scroll(page, width)
    screenshot(page, f"{name}-vi")

    _open_menu_if_phone(page, phone)
    if phone:
        expect(page.get_by_test_id("user-name-mobile")).to_have_text(full_name)
    menu = page.get_by_test_id("main-menu")
    expect(menu.get_by_role("link", name="Việc cần làm")).to_be_visible()
    expect(menu.get_by_role("link", name="Quản trị")).to_have_count(0)
    if phone:
        screenshot(page, f"{name}-vi-menu")

    # Switch to English.
    switch = page.get_by_test_id("language-switch-mobile" if phone else "language-switch")
    switch.get_by_role("button", name=re.compile(r"^(EN|English)$")).click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(page.get_by_role("heading", name="My work", exact=True)).to_be_visible()
    expect(page.get_by_test_id("today")).to_contain_text("Today: Wednesday, 04/03/2026")
    expect(page.get_by_test_id("greeting")).to_contain_text(f"Good morning, {full_name}")
    if not phone:
        expect(page.get_by_test_id("user-roles")).to_have_text(role_en)
    _no_horizontal_scroll(page, width)
    screenshot(page, f"{name}-en")

    # Back to Vietnamese, then sign out through the POST form.
    _open_menu_if_phone(page, phone)
    switch = page.get_by_test_id("language-switch-mobile" if phone else "language-switch")
    switch.get_by_role("button", name=re.compile(r"^(VI|Tiếng Việt)$")).click()
    expect(page.locator("html")).to_have_attribute("lang", "vi")
    if phone:
        _open_menu_if_phone(page, phone)
        page.get_by_test_id("main-menu").locator("xpath=..").get_by_role(
            "button", name="Đăng xuất"
        ).click()
    else:
        page.get_by_test_id("user-menu").click()
        page.get_by_test_id("logout").click()
    expect(page).to_have_url(re.compile(r"/dang-nhap/"))
    page.goto(base_url + "/")  # signed out: back to the login page
    expect(page).to_have_url(re.compile(r"/dang-nhap/\?next=/"))


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_clerk_signs_in_sees_the_shell_and_switches_language(live_server, new_page, people, phone):
    clock.travel_to(NOW)
    page = new_page(PHONE if phone else DESKTOP)
    _journey(
        page,
        live_server.url,
        who=people["clerk"],
        username="vanthu",
        full_name="Nguyễn Thị Thu Hà",
        role_vi="Văn thư",
        role_en="Clerk",
        phone=phone,
        name=f"van-thu-{'phone' if phone else 'desktop'}",
    )


@pytest.mark.parametrize("phone", [False, True], ids=["desktop", "phone"])
def test_leader_sees_assigned_work_with_deadline_status(live_server, new_page, people, phone):
    _give_leader_work(people)
    clock.travel_to(NOW)
    page = new_page(PHONE if phone else DESKTOP)
    base = live_server.url
    _sign_in(page, base, "lanhdaovanphong")
    expect(page.get_by_test_id("worklist-empty")).to_have_count(0)
    rows = page.get_by_test_id("worklist").locator("tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("Báo cáo kinh tế - xã hội quý I")
    expect(rows.nth(0)).to_contain_text("Quá hạn")
    expect(rows.nth(1)).to_contain_text("Kế hoạch cải cách hành chính")
    expect(rows.nth(1)).to_contain_text("Chưa đến hạn")
    expect(page.get_by_test_id("count-qua_han")).to_contain_text("1")
    expect(page.get_by_test_id("count-chua_den_han")).to_contain_text("1")
    expect(page.get_by_test_id("count-sap_den_han")).to_contain_text("0")
    _no_horizontal_scroll(page, (PHONE if phone else DESKTOP)["width"])
    screenshot(page, f"lanh-dao-{'phone' if phone else 'desktop'}-vi")
    page.context.clear_cookies()
    _journey(
        page,
        base,
        who=people["leader"],
        username="lanhdaovanphong",
        full_name="Trần Quốc Hưng",
        role_vi="Lãnh đạo văn phòng",
        role_en="Office leader",
        phone=phone,
        name=f"lanh-dao-{'phone' if phone else 'desktop'}",
    )


def test_missing_page_is_the_vietnamese_404(live_server, new_page):
    page = new_page(PHONE)
    response = page.goto(live_server.url + "/khong-co-trang-nay/")
    assert response.status == 404
    expect(page.get_by_text("Không tìm thấy trang", exact=True)).to_be_visible()
    expect(page.get_by_role("link", name="Về trang Việc cần làm")).to_be_visible()
    _no_horizontal_scroll(page, PHONE["width"])
    screenshot(page, "loi-404-phone")
