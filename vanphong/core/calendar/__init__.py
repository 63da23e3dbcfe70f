"""Kernel part: the working-day calendar (app label ``workcal``).

Public functions live in :mod:`vanphong.core.calendar.workdays` and are re-exported here
lazily (``from vanphong.core.calendar import add_working_days``) so importing the package does
not import models before the app registry is ready.
"""

from __future__ import annotations

_PUBLIC = {
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
}


def __getattr__(name: str):
    if name in _PUBLIC:
        from vanphong.core.calendar import workdays

        return getattr(workdays, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
