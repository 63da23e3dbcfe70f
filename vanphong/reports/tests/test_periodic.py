"""Periodic reports: periods at their boundaries, the figures as printed, bad input refused in
Vietnamese, the .docx layout and the annex on a registry of figures chosen by the test."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import docx
import openpyxl
import pytest
from django.utils import translation
from docx.shared import Pt

from vanphong.core import clock
from vanphong.core.errors import DomainError
from vanphong.core.jobs.models import Job
from vanphong.org.models import Role
from vanphong.org.testing import make_agency, make_official, make_unit
from vanphong.reports import figures, periodic, periodic_docx, periodic_xlsx

D = dt.date
RULE = pytest.mark.rule("TASKS-KY-BAO-CAO")
pytestmark = pytest.mark.django_db


# --- periods ---------------------------------------------------------------------------------


@RULE
@pytest.mark.parametrize(
    ("kind", "day", "start", "end", "label"),
    [
        # a month: 15th of the previous month .. 14th, across the year end
        ("thang", D(2026, 12, 14), D(2026, 11, 15), D(2026, 12, 14), "Tháng 12/2026"),
        ("thang", D(2026, 12, 15), D(2026, 12, 15), D(2027, 1, 14), "Tháng 1/2027"),
        ("thang", D(2027, 1, 14), D(2026, 12, 15), D(2027, 1, 14), "Tháng 1/2027"),
        ("thang", D(2027, 1, 15), D(2027, 1, 15), D(2027, 2, 14), "Tháng 2/2027"),
        # a quarter
        ("quy", D(2026, 12, 15), D(2026, 12, 15), D(2027, 3, 14), "Quý 1/2027"),
        ("quy", D(2027, 3, 14), D(2026, 12, 15), D(2027, 3, 14), "Quý 1/2027"),
        ("quy", D(2027, 3, 15), D(2027, 3, 15), D(2027, 6, 14), "Quý 2/2027"),
        # a half
        ("sau_thang", D(2027, 6, 14), D(2026, 12, 15), D(2027, 6, 14), "6 tháng đầu năm 2027"),
        ("sau_thang", D(2027, 6, 15), D(2027, 6, 15), D(2027, 12, 14), "6 tháng cuối năm 2027"),
        # a year
        ("nam", D(2026, 12, 14), D(2025, 12, 15), D(2026, 12, 14), "Năm 2026"),
        ("nam", D(2026, 12, 15), D(2026, 12, 15), D(2027, 12, 14), "Năm 2027"),
        # a week (ISO 8601, Monday..Sunday), across the year end
        ("tuan", D(2026, 12, 31), D(2026, 12, 28), D(2027, 1, 3), "Tuần 53/2026"),
        ("tuan", D(2027, 1, 3), D(2026, 12, 28), D(2027, 1, 3), "Tuần 53/2026"),
        ("tuan", D(2027, 1, 4), D(2027, 1, 4), D(2027, 1, 10), "Tuần 1/2027"),
    ],
)
def test_period_containing_a_day_at_the_boundaries(kind, day, start, end, label):
    p = periodic.containing(kind, day)
    assert (p.start, p.end, p.label) == (start, end, label)
    assert periodic.resolve(kind, token=p.token) == p


@RULE
@pytest.mark.parametrize("kind", ["tuan", "thang", "quy", "sau_thang", "nam"])
def test_previous_periods_are_contiguous_and_cover_every_day(kind):
    periods = periodic.recent(kind, D(2027, 1, 20), 30)
    assert len(periods) == 30
    for newer, older in zip(periods, periods[1:], strict=False):
        assert older.end + dt.timedelta(days=1) == newer.start
        assert older == newer.previous()


def test_previous_month_is_the_previous_nd09_month_not_the_same_number_of_days():
    february = periodic.resolve("thang", token="2027-3")  # 15/02..14/03: 28 days
    assert (february.start, february.end) == (D(2027, 2, 15), D(2027, 3, 14))
    assert (february.previous().start, february.previous().end) == (D(2027, 1, 15), D(2027, 2, 14))


def test_custom_period_and_its_previous_of_the_same_length():
    p = periodic.resolve("khac", start=D(2026, 11, 1), end=D(2026, 11, 20))
    assert p.days == 20
    assert (p.previous().start, p.previous().end) == (D(2026, 10, 12), D(2026, 10, 31))
    assert p.label == "từ ngày 01/11/2026 đến ngày 20/11/2026"


@pytest.mark.parametrize(
    ("args", "code", "words"),
    [
        ({"kind": "ngay"}, "invalid_kind", "Loại báo cáo “ngay” không có"),
        ({"kind": "thang", "token": "2026-13"}, "invalid_period", "Kỳ báo cáo không hợp lệ"),
        ({"kind": "tuan", "token": "2026-54"}, "invalid_period", "Kỳ báo cáo không hợp lệ"),
        ({"kind": "quy", "token": "abc"}, "invalid_period", "Kỳ báo cáo không hợp lệ"),
        (
            {"kind": "khac", "start": D(2026, 11, 20), "end": D(2026, 11, 1)},
            "invalid_period",
            "Ngày kết thúc (01/11/2026) không được trước ngày bắt đầu (20/11/2026)",
        ),
        ({"kind": "khac", "start": D(2026, 11, 20)}, "invalid_period", "Nhập ngày bắt đầu"),
    ],
)
def test_bad_periods_are_refused_in_vietnamese(args, code, words):
    kind = args.pop("kind")
    with pytest.raises(DomainError) as info:
        periodic.resolve(kind, **args)
    assert info.value.code == code
    assert words in info.value.message


# --- figures as printed ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "kind", "text"),
    [
        (0, "count", "0"),
        (1234567, "count", "1.234.567"),
        (Decimal("85.5"), "percent", "85,5%"),
        (Decimal("100.0"), "percent", "100,0%"),
        (None, "count", "—"),
        (None, "percent", "—"),
    ],
)
def test_values_are_printed_the_vietnamese_way_and_read_back(value, kind, text):
    assert periodic.format_value(value, kind) == text
    assert periodic.parse_value(text) == value


# --- the document on a registry chosen by the test -------------------------------------------


@pytest.fixture
def registry(monkeypatch):
    """Three figures with known values (the real modules' figures are set aside)."""
    values = {
        "received": {D(2026, 11, 15): 1234, D(2026, 10, 15): 1200},
        "late": {D(2026, 11, 15): 3, D(2026, 10, 15): 5},
    }

    def counter(name):
        def compute(scope):
            if scope.unit is not None:
                return 7 if name == "received" else 1
            return values[name].get(scope.start, 0)

        return compute

    monkeypatch.setattr(figures, "_REGISTRY", {})
    figures.register(
        figures.Figure(
            "tt.received",
            "Hồ sơ tiếp nhận",
            "onestop",
            counter("received"),
            order=1,
            unit_field="unit_id",
        )
    )
    figures.register(
        figures.Figure(
            "tt.late", "Hồ sơ trễ hạn", "onestop", counter("late"), order=2, unit_field="unit_id"
        )
    )
    figures.register(
        figures.Figure(
            "tt.rate",
            "Tỷ lệ đúng hạn",
            "documents",
            lambda scope: Decimal("97.5") if scope.start == D(2026, 11, 15) else None,
            kind="percent",
            order=1,
        )
    )
    return values


@pytest.fixture
def province():
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
    make_unit(office, name="Phòng Tổng hợp", abbreviation="TH")
    office.positions.create(name="Chánh Văn phòng", rank=1)
    specialist = make_official(unit=kt, roles=(Role.CHUYEN_VIEN,))
    return office, kt, specialist


def test_report_document_layout_and_figures(registry, province):
    office, _kt, _specialist = province
    clock.travel_to(dt.datetime(2026, 12, 10, 9, tzinfo=clock.VN_TZ))
    period = periodic.resolve("thang", token="2026-12")
    report = periodic.build_report(agency=office, period=period, drafting_unit=_kt)
    document = docx.Document(io.BytesIO(periodic_docx.render(report)))

    section = document.sections[0]
    mm = [
        round(x.mm)
        for x in (
            section.page_width,
            section.page_height,
            section.top_margin,
            section.bottom_margin,
            section.left_margin,
            section.right_margin,
        )
    ]
    assert mm == [210, 297, 20, 20, 30, 15]
    assert document.styles["Normal"].font.name == "Liberation Serif"
    assert document.styles["Normal"].font.size == Pt(14)

    header = document.tables[0]
    left = [p.text for p in header.cell(0, 0).paragraphs if p.text]
    right = header.cell(0, 1).paragraphs
    assert left == ["ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN", "VĂN PHÒNG ỦY BAN NHÂN DÂN TỈNH HƯNG YÊN"]
    assert right[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" and right[0].runs[0].bold
    assert right[1].text == "Độc lập - Tự do - Hạnh phúc"
    assert right[1].runs[0].underline and right[1].runs[0].bold
    number = header.cell(1, 0).text
    assert number.startswith("Số:") and number.endswith("/BC-VP")
    assert not any(ch.isdigit() for ch in number)  # the number is given at issue
    when = header.cell(1, 1).paragraphs[0]
    assert when.text == "Hưng Yên, ngày      tháng      năm 2026" and when.runs[0].italic

    texts = [p.text for p in document.paragraphs]
    assert "BÁO CÁO" in texts
    assert "Kết quả công tác tháng 12/2026" in texts
    assert any(
        "Nghị định số 09/2019/NĐ-CP" in t and "từ ngày 15/11/2026 đến ngày 14/12/2026" in t
        for t in texts
    )
    # sections in the report's order: documents before one-stop, each with its sentence
    headings = [t for t in texts if t.startswith(("I.", "II."))]
    assert headings == [
        "I. CÔNG TÁC TIẾP NHẬN, XỬ LÝ VÀ BAN HÀNH VĂN BẢN",
        "II. GIẢI QUYẾT THỦ TỤC HÀNH CHÍNH THEO CƠ CHẾ MỘT CỬA",
    ]
    assert (
        "Trong kỳ, hồ sơ tiếp nhận: 1.234 (tăng 34 so với kỳ trước); "
        "hồ sơ trễ hạn: 3 (giảm 2 so với kỳ trước)." in texts
    )
    rate_table, onestop_table = document.tables[1], document.tables[2]
    assert [c.text for c in rate_table.rows[1].cells] == ["1", "Tỷ lệ đúng hạn", "97,5%", "—", "—"]
    assert [c.text for c in onestop_table.rows[1].cells] == [
        "1",
        "Hồ sơ tiếp nhận",
        "1.234",
        "1.200",
        "+34",
    ]
    assert [c.text for c in onestop_table.rows[2].cells] == ["2", "Hồ sơ trễ hạn", "3", "5", "−2"]

    signature = document.tables[-1]
    lines = [p.text for p in signature.cell(0, 0).paragraphs]
    assert lines[0] == "Nơi nhận:"
    assert "- Ủy ban nhân dân tỉnh Hưng Yên (để báo cáo);" in lines
    assert lines[-1] == "- Lưu: VT, KT."
    assert signature.cell(0, 1).paragraphs[0].text == "CHÁNH VĂN PHÒNG"
    for p in document.paragraphs:
        for run in p.runs:
            assert run.font.name in (None, "Liberation Serif")


def test_annex_has_the_summary_and_one_row_per_unit(registry, province):
    office, _kt, _specialist = province
    period = periodic.resolve("thang", token="2026-12")
    report = periodic.build_report(agency=office, period=period)
    book = openpyxl.load_workbook(io.BytesIO(periodic_xlsx.render(report)))
    summary, per_unit = book["Tổng hợp"], book["Theo đơn vị"]
    rows = {r[7]: r[3:6] for r in summary.iter_rows(values_only=True) if r[7] and "." in str(r[7])}
    assert rows["tt.received"] == (1234, 1200, 34)
    assert rows["tt.late"] == (3, 5, -2)
    assert rows["tt.rate"] == (97.5, None, None)
    units = {
        r[1]: r[2:] for r in per_unit.iter_rows(values_only=True) if r[0] and isinstance(r[0], int)
    }
    assert units == {"Phòng Kinh tế": (7, 1), "Phòng Tổng hợp": (7, 1)}  # the rate has no unit


def test_enqueue_refuses_bad_input_and_outsiders_and_writes_nothing(registry, province):
    office, kt, specialist = province
    before = Job.objects.count()
    with pytest.raises(DomainError) as info:
        periodic.periodic_enqueue(specialist, agency=office, kind="ngay")
    assert info.value.code == "invalid_kind"
    with pytest.raises(DomainError) as info:
        periodic.periodic_enqueue(
            specialist, agency=office, kind="khac", start=D(2026, 11, 2), end=D(2026, 11, 1)
        )
    assert "không được trước ngày bắt đầu" in info.value.message
    other = make_agency(short_name="SNV", kind="department")
    with pytest.raises(DomainError) as info:
        periodic.periodic_enqueue(
            specialist, agency=office, kind="thang", token="2026-12", unit=make_unit(other)
        )
    assert info.value.code == "invalid_unit"
    with pytest.raises(DomainError) as info:
        periodic.periodic_enqueue(
            make_official(office, roles=(Role.CAN_BO_MOT_CUA,)),
            agency=office,
            kind="thang",
            token="2026-12",
        )
    assert info.value.status == 403
    assert Job.objects.count() == before


def test_the_job_builds_both_files_and_rechecks_the_owners_rights(registry, province):
    from vanphong.core.attachments.services import attachment_read
    from vanphong.core.jobs import services as jobs
    from vanphong.org.models import RoleGrant

    office, kt, specialist = province
    job = periodic.periodic_enqueue(specialist, agency=office, kind="thang", token="2026-12")
    with translation.override("en"):  # the official document is Vietnamese whatever the UI
        assert jobs.run(job.pk) == "done"
    job.refresh_from_db()
    assert job.result.original_name == "bao-cao-thang-2026-12.docx"
    header = docx.Document(io.BytesIO(attachment_read(job.result))).tables[0]
    assert header.cell(0, 1).paragraphs[0].text == "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
    assert (
        docx.Document(io.BytesIO(attachment_read(job.result))).tables[2].rows[1].cells[2].text
        == "1.234"
    )
    annex = periodic.annex_of(job)
    assert annex.original_name == "phu-luc-bao-cao-thang-2026-12.xlsx"
    assert job.total == job.done == 2 + 2  # figures, two units, files

    second = periodic.periodic_enqueue(specialist, agency=office, kind="thang", token="2026-11")
    RoleGrant.objects.filter(official=specialist).delete()
    assert jobs.run(second.pk) == "failed"
    second.refresh_from_db()
    assert "Chỉ văn thư, chuyên viên và lãnh đạo" in second.message


def test_submitting_before_the_file_exists_or_after_it_was_deleted_is_refused(registry, province):
    from vanphong.core.jobs import services as jobs
    from vanphong.documents.models import OutgoingDocument

    office, _kt, specialist = province
    job = periodic.periodic_enqueue(specialist, agency=office, kind="thang", token="2026-12")
    with pytest.raises(DomainError) as info:
        periodic.periodic_submit(specialist, job)
    assert (info.value.code, info.value.status) == ("not_ready", 409)
    jobs.run(job.pk)
    Job.objects.filter(pk=job.pk).update(result=None)  # as the jobs' housekeeping leaves it
    with pytest.raises(DomainError) as info:
        periodic.periodic_submit(specialist, job)
    assert (info.value.code, info.value.status) == ("result_deleted", 410)
    assert "hãy lập lại báo cáo" in info.value.message
    assert not OutgoingDocument.objects.exists()
