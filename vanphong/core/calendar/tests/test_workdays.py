"""Working days: the week, statutory holidays, nghỉ bù, the 2026 Bộ Nội vụ swaps, overrides."""

from __future__ import annotations

import datetime as dt

import pytest

from vanphong.core.calendar import workdays
from vanphong.core.calendar.models import CalendarOverride

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.mark.rule("QD188-1999-WEEK")
def test_week_is_monday_to_friday():
    # 09/03/2026 is a Monday with no holiday around it.
    week = [D(2026, 3, 9) + dt.timedelta(days=i) for i in range(7)]
    assert [workdays.is_working_day(d) for d in week] == [True] * 5 + [False] * 2
    assert workdays.add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 16)  # Fri → Mon
    assert workdays.add_working_days(D(2026, 3, 14), 1) == D(2026, 3, 16)  # Sat → Mon
    assert workdays.add_working_days(D(2026, 3, 12), 1) == D(2026, 3, 13)  # Thu → Fri
    assert workdays.working_days_between(D(2026, 3, 8), D(2026, 3, 15)) == 5


@pytest.mark.rule("BLLD2019-D112-HOLIDAYS")
def test_statutory_holidays_2026_are_days_off():
    for day in [D(2026, 1, 1), D(2026, 4, 30), D(2026, 5, 1), D(2026, 9, 1), D(2026, 9, 2)]:
        assert not workdays.is_working_day(day), day
    # Around 30/04–01/05 (Thu, Fri): Wed 29/04 and Mon 04/05 are working days.
    assert workdays.is_working_day(D(2026, 4, 29))
    assert workdays.is_working_day(D(2026, 5, 4))
    assert workdays.add_working_days(D(2026, 4, 29), 1) == D(2026, 5, 4)
    assert workdays.working_days_between(D(2026, 4, 28), D(2026, 5, 4)) == 2
    # Giỗ Tổ 2027 (10/3 âm lịch) falls on Friday 16/04/2027.
    assert not workdays.is_working_day(D(2027, 4, 16))
    assert workdays.is_working_day(D(2027, 4, 15))


@pytest.mark.rule("BLLD2019-D111-NGHI-BU")
def test_gio_to_2026_on_sunday_is_made_up_on_monday():
    assert not workdays.is_working_day(D(2026, 4, 26))  # Sunday, Giỗ Tổ
    assert not workdays.is_working_day(D(2026, 4, 27))  # Monday, nghỉ bù
    assert workdays.is_working_day(D(2026, 4, 28))
    assert workdays.add_working_days(D(2026, 4, 24), 1) == D(2026, 4, 28)
    assert workdays.working_days_between(D(2026, 4, 24), D(2026, 4, 29)) == 2
    info = workdays.describe_day(D(2026, 4, 27))
    assert not info.is_working and "nghỉ bù" in info.reason
    # 2027: Labour Day on Saturday 01/05 → Monday 03/05 off.
    assert not workdays.is_working_day(D(2027, 5, 3))
    assert workdays.add_working_days(D(2027, 4, 29), 1) == D(2027, 5, 4)  # 30/04 Fri off


@pytest.mark.rule("BNV-2026-SWAP")
def test_tet_2026_sixteenth_to_twentieth_february_off():
    assert workdays.is_working_day(D(2026, 2, 13))
    for day in range(14, 23):  # Sat 14 … Sun 22
        assert not workdays.is_working_day(D(2026, 2, day)), day
    assert workdays.is_working_day(D(2026, 2, 23))
    assert workdays.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert workdays.add_working_days(D(2026, 2, 12), 2) == D(2026, 2, 23)
    assert workdays.add_working_days(D(2026, 2, 16), 0) == D(2026, 2, 23)
    assert workdays.working_days_between(D(2026, 2, 13), D(2026, 2, 24)) == 2
    assert workdays.working_days_between(D(2026, 2, 12), D(2026, 2, 22)) == 1


@pytest.mark.rule("BNV-2026-SWAP")
def test_quoc_khanh_2026_swap_saturday_22_august_worked_31_august_off():
    assert workdays.is_working_day(D(2026, 8, 22))  # Saturday worked
    assert not workdays.is_working_day(D(2026, 8, 23))  # Sunday still off
    for day in [D(2026, 8, 31), D(2026, 9, 1), D(2026, 9, 2)]:
        assert not workdays.is_working_day(day), day
    assert workdays.add_working_days(D(2026, 8, 21), 1) == D(2026, 8, 22)
    assert workdays.add_working_days(D(2026, 8, 22), 1) == D(2026, 8, 24)
    assert workdays.add_working_days(D(2026, 8, 28), 1) == D(2026, 9, 3)
    # Mon 17 … Sat 22 August: six working days in (16/08, 22/08].
    assert workdays.working_days_between(D(2026, 8, 16), D(2026, 8, 22)) == 6
    assert workdays.working_days_between(D(2026, 8, 28), D(2026, 9, 4)) == 2


