"""Periodic reports (báo cáo định kỳ): periods, the report's content, its background job and its
submission as an outgoing draft.

Periods
    Monthly, quarterly, six-monthly and yearly periods are those of Nghị định 09/2019/NĐ-CP,
    Điều 12, computed by :mod:`vanphong.tasks.periods` (imported, not copied): a month runs from
    the 15th of the previous month to the 14th. The decree sets no weekly period; a weekly report
    here covers an ISO 8601 week, Monday to Sunday (the weekly work programme and the meetings'
    weekly schedule use the same week). "Khác" is any range of dates chosen by the user.

Content
    Every figure comes from :func:`vanphong.reports.figures.compute_all` — the same values the
    dashboard shows — for the period and for the previous period (the trend), for one agency
    and optionally one of its units. The Excel annex adds the per-unit table (figures that have
    a unit). Nothing is typed in or copied from another query.

Flow
    :func:`periodic_enqueue` queues a :mod:`vanphong.core.jobs` job (``reports.periodic``) whose
    runner builds the .docx (the job's result file) and the .xlsx annex (stored through the
    attachments kernel on the job). :func:`periodic_submit` hands both to the documents module
    (``outgoing_draft_create`` with the type "Báo cáo"; the job is the draft's ``source``), and,
    for "Trình ký", submits the draft (``outgoing_submit``); the review and issue flow then gives
    it its number and date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vanphong.core import clock, eventlog
from vanphong.core.errors import DomainError
from vanphong.core.jobs import registry
from vanphong.org import selectors as org
from vanphong.org.models import Agency, AgencyKind, Role, Unit
from vanphong.reports import figures
from vanphong.tasks import periods as nd09

JOB_KIND = "reports.periodic"
#: The report is an official Vietnamese document whatever the language of the page.
DOCUMENT_LANGUAGE = "vi"

WEEK, MONTH, QUARTER, HALF, YEAR, CUSTOM = (
    "tuan",
    nd09.MONTH,
    nd09.QUARTER,
    nd09.HALF,
    nd09.YEAR,
    "khac",
)
KIND_CHOICES = [
    (WEEK, gettext_lazy("Báo cáo tuần")),
    (MONTH, gettext_lazy("Báo cáo tháng")),
    (QUARTER, gettext_lazy("Báo cáo quý")),
    (HALF, gettext_lazy("Báo cáo 6 tháng")),
    (YEAR, gettext_lazy("Báo cáo năm")),
    (CUSTOM, gettext_lazy("Báo cáo theo khoảng thời gian khác")),
]
KINDS = dict(KIND_CHOICES)

#: Who may generate and submit a periodic report of an agency.
REPORT_ROLES = frozenset(
    {
        Role.VAN_THU,
        Role.CHUYEN_VIEN,
        Role.LANH_DAO_PHONG,
        Role.LANH_DAO_VAN_PHONG,
        Role.LANH_DAO_UBND,
    }
)

#: The report's sections, in this order (a module's ``Figure.group``); unknown groups follow.
GROUPS = [
    ("documents", gettext_lazy("Công tác tiếp nhận, xử lý và ban hành văn bản")),
    ("tasks", gettext_lazy("Thực hiện nhiệm vụ được giao")),
    ("meetings", gettext_lazy("Tổ chức cuộc họp và thực hiện kết luận")),
    ("onestop", gettext_lazy("Giải quyết thủ tục hành chính theo cơ chế một cửa")),
    ("reception", gettext_lazy("Tiếp công dân, tiếp nhận và xử lý đơn")),
    ("feedback", gettext_lazy("Tiếp nhận, xử lý phản ánh, kiến nghị qua đường dây nóng")),
]
GROUP_TITLES = dict(GROUPS)


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


# --------------------------------------------------------------------------------------------
# Periods


@dataclass(frozen=True)
class ReportPeriod:
    """One reporting period: ``start``..``end`` inclusive (Vietnam dates)."""

    kind: str
    year: int
    index: int  # week 1–53, month 1–12, quarter 1–4, half 1–2, year 1; 0 for "khác"
    start: dt.date
    end: dt.date

    @property
    def token(self) -> str:
        """``2026-12`` (year-index) as used by the period picker; empty for "khác"."""
        return "" if self.kind == CUSTOM else f"{self.year}-{self.index}"

    @property
    def label(self) -> str:
        if self.kind == WEEK:
            return _("Tuần %(n)s/%(y)s") % {"n": self.index, "y": self.year}
        if self.kind == CUSTOM:
            return self.span
        return nd09.Period(self.kind, self.year, self.index, self.start, self.end).label

    @property
    def span(self) -> str:
        return _("từ ngày %(start)s đến ngày %(end)s") % {
            "start": _d(self.start),
            "end": _d(self.end),
        }

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    def previous(self) -> ReportPeriod:
        """The period just before this one: the previous week, month, quarter, half or year of
        the same kind; for "khác", the same number of days just before."""
        if self.kind == CUSTOM:
            end = self.start - dt.timedelta(days=1)
            return ReportPeriod(CUSTOM, end.year, 0, end - dt.timedelta(days=self.days - 1), end)
        return containing(self.kind, self.start - dt.timedelta(days=1))


def _from_nd09(p: nd09.Period) -> ReportPeriod:
    return ReportPeriod(p.kind, p.year, p.index, p.start, p.end)


def _week(year: int, index: int) -> ReportPeriod:
    start = dt.date.fromisocalendar(year, index, 1)
    return ReportPeriod(WEEK, year, index, start, start + dt.timedelta(days=6))


def containing(kind: str, day: dt.date) -> ReportPeriod:
    """The period of ``kind`` (not "khác") whose data includes ``day``."""
    if kind == WEEK:
        iso = day.isocalendar()
        return _week(iso.year, iso.week)
    if kind in nd09.SPAN:
        return _from_nd09(nd09.period_containing(kind, day))
    raise _unknown_kind(kind)


def recent(kind: str, today: dt.date, count: int = 12) -> list[ReportPeriod]:
    """The period containing ``today`` and the ``count - 1`` before it (newest first): the
    choices of the period picker."""
    if kind == CUSTOM:
        return []
    current = containing(kind, today)
    out = [current]
    while len(out) < count:
        out.append(out[-1].previous())
    return out


def _unknown_kind(kind: Any) -> DomainError:
    msg = _("Loại báo cáo “%(kind)s” không có; chọn tuần, tháng, quý, 6 tháng, năm hoặc khác.") % {
        "kind": kind
    }
    return DomainError("invalid_kind", msg, fields={"kind": [msg]})


def resolve(
    kind: str,
    *,
    token: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> ReportPeriod:
    """The period chosen in the form: ``token`` (``year-index``) for a named kind, ``start`` and
    ``end`` for "khác". Refuses bad input with a Vietnamese ``DomainError``."""
    if kind not in KINDS:
        raise _unknown_kind(kind)
    if kind == CUSTOM:
        if start is None or end is None:
            msg = _("Nhập ngày bắt đầu và ngày kết thúc của kỳ báo cáo.")
            raise DomainError(
                "invalid_period", msg, fields={"start" if start is None else "end": [msg]}
            )
        if end < start:
            msg = _("Ngày kết thúc (%(end)s) không được trước ngày bắt đầu (%(start)s).") % {
                "end": _d(end),
                "start": _d(start),
            }
            raise DomainError("invalid_period", msg, fields={"end": [msg]})
        if (end - start).days > 366 * 2:
            msg = _("Kỳ báo cáo dài tối đa 2 năm.")
            raise DomainError("invalid_period", msg, fields={"end": [msg]})
        return ReportPeriod(CUSTOM, end.year, 0, start, end)
    try:
        year_text, index_text = str(token).split("-")
        year, index = int(year_text), int(index_text)
        if not 2000 <= year <= 2100:
            raise ValueError(year)
        if kind == WEEK:
            return _week(year, index)
        return _from_nd09(nd09.period(kind, year, index))
    except ValueError:
        msg = _("Kỳ báo cáo không hợp lệ.")
        raise DomainError("invalid_period", msg, fields={"period": [msg]}) from None


# --------------------------------------------------------------------------------------------
# Rights


def may_report(user, agency: Agency | int) -> bool:
    return bool(org.effective_roles(user, agency) & REPORT_ROLES)


def report_agencies(user):
    """Agencies ``user`` may report on (the first is their own when they may)."""
    ids = [a.pk for a in org.agencies_of(user) if may_report(user, a)]
    return Agency.objects.filter(pk__in=ids).order_by("name")


def _require_may_report(user, agency: Agency) -> None:
    if not may_report(user, agency):
        raise DomainError(
            "forbidden",
            _("Chỉ văn thư, chuyên viên và lãnh đạo của cơ quan được lập báo cáo định kỳ."),
            status=403,
        )


# --------------------------------------------------------------------------------------------
# Content


def format_value(value: figures.Number, kind: str = "count") -> str:
    """A figure as printed: ``1.234`` (dot between thousands), ``85,5%``; ``—`` when there is
    no data (the value is never invented)."""
    if value is None:
        return "—"
    if kind == "percent":
        return f"{value:f}".replace(".", ",") + "%"
    if isinstance(value, Decimal) and value != value.to_integral_value():
        return f"{value:f}".replace(".", ",")
    return f"{int(value):,}".replace(",", ".")


def parse_value(text: str) -> figures.Number:
    """The inverse of :func:`format_value` (reading a generated report back)."""
    text = text.strip()
    if text in ("—", ""):
        return None
    if text.endswith("%"):
        return Decimal(text[:-1].replace(".", "").replace(",", "."))
    if "," in text:
        return Decimal(text.replace(".", "").replace(",", "."))
    return int(text.replace(".", ""))


def change(current: figures.Number, previous: figures.Number) -> figures.Number:
    if current is None or previous is None:
        return None
    return current - previous


def format_change(current: figures.Number, previous: figures.Number, kind: str) -> str:
    delta = change(current, previous)
    if delta is None:
        return "—"
    if delta == 0:
        return "0"
    sign = "+" if delta > 0 else "−"
    text = format_value(abs(delta), "count" if kind != "percent" else "percent")
    return sign + (text[:-1] if kind == "percent" else text)


@dataclass
class Row:
    key: str
    label: str
    kind: str
    formula: str
    current: figures.Number
    previous: figures.Number
    as_of: dt.datetime | None = None

    @property
    def current_text(self) -> str:
        return format_value(self.current, self.kind)

    @property
    def previous_text(self) -> str:
        return format_value(self.previous, self.kind)

    @property
    def change_text(self) -> str:
        return format_change(self.current, self.previous, self.kind)


@dataclass
class Section:
    group: str
    title: str
    rows: list[Row]

    @property
    def narrative(self) -> str:
        return narrative(self.rows)


def _in_sentence(label: str) -> str:
    """ "Văn bản đến tiếp nhận" → "văn bản đến tiếp nhận"; "UBND ..." stays as it is."""
    if len(label) > 1 and label[0].isupper() and label[1].islower():
        return label[0].lower() + label[1:]
    return label


def narrative(rows: list[Row]) -> str:
    """One sentence from the numbers: each figure with its change against the previous period."""
    parts = []
    for row in rows:
        if row.current is None:
            parts.append(_("%(label)s: chưa có dữ liệu") % {"label": _in_sentence(row.label)})
            continue
        delta = change(row.current, row.previous)
        if row.kind == "percent":
            if delta is None:
                trend = ""
            elif delta == 0:
                trend = _(" (bằng kỳ trước)")
            else:
                trend = _(" (kỳ trước %(prev)s)") % {"prev": row.previous_text}
        elif delta is None:
            trend = ""
        elif delta > 0:
            trend = _(" (tăng %(n)s so với kỳ trước)") % {"n": format_value(delta)}
        elif delta < 0:
            trend = _(" (giảm %(n)s so với kỳ trước)") % {"n": format_value(-delta)}
        else:
            trend = _(" (bằng kỳ trước)")
        parts.append(f"{_in_sentence(row.label)}: {row.current_text}{trend}")
    if not parts:
        return _("Trong kỳ chưa có số liệu.")
    return _("Trong kỳ, %(parts)s.") % {"parts": "; ".join(parts)}


@dataclass
class UnitTable:
    keys: list[str]
    labels: list[str]
    kinds: list[str]
    rows: list[tuple[str, list[figures.Number]]]  # (unit name, values in ``keys`` order)


@dataclass
class Report:
    agency: Agency
    unit: Unit | None
    period: ReportPeriod
    previous: ReportPeriod
    sections: list[Section]
    generated_at: dt.datetime
    place: str
    trich_yeu: str
    notation: str  # "BC-VP": the number is left blank for the issuing step
    parent_name: str
    signer_mark: str  # "TM. ỦY BAN NHÂN DÂN" or ""
    signer_title: str  # "CHỦ TỊCH", "CHÁNH VĂN PHÒNG", ...
    noi_nhan: list[str]
    unit_table: UnitTable | None = None
    as_of: list[dt.datetime] = field(default_factory=list)

    @property
    def kind_label(self) -> str:
        return str(KINDS[self.period.kind])

    def values(self) -> dict[str, figures.Number]:
        return {row.key: row.current for s in self.sections for row in s.rows}


def place_of(agency: Agency) -> str:
    """Địa danh (NĐ 30, Phụ lục I): the commune for a commune's agency, else the province."""
    from vietnam_provinces import Province, Ward

    node = agency
    while node is not None:
        if node.ward_code:
            name = str(Ward.from_code(node.ward_code).name)
            kind, _sep, rest = name.partition(" ")
            return rest if kind in ("Phường", "Xã", "Đặc") else name
        if node.province_code:
            return str(Province.from_code(node.province_code).name)
        node = node.parent
    return ""


