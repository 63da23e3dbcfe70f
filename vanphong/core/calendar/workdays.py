"""The working-day calendar: every deadline in VănPhòng is counted here, nowhere else.

Which days are working days
    1. An override row (:class:`~vanphong.core.calendar.models.CalendarOverride`) wins: a day
       off (e.g. a swapped Monday) or a working day (e.g. a make-up Saturday).
    2. Otherwise a public holiday of ``holidays.VN(language="vi")`` (Bộ luật Lao động 2019
       Đ112, with the nghỉ bù of Đ111 k3 and the package's known swaps) is a day off, and a
       make-up weekend day the package knows (``weekend_workdays``) is a working day.
    3. Otherwise Monday–Friday are working days, Saturday and Sunday are not (QĐ 188/1999).

Office hours come from the default :class:`~vanphong.core.calendar.models.OfficeHours` row
(07:30–11:30 and 13:30–17:30 when the table is empty): a period is half-open, [start, end),
so at 11:30 sharp the office is closed until 13:30.

All moments are aware datetimes in Asia/Ho_Chi_Minh (:data:`vanphong.core.clock.VN_TZ`); a
naive datetime given to these functions is taken as Vietnam time.

Caching (why a list of 1000 cases does not run 1000 queries)
    The overrides and the office hours are read once into an immutable per-process snapshot.
    * Same process: saving or deleting a ``CalendarOverride`` or ``OfficeHours`` drops the
      snapshot at once (signals, see ``apps.py``) and again when the transaction commits.
    * Other processes (other web workers, the task worker): a snapshot older than
      ``settings.CALENDAR_CACHE_SECONDS`` (default 30 s) is re-validated with one cheap
      aggregate query per table — ``COUNT(*)`` and ``MAX(updated_at)`` — and reloaded only if
      that stamp changed. An edit made in the admin therefore reaches every process within
      the TTL. (Writes that bypass ``save()``, such as ``QuerySet.update()``, do not bump
      ``updated_at``; edit overrides through the admin or ``save()``.)
    Holidays from the ``holidays`` package are computed once per year per process (the
    package version is pinned, so they cannot change while the process runs).
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

import holidays as holidays_lib

from vanphong.core.clock import VN_TZ, local

__all__ = [
    "DEFAULT_PERIODS",
    "DayInfo",
    "add_working_days",
    "add_working_hours",
    "clear_cache",
    "closing_time",
    "counting_start",
    "describe_day",
    "is_working_day",
    "next_opening",
    "office_periods",
    "subtract_working_hours",
    "working_day_length",
    "working_days_between",
    "working_hours_between",
]

#: Office hours used when the OfficeHours table has no default row.
DEFAULT_PERIODS: tuple[tuple[dt.time, dt.time], ...] = (
    (dt.time(7, 30), dt.time(11, 30)),
    (dt.time(13, 30), dt.time(17, 30)),
)

#: The search for a working day gives up after this many days (a calendar with no working day
#: at all is a configuration error, not an infinite loop).
_MAX_SCAN_DAYS = 3 * 366

OFF = "off"
WORK = "work"


# --------------------------------------------------------------------------------------------
# Holidays from the package (static per process)


@dataclass(frozen=True)
class _YearHolidays:
    days_off: dict[dt.date, str]
    weekend_workdays: frozenset[dt.date]


@lru_cache(maxsize=256)
def _holidays_of(year: int) -> _YearHolidays:
    vn = holidays_lib.country_holidays("VN", years=year, language="vi")
    days_off = {day: name for day, name in vn.items() if day.year == year}
    workdays = frozenset(d for d in getattr(vn, "weekend_workdays", ()) if d.year == year)
    return _YearHolidays(days_off=days_off, weekend_workdays=workdays)


# --------------------------------------------------------------------------------------------
# The snapshot of database data (overrides, office hours)


@dataclass(frozen=True)
class _Override:
    kind: str  # OFF or WORK
    name: str
    source: str


@dataclass(frozen=True)
class _Snapshot:
    overrides: dict[dt.date, _Override]
    periods: tuple[tuple[dt.time, dt.time], ...]
    stamp: tuple
    loaded_at: float  # time.monotonic()


_lock = threading.Lock()
_snapshot: _Snapshot | None = None


def clear_cache() -> None:
    """Drop this process's snapshot; the next call reloads overrides and office hours."""
    global _snapshot
    with _lock:
        _snapshot = None


