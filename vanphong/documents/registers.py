"""Sổ đăng ký văn bản (NĐ 30/2020/NĐ-CP, Phụ lục IV): the incoming register, the follow-up
register (sổ theo dõi giải quyết văn bản đến) and the outgoing register, for any period, as Excel (.xlsx, openpyxl) and printable PDF (WeasyPrint, Liberation
Serif, A4 landscape, the cover as page 1).

The column headings are the statutory text of Phụ lục IV (as ../shared/standards/documents.md
§1.5 records them) and are never translated: a register is a legal record in Vietnamese.

Rows are read through the documents' visibility rules (``documents.incoming``,
``documents.outgoing``) for the person
producing the register, so a confidential document appears only in the confidential register
and only for the people named on it; only the agency's văn thư and leaders produce registers.
A period longer than :data:`DIRECT_MAX_DAYS` is produced as a background job
(:mod:`vanphong.core.jobs`) with its progress shown.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from vanphong.core import clock, deadlines, permissions
from vanphong.core.assignments.models import Assignment, AssignmentRole
from vanphong.core.errors import DomainError
from vanphong.core.jobs import registry
from vanphong.core.jobs.models import Job
from vanphong.documents.models import (
    Confidentiality,
    IncomingDocument,
    IncomingState,
    OutgoingDocument,
    OutgoingRecipient,
    OutgoingState,
    Register,
    RegisterKind,
    Urgency,
)
from vanphong.org import selectors as org
from vanphong.org.models import Role

#: Who produces registers: the agency's văn thư and leaders.
REGISTER_ROLES = frozenset({Role.VAN_THU, Role.LANH_DAO_VAN_PHONG, Role.LANH_DAO_UBND})
#: A longer period is produced in the background (a year's register is a job).
DIRECT_MAX_DAYS = 31
INCOMING_KIND = "documents.incoming"
OUTGOING_KIND = "documents.outgoing"
CHUNK = 500

# --- Phụ lục IV: the registers and their columns -------------------------------------------------

INCOMING_COLUMNS = (
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
)
FOLLOWUP_COLUMNS = (
    "Số đến",
    "Tên loại, số, ký hiệu, ngày, cơ quan ban hành",
    "Đơn vị/người nhận",
    "Thời hạn giải quyết",
    "Tiến độ giải quyết",
    "Số, ký hiệu văn bản trả lời",
    "Ghi chú",
)
OUTGOING_COLUMNS = (
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
)

#: Relative column widths (Excel characters; the PDF uses them as proportions: a dd/mm/yyyy
#: date needs 14 of the incoming register's 164 on A4 landscape at 11 pt).
WIDTHS = {
    "incoming": (14, 7, 19, 16, 14, 36, 22, 14, 10, 12),
    "followup": (7, 42, 26, 13, 22, 18, 14),
    "outgoing": (16, 14, 38, 17, 24, 18, 8, 14, 10, 12),
}


@dataclass(frozen=True)
class Book:
    """One kind of register: its code (URL and parameter), title on the cover and columns."""

    code: str
    title: str
    columns: tuple[str, ...]
    register_kind: str

    @property
    def widths(self) -> tuple[int, ...]:
        return WIDTHS[self.code]


BOOKS: dict[str, Book] = {
    "incoming": Book("incoming", "SỔ ĐĂNG KÝ VĂN BẢN ĐẾN", INCOMING_COLUMNS, RegisterKind.INCOMING),
    "followup": Book(
        "followup", "SỔ THEO DÕI GIẢI QUYẾT VĂN BẢN ĐẾN", FOLLOWUP_COLUMNS, RegisterKind.INCOMING
    ),
    "outgoing": Book("outgoing", "SỔ ĐĂNG KÝ VĂN BẢN ĐI", OUTGOING_COLUMNS, RegisterKind.OUTGOING),
}


def book_labels() -> list[tuple[str, str]]:
    return [(b.code, b.title.capitalize()) for b in available_books()]


def available_books() -> list[Book]:
    return list(BOOKS.values())


FORMATS = {"xlsx": ("xlsx",), "pdf": ("pdf",)}


@dataclass
class Period:
    date_from: dt.date
    date_to: dt.date

    @property
    def days(self) -> int:
        return (self.date_to - self.date_from).days + 1

    def bounds(self) -> tuple[dt.datetime, dt.datetime]:
        start = dt.datetime.combine(self.date_from, dt.time.min, tzinfo=clock.VN_TZ)
        end = dt.datetime.combine(
            self.date_to + dt.timedelta(days=1), dt.time.min, tzinfo=clock.VN_TZ
        )
        return start, end


@dataclass
class RegisterData:
    """Everything one register printout shows: the cover and the rows (lists of strings)."""

    book: Book
    register: Register
    period: Period
    volume: int
    agency_name: str
    parent_name: str
    number_from: str = ""
    number_to: str = ""
    rows: list[list[str]] = field(default_factory=list)

    @property
    def title(self) -> str:
        suffix = " MẬT" if self.register.confidential else ""
        return self.book.title + suffix

    @property
    def year_label(self) -> str:
        years = {self.period.date_from.year, self.period.date_to.year}
        return " - ".join(str(y) for y in sorted(years))

    def file_name(self, fmt: str) -> str:
        stem = {"incoming": "so-den", "followup": "so-theo-doi", "outgoing": "so-di"}[
            self.book.code
        ]
        if self.register.confidential:
            stem += "-mat"
        span = f"{self.period.date_from:%Y%m%d}-{self.period.date_to:%Y%m%d}"
        return f"{stem}-{span}.{fmt}"


# --- rights and reads ----------------------------------------------------------------------------


def may_produce(user, agency) -> bool:
    return bool(org.effective_roles(user, agency) & REGISTER_ROLES)


def registers_for(user) -> QuerySet[Register]:
    """The registers ``user`` may print: those of their own agency when they are its văn thư or
    leader (the confidential one included: its rows are filtered per person)."""
    agency_id = getattr(user, "agency_id", None)
    if not agency_id or not may_produce(user, agency_id):
        return Register.objects.none()
    kinds = {b.register_kind for b in available_books()}
    return Register.objects.filter(agency_id=agency_id, kind__in=kinds).order_by(
        "kind", "confidential", "name"
    )


def _check(user, register: Register, book: Book, period: Period) -> None:
    if not registers_for(user).filter(pk=register.pk).exists():
        raise DomainError(
            "forbidden", _("Bạn không có quyền in sổ đăng ký của cơ quan này."), status=403
        )
    if register.kind != book.register_kind:
        msg = _("Sổ đã chọn không dùng cho loại sổ này.")
        raise DomainError("wrong_register", msg, fields={"register": [msg]})
    if period.date_from > period.date_to:
        msg = _("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc.")
        raise DomainError("bad_period", msg, fields={"date_to": [msg]})


def incoming_entries(user, register: Register, period: Period) -> QuerySet[IncomingDocument]:
    """The entries of an incoming register in ``period`` that ``user`` may see, by số đến."""
    start, end = period.bounds()
    qs = IncomingDocument.objects.filter(
        register=register, received_at__gte=start, received_at__lt=end
    )
    return (
        permissions.visible(user, INCOMING_KIND, qs)
        .select_related("doc_type", "presented_to", "reply_document")
        .annotate(deadline_status=deadlines.status_expression())
        .order_by("received_at", "year", "number", "id")
    )


def outgoing_entries(user, register: Register, period: Period) -> QuerySet[OutgoingDocument]:
    """The issued documents of an outgoing register in ``period`` (by issue time) that ``user``
    may see; recalled ones stay in the register with a note."""
    start, end = period.bounds()
    qs = OutgoingDocument.objects.filter(
        register=register,
        issued_at__gte=start,
        issued_at__lt=end,
        state__in=[OutgoingState.ISSUED, OutgoingState.RECALLED],
    )
    recipients = OutgoingRecipient.objects.select_related("unit", "agency").order_by("kind", "id")
    return (
        permissions.visible(user, OUTGOING_KIND, qs)
        .select_related("doc_type", "drafting_unit")
        .prefetch_related(Prefetch("recipients", queryset=recipients))
        .order_by("issued_at", "number", "id")
    )


def _assignments_by_document(ids: list[int]) -> dict[int, list[Assignment]]:
    ct = ContentType.objects.get_for_model(IncomingDocument)
    found: dict[int, list[Assignment]] = {}
    qs = (
        Assignment.objects.filter(case_type=ct, case_id__in=ids, parent__isnull=True)
        .select_related("assignee_user", "assignee_unit", "assignee_agency")
        .order_by("assigned_at", "id")
    )
    for a in qs:
        found.setdefault(a.case_id, []).append(a)
    return found


# --- rows ----------------------------------------------------------------------------------------


def _d(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = clock.local(value).date()
    return value.strftime("%d/%m/%Y")


ROLE_MARK = {
    AssignmentRole.CHU_TRI: "",
    AssignmentRole.PHOI_HOP: "PH: ",
    AssignmentRole.DE_BIET: "ĐB: ",
}


def _recipients(doc: IncomingDocument, assignments: list[Assignment]) -> str:
    if assignments:
        return "; ".join(f"{ROLE_MARK.get(a.role, '')}{a.assignee}" for a in assignments)
    if doc.presented_to_id:
        return doc.presented_to.full_name
    return ""


def _sent_on(doc: IncomingDocument, assignments: list[Assignment]) -> str:
    if assignments:
        return _d(assignments[0].assigned_at)
    return _d(doc.presented_at)


def _notes(doc: IncomingDocument) -> str:
    notes = []
    if doc.urgency != Urgency.THUONG:
        notes.append(Urgency(doc.urgency).label)
    if doc.confidentiality != Confidentiality.THUONG:
        notes.append(Confidentiality(doc.confidentiality).label)
    if doc.channel == "giay":
        notes.append("Bản giấy")
    return ", ".join(str(n) for n in notes)


def _incoming_row(doc: IncomingDocument, assignments: list[Assignment]) -> list[str]:
    return [
        _d(doc.received_at),
        doc.number_display,
        doc.issuer_name,
        doc.so_ky_hieu,
        _d(doc.issue_date),
        f"{doc.doc_type.name}: {doc.trich_yeu}",
        _recipients(doc, assignments),
        _sent_on(doc, assignments),
        "",
        _notes(doc),
    ]


def _progress_text(doc: IncomingDocument) -> str:
    state = str(IncomingState(doc.state).label)
    status = getattr(doc, "deadline_status", "") or ""
    label = str(deadlines.DeadlineStatus(status).label) if status else ""
    if doc.state == IncomingState.FINISHED and doc.finished_at:
        state = f"{state} ngày {_d(doc.finished_at)}"
    return f"{state} ({label})" if label else state


def _followup_row(doc: IncomingDocument, assignments: list[Assignment]) -> list[str]:
    leads = [a for a in assignments if a.role == AssignmentRole.CHU_TRI]
    due = doc.due_date if getattr(doc, "due_date", None) else None
    if due is None and leads and leads[0].due_date:
        due = leads[0].due_date
    reply = ""
    if doc.reply_document_id and doc.reply_document.code:
        reply = f"{doc.reply_document.code} ngày {_d(doc.reply_document.issue_date)}"
    return [
        doc.number_display,
        f"{doc.doc_type.name} số {doc.so_ky_hieu} ngày {_d(doc.issue_date)} của {doc.issuer_name}",
        _recipients(doc, assignments),
        _d(due),
        _progress_text(doc),
        reply,
        doc.finish_note,
    ]


def _out_notes(doc: OutgoingDocument) -> str:
    notes = []
    if doc.urgency != Urgency.THUONG:
        notes.append(str(Urgency(doc.urgency).label))
    if doc.confidentiality != Confidentiality.THUONG:
        notes.append(str(Confidentiality(doc.confidentiality).label))
    if doc.state == OutgoingState.RECALLED:
        notes.append(f"Đã thu hồi ngày {_d(doc.recalled_at)}")
    if doc.note:
        notes.append(doc.note)
    return ", ".join(notes)


def _outgoing_row(doc: OutgoingDocument, _unused: list) -> list[str]:
    recipients = "; ".join(str(r) for r in doc.recipients.all())
    noi_nhan = doc.noi_nhan or recipients
    keepers = "Văn thư" + (f"; {doc.drafting_unit.name}" if doc.drafting_unit_id else "")
    return [
        doc.code,
        _d(doc.issue_date),
        f"{doc.doc_type.name}: {doc.trich_yeu}",
        doc.signer_name,
        noi_nhan,
        keepers,
        str(doc.copies) if doc.copies else "",
        _d(doc.issued_at),
        "",
        _out_notes(doc),
    ]


ROW_BUILDERS: dict[str, Callable[..., list[str]]] = {
    "incoming": _incoming_row,
    "followup": _followup_row,
    "outgoing": _outgoing_row,
}


def _chunks(qs: QuerySet, size: int = CHUNK) -> Iterable[list]:
    batch = []
    for obj in qs.iterator(chunk_size=size):
        batch.append(obj)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch


class _NoProgress:
    def start(self, total: int, message: str = "") -> None:
        pass

    def advance(self, n: int = 1) -> None:
        pass

    def note(self, message: str) -> None:
        pass


def register_data(
    *, acting_user, register: Register, book: str, period: Period, volume: int = 1, progress=None
) -> RegisterData:
    """The cover and rows of ``book`` ("incoming", "followup", "outgoing") of ``register`` for ``period`` as
    ``acting_user`` may see them. Queries: a constant number per 500 rows."""
    progress = progress or _NoProgress()
    spec = BOOKS.get(book)
    if spec is None:
        msg = _("Loại sổ không hợp lệ.")
        raise DomainError("bad_book", msg, fields={"book": [msg]})
    _check(acting_user, register, spec, period)
    agency = register.agency
    data = RegisterData(
        book=spec,
        register=register,
        period=period,
        volume=max(1, int(volume or 1)),
        agency_name=agency.name,
        parent_name=agency.parent.name if agency.parent_id else "",
    )
    incoming = spec.register_kind == RegisterKind.INCOMING
    entries = (incoming_entries if incoming else outgoing_entries)(acting_user, register, period)
    progress.start(entries.count(), _("Đang lập danh sách văn bản…"))
    builder = ROW_BUILDERS[book]
    numbers: list[int] = []
    for batch in _chunks(entries):
        found = _assignments_by_document([d.pk for d in batch]) if incoming else {}
        for doc in batch:
            data.rows.append(builder(doc, found.get(doc.pk, [])))
            if doc.number is not None:
                numbers.append(doc.number)
        progress.advance(len(batch))
    if numbers:
        data.number_from, data.number_to = f"{min(numbers):02d}", f"{max(numbers):02d}"
    return data


# --- files ---------------------------------------------------------------------------------------


def to_xlsx(data: RegisterData) -> bytes:
    """The register as a workbook: sheet "Bìa" (the cover), sheet "Sổ" (headings in row 1,
    the column numbers (1)…(n) in row 2, entries from row 3), printed A4 landscape."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Border, Font, Side
    from openpyxl.utils import get_column_letter

    font = "Times New Roman"  # Liberation Serif is its metric-compatible substitute
    wb = Workbook()
    cover = wb.active
    cover.title = "Bìa"
    cover.column_dimensions["A"].width = 110
    lines = [
        (data.parent_name.upper(), 13, False),
        (data.agency_name.upper(), 13, True),
        ("", 12, False),
        (data.title, 20, True),
        (f"Năm: {data.year_label}", 14, False),
        (f"Từ ngày {_d(data.period.date_from)} đến ngày {_d(data.period.date_to)}", 14, False),
        (f"Từ số {data.number_from or '…'} đến số {data.number_to or '…'}", 14, False),
        (f"Quyển số: {data.volume:02d}", 14, False),
    ]
    for i, (text, size, bold) in enumerate(lines, start=1):
        cell = cover.cell(row=i, column=1, value=text)
        cell.font = Font(name=font, size=size, bold=bold)
        cell.alignment = Alignment(horizontal="center")
    cover.page_setup.orientation = "landscape"
    cover.page_setup.paperSize = cover.PAPERSIZE_A4

    ws = wb.create_sheet("Sổ")
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    wrap = Alignment(wrap_text=True, vertical="top")
    for col, (heading, width) in enumerate(
        zip(data.book.columns, data.book.widths, strict=True), start=1
    ):
        ws.column_dimensions[get_column_letter(col)].width = width
        head = ws.cell(row=1, column=col, value=heading)
        head.font = Font(name=font, size=12, bold=True)
        head.alignment = Alignment(wrap_text=True, horizontal="center", vertical="center")
        head.border = border
        num = ws.cell(row=2, column=col, value=f"({col})")
        num.font = Font(name=font, size=11, italic=True)
        num.alignment = Alignment(horizontal="center")
        num.border = border
    body = Font(name=font, size=12)
    for r, row in enumerate(data.rows, start=3):
        for c, value in enumerate(row, start=1):
            cell = ws.cell(row=r, column=c, value=value)
            cell.font = body
            cell.alignment = wrap
            cell.border = border
    ws.freeze_panes = "A3"
    ws.print_title_rows = "1:2"
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


