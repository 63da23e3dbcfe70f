"""Working hours: office periods, next opening, adding and counting hours."""

from __future__ import annotations

import datetime as dt

import pytest

from vanphong.core.calendar import workdays
from vanphong.core.calendar.models import OfficeHours
from vanphong.core.clock import VN_TZ

pytestmark = pytest.mark.django_db


def at(y, m, d, hh=0, mm=0, ss=0):
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=VN_TZ)


@pytest.mark.rule("QD188-1999-WEEK")
def test_default_office_hours_are_eight_hours_seeded_as_data():
    row = OfficeHours.objects.get(is_default=True)
    assert row.periods() == ((dt.time(7, 30), dt.time(11, 30)), (dt.time(13, 30), dt.time(17, 30)))
    assert workdays.working_day_length() == dt.timedelta(hours=8)
    assert workdays.working_hours_between(at(2026, 3, 9), at(2026, 3, 10)) == dt.timedelta(hours=8)


@pytest.mark.rule("BNV-2026-SWAP")
def test_sixteen_hours_from_friday_before_tet():
    assert workdays.add_working_hours(at(2026, 2, 13, 9), 16) == at(2026, 2, 24, 9)
    assert workdays.working_hours_between(at(2026, 2, 13, 9), at(2026, 2, 24, 9)) == dt.timedelta(
        hours=16
    )


@pytest.mark.parametrize(
    ("start", "expected"),
    [
        (at(2026, 3, 9, 6, 0), at(2026, 3, 9, 7, 30)),  # before opening
        (at(2026, 3, 9, 7, 30), at(2026, 3, 9, 7, 30)),  # at opening
        (at(2026, 3, 9, 11, 29, 59), at(2026, 3, 9, 11, 29, 59)),
        (at(2026, 3, 9, 11, 30), at(2026, 3, 9, 13, 30)),  # lunch starts at 11:30 sharp
        (at(2026, 3, 9, 12, 15), at(2026, 3, 9, 13, 30)),  # at lunch
        (at(2026, 3, 9, 17, 30), at(2026, 3, 10, 7, 30)),  # at closing
        (at(2026, 3, 13, 18, 0), at(2026, 3, 16, 7, 30)),  # Friday evening → Monday
        (at(2026, 2, 13, 17, 45), at(2026, 2, 23, 7, 30)),  # across Tết
        (at(2026, 8, 21, 18, 0), at(2026, 8, 22, 7, 30)),  # make-up Saturday
    ],
)
def test_next_opening(start, expected):
    assert workdays.next_opening(start) == expected


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (at(2026, 3, 9, 6, 0), 1, at(2026, 3, 9, 8, 30)),  # before opening
        (at(2026, 3, 9, 12, 0), 1, at(2026, 3, 9, 14, 30)),  # at lunch
        (at(2026, 3, 9, 17, 30), 1, at(2026, 3, 10, 8, 30)),  # at closing
        (at(2026, 3, 9, 20, 0), 1, at(2026, 3, 10, 8, 30)),  # after the cut-off
        (at(2026, 3, 9, 9, 0), 4, at(2026, 3, 9, 15, 0)),  # across lunch
        (at(2026, 3, 9, 7, 30), 8, at(2026, 3, 9, 17, 30)),  # a full day ends at closing
        (at(2026, 3, 9, 10, 0), 1.5, at(2026, 3, 9, 11, 30)),  # ends at lunch, not 13:30
        (at(2026, 3, 13, 16, 0), 2, at(2026, 3, 16, 8, 0)),  # over the weekend
        (at(2026, 3, 9, 9, 0), 0, at(2026, 3, 9, 9, 0)),
        (at(2026, 3, 9, 9, 0), dt.timedelta(minutes=45), at(2026, 3, 9, 9, 45)),
        (at(2026, 8, 21, 16, 0), 4, at(2026, 8, 22, 10, 0)),  # Saturday 22/08/2026 worked
    ],
)
def test_add_working_hours(start, hours, expected):
    result = workdays.add_working_hours(start, hours)
    assert result == expected
    assert result.tzinfo is not None
    assert workdays.working_hours_between(start, result) == workdays._to_delta(hours)


