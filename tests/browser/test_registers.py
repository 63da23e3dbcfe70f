"""Browser journey: the clerk produces the year's incoming register (Phụ lục IV) as a background
job, watches its progress, downloads the .xlsx (the confidential entry is not in it), and files a
document into a work file from its page ("Lập hồ sơ"). Another clerk cannot download the file."""

from __future__ import annotations

import datetime as dt
import io
import re

import pytest
from django.core.management import call_command
from openpyxl import load_workbook
from playwright.sync_api import expect

from tests.browser.conftest import (
    DESKTOP,
    follow_menu,
    screenshot,
)
from vanphong.core import clock
from vanphong.core.jobs.models import Job
from vanphong.documents import services
from vanphong.documents.models import DocumentType
from vanphong.org.models import Role
from vanphong.org.testing import make_agency, make_official, make_unit
from vanphong.workfiles import services as workfiles
from vanphong.workfiles.models import FiledDocument

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]
PASSWORD = "matkhau-Thu-2026"
HEADINGS = [
    "Ngày đến",
    "Số đến",
    "Tác giả",
    "Số, ký hiệu",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu",
    "Đơn vị hoặc người nhận",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]


def _document_types() -> None:
    """A transactional test starts from a flushed database: put the document types back."""
    import importlib

    types = importlib.import_module("vanphong.documents.migrations.0002_document_types").TYPES
    for order, (name, abbreviation, _legal) in enumerate(types, start=1):
        DocumentType.objects.update_or_create(
            name=name,
            defaults={"abbreviation": abbreviation, "order": order},
        )


