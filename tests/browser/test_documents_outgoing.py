"""Browser journey: one outgoing document from draft to issue, every step through the UI as the
right role — a specialist drafts, the unit leader and the office leader approve (the office
leader signs TL.), the clerk issues it (the number shown as "Số: NN/..."), and it arrives at
once in the register of a department on the platform with its own số đến, seen by that
department's clerk."""

from __future__ import annotations

import datetime as dt
import io
import re

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
from vanphong.core.refdata.services import rule_versions_load
from vanphong.documents import services
from vanphong.documents.legal_rules import ENTRIES
from vanphong.documents.models import DocumentType, OutgoingDocument, ReviewStep
from vanphong.org.models import Role
from vanphong.org.testing import make_agency, make_official, make_unit

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "matkhau-Thu-2026"
TRICH_YEU = "V/v đề nghị cử công chức tham gia đoàn kiểm tra cải cách hành chính năm 2026"


def _reference_data() -> None:
    """A transactional test starts from a flushed database: put the document types and the
    legal-normative rule back, as the migrations wrote them."""
    import importlib

    types = importlib.import_module("vanphong.documents.migrations.0002_document_types").TYPES
    for order, (name, abbreviation, _legal) in enumerate(types, start=1):
        DocumentType.objects.update_or_create(
            name=name,
            defaults={"abbreviation": abbreviation, "order": order},
        )
    rule_versions_load(acting_user=None, entries=ENTRIES)


def _sign_in(page, base: str, username: str) -> None:
    # Two shared cores under the whole team's test load: be patient with the first pages.
    page.set_default_timeout(30000)
    page.set_default_navigation_timeout(60000)
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(base + "/")


def _menu(page, base: str, key: str) -> None:
    """Follow the role's menu entry ``key`` (present for this role; opened by its address, so
    the test holds whether the entry sits in a dropdown group or not)."""
    entry = page.locator(f'[data-menu-key="{key}"]').first
    expect(entry).to_have_count(1)
    page.goto(base + entry.get_attribute("href"))


def _docx(tmp_path) -> str:
    import docx

    path = tmp_path / "du-thao-cong-van.docx"
    document = docx.Document()
    document.add_paragraph(TRICH_YEU)
    buffer = io.BytesIO()
    document.save(buffer)
    path.write_bytes(buffer.getvalue())
    return str(path)


