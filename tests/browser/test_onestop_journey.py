"""Browser journey of a one-stop dossier (time moved by the kernel clock): received at the
counter, a supplement requested, the citizen supplements, two units process it, the result is
returned on time, the citizen looks it up by code and rates it with the PIN; the statistics
page then counts it on time."""

from __future__ import annotations

import datetime as dt
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
from vanphong.onestop.models import Dossier
from vanphong.onestop.testing import APPLICANT, COMPONENTS, office, procedure_for

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "matkhau-Thu-2026"


def _at(d, h, mi=0):
    return dt.datetime(2026, 3, d, h, mi, tzinfo=clock.VN_TZ)


def _page(make_page, viewport):
    page = make_page(viewport)
    page.set_default_timeout(30000)  # the machine is shared: be patient, not flaky
    page.set_default_navigation_timeout(60000)
    return page


def _sign_in(page, base: str, username: str) -> None:
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(base + "/")


@pytest.mark.rule("ND118-BO-SUNG-MOT-LAN")
@pytest.mark.rule("ND118-DANH-GIA")
def test_counter_supplement_two_units_result_lookup_rating_statistics(live_server, new_page):
    clock.travel_to(_at(2, 8))
    o = office()
    proc = procedure_for(o, name="Đăng ký kết hôn")
    base = live_server.url
    clock.travel_to(_at(9, 9))  # Monday 09:00

    # 1. The desk receives the dossier at the counter.
    desk = _page(new_page, DESKTOP)
    _sign_in(desk, base, o.desk.username)
    follow_menu(desk, "onestop.receive")
    desk.get_by_test_id("procedure").select_option(str(proc.pk))
    expect(desk.get_by_test_id("components")).to_contain_text(COMPONENTS[0])
    desk.get_by_test_id("component-1").check()
    desk.get_by_test_id("component-2").check()
    desk.fill("input[name=name]", APPLICANT["name"])
    desk.fill("input[name=identity_number]", APPLICANT["identity_number"])
    desk.fill("input[name=phone]", APPLICANT["phone"])
    desk.fill("input[name=address]", APPLICANT["address"])
    screenshot(desk, "onestop-01-counter-form")
    desk.get_by_test_id("receive-submit").click()
    expect(desk).to_have_url(re.compile(r"/mot-cua/ho-so/\d+/$"))
    code = desk.get_by_test_id("dossier-code").inner_text().strip()
    pin = re.search(r"\b(\d{6})\b", desk.get_by_test_id("pin").inner_text()).group(1)
    assert code == "H31.45.10-260309-0001"
    expect(desk.get_by_test_id("due-at")).to_contain_text("09:00 12/03/2026")
    screenshot(desk, "onestop-02-received")

    # 2. Something is missing: one request listing everything (Mẫu 02); the clock stops.
    clock.travel_to(_at(9, 9, 30))
    desk.get_by_test_id("supplement-items").fill(
        "Bản sao Giấy xác nhận tình trạng hôn nhân\nTờ khai ghi thiếu ngày cấp căn cước"
    )
    desk.get_by_test_id("supplement-reason").fill("Hồ sơ chưa đủ thành phần theo quy định")
    desk.get_by_test_id("supplement-submit").click()
    expect(desk.get_by_test_id("dossier-status")).to_have_text("Chờ bổ sung hồ sơ")
    expect(desk.get_by_test_id("notice-mau_02")).to_be_visible()

    # 3. Tuesday 10:00 the citizen brings the papers: the clock resumes (23.5 h left).
    clock.travel_to(_at(10, 10))
    desk.reload()
    desk.get_by_test_id("supplemented-submit").click()
    expect(desk.get_by_test_id("dossier-status")).to_have_text("Đang giải quyết")
    expect(desk.get_by_test_id("due-at")).to_contain_text("09:30 13/03/2026")
    desk.get_by_test_id("handover-submit").click()  # to unit A, as the process says
    expect(desk.get_by_test_id("current-step")).to_contain_text(o.unit_a.name)

    # 4. Unit A appraises and passes it to unit B.
    clock.travel_to(_at(11, 9))
    unit_a = _page(new_page, DESKTOP)
    _sign_in(unit_a, base, o.leader_a.username)
    unit_a.goto(base + "/mot-cua/viec-cua-toi/")
    unit_a.get_by_role("link", name=code).click()
    unit_a.get_by_test_id("handover-submit").click()
    expect(unit_a.get_by_test_id("current-step")).to_contain_text(o.unit_b.name)

    # 5. Unit B signs on the due day, before 09:30: the result, with the fee and its receipt.
    clock.travel_to(_at(13, 9, 15))
    unit_b = _page(new_page, DESKTOP)
    _sign_in(unit_b, base, o.leader_b.username)
    unit_b.goto(base + "/mot-cua/viec-cua-toi/")
    unit_b.get_by_role("link", name=code).click()
    form = unit_b.get_by_test_id("form-result")
    form.locator("input[name=fee_amount]").fill("10000")
    form.locator("input[name=fee_receipt_number]").fill("BL26-000123")
    unit_b.get_by_test_id("result-submit").click()
    expect(unit_b.get_by_test_id("dossier-status")).to_have_text("Đã có kết quả, chờ trả")
    expect(unit_b.get_by_test_id("timeliness")).to_have_text("Đúng hạn")
    screenshot(unit_b, "onestop-03-result")

    # 6. The desk hands the result over.
    clock.travel_to(_at(13, 14))
    desk.reload()
    desk.get_by_test_id("return-submit").click()
    expect(desk.get_by_test_id("dossier-status")).to_have_text("Đã trả kết quả")
    expect(desk.get_by_test_id("control-rows")).to_contain_text("Phạm Thị Thẩm")

    # 7. The citizen looks it up on a phone and rates it with the PIN.
    citizen = _page(new_page, PHONE)
    citizen.goto(base + f"/tra-cuu-ho-so/?ma={code}")
    citizen.get_by_test_id("lookup-pin").fill(pin)
    citizen.get_by_test_id("lookup-submit").click()
    expect(citizen.get_by_test_id("public-status")).to_contain_text("Đã trả kết quả")
    expect(citizen.get_by_test_id("lookup-result")).not_to_contain_text(APPLICANT["name"])
    expect(citizen.get_by_test_id("lookup-result")).not_to_contain_text("Phạm Thị Thẩm")
    citizen.get_by_test_id("rating-rat_hai_long").check()
    screenshot(citizen, "onestop-04-lookup-rating")
    citizen.get_by_test_id("rating-submit").click()
    expect(citizen.get_by_test_id("thanks")).to_be_visible()
    expect(citizen.get_by_test_id("rated")).to_contain_text("Rất hài lòng")
    # A wrong PIN and an unknown code give the same answer.
    citizen.goto(base + "/tra-cuu-ho-so/")
    citizen.get_by_test_id("lookup-code").fill("H31.45.10-260309-9999")
    citizen.get_by_test_id("lookup-pin").fill(pin)
    citizen.get_by_test_id("lookup-submit").click()
    expect(citizen.get_by_test_id("lookup-error")).to_have_text(
        "Mã hồ sơ hoặc mã tra cứu (PIN) không đúng."
    )

    # 8. The statistics of March count it settled on time.
    clock.travel_to(_at(31, 16))
    desk.goto(base + "/mot-cua/thong-ke/?tu_ngay=01/03/2026&den_ngay=31/03/2026")
    figures = desk.get_by_test_id("figures")
    expect(figures.locator("tr[data-key=received_new] td").last).to_have_text("1")
    expect(figures.locator("tr[data-key=settled_on_time] td").last).to_have_text("1")
    expect(figures.locator("tr[data-key=settled_late] td").last).to_have_text("0")
    expect(desk.get_by_test_id("on-time-rate")).to_have_text("100,0%")
    screenshot(desk, "onestop-05-statistics")
    d = Dossier.objects.get(code=code)
    assert d.fact_timeliness == "dung_han" and d.rating == "rat_hai_long"


