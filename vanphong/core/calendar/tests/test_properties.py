"""Property tests of the calendar (fast profile: a few dozen examples each)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanphong.core.calendar import workdays
from vanphong.core.clock import VN_TZ

pytestmark = pytest.mark.django_db

FAST = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
days = st.dates(min_value=dt.date(2024, 1, 1), max_value=dt.date(2028, 12, 31))
moments = st.builds(
    lambda d, minute: (
        dt.datetime.combine(d, dt.time(0), tzinfo=VN_TZ) + dt.timedelta(minutes=minute)
    ),
    days,
    st.integers(min_value=0, max_value=24 * 60 - 1),
)
hours = st.integers(min_value=0, max_value=8 * 40 * 4).map(lambda q: dt.timedelta(minutes=15 * q))


@FAST
@given(d=days, n=st.integers(min_value=1, max_value=60))
def test_add_working_days_lands_on_a_working_day_n_working_days_later(d, n):
    result = workdays.add_working_days(d, n)
    assert result > d
    assert workdays.is_working_day(result)
    assert workdays.working_days_between(d, result) == n
    assert workdays.working_days_between(d, result - dt.timedelta(days=1)) == n - 1


@FAST
@given(d=days, n=st.integers(min_value=1, max_value=60))
def test_add_working_days_backwards(d, n):
    result = workdays.add_working_days(d, -n)
    assert result < d
    assert workdays.is_working_day(result)
    assert workdays.add_working_days(result, n) >= d or not workdays.is_working_day(d)


@FAST
@given(m=moments, h=hours)
def test_add_working_hours_counts_exactly_and_ends_in_office_time(m, h):
    result = workdays.add_working_hours(m, h)
    assert result >= m
    assert workdays.working_hours_between(m, result) == h
    if h:
        # Earliest such moment: the last minute before it was office time.
        assert workdays.working_hours_between(m, result - dt.timedelta(minutes=1)) < h
        local = result.timetz().replace(tzinfo=None)
        assert any(s < local <= e for s, e in workdays.office_periods())


@FAST
@given(m=moments, h=hours)
def test_subtract_working_hours_is_the_earliest_start(m, h):
    start = workdays.subtract_working_hours(m, h)
    assert start <= m
    assert workdays.working_hours_between(start, m) == h
    assert workdays.working_hours_between(start - dt.timedelta(minutes=1), m) > h


@FAST
@given(m=moments)
def test_next_opening_is_open_and_nothing_is_skipped(m):
    opening = workdays.next_opening(m)
    assert opening >= m
    assert workdays.is_working_day(opening.date())
    assert workdays.working_hours_between(m, opening) == dt.timedelta(0)
    assert workdays.working_hours_between(opening, opening + dt.timedelta(minutes=1)) == (
        dt.timedelta(minutes=1)
    )
