"""Registers (Phụ lục IV): columns, cover, period, files (xlsx, PDF with Liberation Serif), the
background job, and who sees which entries in every export."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from vanphong.core import clock
from vanphong.core.attachments.services import attachment_read
from vanphong.core.errors import DomainError
from vanphong.core.jobs import services as jobs
from vanphong.core.jobs.models import Job, JobState
from vanphong.documents import registers, services
from vanphong.documents.models import RegisterKind
from vanphong.documents.tests.factories import make_office, register
from vanphong.org.models import Role, RoleGrant
from vanphong.org.testing import make_official

pytestmark = pytest.mark.django_db

# Written out here (not imported) so a change of the module's headings fails the test.
PHU_LUC_IV_INCOMING = [
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
PHU_LUC_IV_FOLLOWUP = [
    "Số đến",
    "Tên loại, số, ký hiệu, ngày, cơ quan ban hành",
    "Đơn vị/người nhận",
    "Thời hạn giải quyết",
    "Tiến độ giải quyết",
    "Số, ký hiệu văn bản trả lời",
    "Ghi chú",
]
YEAR = registers.Period(dt.date(2026, 1, 1), dt.date(2026, 12, 31))


@pytest.fixture
def office():
    clock.travel_to(dt.datetime(2026, 3, 10, 9, 0))
    return make_office()


def _ordinary(office):
    return services.register_for(office.agency, RegisterKind.INCOMING, False)


def _secret(office):
    return services.register_for(office.agency, RegisterKind.INCOMING, True)


def _xlsx(content: bytes):
    wb = load_workbook(io.BytesIO(content))
    return wb["Bìa"], wb["Sổ"]


def _rows(sheet) -> list[list[str]]:
    return [[c or "" for c in row] for row in sheet.iter_rows(min_row=3, values_only=True)]


def _produce(office, user=None, *, book="incoming", fmt="xlsx", reg=None, period=YEAR):
    return registers.produce(
        acting_user=user or office.clerk,
        register=reg or _ordinary(office),
        book=book,
        period=period,
        fmt=fmt,
    )


@pytest.mark.rule("ND30-REGISTER-FORMS")
def test_incoming_register_has_exactly_the_columns_and_cover_of_phu_luc_iv(office):
    first = register(office, issuer_name="Sở Tài chính", trich_yeu="V/v dự toán 2026")
    services.incoming_direct(
        acting_user=office.leader, document=first, direction="Giao KT", lead=office.kt
    )
    register(office, urgency="hoa_toc", channel="giay", trich_yeu="V/v phòng chống bão")
    output = _produce(office)
    assert output.name == "so-den-20260101-20261231.xlsx" and output.kinds == ("xlsx",)
    cover, sheet = _xlsx(output.content)
    assert [c.value for c in sheet[1]] == PHU_LUC_IV_INCOMING
    assert [c.value for c in sheet[2]] == [f"({i})" for i in range(1, 11)]
    cover_text = [r[0] for r in cover.iter_rows(values_only=True) if r[0]]
    assert office.agency.name.upper() in cover_text
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in cover_text
    assert "Năm: 2026" in cover_text
    assert "Từ ngày 01/01/2026 đến ngày 31/12/2026" in cover_text
    assert "Từ số 01 đến số 02" in cover_text
    assert "Quyển số: 01" in cover_text
    rows = _rows(sheet)
    assert rows[0][:6] == [
        "10/03/2026",
        "01",
        "Sở Tài chính",
        first.so_ky_hieu,
        "02/03/2026",
        "Công văn: V/v dự toán 2026",
    ]
    assert rows[0][6] == "Phòng Kinh tế" and rows[0][7] == "10/03/2026"
    assert rows[1][1] == "02" and "Hỏa tốc" in rows[1][9] and "Bản giấy" in rows[1][9]
    assert sheet.page_setup.orientation == "landscape"


@pytest.mark.rule("ND30-REGISTER-FORMS")
def test_followup_register_columns_and_rows(office):
    doc = register(office, issuer_name="Sở Xây dựng", so_ky_hieu="12/SXD-QLN")
    services.incoming_direct(
        acting_user=office.leader, document=doc, direction="Giao", lead=office.kt
    )
    cover, sheet = _xlsx(_produce(office, book="followup").content)
    assert [c.value for c in sheet[1]] == PHU_LUC_IV_FOLLOWUP
    assert "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN" in [r[0] for r in cover.iter_rows(values_only=True)]
    (row,) = _rows(sheet)
    assert row[0] == "01"
    assert row[1] == "Công văn số 12/SXD-QLN ngày 02/03/2026 của Sở Xây dựng"
    assert row[2] == "Phòng Kinh tế"
    assert "Đang giải quyết" in row[4]


@pytest.mark.rule("ND30-REGISTER-FORMS")
def test_period_filtering_uses_vietnam_dates(office):
    clock.travel_to(dt.datetime(2026, 3, 9, 23, 30))  # Vietnam time, the evening of 09/03
    late = register(office, trich_yeu="Đến tối ngày 9")
    clock.travel_to(dt.datetime(2026, 3, 10, 0, 10))
    next_day = register(office, trich_yeu="Đến sáng ngày 10")
    clock.travel_to(dt.datetime(2026, 2, 27, 8, 0))
    before = register(office, trich_yeu="Đến tháng hai", issue_date=dt.date(2026, 2, 20))
    period = registers.Period(dt.date(2026, 3, 1), dt.date(2026, 3, 9))
    rows = _rows(_xlsx(_produce(office, period=period).content)[1])
    texts = " ".join(r[5] for r in rows)
    assert late.trich_yeu in texts
    assert next_day.trich_yeu not in texts and before.trich_yeu not in texts
    period = registers.Period(dt.date(2026, 3, 10), dt.date(2026, 3, 10))
    rows = _rows(_xlsx(_produce(office, period=period).content)[1])
    assert [r[5].split(": ")[1] for r in rows] == [next_day.trich_yeu]


def test_bad_period_and_book_are_refused(office):
    with pytest.raises(DomainError) as exc:
        _produce(office, period=registers.Period(dt.date(2026, 3, 2), dt.date(2026, 3, 1)))
    assert exc.value.code == "bad_period" and "ngày kết thúc" in exc.value.message
    with pytest.raises(DomainError) as exc:
        _produce(office, book="outgoing_x")
    assert exc.value.code == "bad_book"
    with pytest.raises(DomainError) as exc:
        _produce(office, fmt="docx")
    assert exc.value.code == "bad_format"


@pytest.mark.rule("ND30-REGISTER-FORMS")
def test_pdf_has_the_cover_first_the_rows_and_liberation_serif(office):
    register(office, issuer_name="Sở Nội vụ", trich_yeu="V/v tuyển dụng công chức năm 2026")
    output = _produce(office, fmt="pdf")
    assert output.content.startswith(b"%PDF") and output.name.endswith(".pdf")
    reader = PdfReader(io.BytesIO(output.content))
    assert len(reader.pages) >= 2
    page1, page2 = reader.pages[0], reader.pages[1]
    assert float(page1.mediabox.width) > float(page1.mediabox.height)  # A4 landscape
    assert round(float(page1.mediabox.width) / 72 * 25.4) == 297
    cover = page1.extract_text()
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in cover and "Quyển số: 01" in cover
    assert "Sở Nội vụ" not in cover
    table = " ".join(page2.extract_text().split())
    assert "Tên loại và trích yếu" in table and "Sở Nội vụ" in table
    assert "tuyển dụng công chức" in table
    fonts = set()
    for page in reader.pages:
        for font in page["/Resources"]["/Font"].values():
            font = font.get_object()
            descriptor = font.get("/FontDescriptor")
            if descriptor is None and "/DescendantFonts" in font:
                descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            descriptor = descriptor.get_object()
            assert any(k in descriptor for k in ("/FontFile", "/FontFile2", "/FontFile3"))
            fonts.add(str(font["/BaseFont"]).split("+")[-1])
    assert fonts and all(f.replace("-", "").startswith("LiberationSerif") for f in fonts), fonts


def test_a_year_is_a_background_job_with_progress(office, monkeypatch):
    monkeypatch.setattr(jobs, "PROGRESS_INTERVAL", 0)
    for i in range(3):
        register(office, trich_yeu=f"Văn bản số {i}")
    job = registers.register_job_enqueue(
        acting_user=office.clerk,
        register=_ordinary(office),
        book="incoming",
        period=YEAR,
        fmt="xlsx",
    )
    assert job.state == JobState.QUEUED and job.kind == "documents.register"
    assert jobs.run(job.pk) == JobState.DONE
    job.refresh_from_db()
    assert (job.done, job.total) == (3, 3)
    assert job.result.original_name == "so-den-20260101-20261231.xlsx"
    _, sheet = _xlsx(attachment_read(job.result))
    assert len(_rows(sheet)) == 3


def test_job_fails_with_a_vietnamese_message_when_the_right_is_gone(office):
    job = registers.register_job_enqueue(
        acting_user=office.clerk,
        register=_ordinary(office),
        book="incoming",
        period=YEAR,
        fmt="pdf",
    )
    RoleGrant.objects.filter(official=office.clerk).delete()
    assert jobs.run(job.pk) == JobState.FAILED
    job.refresh_from_db()
    assert job.message == "Bạn không có quyền in sổ đăng ký của cơ quan này."
    assert job.result is None


# --- who sees what in the exports ---------------------------------------------------------------

# who → sees (ordinary doc, confidential doc registered by the first clerk, assigned to KT head)
EXPORT_MATRIX = {
    "clerk": (True, True),
    "clerk2": (True, False),  # another văn thư: not named on the confidential document
    "leader": (True, True),
}
REFUSED = ("kt_head", "kt_specialist", "th_specialist", "outsider")


@pytest.fixture
def world(office):
    office.clerk2 = make_official(office.agency, roles=(Role.VAN_THU,), full_name="Văn Thư Hai")
    plain = register(office, trich_yeu="Kế hoạch công tác thường")
    secret = register(office, confidentiality="mat", trich_yeu="Kế hoạch công tác mật")
    services.incoming_direct(
        acting_user=office.leader, document=secret, direction="Giao", lead=office.kt_head
    )
    # Another agency's document, in its own register.
    other = office.outsider
    register(office, acting_user=other, agency=other.agency, trich_yeu="Văn bản cơ quan khác")
    return office, plain, secret


@pytest.mark.rule("ND30-CONFIDENTIAL-SEPARATE")
@pytest.mark.parametrize("who", list(EXPORT_MATRIX))
@pytest.mark.parametrize(
    ("book", "fmt"), [("incoming", "xlsx"), ("incoming", "pdf"), ("followup", "xlsx")]
)
def test_export_permission_matrix(world, who, book, fmt):
    office, plain, secret = world
    user = getattr(office, who)
    texts = []
    for reg in (_ordinary(office), _secret(office)):
        content = _produce(office, user, book=book, fmt=fmt, reg=reg).content
        if fmt == "xlsx":
            texts.append(" ".join(" ".join(r) for r in _rows(_xlsx(content)[1])))
        else:
            reader = PdfReader(io.BytesIO(content))
            texts.append(" ".join(" ".join(p.extract_text() for p in reader.pages[1:]).split()))
    ordinary_text, secret_text = texts
    sees_plain, sees_secret = EXPORT_MATRIX[who]
    assert (plain.so_ky_hieu in ordinary_text) is sees_plain
    assert plain.so_ky_hieu not in secret_text
    assert secret.so_ky_hieu not in ordinary_text  # only ever in the confidential register
    assert (secret.so_ky_hieu in secret_text) is sees_secret
    assert "cơ quan khác" not in ordinary_text + secret_text


@pytest.mark.parametrize("who", REFUSED)
def test_others_cannot_produce_the_agencys_registers(client, world, who):
    office, _, _ = world
    user = getattr(office, who)
    for reg in (_ordinary(office), _secret(office)):
        with pytest.raises(DomainError) as exc:
            _produce(office, user, reg=reg)
        assert exc.value.status == 403
        with pytest.raises(DomainError):
            registers.register_job_enqueue(
                acting_user=user, register=reg, book="incoming", period=YEAR, fmt="xlsx"
            )
    assert Job.objects.count() == 0
    client.force_login(user)
    url = reverse("registers:form")
    if who == "outsider":  # their own agency's register, which never holds the Office's entries
        assert client.get(url).status_code == 200
        response = client.post(
            url,
            {
                "register": _ordinary(office).pk,
                "book": "incoming",
                "date_from": "01/03/2026",
                "date_to": "10/03/2026",
                "fmt": "xlsx",
                "volume": 1,
            },
        )
        assert response.status_code == 400
        own = services.register_for(user.agency, RegisterKind.INCOMING, False)
        content = _produce(office, user, reg=own).content
        text = " ".join(" ".join(r) for r in _rows(_xlsx(content)[1]))
        assert "cơ quan khác" in text and "Kế hoạch" not in text
    else:
        assert client.get(url).status_code == 403


def test_rows_are_read_in_a_constant_number_of_queries(office):
    def count(n_docs):
        while registers.incoming_entries(office.clerk, _ordinary(office), YEAR).count() < n_docs:
            doc = register(office)
            services.incoming_direct(
                acting_user=office.leader, document=doc, direction="Giao", lead=office.kt
            )
        with CaptureQueriesContext(connection) as ctx:
            registers.register_data(
                acting_user=office.clerk, register=_ordinary(office), book="incoming", period=YEAR
            )
        return len(ctx.captured_queries)

    assert count(3) == count(12)


# --- the screen ---------------------------------------------------------------------------------


def _post(client, **overrides):
    data = {
        "register": "",
        "book": "incoming",
        "date_from": "01/03/2026",
        "date_to": "10/03/2026",
        "fmt": "xlsx",
        "volume": "1",
    }
    data.update(overrides)
    return client.post(reverse("registers:form"), data)


def test_short_period_downloads_at_once(client, office):
    register(office, trich_yeu="Văn bản tháng ba")
    client.force_login(office.clerk)
    page = client.get(reverse("registers:form")).content.decode()
    assert 'data-vp-date="date"' in page and 'type="date"' not in page
    response = _post(client, register=_ordinary(office).pk)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert "so-den-20260301-20260310.xlsx" in response["Content-Disposition"]
    assert Job.objects.count() == 0
    response = _post(client, register=_ordinary(office).pk, fmt="pdf")
    assert response.content.startswith(b"%PDF")


def test_a_year_goes_to_the_job_page(client, office):
    client.force_login(office.clerk)
    response = _post(
        client, register=_ordinary(office).pk, date_from="01/01/2026", date_to="31/12/2026"
    )
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == job.get_absolute_url()
    assert job.parameters["date_from"] == "2026-01-01" and job.owner == office.clerk


def test_bad_input_is_a_clear_message_and_nothing_written(client, office):
    client.force_login(office.clerk)
    response = _post(
        client, register=_ordinary(office).pk, date_from="10/03/2026", date_to="01/03/2026"
    )
    assert response.status_code == 400
    assert "Ngày bắt đầu phải trước hoặc bằng ngày kết thúc." in response.content.decode()
    response = _post(client, register=_ordinary(office).pk, date_from="2026-13-45")
    assert response.status_code == 400
    assert "Ngày không hợp lệ" in response.content.decode()
    assert Job.objects.count() == 0


# --- the outgoing register ----------------------------------------------------------------------

PHU_LUC_IV_OUTGOING = [
    "Số, ký hiệu",
    "Ngày tháng văn bản",
    "Tên loại và trích yếu",
    "Người ký",
    "Nơi nhận",
    "Đơn vị, người nhận bản lưu",
    "Số lượng bản",
    "Ngày chuyển",
    "Ký nhận",
    "Ghi chú",
]


@pytest.fixture
def out_world(settings):
    from vanphong.documents.tests.factories import make_world

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    clock.travel_to(dt.datetime(2026, 3, 10, 9, 0))
    return make_world()


def _out_register(world, confidential=False):
    return services.register_for(world.office.agency, RegisterKind.OUTGOING, confidential)


@pytest.mark.rule("ND30-REGISTER-FORMS")
def test_outgoing_register_columns_rows_and_secret_register(out_world):
    world = out_world
    from vanphong.documents.tests.factories import issued

    office = world.office
    doc = issued(world, trich_yeu="V/v kế hoạch cải cách hành chính", noi_nhan="Các sở, ngành")
    secret = issued(world, trich_yeu="V/v công tác bảo vệ bí mật", confidentiality="mat")
    assert doc.register == _out_register(world) and secret.register == _out_register(world, True)
    output = _produce(office, book="outgoing", reg=_out_register(world))
    assert output.name == "so-di-20260101-20261231.xlsx"
    cover, sheet = _xlsx(output.content)
    assert [c.value for c in sheet[1]] == PHU_LUC_IV_OUTGOING
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐI" in [r[0] for r in cover.iter_rows(values_only=True)]
    (row,) = _rows(sheet)
    assert row[0] == doc.code and row[1] == "10/03/2026"
    assert row[2].endswith("V/v kế hoạch cải cách hành chính")
    assert row[3] == doc.signer_name and row[4] == "Các sở, ngành"
    assert "Phòng Kinh tế" in row[5] and row[7] == "10/03/2026"
    secret_rows = _rows(
        _xlsx(_produce(office, book="outgoing", reg=_out_register(world, True)).content)[1]
    )
    assert [r[0] for r in secret_rows] == [secret.code]
    assert "Mật" in secret_rows[0][9]
    # Neither the specialist nor the department (another agency) prints this register.
    for user in (office.kt_specialist, world.dept_clerk):
        with pytest.raises(DomainError):
            _produce(office, user, book="outgoing", reg=_out_register(world))
    # The department's own incoming register holds its copy, never the Office's outgoing rows.
    dept_in = services.register_for(world.department, RegisterKind.INCOMING, False)
    rows = _rows(_xlsx(_produce(office, world.dept_clerk, reg=dept_in).content)[1])
    assert "bí mật" not in " ".join(" ".join(r) for r in rows)
    with pytest.raises(DomainError) as exc:  # an outgoing register is not an incoming book
        _produce(office, book="incoming", reg=_out_register(world))
    assert exc.value.code == "wrong_register"


def test_long_pdf_is_rendered_in_parts_with_continuous_page_numbers(office, monkeypatch):
    monkeypatch.setattr(registers, "PDF_CHUNK", 2)
    docs = [register(office, trich_yeu=f"V/v nội dung số {i}") for i in range(5)]
    reader = PdfReader(io.BytesIO(_produce(office, fmt="pdf").content))
    texts = [" ".join(p.extract_text().split()) for p in reader.pages]
    assert len(texts) == 4  # the cover and three parts of two, two and one rows
    assert "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN" in texts[0]
    assert sum("Quyển số" in t for t in texts) == 1
    assert [t.split()[-1] for t in texts[1:]] == ["2", "3", "4"]  # page numbers at the foot
    body = " ".join(texts[1:])
    assert all(d.so_ky_hieu in body for d in docs)
    assert all("Tên loại và trích yếu" in t for t in texts[1:])  # headings on every page


@pytest.mark.rule("ND30-REGISTER-FORMS")
def test_followup_register_names_the_reply_document(out_world):
    from vanphong.documents.tests.factories import issued

    office = out_world.office
    doc = register(office, so_ky_hieu="21/SNV-TCBC")
    reply = issued(out_world, trich_yeu="V/v trả lời Sở Nội vụ")
    services.incoming_finish(
        acting_user=office.leader, document=doc, note="Đã trả lời", reply=reply
    )
    (row,) = _rows(_xlsx(_produce(office, book="followup").content)[1])
    assert row[5] == f"{reply.code} ngày 10/03/2026"
    assert row[4].startswith("Đã hoàn thành ngày 10/03/2026") and row[6] == "Đã trả lời"
