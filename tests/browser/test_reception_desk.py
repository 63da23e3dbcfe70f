"""Browser journey at the reception desk: a denunciation brought in person is written in the
reception register (sổ tiếp công dân) with the keyboard, the papers received become a petition
(linked), which is classified and accepted within the legal time (the kernel clock moves the
days); a specialist of another unit asked to help verify sees the case with the denouncer
masked, and not the register."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (
    DESKTOP,
    follow_menu,
    screenshot,
)
from vanphong.core import clock
from vanphong.core.refdata.services import rule_versions_load
from vanphong.org.models import Role
from vanphong.org.testing import make_agency, make_official, make_unit
from vanphong.reception.legal_rules import ENTRIES
from vanphong.reception.models import Petition, ReceptionEntry

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "matkhau-Thu-2026"
NAME = "Trần Thị Bích Ngọc"
NUMBER = "036185001234"
MASK = "Người tố cáo (được bảo vệ)"


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/dang-nhap/", timeout=30000)  # the live server's first answer is slow
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(base + "/")


@pytest.mark.rule("RECEPTION-TCD-SOTIEP")
@pytest.mark.rule("RECEPTION-TC-XULYBANDAU")
@pytest.mark.rule("RECEPTION-TC-BAOVE")
def test_denunciation_at_the_desk_registered_accepted_in_time_denouncer_masked(
    live_server,
    new_page,
):
    # A transactional test starts from a flushed database: put the rule data back.
    rule_versions_load(acting_user=None, entries=ENTRIES)
    office = make_agency(name="Văn phòng UBND tỉnh thử", kind="province_office")
    btcd = make_unit(office, name="Ban Tiếp công dân", abbreviation="BTCD")
    make_official(
        office,
        unit=btcd,
        roles=(Role.CAN_BO_TIEP_CONG_DAN,),
        username="tiepcongdan",
        password=PASSWORD,
    )
    specialist = make_official(
        office,
        unit=make_unit(office, name="Phòng Nội chính", abbreviation="NC"),
        roles=(Role.CHUYEN_VIEN,),
        username="chuyenvien",
        password=PASSWORD,
        full_name="Hoàng Minh Chuyên",
    )
    base = live_server.url
    clock.travel_to(dt.datetime(2026, 7, 6, 9, 0, tzinfo=clock.VN_TZ))  # a Monday
    page = new_page(DESKTOP)
    _sign_in(page, base, "tiepcongdan")

    # The reception desk: the register form, filled and sent with the keyboard.
    follow_menu(page, "reception.register")
    page.get_by_test_id("new-entry").click()
    expect(page.locator("textarea[name=content]")).to_be_focused()
    page.keyboard.type("Tố cáo cán bộ địa chính xã nhận tiền khi cấp giấy chứng nhận")
    page.select_option("select[name=classification]", "to_cao")
    page.fill("input[name=cd-0-full_name]", NAME)
    page.fill("input[name=cd-0-identity_number]", NUMBER)
    page.fill("input[name=cd-0-address]", "Số 12 đường Lê Lợi")
    page.fill("input[name=cd-0-commune_code]", "70")
    page.select_option("select[name=competent]", "1")
    page.select_option("select[name=action]", "nhan_don")
    page.focus("input[name=action_document]")
    screenshot(page, "reception-so-tiep-form")
    page.keyboard.press("Control+Enter")
    expect(page).to_have_url(re.compile(r"/tiep-cong-dan/so-tiep/\d+/$"))
    expect(page.get_by_test_id("citizens")).to_contain_text(MASK)
    expect(page.get_by_test_id("citizens")).not_to_contain_text(NAME)
    expect(page.get_by_test_id("entry-facts")).to_contain_text("1/GBN")
    expect(page.get_by_test_id("entry-facts")).to_contain_text("20/07/2026 17:30")  # reply due
    screenshot(page, "reception-so-tiep-to-cao")
    entry_url = page.url

    # The petition created from the papers received: classified, then accepted in time.
    page.get_by_test_id("petition-link").click()
    expect(page).to_have_url(re.compile(r"/tiep-cong-dan/don/\d+/$"))
    form = page.get_by_test_id("classify-form")
    form.locator("select[name=eligible]").select_option("1")
    form.locator("select[name=competent]").select_option("1")
    form.get_by_role("button").click()
    expect(page.locator("dl").first).to_contain_text("15/07/2026 17:30")  # 7 working days
    clock.travel_to(dt.datetime(2026, 7, 14, 10, 0, tzinfo=clock.VN_TZ))  # day 6 of 7
    page.reload()
    decide = page.get_by_test_id("decide-form")
    decide.locator("select[name=outcome]").select_option("thu_ly")
    decide.get_by_role("button").click()
    expect(page.get_by_text("Đang giải quyết").first).to_be_visible()
    expect(page.locator("dl").first).to_contain_text("13/08/2026 17:30")  # 30 days
    expect(page.get_by_test_id("notice")).to_contain_text("21/07/2026 17:30")  # 5 working days
    helper = page.get_by_test_id("collaborator-form")
    helper.locator("select[name=official]").select_option(str(specialist.pk))
    helper.get_by_role("button").click()
    expect(page.get_by_test_id("collaborators")).to_contain_text("Hoàng Minh Chuyên")
    page.get_by_test_id("reveal").click()
    expect(page.get_by_test_id("identity")).to_contain_text(NAME)
    screenshot(page, "reception-don-to-cao-thu-ly")
    petition = Petition.objects.get()
    assert petition.outcome_at <= petition.processing_due_at
    assert petition.source_ref == f"reception.entry:{ReceptionEntry.objects.get().pk}"
    detail = page.url

    # The decision answered the reception (Mẫu 03/TCD, reply column): nothing awaits a reply.
    page.goto(base + "/")
    expect(page.get_by_text("Lượt tiếp chờ trả lời công dân")).to_have_count(0)
    page.goto(base + "/tiep-cong-dan/so-tiep/?tra_loi=xong")
    expect(page.get_by_test_id("entry-table")).to_contain_text(MASK)
    expect(page.get_by_test_id("entry-table")).not_to_contain_text(NAME)
    screenshot(page, "reception-so-tiep-danh-sach")

    # The specialist of another unit: the case, masked; not the register.
    other = new_page(DESKTOP)
    _sign_in(other, base, "chuyenvien")
    response = other.goto(detail)
    assert response.status == 200
    expect(other.get_by_test_id("petitioners")).to_contain_text(MASK)
    expect(other.get_by_test_id("petitioners")).to_contain_text(
        "Danh tính người tố cáo được giữ bí mật."
    )
    expect(other.get_by_test_id("reveal")).to_have_count(0)
    expect(other.get_by_test_id("decide-form")).to_have_count(0)
    expect(other.locator("dl").first).not_to_contain_text("1/GBN")  # the register is not theirs
    content = other.content()
    assert NAME not in content and NUMBER not in content and "Lê Lợi" not in content
    screenshot(other, "reception-chuyen-vien-khac-don-vi")
    assert other.goto(entry_url).status == 404
    assert NAME not in other.content()


@pytest.mark.rule("RECEPTION-TCD-TRUCTUYEN")
@pytest.mark.rule("RECEPTION-TCD-LICHTIEP")
def test_reception_days_scheduled_online_with_notice_and_published(live_server, new_page):
    rule_versions_load(acting_user=None, entries=ENTRIES)
    office = make_agency(name="Văn phòng UBND tỉnh thử", kind="province_office")
    btcd = make_unit(office, name="Ban Tiếp công dân", abbreviation="BTCD")
    make_official(
        office,
        unit=btcd,
        roles=(Role.CAN_BO_TIEP_CONG_DAN,),
        username="tiepcongdan",
        password=PASSWORD,
    )
    chairman = make_official(
        office, roles=(Role.LANH_DAO_UBND,), full_name="Nguyễn Văn Chủ", username="chutich"
    )
    base = live_server.url
    clock.travel_to(dt.datetime(2026, 7, 6, 9, 0, tzinfo=clock.VN_TZ))  # a Monday
    page = new_page(DESKTOP)
    _sign_in(page, base, "tiepcongdan")
    follow_menu(page, "reception.days")
    form = page.get_by_test_id("day-form")

    def fill(start: str, end: str) -> None:
        form.locator("select[name=leader]").select_option(str(chairman.pk))
        form.locator("input[name=leader_title]").fill("Chủ tịch UBND tỉnh")
        form.locator("select[name=kind]").select_option("dinh_ky")
        form.locator("input[name=starts_at]").fill(start)
        form.locator("input[name=ends_at]").fill(end)
        form.locator("input[name=place]").fill("Trụ sở Tiếp công dân tỉnh")
        form.locator("input[name=is_online]").check()
        form.locator("textarea[name=connection_points]").fill("Điểm cầu UBND xã Tân Hưng")
        form.locator("input[name=publish]").check()
        page.keyboard.press("Escape")  # close the date picker
        form.get_by_role("button", name="Xếp lịch").click()

    fill("10/07/2026 08:00", "10/07/2026 11:00")  # 4 working days ahead: too short
    expect(page.get_by_test_id("form-errors")).to_contain_text("sớm nhất ngày 13/07/2026")
    form = page.get_by_test_id("day-form")
    fill("13/07/2026 08:00", "13/07/2026 11:00")
    expect(page.get_by_test_id("day-table")).to_contain_text("13/07/2026 08:00")
    expect(page.get_by_test_id("day-table")).to_contain_text("10/07/2026 08:00")  # the test
    expect(page.get_by_test_id("frequency").first).to_contain_text("07/2026: 1/1")
    expect(page.get_by_test_id("frequency").first).to_contain_text("08/2026: 0/1")
    screenshot(page, "reception-lich-tiep")
    public = new_page(DESKTOP)
    public.goto(base + "/lich-tiep-cong-dan/", timeout=30000)
    expect(public.get_by_test_id("public-days")).to_contain_text("Chủ tịch UBND tỉnh")
    expect(public.get_by_test_id("public-days")).to_contain_text("13/07/2026")
    screenshot(public, "reception-lich-tiep-cong-khai")