def _ttl() -> float:
    from django.conf import settings

    return float(getattr(settings, "CALENDAR_CACHE_SECONDS", 30))


def _stamp() -> tuple:
    from django.db.models import Count, Max

    from vanphong.core.calendar.models import CalendarOverride, OfficeHours

    o = CalendarOverride.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    h = OfficeHours.objects.aggregate(n=Count("pk"), last=Max("updated_at"))
    return (o["n"], o["last"], h["n"], h["last"])


def _load() -> _Snapshot:
    from vanphong.core.calendar.models import CalendarOverride, OfficeHours

    stamp = _stamp()
    overrides = {
        row.date: _Override(
            kind=WORK if row.kind == CalendarOverride.Kind.WORKING_DAY else OFF,
            name=row.name,
            source=row.legal_source,
        )
        for row in CalendarOverride.objects.all()
    }
    hours = OfficeHours.objects.filter(is_default=True).first()
    periods = hours.periods() if hours is not None else DEFAULT_PERIODS
    return _Snapshot(overrides, periods, stamp, time.monotonic())


def _snap() -> _Snapshot:
    global _snapshot
    snap = _snapshot
    if snap is not None and time.monotonic() - snap.loaded_at < _ttl():
        return snap
    with _lock:
        snap = _snapshot
        if snap is None:
            snap = _load()
        elif time.monotonic() - snap.loaded_at >= _ttl():
            # Cross-process re-validation: one aggregate query per table.
            if _stamp() == snap.stamp:
                snap = _Snapshot(snap.overrides, snap.periods, snap.stamp, time.monotonic())
            else:
                snap = _load()
        _snapshot = snap
        return snap


# --------------------------------------------------------------------------------------------
# Days


def _as_date(d: dt.date | dt.datetime) -> dt.date:
    if isinstance(d, dt.datetime):
        return local(d).date()
    if not isinstance(d, dt.date):
        raise TypeError(f"expected a date, got {type(d).__name__}")
    return d


def _is_working(day: dt.date, snap: _Snapshot) -> bool:
    override = snap.overrides.get(day)
    if override is not None:
        return override.kind == WORK
    year = _holidays_of(day.year)
    if day in year.days_off:
        return False
    if day in year.weekend_workdays:
        return True
    return day.weekday() < 5


def is_working_day(d: dt.date | dt.datetime) -> bool:
    """True when ``d`` (a date, or a moment taken at its Vietnam date) is a working day."""
    return _is_working(_as_date(d), _snap())


@dataclass(frozen=True)
class DayInfo:
    date: dt.date
    is_working: bool
    #: why: the override's or the holiday's name, "Thứ Bảy"/"Chủ nhật", or "" for a plain day
    reason: str
    #: legal source of an override ("Thông báo 9441/TB-BNV"), or "holidays.VN" for a holiday
    source: str


def describe_day(d: dt.date | dt.datetime) -> DayInfo:
    """Whether ``d`` is a working day, and why."""
    day = _as_date(d)
    snap = _snap()
    override = snap.overrides.get(day)
    if override is not None:
        return DayInfo(day, override.kind == WORK, override.name, override.source)
    year = _holidays_of(day.year)
    if day in year.days_off:
        return DayInfo(day, False, year.days_off[day], "holidays.VN")
    if day in year.weekend_workdays:
        return DayInfo(day, True, "Ngày làm việc bù", "holidays.VN")
    if day.weekday() == 5:
        return DayInfo(day, False, "Thứ Bảy", "QĐ 188/1999/QĐ-TTg")
    if day.weekday() == 6:
        return DayInfo(day, False, "Chủ nhật", "QĐ 188/1999/QĐ-TTg")
    return DayInfo(day, True, "", "")