def _signer(agency: Agency) -> tuple[str, str]:
    """Authority mark and title of the signer of the agency's report (edited at signing)."""
    if agency.kind in (AgencyKind.PROVINCE_PC, AgencyKind.COMMUNE_PC):
        return _("TM. ỦY BAN NHÂN DÂN"), _("CHỦ TỊCH")
    top = agency.positions.order_by("rank", "name").first()
    if top is not None:
        return "", top.name.upper()
    return "", _("THỦ TRƯỞNG CƠ QUAN")


def _noi_nhan(agency: Agency, drafting_unit: Unit | None) -> list[str]:
    lines = []
    if agency.parent_id:
        lines.append(_("- %(name)s (để báo cáo);") % {"name": agency.parent.name})
    lines.append(_("- Lãnh đạo cơ quan;"))
    keep = "VT" + (
        f", {drafting_unit.abbreviation}" if drafting_unit and drafting_unit.abbreviation else ""
    )
    lines.append(_("- Lưu: %(keep)s.") % {"keep": keep})
    return lines


def _rows(scope: figures.Scope, previous: figures.Scope) -> list[Row]:
    now = figures.compute_all(scope)
    before = figures.compute_all(previous)
    return [
        Row(
            key=key,
            label=str(value.figure.label),
            kind=value.figure.kind,
            formula=str(value.figure.formula or ""),
            current=value.value,
            previous=before[key].value,
            as_of=value.as_of,
        )
        for key, value in now.items()
    ]


