"""Excel exports: Mẫu 07 (Sổ theo dõi hồ sơ) and the statistics. Identity numbers masked."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from vanphong.core import clock
from vanphong.core.privacy import mask_email, mask_phone
from vanphong.onestop import statistics

REGISTER_COLUMNS = (
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục hành chính",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Số định danh (đã che)",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Ngày, tháng, năm nhận hồ sơ",
    "Ngày hẹn trả kết quả",
    "Ngày có kết quả",
    "Ngày trả kết quả",
    "Tình trạng",
    "Ghi chú",
)


def _d(moment, fmt="%d/%m/%Y %H:%M") -> str:
    return clock.local(moment).strftime(fmt) if moment else ""


def _masked_contact(d) -> str:
    """The address hidden, the phone and e-mail masked (kernel :mod:`vanphong.core.privacy`)."""
    parts = (
        d.applicant_address and "***",
        mask_phone(d.applicant_phone),
        mask_email(d.applicant_email),
    )
    return ", ".join(p for p in parts if p)


def register_rows(qs) -> list[list]:
    rows = []
    for i, d in enumerate(qs, start=1):
        rows.append(
            [
                i,
                d.code,
                d.procedure_name,
                d.copies,
                d.applicant_name,
                d.masked_identity,
                _masked_contact(d),
                d.agency.name,
                _d(d.received_at),
                _d(d.due_at),
                _d(d.result_at),
                _d(d.returned_at),
                d.get_status_display(),
                d.get_fact_timeliness_display() if d.fact_timeliness else "",
            ]
        )
    return rows


def _workbook(title: str, header: list, rows: list[list], subtitle: str = "") -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws["A1"] = title
    ws["A1"].font = Font(bold=True, size=13)
    if subtitle:
        ws["A2"] = subtitle
    ws.append([])
    ws.append(list(header))
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def register_xlsx(qs) -> bytes:
    return _workbook(
        _("Sổ theo dõi hồ sơ (Mẫu 07)"),
        list(REGISTER_COLUMNS),
        register_rows(qs),
        _("Lập lúc %(at)s") % {"at": _d(clock.now())},
    )


def statistics_xlsx(figures: dict, rows: list[dict], f: statistics.Filters) -> bytes:
    header = [_("Thủ tục")] + [str(label) for _k, label in statistics.FIGURES]
    body = [[_("Tổng cộng")] + [figures[k] for k, _l in statistics.FIGURES]]
    for r in rows:
        body.append(
            [f"{r['procedure__code']} — {r['procedure__name']}"]
            + [r[k] for k, _l in statistics.FIGURES]
        )
    body.append([])
    body.append([_("Tỷ lệ đúng hạn (%)"), figures["on_time_rate"]])
    body.append([_("Tỷ lệ trực tuyến (%)"), figures["online_rate"]])
    body.append([_("Tỷ lệ hài lòng (%)"), figures["satisfaction_rate"]])
    body.append([_('Tỷ lệ "5 tại chỗ" (%)'), figures["five_spot_rate"]])
    subtitle = _("Từ %(a)s đến trước %(b)s") % {"a": _d(f.start), "b": _d(f.end)}
    return _workbook(_("Thống kê hồ sơ một cửa"), header, body, subtitle)
