"""The reception register printed as Mẫu 03/TCD (NĐ 154/2026): Excel (openpyxl) and PDF
(weasyprint, Liberation Serif), the 13 columns of the form in its order.

Personal data is masked by role (``selectors.can_see_personal_data``): identity numbers are
shown as ``0012******89`` and addresses reduced to the commune and province, unless the user's
work needs them (the reception officials). A denouncer's identity is never written, whoever
exports: the sealed identity is not even opened here.
"""

from __future__ import annotations

import io

from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side

from vanphong.core import clock
from vanphong.reception import selectors
from vanphong.reception.models import ReceptionAction, ReceptionEntry

#: The 13 columns of Mẫu 03/TCD, in order, with the form's own headings (not translated: the
#: printed register is a legal form).
COLUMNS = (
    "STT",
    "Ngày tiếp",
    "Họ tên, địa chỉ",
    "CCCD/Hộ chiếu",
    "Nội dung (tóm tắt)",
    "Loại đơn (KN/TC/KN/PA)",
    "Số người cùng nội dung",
    "Cơ quan đã giải quyết",
    "Thuộc thẩm quyền (x)",
    "Hướng dẫn (cơ quan, số văn bản)",
    "Cơ quan thụ lý / số văn bản chuyển đơn",
    "Theo dõi kết quả",
    "Ghi chú",
)
CLASS_CODES = {"khieu_nai": "KN", "to_cao": "TC", "kien_nghi": "KN", "phan_anh": "PA"}
MAX_ROWS = 5000


def _person(citizen, full: bool) -> tuple[str, str]:
    """(name and address, identity number) of one citizen, masked as needed."""
    if citizen.protected:
        return citizen.masked_name, ""
    place = citizen.commune_name
    if full and citizen.address:
        place = ", ".join(x for x in (citizen.address, place) if x)
    text = citizen.full_name + (f" — {place}" if place else "")
    if citizen.is_representative:
        text += " " + _("(đại diện)")
    number = citizen.identity_number if full else citizen.masked_identity_number
    return text, number


def register_rows(user, entries) -> list[list[str]]:
    """Rows of Mẫu 03/TCD for ``entries`` (a queryset from ``selectors.entries_for_list``)."""
    rows = []
    cache: dict[int, bool] = {}
    for entry in entries[:MAX_ROWS]:
        if entry.agency_id not in cache:
            cache[entry.agency_id] = selectors.can_see_personal_data(user, entry.agency_id)
        full = cache[entry.agency_id]
        people = [_person(c, full) for c in entry.citizens.all()]
        guided = ""
        handled = ""
        if entry.action == ReceptionAction.HUONG_DAN:
            guided = ", ".join(x for x in (entry.action_target, entry.action_document) if x)
        elif entry.action == ReceptionAction.CHUYEN:
            handled = ", ".join(x for x in (entry.action_target, entry.action_document) if x)
        elif entry.action == ReceptionAction.NHAN_DON and entry.petition_id:
            handled = _("%(agency)s, đơn số %(n)s") % {
                "agency": entry.agency.name,
                "n": entry.petition.number_label,
            }
        follow = []
        if entry.reply_at and entry.reply_kind:
            follow.append(
                f"{entry.get_reply_kind_display()} ({clock.local(entry.reply_at):%d/%m/%Y}"
                + (f", {entry.reply_document}" if entry.reply_document else "")
                + ")"
            )
        elif entry.due_at and not entry.finished_at:
            follow.append(_("Hạn trả lời %(d)s") % {"d": f"{clock.local(entry.due_at):%d/%m/%Y}"})
        if entry.follow_up:
            follow.append(entry.follow_up)
        notes = [entry.get_action_display()]
        if entry.receipt_number:
            notes.append(_("Giấy biên nhận %(n)s") % {"n": entry.receipt_number})
        if entry.refusal_reason:
            notes.append(entry.get_refusal_reason_display())
        if entry.refusal_notice:
            notes.append(_("Thông báo %(n)s") % {"n": entry.refusal_notice})
        if entry.leader_id:
            notes.append(_("Lãnh đạo tiếp: %(n)s") % {"n": entry.leader})
        if entry.note:
            notes.append(entry.note)
        rows.append(
            [
                str(entry.number),
                f"{clock.local(entry.received_at):%d/%m/%Y}",
                "\n".join(p[0] for p in people),
                "\n".join(p[1] for p in people if p[1]),
                entry.content,
                CLASS_CODES.get(entry.classification, ""),
                str(entry.group_size),
                entry.previously_resolved_by,
                "x" if entry.competent else "",
                guided,
                handled,
                "\n".join(follow),
                "; ".join(notes),
            ]
        )
    return rows


def to_xlsx(rows: list[list[str]], *, title: str) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Mẫu 03-TCD"
    ws.append([title])
    ws["A1"].font = Font(bold=True, size=13)
    ws.append(list(COLUMNS))
    ws.append([f"({i})" for i in range(1, len(COLUMNS) + 1)])
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    for row in rows:
        ws.append(row)
    widths = (6, 11, 30, 16, 40, 8, 8, 18, 8, 22, 24, 24, 24)
    for index, width in enumerate(widths, start=1):
        ws.column_dimensions[ws.cell(row=2, column=index).column_letter].width = width
    for row in ws.iter_rows(min_row=2, max_row=ws.max_row):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            cell.border = border
    for cell in ws[2]:
        cell.font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def to_pdf(rows: list[list[str]], *, title: str, agency_name: str) -> bytes:
    from weasyprint import HTML

    html = render_to_string(
        "reception/register_pdf.html",
        {"rows": rows, "columns": COLUMNS, "title": title, "agency_name": agency_name},
    )
    return HTML(string=html).write_pdf()


__all__ = ["COLUMNS", "ReceptionEntry", "register_rows", "to_pdf", "to_xlsx"]
