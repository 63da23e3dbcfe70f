"""The catalogue as an Excel workbook (.xlsx): export, and an all-or-nothing import.

Four sheets, one header row each, rows joined by the procedure code (column A):

* ``Thủ tục`` — one row per procedure (``PROCEDURE_COLUMNS``); the legal basis is one document
  per line inside its cell; levels are written as their Vietnamese label (the code is accepted);
  agencies on the platform by their electronic identifier (blank when not on the platform);
* ``Thành phần hồ sơ``, ``Phí, lệ phí``, ``Quy trình`` — one row per component, fee, step, in
  order (a step's unit on the platform as ``<agency identifier>/<unit abbreviation>``).

The import checks every row first and writes nothing when any row is wrong: the error lists
each sheet and row with its Vietnamese messages. New procedures are created and published
(version 1); a changed one gets a new version; an unchanged one is left alone, so importing
the same file twice changes nothing. Component templates (attachments) are not in the file:
a component keeps its template when its name is unchanged.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font

from vanphong.core.errors import DomainError
from vanphong.core.text import fold
from vanphong.org.models import Agency, Official, Unit
from vanphong.procedures import services
from vanphong.procedures.models import Level, OnlineLevel, Procedure, SupplementClock
from vanphong.procedures.selectors import public_procedures
from vanphong.procedures.services import (
    ComponentInput,
    FeeInput,
    ProcedureInput,
    StepInput,
)

MAX_ROWS = 20_000

SHEET_PROCEDURES = "Thủ tục"
SHEET_COMPONENTS = "Thành phần hồ sơ"
SHEET_FEES = "Phí, lệ phí"
SHEET_STEPS = "Quy trình"

PROCEDURE_COLUMNS = [
    "Mã thủ tục",
    "Tên thủ tục",
    "Mã lĩnh vực",
    "Tên lĩnh vực",
    "Cấp thực hiện",
    "Mã định danh cơ quan có thẩm quyền",
    "Cơ quan có thẩm quyền",
    "Mã định danh cơ quan thực hiện",
    "Cơ quan thực hiện",
    "Đối tượng thực hiện",
    "Nơi nộp hồ sơ",
    "Thời hạn (ngày làm việc)",
    "Giải quyết trong ngày",
    "Giờ tiếp nhận cuối ngày",
    "Kết quả",
    "Căn cứ pháp lý",
    "Mức dịch vụ công trực tuyến",
    "5 tại chỗ",
    "Ghi chú nội bộ",
    "Số lần yêu cầu bổ sung tối đa",
    "Thời hạn sau khi bổ sung",
]
#: Columns added later: a file without them is still read (existing procedures keep their
#: values, new ones get the defaults).
OPTIONAL_TAIL = {SHEET_PROCEDURES: 2}
COMPONENT_COLUMNS = [
    "Mã thủ tục",
    "STT",
    "Tên giấy tờ",
    "Bản chính",
    "Bản sao",
    "Bắt buộc",
    "Ghi chú",
]
FEE_COLUMNS = ["Mã thủ tục", "STT", "Tên phí, lệ phí", "Mức thu (đồng)", "Ghi chú"]
STEP_COLUMNS = [
    "Mã thủ tục",
    "Bước",
    "Mã đơn vị",
    "Đơn vị thực hiện",
    "Vai trò",
    "Nội dung công việc",
    "Số giờ làm việc",
]
SHEETS = {
    SHEET_PROCEDURES: PROCEDURE_COLUMNS,
    SHEET_COMPONENTS: COMPONENT_COLUMNS,
    SHEET_FEES: FEE_COLUMNS,
    SHEET_STEPS: STEP_COLUMNS,
}

# Fixed Vietnamese labels in the file, whatever the interface language.
LEVEL_LABELS = {Level.CAP_TINH: "Cấp tỉnh", Level.CAP_XA: "Cấp xã", Level.LIEN_THONG: "Liên thông"}
ONLINE_LABELS = {
    OnlineLevel.TOAN_TRINH: "Toàn trình",
    OnlineLevel.MOT_PHAN: "Một phần",
    OnlineLevel.TRUC_TIEP: "Trực tiếp",
}
CLOCK_LABELS = {SupplementClock.RESUME: "Tiếp tục", SupplementClock.RESTART: "Tính lại"}
YES, NO = "Có", "Không"


# --- export ---------------------------------------------------------------------------------


def _yn(value: bool) -> str:
    return YES if value else NO


def export_catalogue(qs=None) -> bytes:
    """The catalogue (default: published procedures in force) as .xlsx bytes."""
    qs = (public_procedures() if qs is None else qs).select_related(
        "field", "competent_agency", "implementing_agency"
    )
    qs = qs.prefetch_related("fees", "components", "steps__unit__agency").order_by("code")
    wb = Workbook()
    sheets = {}
    for i, (title, columns) in enumerate(SHEETS.items()):
        ws = wb.active if i == 0 else wb.create_sheet()
        ws.title = title
        ws.append(columns)
        for cell in ws[1]:
            cell.font = Font(bold=True)
        ws.freeze_panes = "A2"
        sheets[title] = ws
    for p in qs:
        sheets[SHEET_PROCEDURES].append(
            [
                p.code,
                p.name,
                p.field.code,
                p.field.name,
                LEVEL_LABELS[p.level],
                p.competent_agency.identifier if p.competent_agency else "",
                p.competent_agency_name,
                p.implementing_agency.identifier if p.implementing_agency else "",
                p.implementing_agency_name,
                p.applicants,
                p.submission_place,
                float(p.time_limit_days),
                _yn(p.same_day),
                p.cutoff_time.strftime("%H:%M"),
                p.result,
                "\n".join(p.legal_basis),
                ONLINE_LABELS[p.online_level],
                _yn(p.five_on_the_spot),
                p.internal_note,
                p.max_supplement_requests,
                CLOCK_LABELS[p.supplement_clock],
            ]
        )
        for c in p.components.all():
            sheets[SHEET_COMPONENTS].append(
                [p.code, c.order, c.name, c.originals, c.copies, _yn(c.mandatory), c.note]
            )
        for f in p.fees.all():
            sheets[SHEET_FEES].append([p.code, f.order, f.name, f.amount, f.note])
        for s in p.steps.all():
            unit_ref = f"{s.unit.agency.identifier}/{s.unit.abbreviation}" if s.unit else ""
            sheets[SHEET_STEPS].append(
                [
                    p.code,
                    s.order,
                    unit_ref,
                    s.unit_name,
                    s.role,
                    s.description,
                    float(s.budget_hours),
                ]
            )
    for ws in sheets.values():
        for col in ws.columns:
            letter = col[0].column_letter
            ws.column_dimensions[letter].width = min(
                60, max(10, *(len(str(c.value or "").split("\n")[0]) + 2 for c in col))
            )
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


# --- import ---------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)


class _RowError(Exception):
    pass


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _bool(value) -> bool:
    if isinstance(value, bool):
        return value
    text = fold(_text(value))
    if text in ("co", "x", "1", "true"):
        return True
    if text in ("", "khong", "0", "false"):
        return False
    raise _RowError(_("“%(v)s” không phải Có/Không.") % {"v": _text(value)})


def _int(value, label: str) -> int:
    if isinstance(value, bool):
        raise _RowError(_("%(label)s phải là số nguyên.") % {"label": label})
    if value is None or value == "":
        return 0
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, int):
        return value
    text = _text(value).replace(".", "").replace(",", "").replace(" ", "")
    if text.isdigit():
        return int(text)
    raise _RowError(_("%(label)s phải là số nguyên.") % {"label": label})


def _decimal(value, label: str) -> Decimal:
    d = services._decimal(value) if value not in (None, "") else None
    if d is None:
        raise _RowError(_("%(label)s phải là một số.") % {"label": label})
    return d


def _time(value) -> dt.time:
    if isinstance(value, dt.datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, dt.time):
        return value.replace(second=0, microsecond=0)
    text = _text(value)
    if not text:
        return services.DEFAULT_CUTOFF
    try:
        return dt.datetime.strptime(text.replace("h", ":"), "%H:%M").time()
    except ValueError:
        raise _RowError(
            _("Giờ tiếp nhận cuối ngày “%(v)s” không hợp lệ (dạng 15:00).") % {"v": text}
        ) from None


def _choice(value, labels: dict, label: str) -> str:
    text = fold(_text(value))
    for code, name in labels.items():
        if text in (fold(code), fold(name)):
            return str(code)
    raise _RowError(_("%(label)s “%(v)s” không hợp lệ.") % {"label": label, "v": _text(value)})


def _rows(wb, title: str, errors: dict) -> list[tuple[int, tuple]]:
    if title not in wb.sheetnames:
        errors.setdefault(title, []).append(_("Thiếu trang tính “%(s)s”.") % {"s": title})
        return []
    ws = wb[title]
    rows = ws.iter_rows(values_only=True)
    header = [_text(v) for v in next(rows, ())]
    expected = SHEETS[title]
    required = expected[: len(expected) - OPTIONAL_TAIL.get(title, 0)]
    given = header[len(required) : len(expected)]
    if header[: len(required)] != required or any(
        h and h != e for h, e in zip(given, expected[len(required) :], strict=False)
    ):
        errors.setdefault(title, []).append(
            _("Dòng tiêu đề của trang “%(s)s” phải là: %(cols)s.")
            % {"s": title, "cols": ", ".join(expected)}
        )
        return []
    out = []
    for n, row in enumerate(rows, start=2):
        row = tuple(row[: len(expected)]) + (None,) * (len(expected) - len(row))
        if all(v is None or _text(v) == "" for v in row):
            continue
        if len(out) >= MAX_ROWS:
            errors.setdefault(title, []).append(
                _("Trang “%(s)s” có quá %(n)s dòng.") % {"s": title, "n": MAX_ROWS}
            )
            break
        out.append((n, row))
    return out


def _key(sheet: str, n: int) -> str:
    return _("%(sheet)s, dòng %(n)s") % {"sheet": sheet, "n": n}


def parse_workbook(content: bytes) -> tuple[list[ProcedureInput], dict[str, list[str]]]:
    """The inputs in the workbook and every problem found, keyed by "<sheet>, dòng <n>"."""
    errors: dict[str, list[str]] = {}
    try:
        wb = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a file that is not .xlsx
        raise DomainError(
            "import_file_invalid", _("Tệp không phải bảng tính Excel (.xlsx) hợp lệ.")
        ) from None
    agencies = {a.identifier: a for a in Agency.objects.all()}
    units = {
        f"{u.agency.identifier}/{u.abbreviation}": u for u in Unit.objects.select_related("agency")
    }
    kept_rules = {
        code: (n, clock_)
        for code, n, clock_ in Procedure.objects.values_list(
            "code", "max_supplement_requests", "supplement_clock"
        )
    }
    inputs: dict[str, ProcedureInput] = {}
    row_of: dict[str, tuple[str, int]] = {}
    seen: set[str] = set()  # every code of the procedures sheet, valid rows or not
    for n, row in _rows(wb, SHEET_PROCEDURES, errors):
        key = _key(SHEET_PROCEDURES, n)
        try:
            seen.add(services.normalize_code(_text(row[0])))
            (code, name, fcode, fname, level, ca_id, ca_name, ia_id, ia_name, applicants,
             place, days, same_day, cutoff, result, basis, online, five, note, max_supp,
             supp_clock) = row  # fmt: skip
            code = services.normalize_code(_text(code))
            if code in inputs:
                raise _RowError(_("Mã thủ tục %(c)s trùng với một dòng trước.") % {"c": code})
            ca, ia = None, None
            if _text(ca_id):
                ca = agencies.get(_text(ca_id))
                if ca is None:
                    raise _RowError(
                        _("Không có cơ quan mã định danh %(i)s trên hệ thống.")
                        % {"i": _text(ca_id)}
                    )
            if _text(ia_id):
                ia = agencies.get(_text(ia_id))
                if ia is None:
                    raise _RowError(
                        _("Không có cơ quan mã định danh %(i)s trên hệ thống.")
                        % {"i": _text(ia_id)}
                    )
            data = ProcedureInput(
                code=code,
                name=_text(name),
                field_code=_text(fcode),
                field_name=_text(fname),
                level=_choice(level, LEVEL_LABELS, _("Cấp thực hiện")),
                competent_agency=ca,
                competent_agency_name=_text(ca_name),
                implementing_agency=ia,
                implementing_agency_name=_text(ia_name),
                applicants=_text(applicants),
                submission_place=_text(place),
                time_limit_days=_decimal(days if days not in (None, "") else 0, _("Thời hạn")),
                same_day=_bool(same_day),
                cutoff_time=_time(cutoff),
                result=_text(result),
                legal_basis=[line for line in _text(basis).splitlines() if line.strip()],
                online_level=_choice(online, ONLINE_LABELS, _("Mức dịch vụ công trực tuyến")),
                five_on_the_spot=_bool(five),
                internal_note=_text(note),
            )
            kept = kept_rules.get(code, (1, SupplementClock.RESUME))
            data.max_supplement_requests = (
                _int(max_supp, _("Số lần yêu cầu bổ sung tối đa")) if _text(max_supp) else kept[0]
            )
            data.supplement_clock = (
                _choice(supp_clock, CLOCK_LABELS, _("Thời hạn sau khi bổ sung"))
                if _text(supp_clock)
                else kept[1]
            )
        except _RowError as exc:
            errors.setdefault(key, []).append(str(exc))
            continue
        inputs[code] = data
        row_of[code] = (SHEET_PROCEDURES, n)

    def child_rows(sheet: str):
        for n, row in _rows(wb, sheet, errors):
            code = services.normalize_code(_text(row[0]))
            if code not in inputs:
                if code not in seen:
                    errors.setdefault(_key(sheet, n), []).append(
                        _("Mã thủ tục %(c)s không có trong trang “%(s)s”.")
                        % {"c": code, "s": SHEET_PROCEDURES}
                    )
                continue
            yield n, code, row

    for n, code, row in child_rows(SHEET_COMPONENTS):
        try:
            inputs[code].components.append(
                ComponentInput(
                    name=_text(row[2]),
                    originals=_int(row[3], _("Số bản chính")),
                    copies=_int(row[4], _("Số bản sao")),
                    mandatory=_bool(row[5]),
                    note=_text(row[6]),
                )
            )
        except _RowError as exc:
            errors.setdefault(_key(SHEET_COMPONENTS, n), []).append(str(exc))
    for n, code, row in child_rows(SHEET_FEES):
        try:
            inputs[code].fees.append(
                FeeInput(name=_text(row[2]), amount=_int(row[3], _("Mức thu")), note=_text(row[4]))
            )
        except _RowError as exc:
            errors.setdefault(_key(SHEET_FEES, n), []).append(str(exc))
    for n, code, row in child_rows(SHEET_STEPS):
        try:
            unit = None
            if _text(row[2]):
                unit = units.get(_text(row[2]))
                if unit is None:
                    raise _RowError(
                        _("Không có đơn vị mã %(u)s trên hệ thống.") % {"u": _text(row[2])}
                    )
            inputs[code].steps.append(
                StepInput(
                    unit=unit,
                    unit_name=_text(row[3]),
                    role=_text(row[4]),
                    description=_text(row[5]),
                    budget_hours=_decimal(row[6], _("Số giờ làm việc")),
                )
            )
        except _RowError as exc:
            errors.setdefault(_key(SHEET_STEPS, n), []).append(str(exc))

    for code, data in inputs.items():
        problems = services.validate_input(data)
        if problems:
            errors.setdefault(_key(*row_of[code]), []).extend(m for _f, _c, m in problems)
    return list(inputs.values()), errors


@transaction.atomic
def import_catalogue(*, acting_user: Official | None, content: bytes) -> ImportResult:
    """Import a workbook in the format of :func:`export_catalogue`: all rows or none."""
    services._check_actor(acting_user)
    inputs, errors = parse_workbook(content)
    if not errors and not inputs:
        errors[SHEET_PROCEDURES] = [_("Tệp không có thủ tục nào.")]
    if errors:
        raise DomainError(
            "import_invalid",
            _("Tệp có %(n)s dòng chưa hợp lệ; chưa nhập dữ liệu nào.") % {"n": len(errors)},
            fields=errors,
        )
    result = ImportResult()
    existing = {
        p.code: p
        for p in Procedure.objects.filter(code__in=[d.code for d in inputs]).prefetch_related(
            "components"
        )
    }
    for data in inputs:
        procedure = existing.get(data.code)
        if procedure is None:
            services.procedure_create(acting_user=acting_user, data=data, publish=True)
            result.created.append(data.code)
            continue
        templates = {c.name: c.template_id for c in procedure.components.all()}
        for comp in data.components:
            comp.template_id = templates.get(comp.name)
        if services.snapshot(procedure) == services.input_snapshot(data):
            result.unchanged.append(data.code)
            continue
        services.procedure_update(acting_user=acting_user, procedure=procedure, data=data)
        if not procedure.is_published:
            services.procedure_publish(acting_user=acting_user, procedure=procedure)
        result.updated.append(data.code)
    return result