def add_working_days(d: dt.date | dt.datetime, n: int) -> dt.date:
    """The ``n``-th working day after ``d``; ``d`` itself is never counted.

    * ``n > 0``: Friday 13/02/2026 + 1 → Monday 23/02/2026 (Tết 16–20/02 is skipped).
    * ``n == 0``: ``d`` if it is a working day, otherwise the next working day.
    * ``n < 0``: the ``|n|``-th working day before ``d``.
    """
    if isinstance(n, bool) or not isinstance(n, int):
        raise TypeError("n must be an int")
    day = _as_date(d)
    snap = _snap()
    if n == 0:
        if _is_working(day, snap):
            return day
        n = 1
    step = dt.timedelta(days=1 if n > 0 else -1)
    left = abs(n)
    scanned = 0
    while left:
        day += step
        scanned += 1
        if _is_working(day, snap):
            left -= 1
            scanned = 0
        elif scanned > _MAX_SCAN_DAYS:
            raise RuntimeError("no working day in the calendar for three years")
    return day


def working_days_between(a: dt.date | dt.datetime, b: dt.date | dt.datetime) -> int:
    """The number of working days in (a, b] — ``a`` excluded, ``b`` included.

    ``working_days_between(d, add_working_days(d, n)) == n`` for every ``n >= 1``. When
    ``b < a`` the result is minus the number of working days in (b, a].
    """
    start, end = _as_date(a), _as_date(b)
    if end < start:
        return -working_days_between(end, start)
    snap = _snap()
    count = 0
    day = start
    one = dt.timedelta(days=1)
    while day < end:
        day += one
        if _is_working(day, snap):
            count += 1
    return count


# --------------------------------------------------------------------------------------------
# Hours


def office_periods() -> tuple[tuple[dt.time, dt.time], ...]:
    """The office periods of a working day, e.g. ((07:30, 11:30), (13:30, 17:30))."""
    return _snap().periods


def working_day_length() -> dt.timedelta:
    """The office time of one working day (8 hours by default)."""
    return sum(
        (
            dt.datetime.combine(dt.date.min, e) - dt.datetime.combine(dt.date.min, s)
            for s, e in _snap().periods
        ),
        dt.timedelta(0),
    )


def closing_time(d: dt.date | dt.datetime) -> dt.datetime:
    """The moment the office closes on day ``d`` (17:30 by default), aware, Vietnam time."""
    return dt.datetime.combine(_as_date(d), _snap().periods[-1][1], tzinfo=VN_TZ)


def _to_delta(hours: float | int | Decimal | dt.timedelta) -> dt.timedelta:
    if isinstance(hours, dt.timedelta):
        return hours
    if isinstance(hours, bool) or not isinstance(hours, int | float | Decimal):
        raise TypeError("hours must be a number or a timedelta")
    return dt.timedelta(seconds=float(hours) * 3600)


def _periods_on(day: dt.date, snap: _Snapshot) -> list[tuple[dt.datetime, dt.datetime]]:
    if not _is_working(day, snap):
        return []
    return [
        (dt.datetime.combine(day, s, tzinfo=VN_TZ), dt.datetime.combine(day, e, tzinfo=VN_TZ))
        for s, e in snap.periods
    ]


def next_opening(moment: dt.datetime) -> dt.datetime:
    """``moment`` itself if the office is open then, otherwise the next opening.

    Office periods are half-open: at 11:30 the next opening is 13:30 the same day, at 17:30 it
    is 07:30 on the next working day.
    """
    m = local(moment)
    snap = _snap()
    day = m.date()
    for _ in range(_MAX_SCAN_DAYS):
        for start, end in _periods_on(day, snap):
            if m < start:
                return start
            if m < end:
                return m
        day += dt.timedelta(days=1)
    raise RuntimeError("no working day in the calendar for three years")


