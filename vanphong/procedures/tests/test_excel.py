"""Excel export/import: round trip, all-or-nothing with per-row errors, idempotence."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from vanphong.core.errors import DomainError
from vanphong.core.eventlog.models import Event
from vanphong.org.testing import make_agency, make_unit
from vanphong.procedures import excel, services
from vanphong.procedures.models import (
    Field,
    OnlineLevel,
    Procedure,
    ProcedureComponent,
    ProcedureFee,
    ProcedureStep,
    ProcedureVersion,
)
from vanphong.procedures.services import StepInput
from vanphong.procedures.testing import make_procedure

pytestmark = pytest.mark.django_db

TABLES = (
    Field,
    Procedure,
    ProcedureComponent,
    ProcedureFee,
    ProcedureStep,
    ProcedureVersion,
    Event,
)


def _counts():
    return [m.objects.count() for m in TABLES]


def _catalogue():
    return {p.code: services.snapshot(p) for p in Procedure.objects.all()}


def _build():
    agency = make_agency(name="Sở Tài chính tỉnh")
    unit = make_unit(agency, name="Phòng Đăng ký kinh doanh", abbreviation="DKKD")
    make_procedure(
        code="1.001193",
        name="Đăng ký khai sinh",
        same_day=True,
        time_limit_days=Decimal(0),
        five_on_the_spot=True,
        online_level=OnlineLevel.TOAN_TRINH,
        legal_basis=["Luật Hộ tịch 2014", "Nghị định 123/2015/NĐ-CP"],
        steps=[StepInput("Tiếp nhận và giải quyết", Decimal("7.5"), "Bộ phận Một cửa")],
    )
    make_procedure(
        code="2.001610.H31",
        name="Đăng ký thành lập doanh nghiệp tư nhân",
        field_code="DN",
        field_name="Doanh nghiệp",
        level="cap_tinh",
        competent_agency=agency,
        competent_agency_name="",
        time_limit_days=Decimal("3.5"),
        steps=[StepInput("Thẩm định", Decimal(28), "", unit=unit, role="chuyen_vien")],
    )
    make_procedure(code="1.004873", fees=[], components=[])
    return agency, unit


def test_round_trip_into_an_empty_catalogue():
    _build()
    before = _catalogue()
    content = excel.export_catalogue()
    wb = load_workbook(io.BytesIO(content))
    assert wb.sheetnames == ["Thủ tục", "Thành phần hồ sơ", "Phí, lệ phí", "Quy trình"]
    assert [c.value for c in wb["Thủ tục"][1]] == excel.PROCEDURE_COLUMNS
    ProcedureVersion.objects.all().delete()
    Procedure.objects.all().delete()
    Field.objects.all().delete()

    result = excel.import_catalogue(acting_user=None, content=content)
    assert sorted(result.created) == sorted(before)
    assert _catalogue() == before
    assert all(p.current_version == 1 and p.is_published for p in Procedure.objects.all())
    step = ProcedureStep.objects.get(procedure__code="2.001610.H31")
    assert step.unit.abbreviation == "DKKD" and step.budget_hours == Decimal(28)


def test_same_file_twice_changes_nothing():
    _build()
    content = excel.export_catalogue()
    before = _counts()
    result = excel.import_catalogue(acting_user=None, content=content)
    assert len(result.unchanged) == 3 and not result.created and not result.updated
    assert _counts() == before


def test_changed_row_makes_a_new_version():
    _build()
    wb = load_workbook(io.BytesIO(excel.export_catalogue()))
    ws = wb["Thủ tục"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "1.004873")
    row[1].value = "Cấp bản sao trích lục hộ tịch"
    out = io.BytesIO()
    wb.save(out)
    result = excel.import_catalogue(acting_user=None, content=out.getvalue())
    assert result.updated == ["1.004873"]
    p = Procedure.objects.get(code="1.004873")
    assert p.current_version == 2
    assert p.versions.get(number=1).snapshot["name"] != p.versions.get(number=2).snapshot["name"]


def _broken_workbook() -> bytes:
    wb = load_workbook(io.BytesIO(excel.export_catalogue()))
    ws = wb["Thủ tục"]
    ws.append(["1.00X", "Thủ tục sai mã", "HT", "Hộ tịch", "Cấp xã", "", "UBND xã", "", "", "", "", 1, "Không", "15:00", "", "", "Một phần", "Không", ""])  # fmt: skip
    ws.append(["1.999001", "Thủ tục mới hợp lệ", "HT", "Hộ tịch", "Cấp huyện", "", "UBND xã", "", "", "", "", 1, "Không", "15:00", "", "", "Một phần", "Không", ""])  # fmt: skip
    ws.append(["1.999002", "Thủ tục mới quá giờ", "HT", "Hộ tịch", "Cấp xã", "", "UBND xã", "", "", "", "", 1, "Không", "15:00", "", "", "Một phần", "Không", ""])  # fmt: skip
    wb["Quy trình"].append(["1.999002", 1, "", "Một cửa", "", "Tiếp nhận", 8.5])
    wb["Phí, lệ phí"].append(["1.888888", 1, "Lệ phí", 1000, ""])
    wb["Thành phần hồ sơ"].append(["1.001193", 9, "Tờ khai", "hai", 0, "Có", ""])
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


@pytest.mark.rule("ND118-STEPS-WITHIN-LIMIT")
def test_import_all_or_nothing_with_errors_per_row():
    _build()
    content = _broken_workbook()
    before = _counts()
    snapshot = _catalogue()
    with pytest.raises(DomainError) as exc:
        excel.import_catalogue(acting_user=None, content=content)
    err = exc.value
    assert err.code == "import_invalid"
    assert err.message == "Tệp có 5 dòng chưa hợp lệ; chưa nhập dữ liệu nào."
    fields = err.fields
    assert "Mã thủ tục không hợp lệ" in fields["Thủ tục, dòng 5"][0]
    assert fields["Thủ tục, dòng 6"] == ["Cấp thực hiện “Cấp huyện” không hợp lệ."]
    assert "vượt thời hạn giải quyết" in fields["Thủ tục, dòng 7"][0]
    assert fields["Phí, lệ phí, dòng 4"] == ["Mã thủ tục 1.888888 không có trong trang “Thủ tục”."]
    assert fields["Thành phần hồ sơ, dòng 4"] == ["Số bản chính phải là số nguyên."]
    assert _counts() == before and _catalogue() == snapshot


def test_not_an_excel_file_refused():
    with pytest.raises(DomainError) as exc:
        excel.import_catalogue(acting_user=None, content=b"PK not really")
    assert exc.value.code == "import_file_invalid"


def test_wrong_header_refused():
    wb = load_workbook(io.BytesIO(excel.export_catalogue()))
    wb["Thủ tục"]["A1"] = "Mã"
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(DomainError) as exc:
        excel.import_catalogue(acting_user=None, content=out.getvalue())
    assert "Dòng tiêu đề của trang “Thủ tục”" in exc.value.fields["Thủ tục"][0]


def test_supplement_options_round_trip_and_a_file_without_their_columns_keeps_them():
    _build()
    p = Procedure.objects.get(code="1.004873")
    data = services.as_input(p)
    data.max_supplement_requests, data.supplement_clock = 3, "restart"
    services.procedure_update(acting_user=None, procedure=p, data=data)
    content = excel.export_catalogue()
    ws = load_workbook(io.BytesIO(content))["Thủ tục"]
    row = next(r for r in ws.iter_rows(min_row=2, values_only=True) if r[0] == "1.004873")
    assert row[-2:] == (3, "Tính lại")
    before = _counts()
    assert len(excel.import_catalogue(acting_user=None, content=content).unchanged) == 3
    # An older file without the two columns: read, and the procedures keep their options.
    wb = load_workbook(io.BytesIO(content))
    wb["Thủ tục"].delete_cols(len(excel.PROCEDURE_COLUMNS) - 1, 2)
    out = io.BytesIO()
    wb.save(out)
    result = excel.import_catalogue(acting_user=None, content=out.getvalue())
    assert len(result.unchanged) == 3 and _counts() == before
    # A wrong value is refused on its row.
    wb = load_workbook(io.BytesIO(content))
    for r in wb["Thủ tục"].iter_rows(min_row=2):
        if r[0].value == "1.004873":
            r[len(excel.PROCEDURE_COLUMNS) - 2].value = 12
    out = io.BytesIO()
    wb.save(out)
    with pytest.raises(DomainError) as exc:
        excel.import_catalogue(acting_user=None, content=out.getvalue())
    assert any(
        "Số lần yêu cầu bổ sung hồ sơ tối đa phải từ 1 đến 9." in m
        for msgs in exc.value.fields.values()
        for m in msgs
    )