#: Rows per WeasyPrint run: a year's register (25,000 rows) is rendered in parts and the parts
#: joined, so memory stays bounded; page numbers continue across the parts.
PDF_CHUNK = 400


def to_pdf(data: RegisterData, progress=None) -> bytes:
    """The register printed: A4 landscape, Liberation Serif, the cover as page 1, the table with
    its headings repeated on every page and the pages numbered."""
    from pypdf import PdfWriter
    from weasyprint import HTML

    total = sum(data.book.widths)
    widths = [f"{w * 100 / total:.2f}" for w in data.book.widths]  # not localised
    context = {
        "data": data,
        "columns": list(zip(data.book.columns, widths, strict=True)),
        "numbers": [f"({i})" for i in range(1, len(data.book.columns) + 1)],
        "date_from": _d(data.period.date_from),
        "date_to": _d(data.period.date_to),
    }
    parts = [data.rows[i : i + PDF_CHUNK] for i in range(0, len(data.rows), PDF_CHUNK)] or [[]]
    writer = PdfWriter()
    next_page = 1
    for index, rows in enumerate(parts):
        html = render_to_string(
            "documents/registers/register_pdf.html",
            {**context, "rows": rows, "show_cover": index == 0, "first_page": next_page},
        )
        document = HTML(string=html).render()
        next_page += len(document.pages)
        writer.append(io.BytesIO(document.write_pdf()))
        if progress is not None and len(parts) > 1:
            progress.note(
                _("Đang dựng trang in: phần %(part)s/%(parts)s…")
                % {"part": index + 1, "parts": len(parts)}
            )
    writer.add_metadata({"/Title": data.title})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


