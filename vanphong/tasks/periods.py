"""Reporting periods of Nghị định 09/2019/NĐ-CP (chế độ báo cáo của cơ quan hành chính nhà
nước), Điều 12 "Thời gian chốt số liệu báo cáo định kỳ":

1. Monthly: from the 15th of the previous month to the 14th of the month of the period.
2. Quarterly: from the 15th of the month before the quarter to the 14th of the quarter's last
   month.
3. Six-monthly: the first half from 15 December of the previous year to 14 June; the second
   half from 15 June to 14 December.
4. Yearly: from 15 December of the previous year to 14 December of the year of the period.

A period is named after the calendar month, quarter, half or year it mostly covers (the period
"tháng 1/2027" runs 15/12/2026–14/01/2027). The submission deadline of each report is set by
the reporting regime, not by the decree: a task stores it as a number of working days after the
closing date (``report_lag_days``; 0 = the closing day itself, or the next working day).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

#: Day of the month from which data belongs to the next period (Điều 12).
CUTOFF_DAY = 15

MONTH, QUARTER, HALF, YEAR = "thang", "quy", "sau_thang", "nam"
#: Months per period kind.
SPAN = {MONTH: 1, QUARTER: 3, HALF: 6, YEAR: 12}


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    index: int  # month 1–12, quarter 1–4, half 1–2, year 1
    start: dt.date
    end: dt.date

    @property
    def label(self) -> str:
        if self.kind == MONTH:
            return _("Tháng %(n)s/%(y)s") % {"n": self.index, "y": self.year}
        if self.kind == QUARTER:
            return _("Quý %(n)s/%(y)s") % {"n": self.index, "y": self.year}
        if self.kind == HALF:
            if self.index == 1:
                return _("6 tháng đầu năm %(y)s") % {"y": self.year}
            return _("6 tháng cuối năm %(y)s") % {"y": self.year}
        return _("Năm %(y)s") % {"y": self.year}

    def next(self) -> Period:
        return period_containing(self.kind, self.end + dt.timedelta(days=1))


def _month_back(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


def period(kind: str, year: int, index: int) -> Period:
    """The period ``index`` of ``year`` (e.g. ``period("quy", 2027, 1)``: 15/12/2026–14/03/2027)."""
    if kind not in SPAN:
        raise ValueError(f"unknown period kind {kind!r}")
    span = SPAN[kind]
    count = 12 // span
    if not 1 <= index <= count:
        raise ValueError(f"period index {index} out of 1..{count}")
    last_month = index * span
    first_month = last_month - span + 1
    sy, sm = _month_back(year, first_month)
    return Period(
        kind=kind,
        year=year,
        index=index,
        start=dt.date(sy, sm, CUTOFF_DAY),
        end=dt.date(year, last_month, CUTOFF_DAY - 1),
    )


def period_containing(kind: str, day: dt.date) -> Period:
    """The period of ``kind`` whose data includes ``day``."""
    if kind not in SPAN:
        raise ValueError(f"unknown period kind {kind!r}")
    year, month = day.year, day.month
    if day.day >= CUTOFF_DAY:  # belongs to the next month's period
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    span = SPAN[kind]
    return period(kind, year, (month - 1) // span + 1)