def _sections(rows: list[Row]) -> list[Section]:
    by_group: dict[str, list[Row]] = {}
    for row in rows:
        by_group.setdefault(figures.get(row.key).group, []).append(row)
    order = [g for g, _t in GROUPS] + sorted(g for g in by_group if g not in GROUP_TITLES)
    return [
        Section(group=g, title=str(GROUP_TITLES.get(g, g)), rows=by_group[g])
        for g in order
        if g in by_group
    ]


def _has_unit(figure: figures.Figure) -> bool:
    return bool(getattr(figure, "unit_field", "x"))


def units_for(agency: Agency, unit: Unit | None) -> list[Unit]:
    if unit is not None:
        return [unit]
    return list(Unit.objects.filter(agency=agency, is_active=True).order_by("order", "name"))


def period_words(period: ReportPeriod, unit: Unit | None = None) -> str:
    """ "tháng 12/2026", "từ ngày 01/11/2026 đến ngày 20/11/2026", "... của Phòng Kinh tế"."""
    when = period.span if period.kind == CUSTOM else period.label[:1].lower() + period.label[1:]
    if unit is not None:
        when += _(" của %(unit)s") % {"unit": unit.name}
    return when


def subject_for(period: ReportPeriod, unit: Unit | None = None) -> str:
    """Trích yếu: "Kết quả công tác tháng 12/2026" (of a unit: "... của Phòng Kinh tế")."""
    return _("Kết quả công tác %(period)s") % {"period": period_words(period, unit)}