@pytest.mark.rule("BNV-2026-SWAP")
def test_fresh_database_is_right_without_the_holiday_package(monkeypatch):
    """The data migration alone carries the 2026 notice, with its legal source."""
    rows = {o.date: o for o in CalendarOverride.objects.all()}
    for day in [D(2026, 2, d) for d in range(16, 21)] + [D(2026, 8, 31)]:
        assert rows[day].kind == CalendarOverride.Kind.DAY_OFF
        assert rows[day].legal_source == "Thông báo 9441/TB-BNV"
    assert rows[D(2026, 8, 22)].kind == CalendarOverride.Kind.WORKING_DAY

    empty = workdays._YearHolidays(days_off={}, weekend_workdays=frozenset())
    monkeypatch.setattr(workdays, "_holidays_of", lambda year: empty)
    assert workdays.add_working_days(D(2026, 2, 13), 1) == D(2026, 2, 23)
    assert workdays.is_working_day(D(2026, 8, 22))
    assert not workdays.is_working_day(D(2026, 8, 31))
    info = workdays.describe_day(D(2026, 8, 31))
    assert info.source == "Thông báo 9441/TB-BNV"


@pytest.mark.rule("CAL-OVERRIDE")
def test_adding_an_override_changes_the_answer_and_removing_it_restores_it():
    wednesday = D(2026, 3, 11)
    assert workdays.add_working_days(D(2026, 3, 10), 1) == wednesday
    override = CalendarOverride.objects.create(
        date=wednesday,
        kind=CalendarOverride.Kind.DAY_OFF,
        name="Nghỉ đột xuất",
        legal_source="Quyết định thử",
    )
    assert not workdays.is_working_day(wednesday)
    assert workdays.add_working_days(D(2026, 3, 10), 1) == D(2026, 3, 12)
    assert workdays.working_days_between(D(2026, 3, 10), D(2026, 3, 12)) == 1

    override.delete()
    assert workdays.is_working_day(wednesday)
    assert workdays.add_working_days(D(2026, 3, 10), 1) == wednesday


@pytest.mark.rule("CAL-OVERRIDE")
def test_override_wins_over_holiday_and_weekend():
    CalendarOverride.objects.create(
        date=D(2026, 4, 30), kind=CalendarOverride.Kind.WORKING_DAY, name="Làm việc (thử)"
    )
    saturday = CalendarOverride.objects.create(
        date=D(2026, 3, 14), kind=CalendarOverride.Kind.WORKING_DAY, name="Thứ Bảy làm bù"
    )
    assert workdays.is_working_day(D(2026, 4, 30))
    assert workdays.is_working_day(D(2026, 3, 14))
    assert workdays.add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 14)
    # Editing the row (working day → day off) is seen at once.
    saturday.kind = CalendarOverride.Kind.DAY_OFF
    saturday.save()
    assert workdays.add_working_days(D(2026, 3, 13), 1) == D(2026, 3, 16)


@pytest.mark.rule("CAL-OVERRIDE")
def test_other_processes_see_a_change_within_the_cache_ttl(settings):
    """bulk_create sends no signal — as if another process had written the row."""
    settings.CALENDAR_CACHE_SECONDS = 3600
    day = D(2026, 3, 18)
    assert workdays.is_working_day(day)
    CalendarOverride.objects.bulk_create(
        [CalendarOverride(date=day, kind=CalendarOverride.Kind.DAY_OFF, name="Nghỉ (thử)")]
    )
    assert workdays.is_working_day(day)  # still the cached snapshot
    settings.CALENDAR_CACHE_SECONDS = 0  # the TTL has run out
    assert not workdays.is_working_day(day)


def test_a_thousand_calls_do_not_query_per_call(django_assert_max_num_queries):
    days = [D(2026, 1, 1) + dt.timedelta(days=i) for i in range(250)]
    with django_assert_max_num_queries(4):  # one load: 2 stamp aggregates + 2 tables
        for d in days:
            workdays.is_working_day(d)
            workdays.add_working_days(d, 3)
            workdays.working_days_between(d, d + dt.timedelta(days=10))
            workdays.add_working_hours(
                dt.datetime(d.year, d.month, d.day, 9, tzinfo=workdays.VN_TZ), 12
            )


def test_add_working_days_negative_and_zero():
    assert workdays.add_working_days(D(2026, 2, 23), -1) == D(2026, 2, 13)
    assert workdays.add_working_days(D(2026, 3, 11), 0) == D(2026, 3, 11)
    assert workdays.add_working_days(D(2026, 3, 14), 0) == D(2026, 3, 16)
    assert workdays.working_days_between(D(2026, 2, 24), D(2026, 2, 13)) == -2
    with pytest.raises(TypeError):
        workdays.add_working_days(D(2026, 3, 11), 1.5)


def test_datetime_input_is_taken_at_its_vietnam_date():
    # 17:30 UTC on 12/02 is 00:30 on 13/02 in Vietnam.
    moment = dt.datetime(2026, 2, 12, 17, 30, tzinfo=dt.UTC)
    assert workdays.add_working_days(moment, 1) == D(2026, 2, 23)