RENDERERS = {"xlsx": to_xlsx, "pdf": to_pdf}


def render(data: RegisterData, fmt: str, progress=None) -> bytes:
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        msg = _("Định dạng tệp không hợp lệ.")
        raise DomainError("bad_format", msg, fields={"fmt": [msg]}) from None
    return renderer(data, progress) if fmt == "pdf" else renderer(data)


def produce(
    *,
    acting_user,
    register: Register,
    book: str,
    period: Period,
    fmt: str,
    volume: int = 1,
    progress=None,
) -> registry.Output:
    """The register file (name, bytes) for ``acting_user``: read, then render."""
    if fmt not in RENDERERS:
        msg = _("Định dạng tệp không hợp lệ.")
        raise DomainError("bad_format", msg, fields={"fmt": [msg]})
    data = register_data(
        acting_user=acting_user,
        register=register,
        book=book,
        period=period,
        volume=volume,
        progress=progress,
    )
    if progress is not None:
        progress.note(_("Đang tạo tệp %(fmt)s…") % {"fmt": fmt.upper()})
    content = render(data, fmt, progress)
    return registry.Output(name=data.file_name(fmt), content=content, kinds=FORMATS[fmt])


# --- the background job --------------------------------------------------------------------------


@registry.job_kind("documents.register")
def register_job(job: Job, progress) -> registry.Output:
    """Runs in the worker as the job's owner (rights checked again at run time)."""
    p = job.parameters
    register = Register.objects.select_related("agency__parent").filter(pk=p["register"]).first()
    if register is None:
        raise DomainError("not_found", _("Không tìm thấy sổ đăng ký."), status=404)
    period = Period(dt.date.fromisoformat(p["date_from"]), dt.date.fromisoformat(p["date_to"]))
    return produce(
        acting_user=job.owner,
        register=register,
        book=p["book"],
        period=period,
        fmt=p["fmt"],
        volume=p.get("volume", 1),
        progress=progress,
    )


