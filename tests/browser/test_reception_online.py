"""Browser journey of a citizen's online petition: from the portal's link row to the form, a
denunciation refused without consent (nothing written), sent with its consent and a PDF, the
receipt with its code and secret; the reception official finds it in the petition register with
the denouncer masked; after the decision the citizen follows it on the status page, which shows
no personal data."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, PHONE, follow_menu, screenshot
from vanphong.core import clock
from vanphong.core.refdata.services import rule_versions_load
from vanphong.org.models import Role
from vanphong.org.testing import make_agency, make_official, make_unit
from vanphong.reception import services
from vanphong.reception.legal_rules import ENTRIES
from vanphong.reception.models import Petition

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "matkhau-Thu-2026"
NAME = "Phạm Thị Hồng Nhung"
NUMBER = "033190004567"
STREET = "Số 45 đường Nguyễn Văn Linh"
MASK = "Người tố cáo (được bảo vệ)"
SHOTS = Path("/tmp/shots")


def _shot(page, name: str) -> None:
    path = screenshot(page, f"reception-online-{name}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / f"citizens-{name}.png")


@pytest.mark.rule("RECEPTION-TC-BAOVE")
def test_citizen_sends_a_denunciation_online_and_follows_it(live_server, new_page, tmp_path):
    from vanphong.core import ratelimit

    ratelimit.reset()
    rule_versions_load(acting_user=None, entries=ENTRIES)
    office = make_agency(name="Văn phòng UBND tỉnh thử", kind="province_office")
    btcd = make_unit(office, name="Ban Tiếp công dân", abbreviation="BTCD")
    staff = make_official(
        office,
        unit=btcd,
        roles=(Role.CAN_BO_TIEP_CONG_DAN,),
        username="tiepcongdan",
        password=PASSWORD,
    )
    base = live_server.url
    clock.travel_to(dt.datetime(2026, 7, 6, 9, 0, tzinfo=clock.VN_TZ))
    scan = tmp_path / "to-cao.pdf"
    scan.write_bytes(b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")

    # The citizen, on a phone, from the portal's row of public services.
    page = new_page(PHONE)
    page.goto(base + "/phan-anh/", timeout=30000)
    page.get_by_test_id("public-nav").get_by_role("link", name="Gửi đơn khiếu nại, tố cáo").click()
    expect(page.get_by_role("heading", name="Gửi đơn trực tuyến")).to_be_visible()
    expect(page.get_by_test_id("denouncer-notice")).to_contain_text("giữ bí mật")
    page.select_option("select[name=agency]", label="Văn phòng UBND tỉnh thử")
    page.select_option("select[name=classification]", value="to_cao")
    page.fill("input[name=full_name]", NAME)
    page.fill("input[name=identity_number]", NUMBER)
    page.fill("input[name=address]", STREET)
    page.select_option("select[name=commune_code]", label="Phường Phố Hiến")
    page.fill("input[name=phone]", "0987 654 321")
    page.fill(
        "textarea[name=content]",
        "Tố cáo cán bộ địa chính phường nhận tiền khi làm thủ tục cấp giấy chứng nhận.",
    )
    page.set_input_files("input[name=files]", str(scan))
    page.get_by_role("button", name="Gửi đơn").click()
    expect(page.get_by_test_id("form-error")).to_be_visible()
    expect(page.get_by_text("Cần đồng ý cho cơ quan xử lý dữ liệu cá nhân")).to_be_visible()
    assert not Petition.objects.exists()
    _shot(page, "refused")

    page.check("input[name=consent]")
    page.set_input_files("input[name=files]", str(scan))  # a browser never re-sends a file
    page.get_by_role("button", name="Gửi đơn").click()
    receipt = page.get_by_test_id("petition-receipt")
    expect(receipt).to_contain_text("Đơn của bạn đã được tiếp nhận")
    code = page.get_by_test_id("tracking-code").inner_text().strip()
    secret = page.get_by_test_id("tracking-secret").inner_text().strip()
    assert code.startswith("DON-26") and len(secret) == 9
    for private in (NAME, NUMBER, STREET):
        expect(receipt).not_to_contain_text(private)
    _shot(page, "receipt")

    # The reception official finds it in the petition register, the denouncer masked.
    desk = new_page(DESKTOP)
    desk.goto(base + "/dang-nhap/", timeout=30000)
    desk.fill("input[name=username]", "tiepcongdan")
    desk.fill("input[name=password]", PASSWORD)
    desk.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(desk).to_have_url(base + "/")
    follow_menu(desk, "reception.petitions")
    row = desk.locator("tr", has_text="001/2026")
    expect(row).to_contain_text(MASK)
    expect(row).not_to_contain_text(NAME)
    _shot(desk, "register")

    petition = Petition.objects.get()
    assert petition.channel == "truc_tuyen" and petition.tracking_code == code
    clock.travel_to(dt.datetime(2026, 7, 9, 10, 0, tzinfo=clock.VN_TZ))
    services.petition_classify(
        acting_user=staff,
        petition=petition,
        classification="to_cao",
        eligible=True,
        competent=True,
    )
    services.petition_decide(
        acting_user=staff, petition=petition, outcome="thu_ly", document="07/TB-TTr"
    )

    # The citizen follows it with the code and the secret.
    page.get_by_role("link", name="Tra cứu tình trạng đơn").click()
    expect(page.locator("input[name=code]")).to_have_value(code)
    page.fill("input[name=secret]", secret.lower())
    page.get_by_role("button", name="Tra cứu").click()
    status = page.get_by_test_id("petition-status")
    expect(status.get_by_test_id("status")).to_have_text("Đang giải quyết")
    expect(status.get_by_test_id("outcome")).to_contain_text("07/TB-TTr")
    for private in (NAME, NUMBER, STREET, "cán bộ địa chính"):
        expect(page.locator("main")).not_to_contain_text(private)
    _shot(page, "status")
