"""Browser journey: a denunciation received at the reception desk, classified and accepted
within the legal time (time moved by the kernel clock); the denouncer is hidden from a
reception colleague not handling it, and the case from a specialist of another unit."""

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
from vanphong.core.refdata.services import rule_versions_load
from vanphong.org.models import Role
from vanphong.org.testing import make_agency, make_official, make_unit
from vanphong.reception.legal_rules import ENTRIES
from vanphong.reception.models import Petition

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "matkhau-Thu-2026"
NAME = "Trần Thị Bích Ngọc"


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(base + "/")


@pytest.mark.rule("RECEPTION-TC-XULYBANDAU")
@pytest.mark.rule("RECEPTION-TC-BAOVE")
def test_denunciation_received_accepted_in_time_and_denouncer_hidden(live_server, new_page):  # noqa: F811
    # A transactional test starts from a flushed database: put the rule data back.
    rule_versions_load(acting_user=None, entries=ENTRIES)
    office = make_agency(name="Văn phòng UBND tỉnh thử", kind="province_office")
    btcd = make_unit(office, name="Ban Tiếp công dân", abbreviation="BTCD")
    for username in ("tiepcongdan", "dongnghiep"):
        make_official(
            office,
            unit=btcd,
            roles=(Role.CAN_BO_TIEP_CONG_DAN,),
            username=username,
            password=PASSWORD,
        )
    make_official(
        office,
        unit=make_unit(office, name="Phòng Kinh tế", abbreviation="KT"),
        roles=(Role.CHUYEN_VIEN,),
        username="chuyenvien",
        password=PASSWORD,
    )
    base = live_server.url
    clock.travel_to(dt.datetime(2026, 7, 6, 9, 0, tzinfo=clock.VN_TZ))  # a Monday
    page = new_page(DESKTOP)
    _sign_in(page, base, "tiepcongdan")
    follow_menu(page, "reception.petitions")
    page.get_by_test_id("new-petition").click()
    page.fill("textarea[name=content]", "Tố cáo cán bộ địa chính xã nhận tiền khi cấp giấy")
    page.select_option("select[name=classification]", "to_cao")
    page.fill("input[name=full_name]", NAME)
    page.fill("input[name=identity_number]", "036185001234")
    page.fill("input[name=commune_code]", "70")
    page.get_by_role("button", name="Vào sổ").click()
    expect(page).to_have_url(re.compile(r"/tiep-cong-dan/don/\d+/$"))
    expect(page.get_by_test_id("petitioners")).to_contain_text("Người tố cáo (được bảo vệ)")
    expect(page.get_by_test_id("petitioners")).not_to_contain_text(NAME)
    form = page.get_by_test_id("classify-form")
    form.locator("select[name=eligible]").select_option("1")
    form.locator("select[name=competent]").select_option("1")
    form.get_by_role("button").click()
    expect(page.locator("dl")).to_contain_text("15/07/2026 17:30")  # 7 working days
    clock.travel_to(dt.datetime(2026, 7, 14, 10, 0, tzinfo=clock.VN_TZ))  # within the limit
    page.reload()
    decide = page.get_by_test_id("decide-form")
    decide.locator("select[name=outcome]").select_option("thu_ly")
    decide.get_by_role("button").click()
    expect(page.get_by_text("Đang giải quyết").first).to_be_visible()
    expect(page.locator("dl")).to_contain_text("13/08/2026 17:30")  # 30 days from acceptance
    page.get_by_test_id("reveal").click()
    expect(page.get_by_test_id("identity")).to_contain_text(NAME)
    screenshot(page, "reception-to-cao-thu-ly")
    petition = Petition.objects.get()
    assert petition.outcome_at <= petition.processing_due_at
    detail = page.url

    colleague = new_page(DESKTOP)
    _sign_in(colleague, base, "dongnghiep")
    colleague.goto(base + "/tiep-cong-dan/don/")
    expect(colleague.get_by_test_id("petition-table")).to_contain_text(petition.number_label)
    expect(colleague.get_by_test_id("petition-table")).not_to_contain_text(NAME)
    colleague.goto(detail)
    expect(colleague.get_by_test_id("petitioners")).not_to_contain_text(NAME)
    expect(colleague.get_by_test_id("reveal")).to_have_count(0)

    specialist = new_page(DESKTOP)
    _sign_in(specialist, base, "chuyenvien")
    response = specialist.goto(detail)
    assert response.status == 404
    assert NAME not in specialist.content()