def register_job_enqueue(
    *, acting_user, register: Register, book: str, period: Period, fmt: str, volume: int = 1
) -> Job:
    """Check the request now (a refusal is immediate), then queue the register as a job."""
    from vanphong.core.jobs.services import job_enqueue

    spec = BOOKS.get(book)
    if spec is None:
        msg = _("Loại sổ không hợp lệ.")
        raise DomainError("bad_book", msg, fields={"book": [msg]})
    if fmt not in RENDERERS:
        msg = _("Định dạng tệp không hợp lệ.")
        raise DomainError("bad_format", msg, fields={"fmt": [msg]})
    _check(acting_user, register, spec, period)
    book_name = spec.title.capitalize()
    if register.name.casefold() != book_name.casefold():
        book_name = f"{book_name} ({register.name})"
    title = _("%(book)s từ %(start)s đến %(end)s, %(fmt)s") % {
        "book": book_name,
        "start": _d(period.date_from),
        "end": _d(period.date_to),
        "fmt": fmt.upper(),
    }
    return job_enqueue(
        acting_user=acting_user,
        runner=register_job,
        agency=register.agency_id,
        title=title,
        parameters={
            "register": register.pk,
            "book": book,
            "date_from": period.date_from.isoformat(),
            "date_to": period.date_to.isoformat(),
            "fmt": fmt,
            "volume": volume,
        },
    )
