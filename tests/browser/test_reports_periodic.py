"""Browser journey: a specialist of the Office opens "Báo cáo định kỳ" from the menu, picks the
monthly report of Nghị định 09/2019 (15/11–14/12), generates it as a background job, downloads
the Word document (its figures are the dashboard's) and submits it for signature: it becomes an
outgoing draft of type "Báo cáo" in review, with the Excel annex attached."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
from pathlib import Path

import docx
import pytest
from django.core.management import call_command
from playwright.sync_api import expect

from tests.browser.conftest import DESKTOP, follow_menu, screenshot
from vanphong.core import clock
from vanphong.core.jobs.models import Job
from vanphong.documents import services as documents
from vanphong.documents.models import DocumentType, OutgoingDocument, OutgoingState
from vanphong.org.models import Role
from vanphong.org.testing import make_agency, make_official, make_unit
from vanphong.reports import figures, periodic

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
PASSWORD = "matkhau-Thu-2026"
SHOTS = Path("/tmp/shots")


def _shot(page, name: str) -> None:
    path = screenshot(page, f"reports-periodic-{name}")
    SHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SHOTS / f"periodic-{name}.png")


def _world():
    committee = make_agency(
        name="Ủy ban nhân dân tỉnh Hưng Yên", short_name="UBND", province_code=33
    )
    office = make_agency(
        name="Văn phòng Ủy ban nhân dân tỉnh Hưng Yên",
        short_name="VP",
        kind="province_office",
        parent=committee,
        province_code=33,
    )
    kt = make_unit(office, name="Phòng Kinh tế", abbreviation="KT")
    make_official(unit=kt, roles=(Role.LANH_DAO_PHONG,), is_head=True)
    make_official(office, roles=(Role.LANH_DAO_VAN_PHONG,))
    clerk = make_official(office, roles=(Role.VAN_THU,))
    author = make_official(
        unit=kt,
        roles=(Role.CHUYEN_VIEN,),
        username="chuyenvien",
        password=PASSWORD,
        full_name="Trần Thị Mai",
    )
    office.positions.create(name="Chánh Văn phòng", rank=1)
    cong_van = DocumentType.objects.get(name="Công văn")
    # 10/11 belongs to the month before (it closed on 14/11); the three others to 15/11–14/12.
    for n, (month, day) in enumerate(((11, 10), (11, 20), (11, 28), (12, 3)), start=1):
        clock.travel_to(dt.datetime(2026, month, day, 8, 30, tzinfo=clock.VN_TZ))
        documents.incoming_register(
            acting_user=clerk,
            agency=office,
            channel="dien_tu",
            issuer_name="Sở Tài chính",
            so_ky_hieu=f"{n:02d}/STC-NS",
            issue_date=dt.date(2026, month, day),
            doc_type=cong_van,
            trich_yeu=f"V/v dự toán ngân sách số {n}",
        )
    clock.travel_to(dt.datetime(2026, 12, 10, 9, 0, tzinfo=clock.VN_TZ))
    return office, author


def test_monthly_report_generated_downloaded_and_submitted_for_signature(
    live_server, new_page, tmp_path
):
    office, author = _world()
    base = live_server.url
    page = new_page(DESKTOP)
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", "chuyenvien")
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(base + "/")

    follow_menu(page, "reports.periodic")
    expect(page.get_by_test_id("periodic-form")).to_be_visible()
    # The picker follows the kind (HTMX): quarters, then back to the months of NĐ 09/2019.
    page.select_option("[data-testid=kind]", "quy")
    expect(page.get_by_test_id("period-select")).to_contain_text(
        "Quý 4/2026 (15/09/2026 – 14/12/2026)"
    )
    page.select_option("[data-testid=kind]", "thang")
    expect(page.get_by_test_id("period-select")).to_contain_text(
        "Tháng 12/2026 (15/11/2026 – 14/12/2026)"
    )
    expect(page.get_by_test_id("period-select")).to_have_value("2026-12")
    _shot(page, "form")
    page.get_by_test_id("generate").click()

    expect(page).to_have_url(re.compile(r"/bao-cao-dinh-ky/\d+/$"))
    expect(page.get_by_test_id("job-state")).to_have_text("Đang chờ")
    expect(page.get_by_test_id("periodic-progress")).to_have_attribute("hx-trigger", "every 1s")
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    download = page.get_by_test_id("download-docx")
    expect(download).to_be_visible(timeout=20000)
    expect(page.get_by_test_id("download-xlsx")).to_be_visible()
    expect(page.get_by_test_id("period")).to_contain_text("15/11/2026 – 14/12/2026")
    _shot(page, "done")

    with page.expect_download() as info:
        download.click()
    assert info.value.suggested_filename == "bao-cao-thang-2026-12.docx"
    path = tmp_path / "bao-cao.docx"
    info.value.save_as(path)
    document = docx.Document(io.BytesIO(path.read_bytes()))
    received = figures.get("documents.incoming_received")
    expected = received.compute(figures.Scope(dt.date(2026, 11, 15), dt.date(2026, 12, 14), office))
    assert expected == 3
    rows = {r.cells[1].text: r.cells[2].text for t in document.tables[1:-1] for r in t.rows[1:]}
    assert periodic.parse_value(rows[str(received.label)]) == expected

    page.get_by_test_id("submit-sign").click()
    draft = OutgoingDocument.objects.get()
    expect(page).to_have_url(base + draft.get_absolute_url())
    expect(page.locator("body")).to_contain_text("Kết quả công tác tháng 12/2026")
    _shot(page, "submitted")
    assert draft.state == OutgoingState.IN_REVIEW
    assert draft.author == author and draft.doc_type.abbreviation == "BC"
    assert draft.source == Job.objects.get()
    assert draft.attachments.get().file.original_name == "phu-luc-bao-cao-thang-2026-12.xlsx"