def _sign_in(page, base: str, username: str) -> None:
    page.set_default_timeout(30000)
    page.set_default_navigation_timeout(60000)
    page.goto(base + "/dang-nhap/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.get_by_role("button", name="Đăng nhập", exact=True).click()
    expect(page).to_have_url(base + "/")


def _world():
    _document_types()
    office = make_agency(name="Văn phòng UBND tỉnh Hưng Yên thử", kind="province_office")
    kt = make_unit(office, name="Phòng Kinh tế", abbreviation="KT")
    clerk = make_official(
        office, roles=(Role.VAN_THU,), username="vanthu", password=PASSWORD, full_name="Lê Thị Thu"
    )
    make_official(office, roles=(Role.VAN_THU,), username="vanthu2", password=PASSWORD)
    leader = make_official(office, roles=(Role.LANH_DAO_VAN_PHONG,), full_name="Phạm Văn Hùng")
    cong_van = DocumentType.objects.get(name="Công văn")
    docs = []
    for i, (month, issuer, summary) in enumerate(
        [
            (1, "Sở Tài chính", "V/v giao dự toán ngân sách năm 2026"),
            (3, "Sở Nội vụ", "V/v tuyển dụng công chức năm 2026"),
            (6, "Sở Xây dựng", "V/v kiểm tra công trình nhà ở xã hội"),
            (9, "Sở Nông nghiệp và Môi trường", "V/v phòng, chống bão số 3"),
            (11, "Sở Y tế", "V/v phòng chống dịch sốt xuất huyết"),
        ],
        start=1,
    ):
        clock.travel_to(dt.datetime(2026, month, 10, 8, 30, tzinfo=clock.VN_TZ))
        doc = services.incoming_register(
            acting_user=clerk,
            agency=office,
            channel="dien_tu",
            issuer_name=issuer,
            so_ky_hieu=f"{i * 7:02d}/STC-NS",
            issue_date=dt.date(2026, month, 8),
            doc_type=cong_van,
            trich_yeu=summary,
        )
        docs.append(doc)
    services.incoming_direct(acting_user=leader, document=docs[0], direction="Giao", lead=kt)
    secret = services.incoming_register(
        acting_user=clerk,
        agency=office,
        channel="giay",
        issuer_name="Bộ Công an",
        so_ky_hieu="99/BCA-A01",
        issue_date=dt.date(2026, 11, 2),
        doc_type=cong_van,
        trich_yeu="V/v bảo vệ bí mật nhà nước",
        confidentiality="mat",
    )
    clock.travel_to(dt.datetime(2026, 11, 20, 9, 0, tzinfo=clock.VN_TZ))
    catalog = workfiles.catalog_create(acting_user=clerk, agency=office, year=2026)
    heading = workfiles.heading_create(
        acting_user=clerk, catalog=catalog, title="Lĩnh vực kinh tế", code="KT", unit=kt
    )
    wf = workfiles.workfile_create(
        acting_user=clerk,
        heading=heading,
        title="Hồ sơ dự toán ngân sách tỉnh năm 2026",
        retention="Vĩnh viễn",
        creator=clerk,
    )
    workfiles.workfile_open(acting_user=clerk, workfile=wf)
    return docs, secret, wf


def test_clerk_produces_the_years_register_as_a_job_and_files_a_document(
    live_server,
    new_page,
    tmp_path,
):
    docs, secret, wf = _world()
    base = live_server.url
    page = new_page(DESKTOP)
    _sign_in(page, base, "vanthu")
    follow_menu(page, "documents.registers")
    expect(page.get_by_test_id("register-form")).to_be_visible()
    page.select_option("select[name=book]", "incoming")
    page.fill("input[name=date_from]", "01/01/2026")
    page.keyboard.press("Escape")
    page.fill("input[name=date_to]", "31/12/2026")
    page.keyboard.press("Escape")
    screenshot(page, "registers-form")
    page.get_by_test_id("register-submit").click()

    # A year is longer than a month: a background job, its page polling the progress.
    expect(page).to_have_url(re.compile(r"/tac-vu/\d+/$"))
    expect(page.get_by_test_id("job-state")).to_have_text("Đang chờ")
    expect(page.get_by_test_id("job-progress")).to_have_attribute("hx-trigger", "every 1s")
    screenshot(page, "registers-job-queued")
    job = Job.objects.get()
    assert job.parameters["date_to"] == "2026-12-31"

    # The worker (manage.py db_worker) runs the queued task; the page sees it finish.
    call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    download = page.get_by_test_id("job-download")
    expect(download).to_be_visible(timeout=15000)
    expect(page.get_by_test_id("job-state")).to_have_text("Hoàn thành")
    expect(page.get_by_test_id("job-progress")).not_to_have_attribute("hx-trigger", "every 1s")
    screenshot(page, "registers-job-done")
    with page.expect_download() as info:
        download.click()
    path = tmp_path / "so.xlsx"
    info.value.save_as(path)
    assert info.value.suggested_filename == "so-den-20260101-20261231.xlsx"
    workbook = load_workbook(io.BytesIO(path.read_bytes()))
    sheet = workbook["Sổ"]
    assert [c.value for c in sheet[1]] == HEADINGS
    rows = list(sheet.iter_rows(min_row=3, values_only=True))
    assert [r[3] for r in rows] == [d.so_ky_hieu for d in docs]
    assert secret.so_ky_hieu not in {r[3] for r in rows}
    assert "Từ số 01 đến số 05" in [r[0] for r in workbook["Bìa"].iter_rows(values_only=True)]
    job.refresh_from_db()
    assert (job.done, job.total) == (5, 5)

    # Another clerk of the same office cannot download it.
    other = new_page(DESKTOP)
    _sign_in(other, base, "vanthu2")
    response = other.goto(base + job.download_url)
    assert response.status == 403
    assert other.goto(base + job.get_absolute_url()).status == 404

    # "Lập hồ sơ" from the document's page (HTMX panel).
    page.goto(base + docs[0].get_absolute_url())
    panel = page.get_by_test_id("workfile-panel")
    expect(panel.get_by_test_id("file-into")).to_be_visible()
    panel.get_by_test_id("file-into").click()
    expect(panel.get_by_test_id("workfile-filed")).to_contain_text("01.KT")
    screenshot(page, "workfiles-panel-filed")
    assert FiledDocument.objects.filter(workfile=wf, case_id=docs[0].pk).count() == 1
    page.get_by_test_id("workfile-filed").get_by_role("link").click()
    expect(page.get_by_test_id("workfile-documents")).to_contain_text(docs[0].so_ky_hieu)
    screenshot(page, "workfiles-file-page")
    follow_menu(page, "workfiles.catalog")
    expect(page.get_by_test_id("catalog-table")).to_contain_text("I. LĨNH VỰC KINH TẾ")
    expect(page.get_by_test_id("catalog-table")).to_contain_text("01.KT")
    screenshot(page, "workfiles-catalog")
