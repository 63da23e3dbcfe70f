"""Reporting periods of Nghị định 09/2019/NĐ-CP, Điều 12, and recurring report tasks."""

from __future__ import annotations

import datetime as dt

import pytest

from vanphong.core import clock
from vanphong.tasks import periods
from vanphong.tasks.tests.builders import at, create, province

D = dt.date
RULE = pytest.mark.rule("TASKS-KY-BAO-CAO")


@RULE
@pytest.mark.parametrize(
    ("day", "start", "end", "label"),
    [
        (D(2027, 1, 14), D(2026, 12, 15), D(2027, 1, 14), "Tháng 1/2027"),
        (D(2027, 1, 15), D(2027, 1, 15), D(2027, 2, 14), "Tháng 2/2027"),
        (D(2026, 12, 15), D(2026, 12, 15), D(2027, 1, 14), "Tháng 1/2027"),
        (D(2027, 3, 1), D(2027, 2, 15), D(2027, 3, 14), "Tháng 3/2027"),
    ],
)
def test_monthly_period_runs_from_the_15th_of_the_previous_month_to_the_14th(
    day, start, end, label
):
    p = periods.period_containing(periods.MONTH, day)
    assert (p.start, p.end, p.label) == (start, end, label)


@RULE
@pytest.mark.parametrize(
    ("day", "start", "end", "label"),
    [
        (D(2026, 12, 15), D(2026, 12, 15), D(2027, 3, 14), "Quý 1/2027"),
        (D(2027, 3, 14), D(2026, 12, 15), D(2027, 3, 14), "Quý 1/2027"),
        (D(2027, 3, 15), D(2027, 3, 15), D(2027, 6, 14), "Quý 2/2027"),
        (D(2027, 9, 20), D(2027, 9, 15), D(2027, 12, 14), "Quý 4/2027"),
    ],
)
def test_quarterly_period_runs_from_the_15th_before_the_quarter_to_the_14th_of_its_last_month(
    day, start, end, label
):
    p = periods.period_containing(periods.QUARTER, day)
    assert (p.start, p.end, p.label) == (start, end, label)


@RULE
def test_half_year_periods_are_15_12_to_14_06_and_15_06_to_14_12():
    first = periods.period_containing(periods.HALF, D(2027, 6, 14))
    assert (first.start, first.end) == (D(2026, 12, 15), D(2027, 6, 14))
    second = periods.period_containing(periods.HALF, D(2027, 6, 15))
    assert (second.start, second.end) == (D(2027, 6, 15), D(2027, 12, 14))
    assert second.label == "6 tháng cuối năm 2027"


@RULE
def test_yearly_period_runs_from_15_12_of_the_previous_year_to_14_12():
    p = periods.period_containing(periods.YEAR, D(2027, 12, 14))
    assert (p.start, p.end, p.label) == (D(2026, 12, 15), D(2027, 12, 14), "Năm 2027")
    assert periods.period_containing(periods.YEAR, D(2027, 12, 15)).label == "Năm 2028"


@RULE
def test_periods_tile_the_calendar_without_gaps_or_overlaps():
    for kind in periods.SPAN:
        p = periods.period_containing(kind, D(2026, 1, 1))
        for _i in range(30):
            nxt = p.next()
            assert nxt.start == p.end + dt.timedelta(days=1)
            p = nxt


@RULE
@pytest.mark.django_db
def test_a_monthly_report_task_is_due_on_the_closing_day_of_its_period():
    p = province()
    clock.travel_to(at(2027, 3, 20, 9))  # Saturday 20/3 belongs to the April period
    task = create(p, recurrence="thang", report_lag_days=0)
    assert (task.period_start, task.period_end) == (D(2027, 3, 15), D(2027, 4, 14))
    assert task.due_at == at(2027, 4, 14, 17, 30)  # Wednesday
    lagged = create(p, recurrence="quy", report_lag_days=2)
    assert lagged.period_end == D(2027, 6, 14)  # Monday
    assert lagged.due_at == at(2027, 6, 16, 17, 30)