def build_report(
    *,
    agency: Agency,
    period: ReportPeriod,
    unit: Unit | None = None,
    drafting_unit: Unit | None = None,
    with_units: bool = True,
    progress: Any = None,
) -> Report:
    """The report's content: every registered figure for ``period`` and the previous period,
    and (``with_units``) the per-unit table of the figures that have a unit."""
    previous = period.previous()
    scope = figures.Scope(period.start, period.end, agency, unit)
    rows = _rows(scope, figures.Scope(previous.start, previous.end, agency, unit))
    if progress is not None:
        progress.advance()
    mark, title = _signer(agency)
    subject = subject_for(period, unit)
    report = Report(
        agency=agency,
        unit=unit,
        period=period,
        previous=previous,
        sections=_sections(rows),
        generated_at=clock.now(),
        place=place_of(agency),
        trich_yeu=subject,
        notation=f"BC-{agency.short_name}",
        parent_name=agency.parent.name if agency.parent_id else "",
        signer_mark=mark,
        signer_title=title,
        noi_nhan=_noi_nhan(agency, drafting_unit),
        as_of=sorted({r.as_of for r in rows if r.as_of is not None}),
    )
    if with_units:
        chosen = [f for f in figures.all_figures() if _has_unit(f)]
        table = UnitTable(
            keys=[f.key for f in chosen],
            labels=[str(f.label) for f in chosen],
            kinds=[f.kind for f in chosen],
            rows=[],
        )
        for u in units_for(agency, unit):
            values = figures.compute_all(
                figures.Scope(period.start, period.end, agency, u), table.keys
            )
            table.rows.append((u.name, [values[k].value for k in table.keys]))
            if progress is not None:
                progress.advance()
        report.unit_table = table
    return report


