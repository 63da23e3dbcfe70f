"""The Excel annex of a periodic report (openpyxl): the same figures as numbers.

* "Tổng hợp": every figure for the period and the previous one, the change and how it is
  computed (the figure's formula);
* "Theo đơn vị": the figures that have a unit, one row per unit of the agency (or the one unit
  reported on), for the period.

Numbers are stored as numbers (counts as integers, rates as decimals with a "%" display), so the
annex can be summed and charted.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from vanphong.core import clock
from vanphong.reports.periodic import Report, change

THIN = Side(style="thin", color="000000")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
BOLD = Font(bold=True)
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
PERCENT_FORMAT = '0.0"%"'
COUNT_FORMAT = "#,##0"


def _number(cell, value, kind: str) -> None:
    cell.value = value
    cell.number_format = PERCENT_FORMAT if kind == "percent" else COUNT_FORMAT
    cell.border = BOX


def _heading(ws, report: Report, title: str, columns: int) -> int:
    period = report.period
    lines = [
        report.agency.name.upper(),
        title,
        _("%(kind)s: %(label)s, số liệu %(span)s")
        % {
            "kind": report.kind_label,
            "label": period.label,
            "span": period.span,
        },
    ]
    if report.unit is not None:
        lines.append(_("Đơn vị: %(unit)s") % {"unit": report.unit.name})
    lines.append(
        _("Lập lúc %(at)s từ số liệu của hệ thống (cùng số liệu với bảng điều hành).")
        % {"at": clock.local(report.generated_at).strftime("%H:%M %d/%m/%Y")}
    )
    for n, text in enumerate(lines, start=1):
        ws.cell(row=n, column=1, value=text).font = Font(bold=n <= 2)
        ws.merge_cells(start_row=n, start_column=1, end_row=n, end_column=columns)
    return len(lines) + 2


def _summary(ws, report: Report) -> None:
    ws.title = _("Tổng hợp")
    head = [
        _("TT"),
        _("Nhóm"),
        _("Chỉ tiêu"),
        _("Kỳ này"),
        _("Kỳ trước"),
        _("Tăng (+), giảm (−)"),
        _("Cách tính"),
        _("Mã chỉ tiêu"),
    ]
    row = _heading(ws, report, _("PHỤ LỤC I. SỐ LIỆU TỔNG HỢP"), len(head))
    for col, text in enumerate(head, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font, cell.alignment, cell.border = BOLD, CENTER, BOX
    ws.freeze_panes = ws.cell(row=row + 1, column=4)
    n = 0
    for section in report.sections:
        for item in section.rows:
            n += 1
            row += 1
            ws.cell(row=row, column=1, value=n).border = BOX
            ws.cell(row=row, column=2, value=section.title).border = BOX
            ws.cell(row=row, column=3, value=item.label).border = BOX
            _number(ws.cell(row=row, column=4), item.current, item.kind)
            _number(ws.cell(row=row, column=5), item.previous, item.kind)
            _number(ws.cell(row=row, column=6), change(item.current, item.previous), item.kind)
            ws.cell(row=row, column=7, value=item.formula).border = BOX
            ws.cell(row=row, column=8, value=item.key).border = BOX
            for col in (2, 3, 7):
                ws.cell(row=row, column=col).alignment = WRAP
    for col, width in enumerate((5, 28, 42, 11, 11, 12, 48, 30), start=1):
        ws.column_dimensions[get_column_letter(col)].width = width


def _per_unit(ws, report: Report) -> None:
    table = report.unit_table
    ws.title = _("Theo đơn vị")
    head = [_("TT"), _("Đơn vị"), *table.labels]
    row = _heading(ws, report, _("PHỤ LỤC II. SỐ LIỆU THEO ĐƠN VỊ"), len(head))
    for col, text in enumerate(head, start=1):
        cell = ws.cell(row=row, column=col, value=text)
        cell.font, cell.alignment, cell.border = BOLD, CENTER, BOX
    ws.row_dimensions[row].height = 75
    ws.freeze_panes = ws.cell(row=row + 1, column=3)
    for n, (name, values) in enumerate(table.rows, start=1):
        row += 1
        ws.cell(row=row, column=1, value=n).border = BOX
        ws.cell(row=row, column=2, value=name).border = BOX
        for col, (value, kind) in enumerate(zip(values, table.kinds, strict=True), start=3):
            _number(ws.cell(row=row, column=col), value, kind)
    ws.column_dimensions["A"].width = 5
    ws.column_dimensions["B"].width = 36
    for col in range(3, len(head) + 1):
        ws.column_dimensions[get_column_letter(col)].width = 14


def render(report: Report) -> bytes:
    workbook = Workbook()
    _summary(workbook.active, report)
    if report.unit_table is not None:
        _per_unit(workbook.create_sheet(), report)
    workbook.properties.title = report.trich_yeu
    workbook.properties.creator = "VănPhòng"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
