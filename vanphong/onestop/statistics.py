"""Statistics of one-stop dossiers for a period, agency, unit, field and procedure.

Read from the per-dossier fact columns in ONE aggregate query (see :mod:`facts`). Formulas
(period = [start, end), instants in Vietnam time):

* received new: ``received_at`` in the period; online: of those, ``fact_online``;
* carried over: received before the start and not closed (result, refusal, stop) before it;
* settled early / on time / late: ``fact_settled_at`` in the period, by ``fact_timeliness``
  (an apology with a new date counts late);
* in progress in time / overdue: received before the end, not closed before it and not
  waiting for the applicant's supplement; overdue when its due moment (without the apology's
  new date) is before the end; waiting for supplement: the rest (the clock is stopped);
* returned for supplement, refused, stopped: the first Mẫu 02 / Mẫu 03 / Mẫu 05 in the period;
* "5 tại chỗ": of the dossiers of "5 tại chỗ" procedures settled in the period, those settled
  at the desk on the day of receipt;
* satisfaction: ratings given in the period, by level.

Only the dossiers "alive" during the period can count: received before its end and closed (or
rated, whichever is later) at or after its start — every figure above implies it. :func:`scope`
narrows to them first; on PostgreSQL through the GiST index ``onestop_dossier_span_gist`` on the
span ``[received_at, greatest(received_at, coalesce(fact_rated_at, fact_closed_at, infinity))]``
(an interval overlap that no B-tree answers: for a month two years back, "closed after the
start" alone holds every later dossier); the index includes the columns read, so the scan does
not touch the wide dossier rows. :func:`report` reads the figures per procedure in one grouped
query (plus the procedures' names) and adds them up for the totals (every figure is a count).

Rates (QĐ 766/QĐ-TTg indicators our data supports): on time = (early + on time) / settled;
online = online / received new; satisfaction = (very satisfied + satisfied) / rated. The other
QĐ 766 indicators (publication, portal sync, digitisation, fees online…) are shown as "not
available", never invented.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import connection
from django.db.models import Count, DateTimeField, F, Func, Q, QuerySet, Value
from django.db.models.functions import Cast, Coalesce, Greatest
from django.utils.translation import gettext_lazy as _

from vanphong.onestop.models import Dossier, Rating, Timeliness

FIGURES = (
    ("received_new", _("Tiếp nhận mới")),
    ("received_online", _("Trong đó trực tuyến")),
    ("carried_over", _("Kỳ trước chuyển sang")),
    ("settled_early", _("Giải quyết trước hạn")),
    ("settled_on_time", _("Giải quyết đúng hạn")),
    ("settled_late", _("Giải quyết quá hạn")),
    ("in_progress_in_time", _("Đang giải quyết trong hạn")),
    ("in_progress_overdue", _("Đang giải quyết quá hạn")),
    ("waiting_supplement", _("Đang chờ bổ sung")),
    ("supplement", _("Yêu cầu bổ sung")),
    ("refused", _("Từ chối")),
    ("stopped", _("Dừng giải quyết")),
    ("five_spot_total", _('Hồ sơ thủ tục "5 tại chỗ" đã giải quyết')),
    ("five_spot_done", _("Trong đó giải quyết tại chỗ")),
    ("rated_very", _("Rất hài lòng")),
    ("rated_ok", _("Hài lòng")),
    ("rated_not", _("Không hài lòng")),
)

#: QĐ 766 indicators and whether the one-stop data supports them.
QD766 = (
    ("on_time_rate", _("Tiến độ giải quyết: tỷ lệ hồ sơ giải quyết đúng hạn"), True),
    ("online_rate", _("Tỷ lệ hồ sơ nộp trực tuyến"), True),
    ("satisfaction_rate", _("Mức độ hài lòng trong giải quyết thủ tục"), True),
    ("publication", _("Công khai, minh bạch (đúng hạn, đầy đủ)"), False),
    ("portal_sync", _("Đồng bộ hồ sơ lên Cổng DVC quốc gia"), False),
    ("digitisation", _("Số hóa hồ sơ, kết quả"), False),
    ("online_payment", _("Thanh toán trực tuyến"), False),
)


@dataclass
class Filters:
    start: dt.datetime
    end: dt.datetime
    agency: int | None = None
    unit: int | None = None
    field: int | None = None
    procedure: int | None = None


class _TsTzRange(Func):
    function = "TSTZRANGE"

    @property
    def output_field(self):
        from django.contrib.postgres.fields import DateTimeRangeField

        return DateTimeRangeField()


def span() -> Func:
    """The dossier's span (PostgreSQL), the expression of the ``onestop_dossier_span_gist``
    index (migration 0003): keep both identical or the index is not used."""
    infinity = Cast(Value("infinity"), DateTimeField())
    end = Greatest(F("received_at"), Coalesce(F("fact_rated_at"), F("fact_closed_at"), infinity))
    return _TsTzRange(F("received_at"), end, Value("[]"))


def alive(qs: QuerySet[Dossier], start: dt.datetime, end: dt.datetime) -> QuerySet[Dossier]:
    """The dossiers that can count in [start, end) (see the module docstring)."""
    if connection.vendor == "postgresql":
        from django.db.backends.postgresql.psycopg_any import DateTimeTZRange

        return qs.alias(_span=span()).filter(_span__overlap=DateTimeTZRange(start, end, "[)"))
    return qs.filter(received_at__lt=end).filter(
        Q(fact_closed_at__isnull=True) | Q(fact_closed_at__gte=start) | Q(fact_rated_at__gte=start)
    )


def scope(qs: QuerySet[Dossier], f: Filters) -> QuerySet[Dossier]:
    qs = alive(qs, f.start, f.end)
    if f.agency:
        qs = qs.filter(agency_id=f.agency)
    if f.unit:
        qs = qs.filter(handling_unit_id=f.unit)
    if f.field:
        qs = qs.filter(field_id=f.field)
    if f.procedure:
        qs = qs.filter(procedure_id=f.procedure)
    return qs


def _in(name: str, start, end) -> Q:
    return Q(**{f"{name}__gte": start, f"{name}__lt": end})


def expressions(start: dt.datetime, end: dt.datetime) -> dict:
    open_at_start = Q(received_at__lt=start) & (
        Q(fact_closed_at__isnull=True) | Q(fact_closed_at__gte=start)
    )
    open_at_end = Q(received_at__lt=end) & (
        Q(fact_closed_at__isnull=True) | Q(fact_closed_at__gte=end)
    )
    waiting = Q(fact_waiting_since__lt=end)
    working = open_at_end & ~waiting
    settled = _in("fact_settled_at", start, end)
    rated = _in("fact_rated_at", start, end)
    return {
        "received_new": Count("pk", filter=_in("received_at", start, end)),
        "received_online": Count("pk", filter=_in("received_at", start, end) & Q(fact_online=True)),
        "carried_over": Count("pk", filter=open_at_start),
        "settled_early": Count("pk", filter=settled & Q(fact_timeliness=Timeliness.TRUOC_HAN)),
        "settled_on_time": Count("pk", filter=settled & Q(fact_timeliness=Timeliness.DUNG_HAN)),
        "settled_late": Count("pk", filter=settled & Q(fact_timeliness=Timeliness.QUA_HAN)),
        "in_progress_in_time": Count("pk", filter=working & ~Q(fact_due_at__lt=end)),
        "in_progress_overdue": Count("pk", filter=working & Q(fact_due_at__lt=end)),
        "waiting_supplement": Count("pk", filter=open_at_end & waiting),
        "supplement": Count("pk", filter=_in("fact_supplement_at", start, end)),
        "refused": Count("pk", filter=_in("fact_refused_at", start, end)),
        "stopped": Count("pk", filter=_in("fact_stopped_at", start, end)),
        "five_spot_total": Count("pk", filter=settled & Q(five_on_the_spot=True)),
        "five_spot_done": Count("pk", filter=settled & Q(fact_on_the_spot=True)),
        "rated_very": Count("pk", filter=rated & Q(fact_rating=Rating.RAT_HAI_LONG)),
        "rated_ok": Count("pk", filter=rated & Q(fact_rating=Rating.HAI_LONG)),
        "rated_not": Count("pk", filter=rated & Q(fact_rating=Rating.KHONG_HAI_LONG)),
    }


def _rate(num: int, den: int) -> float | None:
    return round(100.0 * num / den, 2) if den else None


def compute(qs: QuerySet[Dossier], f: Filters) -> dict:
    """The figures and rates for the scope (one query)."""
    return _rates(scope(qs, f).order_by().aggregate(**expressions(f.start, f.end)))


def _rates(figures: dict) -> dict:
    settled = figures["settled_early"] + figures["settled_on_time"] + figures["settled_late"]
    rated = figures["rated_very"] + figures["rated_ok"] + figures["rated_not"]
    figures["settled"] = settled
    figures["rated"] = rated
    figures["on_time_rate"] = _rate(figures["settled_early"] + figures["settled_on_time"], settled)
    figures["online_rate"] = _rate(figures["received_online"], figures["received_new"])
    figures["satisfaction_rate"] = _rate(figures["rated_very"] + figures["rated_ok"], rated)
    figures["five_spot_rate"] = _rate(figures["five_spot_done"], figures["five_spot_total"])
    return figures


def by_procedure(qs: QuerySet[Dossier], f: Filters) -> list[dict]:
    """The same figures per procedure, by code; procedures with nothing left out. Two queries:
    the figures grouped by ``procedure_id`` alone (no join: one index-only scan of the span
    index, see the module docstring), then the codes and names of those procedures."""
    from vanphong.procedures.models import Procedure

    rows = [
        r
        for r in scope(qs, f)
        .order_by()
        .values("procedure_id")
        .annotate(**expressions(f.start, f.end))
        if any(r[k] for k, _label in FIGURES)
    ]
    names = {
        pk: (code, name)
        for pk, code, name in Procedure.objects.filter(
            pk__in=[r["procedure_id"] for r in rows]
        ).values_list("pk", "code", "name")
    }
    for r in rows:
        r["procedure__code"], r["procedure__name"] = names.get(r["procedure_id"], ("", ""))
    return sorted(rows, key=lambda r: (r["procedure__code"], r["procedure_id"]))


def report(qs: QuerySet[Dossier], f: Filters) -> tuple[dict, list[dict]]:
    """``(totals, rows per procedure)`` from ONE grouped query: the totals are the sums of the
    rows (every figure is a count of distinct dossiers, each in one procedure)."""
    rows = by_procedure(qs, f)
    totals = {k: sum(r[k] for r in rows) for k, _label in FIGURES}
    return _rates(totals), rows