# --------------------------------------------------------------------------------------------
# The background job


def _slug(report: Report) -> str:
    p = report.period
    if p.kind == CUSTOM:
        return f"{p.start:%Y%m%d}-{p.end:%Y%m%d}"
    return f"{p.kind}-{p.year}-{p.index:02d}"


def xlsx_name(report: Report) -> str:
    return f"phu-luc-bao-cao-{_slug(report)}.xlsx"


@registry.job_kind(JOB_KIND)
def periodic_job(job, progress) -> registry.Output:
    """Build the .docx (the job's result) and the .xlsx annex (attached to the job)."""
    from vanphong.core.attachments.services import attachment_store
    from vanphong.reports import periodic_docx, periodic_xlsx

    params = job.parameters
    agency = Agency.objects.select_related("parent").get(pk=job.agency_id)
    _require_may_report(job.owner, agency)  # rights may have changed since it was queued
    period = resolve(
        params["kind"],
        token=params.get("token", ""),
        start=dt.date.fromisoformat(params["start"]),
        end=dt.date.fromisoformat(params["end"]),
    )
    unit = (
        Unit.objects.filter(pk=params["unit"], agency=agency).first()
        if params.get("unit")
        else None
    )
    drafting = Unit.objects.filter(pk=params.get("drafting_unit"), agency=agency).first()
    progress.start(2 + len(units_for(agency, unit)), _("Đang tính số liệu…"))
    with translation.override(DOCUMENT_LANGUAGE):  # an official document: always Vietnamese
        report = build_report(
            agency=agency, period=period, unit=unit, drafting_unit=drafting, progress=progress
        )
        content = periodic_docx.render(report)
        annex = periodic_xlsx.render(report)
    progress.note(_("Đã tạo tệp Word và Excel."))
    attachment_store(
        acting_user=job.owner,
        file=ContentFile(annex, name=xlsx_name(report)),
        kinds=("xlsx",),
        agency=agency,
        case=job,
    )
    progress.advance()
    return registry.Output(name=f"bao-cao-{_slug(report)}.docx", content=content, kinds=("docx",))


@transaction.atomic
def periodic_enqueue(
    user,
    *,
    agency: Agency,
    kind: str,
    token: str = "",
    start: dt.date | None = None,
    end: dt.date | None = None,
    unit: Unit | None = None,
):
    """Queue the generation of a periodic report; returns the job (its page shows progress)."""
    from vanphong.core.jobs.services import job_enqueue

    if agency is None:
        raise DomainError("forbidden", _("Chọn cơ quan báo cáo."), status=403)
    _require_may_report(user, agency)
    period = resolve(kind, token=token, start=start, end=end)
    if unit is not None and unit.agency_id != agency.pk:
        msg = _("Đơn vị không thuộc cơ quan báo cáo.")
        raise DomainError("invalid_unit", msg, fields={"unit": [msg]})
    drafting = org.units_of(user, agency).first()
    title = _("Báo cáo %(period)s — %(agency)s") % {
        "period": period_words(period),
        "agency": agency.short_name,
    }
    if unit is not None:
        title += f" — {unit.abbreviation or unit.name}"
    return job_enqueue(
        acting_user=user,
        runner=periodic_job,
        agency=agency,
        title=title,
        parameters={
            "kind": kind,
            "token": period.token,
            "start": period.start.isoformat(),
            "end": period.end.isoformat(),
            "unit": unit.pk if unit is not None else None,
            "drafting_unit": drafting.pk if drafting is not None else None,
        },
    )


def periodic_jobs(user):
    from vanphong.core.jobs.models import Job

    return Job.objects.filter(owner=user, kind=JOB_KIND).select_related("result")


