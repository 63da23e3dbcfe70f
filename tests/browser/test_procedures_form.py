"""Browser journey: a one-stop officer edits a published procedure through the staff form —
steps over the legal limit are refused next to the steps, then a fee and a step are changed, a
step is added (HTMX row) and moved up — and sees version 2 in the versions tab with what
changed, version 1 untouched."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import (  # noqa: F401  (the browser fixtures)
    DESKTOP,
    _browser_env,
    chromium_browser,
    new_page,
    screenshot,
)
from vanphong.org.models import Role
from vanphong.org.testing import make_agency, make_official
from vanphong.procedures.models import Procedure
from vanphong.procedures.testing import make_procedure

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "matkhau-Thu-2026"


@pytest.mark.rule("ND118-STEPS-WITHIN-LIMIT")
@pytest.mark.rule("ND118-PROCEDURE-VERSION-KEPT")
def test_edit_fee_and_step_then_see_the_new_version(live_server, new_page):  # noqa: F811
    agency = make_agency(name="Ủy ban nhân dân xã Phụng Công")
    make_official(
        agency,
        roles=(Role.CAN_BO_MOT_CUA,),
        username="motcua",
        full_name="Lê Thị Hoa",
        password=PASSWORD,
    )
    p = make_procedure(code="1.001193", name="Thủ tục đăng ký khai sinh")
    v1 = dict(p.versions.get().snapshot)
    base = live_server.url
    page = new_page(DESKTOP)
    page.set_default_timeout(20000)  # the machine is shared: first page loads can be slow
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", "motcua")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(base + "/")

    page.goto(base + "/thu-tuc/quan-ly/")
    page.get_by_role("row", name=re.compile("1.001193")).get_by_role("link", name="Sửa").click()
    expect(page).to_have_url(base + f"/thu-tuc/quan-ly/{p.pk}/sua/")
    form = page.get_by_test_id("procedure-form")
    # steps over the limit (3 days = 24 h): refused, the error next to the steps
    expect(page.get_by_test_id("steps-total")).to_contain_text("24 / 24")
    form.locator("input[name=step_hours]").nth(1).fill("30")
    expect(page.get_by_test_id("steps-total")).to_contain_text("38 / 24")  # live, before saving
    form.get_by_test_id("save").click()
    expect(page.get_by_test_id("steps-error")).to_contain_text(
        "Tổng thời gian các bước (38 giờ) vượt thời hạn giải quyết theo quy định (24 giờ"
    )
    screenshot(page, "procedures_form_steps_over_limit")
    assert Procedure.objects.get(pk=p.pk).current_version == 1

    form = page.get_by_test_id("procedure-form")
    form.locator("input[name=fee_amount]").first.fill("12.000")
    form.locator("input[name=step_hours]").nth(1).fill("12")
    form.get_by_test_id("add-step").click()
    expect(form.locator("input[name=step_hours]")).to_have_count(4)
    new_row = form.locator("#steps-body tr").nth(3)
    new_row.locator("input[name=step_unit_name]").fill("Phòng Văn hóa - Xã hội")
    new_row.locator("select[name=step_role]").select_option("chuyen_vien")
    new_row.locator("textarea[name=step_description]").fill("Xác minh thông tin cư trú")
    new_row.locator("input[name=step_hours]").fill("4")
    new_row.get_by_role("button", name="Lên trên").click()  # before the signing step
    expect(form.locator("#steps-body tr").nth(2).locator("textarea")).to_have_value(
        "Xác minh thông tin cư trú"
    )
    screenshot(page, "procedures_form_edit")
    form.get_by_test_id("save").click()

    expect(page).to_have_url(base + f"/thu-tuc/quan-ly/{p.pk}/phien-ban/")
    history = page.get_by_test_id("version-2")
    expect(history).to_contain_text("Phiên bản 2")
    expect(history).to_contain_text("12.000 đồng")
    expect(history).to_contain_text("Xác minh thông tin cư trú")
    expect(page.get_by_test_id("version-1")).to_contain_text("Phiên bản công bố đầu tiên.")
    screenshot(page, "procedures_versions_tab")

    p.refresh_from_db()
    assert p.current_version == 2
    assert p.versions.get(number=1).snapshot == v1
    assert [s.budget_hours for s in p.steps.all()] == [4, 12, 4, 4]
    assert [s.description for s in p.steps.all()][2] == "Xác minh thông tin cư trú"
    assert p.fees.get().amount == 12000
    assert sum(s.budget_hours for s in p.steps.all()) <= Decimal(24)
