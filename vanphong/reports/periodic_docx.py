"""The periodic report as an editable Word document (.docx, python-docx) in the layout of
Nghị định 30/2020/NĐ-CP, Phụ lục I (thể thức và kỹ thuật trình bày văn bản hành chính):

* A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm (Phụ lục I: 20–25, 20–25,
  30–35, 15–20 mm); Liberation Serif (metric-compatible with Times New Roman), black;
* header in two columns without borders: the managing agency (cơ quan chủ quản, upper case,
  12 pt) and the issuing agency (upper case, bold, a short rule under it); the national title
  "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" (12 pt bold; Phụ lục I allows 12–13 pt) and the motto "Độc lập - Tự do - Hạnh
  phúc" (14 pt bold, underlined); under them "Số:      /BC-<abbr>" (13 pt; the number is
  given at issue) and the place and date in italics, day and month left blank for the issuing
  step;
* "BÁO CÁO" (14 pt bold) and the trích yếu (14 pt bold) centred, a short rule under them;
* the body at 14 pt, justified, first line indented 1.27 cm, 6 pt after each paragraph: a
  sentence citing NĐ 09/2019, then one section per module (Roman numerals) with a generated
  sentence and a table of its figures for the period, the previous period and the change;
* "Nơi nhận:" (12 pt bold italic, lines 11 pt) on the left and the signer's authority mark and
  title (14 pt bold, upper case) on the right; page numbers from page 2, centred in the header.
"""

from __future__ import annotations

import io

from django.utils.translation import gettext as _
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt

from vanphong.core import clock
from vanphong.reports.periodic import Report, period_words

FONT = "Liberation Serif"
BODY_PT = 14
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]
TEXT_WIDTH_CM = 21.0 - 3.0 - 1.5  # A4 minus left and right margins
LEFT_COL_CM, RIGHT_COL_CM = 7.0, TEXT_WIDTH_CM - 7.0


def _font(run, size: float | None = None, *, bold=None, italic=None, underline=None) -> None:
    run.font.name = FONT
    run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    if size is not None:
        run.font.size = Pt(size)
    if bold is not None:
        run.bold = bold
    if italic is not None:
        run.italic = italic
    if underline is not None:
        run.underline = underline


def _para(
    container,
    text: str = "",
    size: float = BODY_PT,
    *,
    bold=False,
    italic=False,
    underline=False,
    align=WD_ALIGN_PARAGRAPH.CENTER,
    after: float = 0,
    indent_first: float | None = None,
):
    p = container.add_paragraph()
    p.alignment = align
    fmt = p.paragraph_format
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(after)
    if indent_first is not None:
        fmt.first_line_indent = Cm(indent_first)
    if text:
        _font(p.add_run(text), size, bold=bold, italic=italic, underline=underline)
    return p


def _rule(container, width_cm: float, box_cm: float) -> None:
    """A short horizontal line centred in a box ``box_cm`` wide (a bottom border on an empty
    paragraph narrowed by its indents)."""
    p = container.add_paragraph()
    fmt = p.paragraph_format
    side = max(0.0, (box_cm - width_cm) / 2)
    fmt.left_indent = Cm(side)
    fmt.right_indent = Cm(side)
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(6)
    _font(p.add_run(""), 2)
    ppr = p._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (
        ("w:val", "single"),
        ("w:sz", "6"),
        ("w:space", "1"),
        ("w:color", "000000"),
    ):
        bottom.set(qn(name), value)
    borders.append(bottom)
    ppr.append(borders)


def _cell_text(cell, text: str, size: float, *, bold=False, italic=False, align=None) -> None:
    first = cell.paragraphs[0]
    p = first if len(cell.paragraphs) == 1 and not first.runs else cell.add_paragraph()
    p.alignment = align if align is not None else WD_ALIGN_PARAGRAPH.CENTER
    p.paragraph_format.space_after = Pt(0)
    p.paragraph_format.space_before = Pt(0)
    _font(p.add_run(text), size, bold=bold, italic=italic)


def _widths(table, widths_cm: list[float]) -> None:
    """Column widths on the grid (read by LibreOffice) and on every cell (read by Word)."""
    table.autofit = False
    for column, width in zip(table.columns, widths_cm, strict=True):
        column.width = Cm(width)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_cm, strict=True):
            cell.width = Cm(width)


def _page_numbers(section) -> None:
    """Page number centred at the top from the second page (Phụ lục I, ô 11)."""
    section.different_first_page_header_footer = True
    p = section.header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    run = OxmlElement("w:r")
    text = OxmlElement("w:t")
    text.text = "2"
    run.append(text)
    field.append(run)
    p._p.append(field)


def _setup(document) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    normal.element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), FONT)
    normal.paragraph_format.line_spacing = 1.0
    _page_numbers(section)
    props = document.core_properties
    props.language = "vi-VN"