def periodic_job_for(user, pk: int):
    """``user``'s periodic report job ``pk`` (another person's: 404)."""
    job = periodic_jobs(user).filter(pk=pk).first()
    if job is None:
        raise DomainError("not_found", _("Không tìm thấy báo cáo."), status=404)
    return job


def annex_of(job):
    """The .xlsx annex stored on the job (or None)."""
    from vanphong.core.attachments.models import Attachment
    from vanphong.core.jobs.models import Job

    return (
        Attachment.objects.filter(
            case_type=ContentType.objects.get_for_model(Job), case_id=job.pk, kind="xlsx"
        )
        .order_by("-pk")
        .first()
    )


def draft_of(job):
    """The outgoing document made from this report, if any."""
    from vanphong.core.jobs.models import Job
    from vanphong.documents.models import OutgoingDocument

    return OutgoingDocument.objects.filter(
        source_type=ContentType.objects.get_for_model(Job), source_id=job.pk
    ).first()


def period_of(job) -> ReportPeriod:
    p = job.parameters
    return resolve(
        p["kind"],
        token=p.get("token", ""),
        start=dt.date.fromisoformat(p["start"]),
        end=dt.date.fromisoformat(p["end"]),
    )


@transaction.atomic
def periodic_submit(user, job, *, submit: bool = True):
    """Hand the generated report to the documents module as an outgoing draft of type "Báo cáo"
    (the .docx as version 1, the .xlsx as its attachment, the job as its source) and, with
    ``submit``, submit it for review and signature (trình ký). Once per report."""
    from vanphong.core.attachments.services import attachment_read
    from vanphong.core.jobs.models import Job, JobState
    from vanphong.documents import services as documents
    from vanphong.documents.models import DocumentType

    job = (  # lock the job only: PostgreSQL refuses FOR UPDATE on the nullable side of a join
        Job.objects.select_for_update(of=("self",))
        .select_related("result", "agency__parent")
        .get(pk=job.pk)
    )
    if job.owner_id != user.pk or job.kind != JOB_KIND:
        raise DomainError("not_found", _("Không tìm thấy báo cáo."), status=404)
    _require_may_report(user, job.agency)
    if job.state != JobState.DONE:
        raise DomainError("not_ready", _("Báo cáo chưa tạo xong."), status=409)
    if job.result is None:  # removed by the jobs' housekeeping after its keeping time
        raise DomainError(
            "result_deleted",
            _("Tệp báo cáo đã được xóa sau thời hạn lưu tạm; hãy lập lại báo cáo."),
            status=410,
        )
    existing = draft_of(job)
    if existing is not None:
        raise DomainError(
            "already_submitted",
            _("Báo cáo này đã được chuyển thành dự thảo văn bản đi (mã %(id)s).")
            % {"id": existing.pk},
            status=409,
        )
    doc_type = DocumentType.objects.filter(abbreviation="BC").order_by("pk").first()
    if doc_type is None:
        raise DomainError("doc_type_missing", _("Chưa có loại văn bản “Báo cáo”."), status=409)
    period = period_of(job)
    unit = Unit.objects.filter(pk=job.parameters.get("unit"), agency=job.agency).first()
    drafting = Unit.objects.filter(
        pk=job.parameters.get("drafting_unit"), agency=job.agency
    ).first()
    with translation.override(DOCUMENT_LANGUAGE):
        subject = subject_for(period, unit)
        noi_nhan = "\n".join(
            _noi_nhan(job.agency, drafting or org.units_of(user, job.agency).first())
        )
    files = []
    annex = annex_of(job)
    if annex is not None:
        files.append(
            (
                SimpleUploadedFile(annex.original_name, attachment_read(annex)),
                _("Phụ lục số liệu chi tiết (Excel)"),
            )
        )
    agency = job.agency
    document = documents.outgoing_draft_create(
        user,
        agency=agency,
        doc_type=doc_type,
        trich_yeu=subject,
        recipients=[agency.parent] if agency.parent_id else [],
        file=SimpleUploadedFile(job.result.original_name, attachment_read(job.result)),
        source=job,
        drafting_unit=drafting,
        noi_nhan=noi_nhan,
        attachments=files,
    )
    if submit:
        document = documents.outgoing_submit(user, document, comment=_("Trình ký báo cáo định kỳ."))
    eventlog.record(
        action="reports.periodic.submit",
        actor=user,
        agency=agency,
        case=job,
        payload={"document": document.pk, "submitted": submit},
    )
    return document