@pytest.mark.rule("ND118-DONG-BO-CONG")
def test_portal_dossier_arrives_through_the_fake_transport_and_statuses_go_back(
    live_server,
    new_page,
    settings,
    tmp_path,
):
    import json

    from vanphong.onestop.portal import FileTransport

    settings.ONESTOP_PORTAL_DIR = str(tmp_path / "portal")
    transport = FileTransport(settings.ONESTOP_PORTAL_DIR)
    clock.travel_to(_at(2, 8))
    o = office()
    proc = procedure_for(o, name="Cấp bản sao trích lục hộ tịch")
    clock.travel_to(_at(9, 8, 30))
    record = {
        "portal_code": "G22.H31-260309-000777",
        "procedure_code": proc.code,
        "competent_agency": o.agency.identifier,
        "receiving_agency": o.agency.identifier,
        "submitted_at": "2026-03-09T08:10:00+07:00",
        "applicant": {"name": "Đỗ Thị Mai", "identity_number": "034190004321"},
        "components": COMPONENTS,
    }
    transport.submit(record)
    transport.submit(
        {**record, "portal_code": "G22.H31-260309-000778", "procedure_code": "9.999999"}
    )
    base = live_server.url
    desk = _page(new_page, DESKTOP)
    _sign_in(desk, base, o.desk.username)
    follow_menu(desk, "onestop.portal")
    desk.get_by_test_id("sync-now").click()
    expect(desk.locator(".alert-success")).to_contain_text("1 hồ sơ mới, 0 trùng, 1 lỗi")
    expect(desk.get_by_test_id("sync-failures")).to_contain_text("G22.H31-260309-000778")
    expect(desk.get_by_test_id("sync-failures")).to_contain_text("không có trong danh mục")
    screenshot(desk, "onestop-06-portal-monitor")
    # The same portal dossier again: still one dossier.
    transport.submit(record)
    desk.get_by_test_id("sync-now").click()
    expect(desk.locator(".alert-success")).to_contain_text("0 hồ sơ mới, 1 trùng")
    assert Dossier.objects.filter(portal_code=record["portal_code"]).count() == 1
    desk.goto(base + "/mot-cua/ho-so/?kenh=truc_tuyen")
    desk.get_by_role("link", name=re.compile(r"^H31\.45\.10-260309-")).click()
    expect(desk.get_by_test_id("dossier-body")).to_contain_text("G22.H31-260309-000777")
    desk.get_by_test_id("handover-submit").click()
    expect(desk.get_by_test_id("current-step")).to_contain_text(o.unit_a.name)
    desk.goto(base + "/mot-cua/dong-bo-cong/")
    desk.get_by_test_id("sync-now").click()
    pushed = sorted((tmp_path / "portal" / "outbox").glob("G22.H31-260309-000777-*.json"))
    events = [json.loads(p.read_text(encoding="utf-8"))["event"] for p in pushed]
    assert events == ["receive", "handover"]