def test_naive_and_utc_moments_are_vietnam_time():
    assert workdays.add_working_hours(dt.datetime(2026, 3, 9, 9, 0), 1) == at(2026, 3, 9, 10)
    utc = dt.datetime(2026, 3, 9, 2, 0, tzinfo=dt.UTC)  # 09:00 in Vietnam
    assert workdays.add_working_hours(utc, 1) == at(2026, 3, 9, 10)


def test_negative_hours_are_refused():
    with pytest.raises(ValueError):
        workdays.add_working_hours(at(2026, 3, 9, 9), -1)
    with pytest.raises(TypeError):
        workdays.add_working_hours(at(2026, 3, 9, 9), "1")


def test_working_hours_between_is_antisymmetric_and_skips_nights():
    a, b = at(2026, 3, 9, 16, 0), at(2026, 3, 10, 8, 0)
    assert workdays.working_hours_between(a, b) == dt.timedelta(hours=2)
    assert workdays.working_hours_between(b, a) == -dt.timedelta(hours=2)
    assert workdays.working_hours_between(a, a) == dt.timedelta(0)


@pytest.mark.parametrize(
    ("moment", "hours", "expected"),
    [
        (at(2026, 3, 11, 17, 30), 16, at(2026, 3, 9, 17, 30)),
        (at(2026, 3, 11, 9, 0), 16, at(2026, 3, 9, 9, 0)),
        (at(2026, 3, 11, 13, 30), 4, at(2026, 3, 10, 17, 30)),
        (at(2026, 3, 11, 12, 0), 0, at(2026, 3, 11, 11, 30)),
        (at(2026, 2, 24, 9, 0), 16, at(2026, 2, 13, 9, 0)),  # back across Tết
    ],
)
def test_subtract_working_hours(moment, hours, expected):
    assert workdays.subtract_working_hours(moment, hours) == expected


def test_counting_start_with_a_cut_off():
    cutoff = dt.time(15, 0)
    assert workdays.counting_start(at(2026, 3, 9, 14, 59), cutoff=cutoff) == at(2026, 3, 9, 14, 59)
    assert workdays.counting_start(at(2026, 3, 9, 15, 0), cutoff=cutoff) == at(2026, 3, 10, 7, 30)
    assert workdays.counting_start(at(2026, 2, 13, 15, 30), cutoff=cutoff) == at(2026, 2, 23, 7, 30)
    assert workdays.counting_start(at(2026, 3, 14, 9, 0), cutoff=cutoff) == at(2026, 3, 16, 7, 30)
    assert workdays.counting_start(at(2026, 3, 9, 15, 30)) == at(2026, 3, 9, 15, 30)


def test_editing_office_hours_changes_the_answer_at_once():
    assert workdays.closing_time(dt.date(2026, 3, 9)) == at(2026, 3, 9, 17, 30)
    row = OfficeHours.objects.get(is_default=True)
    row.morning_start = dt.time(8, 0)
    row.afternoon_end = dt.time(17, 0)
    row.save()
    assert workdays.working_day_length() == dt.timedelta(hours=7)
    assert workdays.next_opening(at(2026, 3, 9, 7, 45)) == at(2026, 3, 9, 8, 0)
    assert workdays.add_working_hours(at(2026, 3, 9, 16, 0), 2) == at(2026, 3, 10, 9, 0)
    assert workdays.closing_time(dt.date(2026, 3, 9)) == at(2026, 3, 9, 17, 0)


def test_without_a_default_row_the_built_in_hours_apply():
    OfficeHours.objects.all().delete()
    assert workdays.office_periods() == workdays.DEFAULT_PERIODS


def test_office_hours_must_be_ordered():
    from django.core.exceptions import ValidationError

    row = OfficeHours(
        name="Sai", morning_start=dt.time(11, 0), morning_end=dt.time(9, 0), is_default=False
    )
    with pytest.raises(ValidationError) as exc:
        row.full_clean()
    assert "thứ tự" in str(exc.value)