def counting_start(moment: dt.datetime, *, cutoff: dt.time | None = None) -> dt.datetime:
    """When a time limit starts counting for something received at ``moment``.

    The next opening; with a ``cutoff`` (e.g. 15:00 for one-stop procedures whose rule says
    "received after 15:00 → counted from the next working day"), a moment on or after the
    cutoff on a working day starts at the opening of the next working day.
    """
    m = local(moment)
    if cutoff is not None and is_working_day(m.date()) and m.time() >= cutoff:
        nxt = add_working_days(m.date(), 1)
        return dt.datetime.combine(nxt, _snap().periods[0][0], tzinfo=VN_TZ)
    return next_opening(m)


def add_working_hours(
    moment: dt.datetime, hours: float | int | Decimal | dt.timedelta
) -> dt.datetime:
    """The moment ``hours`` of office time after ``moment``, counted through office hours.

    A start outside office hours begins at the next opening. Precisely: the earliest moment
    ``t >= moment`` with ``working_hours_between(moment, t) == hours`` — so a count that ends
    exactly at a closing returns the closing (8 h from 07:30 → 17:30 the same day), and 0 h
    returns ``moment`` unchanged. Example: 16 h from Fri 13/02/2026 09:00 → Tue 24/02/2026
    09:00. Negative ``hours`` raise ``ValueError`` (see :func:`subtract_working_hours`).
    """
    remaining = _to_delta(hours)
    if remaining < dt.timedelta(0):
        raise ValueError("hours must not be negative")
    m = local(moment)
    if not remaining:
        return m
    snap = _snap()
    day = m.date()
    idle = 0
    while True:
        periods = _periods_on(day, snap)
        for start, end in periods:
            if end <= m:
                continue
            begin = max(start, m)
            available = end - begin
            if remaining <= available:
                return begin + remaining
            remaining -= available
        idle = 0 if periods else idle + 1
        if idle > _MAX_SCAN_DAYS:
            raise RuntimeError("no working day in the calendar for three years")
        day += dt.timedelta(days=1)


def subtract_working_hours(
    moment: dt.datetime, hours: float | int | Decimal | dt.timedelta
) -> dt.datetime:
    """The earliest moment from which exactly ``hours`` of office time remain until ``moment``.

    Used for "sắp đến hạn": 16 h before Wed 17:30 is Mon 17:30 (not Tue 07:30 — nothing is
    counted overnight, and from Monday's closing on only two working days remain).
    """
    remaining = _to_delta(hours)
    if remaining < dt.timedelta(0):
        raise ValueError("hours must not be negative")
    m = local(moment)
    snap = _snap()
    day = m.date()
    idle = 0
    while True:
        periods = _periods_on(day, snap)
        for start, end in reversed(periods):
            if start >= m:
                continue
            stop = min(end, m)
            available = stop - start
            if remaining < available:
                return stop - remaining
            remaining -= available
        idle = 0 if periods else idle + 1
        if idle > _MAX_SCAN_DAYS:
            raise RuntimeError("no working day in the calendar for three years")
        day -= dt.timedelta(days=1)


def working_hours_between(a: dt.datetime, b: dt.datetime) -> dt.timedelta:
    """The office time in [a, b) as a ``timedelta`` (negative when ``b < a``).

    ``.total_seconds() / 3600`` gives hours as a float.
    """
    start, end = local(a), local(b)
    if end < start:
        return -working_hours_between(end, start)
    snap = _snap()
    total = dt.timedelta(0)
    day = start.date()
    last = end.date()
    while day <= last:
        for p_start, p_end in _periods_on(day, snap):
            lo, hi = max(p_start, start), min(p_end, end)
            if hi > lo:
                total += hi - lo
        day += dt.timedelta(days=1)
    return total
