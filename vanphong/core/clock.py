"""The one injectable clock of VănPhòng (Asia/Ho_Chi_Minh).

Every module asks this clock for "now"; tests and browser journeys move time through it
(``clock.travel_to(...)``, ``clock.advance(...)``) and never sleep. The override is
process-wide on purpose, so a live test server running in another thread of the same process
sees the same time as the test that drives it.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from zoneinfo import ZoneInfo

from django.utils import timezone

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")

_lock = threading.Lock()
_frozen: dt.datetime | None = None  # an aware moment, when time is frozen
_offset = dt.timedelta(0)  # added to the real time when not frozen


def _aware(moment: dt.datetime) -> dt.datetime:
    if timezone.is_naive(moment):
        return moment.replace(tzinfo=VN_TZ)
    return moment


def now() -> dt.datetime:
    """The current moment, aware, in Vietnam time."""
    with _lock:
        if _frozen is not None:
            return _frozen.astimezone(VN_TZ)
        return (timezone.now() + _offset).astimezone(VN_TZ)


def today() -> dt.date:
    """Today's date in Vietnam (00:00 Vietnam time is 17:00 UTC the day before)."""
    return now().date()


def local(moment: dt.datetime) -> dt.datetime:
    """An aware moment expressed in Vietnam time (naive input is taken as Vietnam time)."""
    return _aware(moment).astimezone(VN_TZ)


def travel_to(moment: dt.datetime | dt.date, *, freeze: bool = True) -> None:
    """Set the clock to ``moment`` (naive means Vietnam time). Frozen unless ``freeze=False``,
    in which case time keeps running from there."""
    global _frozen, _offset
    if not isinstance(moment, dt.datetime):
        moment = dt.datetime.combine(moment, dt.time(8, 0))
    moment = _aware(moment)
    with _lock:
        if freeze:
            _frozen, _offset = moment, dt.timedelta(0)
        else:
            _frozen, _offset = None, moment - timezone.now()


def advance(delta: dt.timedelta) -> dt.datetime:
    """Move the clock forward (or back, with a negative delta)."""
    global _frozen, _offset
    with _lock:
        if _frozen is not None:
            _frozen = _frozen + delta
        else:
            _offset = _offset + delta
    return now()


def reset() -> None:
    """Back to the real time."""
    global _frozen, _offset
    with _lock:
        _frozen, _offset = None, dt.timedelta(0)


@contextmanager
def frozen_at(moment: dt.datetime | dt.date) -> Iterator[None]:
    """Context manager for tests: time frozen at ``moment``, restored afterwards."""
    global _frozen, _offset
    with _lock:
        saved = (_frozen, _offset)
    travel_to(moment)
    try:
        yield
    finally:
        with _lock:
            _frozen, _offset = saved