def _header(document, report: Report) -> None:
    table = document.add_table(rows=2, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    _widths(table, [LEFT_COL_CM, RIGHT_COL_CM])
    left, right = table.rows[0].cells
    if report.parent_name:
        _cell_text(left, report.parent_name.upper(), 12)
    _cell_text(left, report.agency.name.upper(), 12, bold=True)
    _rule(left, 2.2, LEFT_COL_CM)
    _cell_text(right, _("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"), 12, bold=True)
    motto = right.add_paragraph()
    motto.alignment = WD_ALIGN_PARAGRAPH.CENTER
    motto.paragraph_format.space_after = Pt(6)
    _font(motto.add_run(_("Độc lập - Tự do - Hạnh phúc")), 14, bold=True, underline=True)
    number, when = table.rows[1].cells
    # The number and the date are given by the issuing step (NĐ 30, Điều 14, 15).
    _cell_text(number, _("Số:       /%(notation)s") % {"notation": report.notation}, 13)
    year = clock.local(report.generated_at).year
    date_text = _("ngày      tháng      năm %(year)s") % {"year": year}
    _cell_text(
        when,
        f"{report.place}, {date_text}" if report.place else date_text,
        14,
        italic=True,
    )


def _title(document, report: Report) -> None:
    _para(document, "", after=6)
    _para(document, _("BÁO CÁO"), BODY_PT, bold=True)
    _para(document, report.trich_yeu, BODY_PT, bold=True)
    _rule(document, 3.5, TEXT_WIDTH_CM)


def _body_para(document, text: str, *, bold=False):
    return _para(
        document,
        text,
        BODY_PT,
        bold=bold,
        align=WD_ALIGN_PARAGRAPH.JUSTIFY,
        after=6,
        indent_first=1.27,
    )


def _figures_table(document, section, report: Report) -> None:
    table = document.add_table(rows=1, cols=5)
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    head = [
        _("TT"),
        _("Chỉ tiêu"),
        _("Kỳ này"),
        _("Kỳ trước"),
        _("Tăng (+), giảm (−)"),
    ]
    for cell, text in zip(table.rows[0].cells, head, strict=True):
        _cell_text(cell, text, 12, bold=True)
    repeat = OxmlElement("w:tblHeader")  # the heading row again on each page
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for n, row in enumerate(section.rows, start=1):
        cells = table.add_row().cells
        _cell_text(cells[0], str(n), 12)
        _cell_text(cells[1], row.label, 12, align=WD_ALIGN_PARAGRAPH.LEFT)
        _cell_text(cells[2], row.current_text, 12, align=WD_ALIGN_PARAGRAPH.RIGHT)
        _cell_text(cells[3], row.previous_text, 12, align=WD_ALIGN_PARAGRAPH.RIGHT)
        _cell_text(cells[4], row.change_text, 12, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _widths(table, [1.0, 8.1, 2.3, 2.3, 2.8])
    _para(document, "", after=6)


def _signature(document, report: Report) -> None:
    table = document.add_table(rows=1, cols=2)
    _widths(table, [8.0, TEXT_WIDTH_CM - 8.0])
    left, right = table.rows[0].cells
    _cell_text(left, _("Nơi nhận:"), 12, bold=True, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    for line in report.noi_nhan:
        _cell_text(left, line, 11, align=WD_ALIGN_PARAGRAPH.LEFT)
    if report.signer_mark:
        _cell_text(right, report.signer_mark, 14, bold=True)
    _cell_text(right, report.signer_title, 14, bold=True)
    for _n in range(4):  # room for the signature and the seal; the name is added at signing
        right.add_paragraph()


def render(report: Report) -> bytes:
    document = Document()
    _setup(document)
    _header(document, report)
    _title(document, report)
    period = report.period
    intro = _(
        "Thực hiện chế độ báo cáo định kỳ theo %(basis)s, %(agency)s báo cáo kết quả công "
        "tác %(period)s (số liệu %(span)s), so sánh với kỳ trước (%(prev)s), như sau:"
    ) % {
        "basis": _("Nghị định số 09/2019/NĐ-CP ngày 24 tháng 01 năm 2019 của Chính phủ"),
        "agency": report.agency.name,
        "period": period_words(period, report.unit),
        "span": period.span,
        "prev": report.previous.span,
    }
    _body_para(document, intro)
    for n, section in enumerate(report.sections):
        number = ROMAN[n] if n < len(ROMAN) else str(n + 1)
        _para(
            document,
            f"{number}. {section.title.upper()}",
            BODY_PT,
            bold=True,
            align=WD_ALIGN_PARAGRAPH.JUSTIFY,
            after=6,
            indent_first=1.27,
        )
        _body_para(document, section.narrative)
        _figures_table(document, section, report)
    if report.unit_table is not None and report.unit_table.rows:
        _body_para(
            document, _("Số liệu chi tiết theo từng đơn vị tại Phụ lục kèm theo (tệp Excel).")
        )
    if report.as_of:
        _body_para(
            document,
            _("Một số chỉ tiêu lấy từ bảng tổng hợp cập nhật lúc %(at)s.")
            % {"at": report.as_of[0].strftime("%H:%M %d/%m/%Y")},
        )
    _body_para(
        document,
        _("Trên đây là báo cáo kết quả công tác %(period)s của %(agency)s./.")
        % {
            "period": period_words(period, report.unit),
            "agency": report.agency.name,
        },
    )
    _signature(document, report)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