@pytest.mark.rule("ND30-PLATFORM-DELIVERY")
@pytest.mark.rule("ND30-OUTGOING-CODE")
def test_outgoing_document_from_draft_to_a_department_register(live_server, new_page, tmp_path):  # noqa: F811
    _reference_data()
    office = make_agency(
        name="Ủy ban nhân dân tỉnh Hưng Yên", short_name="UBND", kind="province_pc"
    )
    kt = make_unit(office, name="Phòng Kinh tế", abbreviation="KT")
    # This agency's default chain: the unit leader, then the office leader, who signs (TL.).
    ReviewStep.objects.create(agency=office, order=1, role="unit_leader")
    ReviewStep.objects.create(agency=office, order=2, role="office_leader")
    make_official(
        office,
        unit=kt,
        roles=(Role.CHUYEN_VIEN,),
        username="chuyenvien",
        full_name="Nguyễn Thị Hoa",
        password=PASSWORD,
    )
    make_official(
        office,
        unit=kt,
        roles=(Role.LANH_DAO_PHONG,),
        is_head=True,
        username="truongphong",
        full_name="Trần Văn Nam",
        password=PASSWORD,
    )
    make_official(
        office,
        roles=(Role.LANH_DAO_VAN_PHONG,),
        username="chanhvanphong",
        full_name="Phạm Quốc Hưng",
        password=PASSWORD,
    )
    make_official(
        office, roles=(Role.VAN_THU,), username="vanthu", full_name="Lê Thị Thu", password=PASSWORD
    )
    snv = make_agency(name="Sở Nội vụ tỉnh Hưng Yên", short_name="SNV", kind="department")
    snv_clerk = make_official(
        snv, roles=(Role.VAN_THU,), username="vanthusnv", full_name="Đỗ Minh Anh", password=PASSWORD
    )
    clock.travel_to(dt.datetime(2026, 4, 6, 8, 30, tzinfo=clock.VN_TZ))  # a Monday
    # The department has registered two documents already this year: the next số đến is 03.
    for n in (1, 2):
        services.incoming_register(
            acting_user=snv_clerk,
            agency=snv,
            channel="giay",
            issuer_name="Bộ Nội vụ",
            so_ky_hieu=f"{n:02d}/BNV-CCVC",
            issue_date=dt.date(2026, 4, 1),
            doc_type=DocumentType.objects.get(name="Công văn"),
            trich_yeu=f"Văn bản {n}",
        )
    base = live_server.url

    # 1. The specialist drafts a công văn to the department and submits it.
    page = new_page(DESKTOP)
    _sign_in(page, base, "chuyenvien")
    _menu(page, base, "documents.outgoing_mine")
    page.get_by_test_id("outgoing-new-link").click()
    page.select_option("select[name=doc_type]", label="Công văn")
    page.fill("textarea[name=trich_yeu]", TRICH_YEU)
    page.select_option("select[name=agencies]", label="Sở Nội vụ tỉnh Hưng Yên")
    page.fill("textarea[name=noi_nhan]", "- Như trên;\n- Lưu: VT, KT.")
    page.set_input_files("input[name=file]", _docx(tmp_path))
    screenshot(page, "documents-outgoing-1-draft-form")
    page.get_by_test_id("outgoing-save").click()
    expect(page).to_have_url(re.compile(r"/van-ban-di/\d+/$"))
    expect(page.get_by_test_id("versions")).to_contain_text("du-thao-cong-van.docx")
    page.get_by_test_id("submit-button").click()
    expect(page.get_by_test_id("action-message")).to_contain_text("Đã trình duyệt")
    expect(page.get_by_test_id("review-role")).to_contain_text("Lãnh đạo đơn vị soạn thảo")
    detail = page.url

    # 2. The unit leader approves from the queue.
    leader = new_page(DESKTOP)
    _sign_in(leader, base, "truongphong")
    _menu(leader, base, "documents.outgoing_queue")
    leader.get_by_role("link", name=re.compile("đề nghị cử công chức")).click()
    leader.fill("#id_approve_comment", "Đồng ý, trình Chánh Văn phòng.")
    leader.get_by_test_id("approve-button").click()
    expect(leader.get_by_test_id("action-message")).to_contain_text("Đã duyệt")
    expect(leader.get_by_test_id("review-role")).to_contain_text("Lãnh đạo văn phòng")

    # 3. The office leader signs (TL. CHỦ TỊCH, Chánh Văn phòng).
    chief = new_page(DESKTOP)
    _sign_in(chief, base, "chanhvanphong")
    chief.goto(detail)
    chief.select_option("select[name=authority_mark]", "TL.")
    chief.fill("input[name=authority_title]", "Chủ tịch")
    chief.fill("input[name=signer_position]", "Chánh Văn phòng")
    chief.get_by_test_id("approve-button").click()
    expect(chief.get_by_test_id("signer")).to_contain_text("TL. CHỦ TỊCH")
    expect(chief.get_by_test_id("outgoing-state")).to_contain_text("Đã duyệt, chờ phát hành")
    screenshot(chief, "documents-outgoing-2-approved")

    # 4. The clerk issues it: the form shows the number it will take.
    clerk = new_page(DESKTOP)
    _sign_in(clerk, base, "vanthu")
    _menu(clerk, base, "documents.outgoing_to_issue")
    clerk.get_by_test_id("issue-link").first.click()
    expect(clerk.get_by_test_id("issue-preview")).to_have_text("Số: 01/UBND-KT")
    screenshot(clerk, "documents-outgoing-3-issue-form")
    clerk.get_by_test_id("issue-submit").click()
    expect(clerk.get_by_test_id("outgoing-code")).to_have_text("Số: 01/UBND-KT")
    expect(clerk.get_by_test_id("recipient-status")).to_contain_text("03 · Đã tiếp nhận")
    expect(clerk.get_by_test_id("recipients")).to_contain_text("Số đến 03/2026")
    screenshot(clerk, "documents-outgoing-4-issued")
    document = OutgoingDocument.objects.get()
    assert document.code == "01/UBND-KT" and document.issue_date == dt.date(2026, 4, 6)

    # 5. The department's clerk sees it in the department's register with its own số đến.
    dept = new_page(DESKTOP)
    _sign_in(dept, base, "vanthusnv")
    _menu(dept, base, "documents.incoming")
    row = dept.get_by_test_id("incoming-row").filter(has_text="01/UBND-KT")
    expect(row).to_contain_text("03")
    expect(row).to_contain_text("Ủy ban nhân dân tỉnh Hưng Yên")
    row.get_by_role("link").first.click()
    expect(dept.get_by_test_id("document-title")).to_contain_text("Số đến 03/2026 — 01/UBND-KT")
    expect(dept.get_by_test_id("document-file")).to_contain_text("du-thao-cong-van.docx")
    screenshot(dept, "documents-outgoing-5-department-register")
