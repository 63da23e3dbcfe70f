"""The deadlines kernel: due moments stored once, one status vocabulary, SQL = Python."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Count

from vanphong.core import clock, deadlines
from vanphong.core.calendar import workdays
from vanphong.core.calendar.models import CalendarOverride, DeadlineSample
from vanphong.core.clock import VN_TZ
from vanphong.core.deadlines import DeadlineStatus as S

pytestmark = pytest.mark.django_db

SECOND = dt.timedelta(seconds=1)


def at(y, m, d, hh=0, mm=0, ss=0):
    return dt.datetime(y, m, d, hh, mm, ss, tzinfo=VN_TZ)


@pytest.fixture(autouse=True)
def _fresh_calendar_cache():
    workdays.clear_cache()
    yield
    workdays.clear_cache()


def sample(due_at=None, **fields) -> DeadlineSample:
    obj = DeadlineSample(**{"label": "thử", **fields})
    if due_at is not None:
        deadlines.set_due(obj, due_at=due_at)
    return obj


DUE = at(2026, 3, 11, 17, 30)  # Wednesday, office closing
SOON = at(2026, 3, 9, 17, 30)  # two working days of office time before


def sql_status(obj: DeadlineSample, now) -> str:
    if obj.pk is None:
        obj.save()
    return (
        DeadlineSample.objects.filter(pk=obj.pk)
        .annotate(s=deadlines.status_expression(now))
        .values_list("s", flat=True)
        .get()
    )


def both(obj, now) -> S:
    python = deadlines.status_of(obj, now)
    assert sql_status(obj, now) == python.value
    return python


# --- open statuses at their boundaries -----------------------------------------------------


@pytest.mark.rule("DEADLINE-STATUS")
def test_set_due_stores_date_and_soon_moment():
    obj = sample(DUE)
    assert obj.due_at == DUE and obj.due_date == dt.date(2026, 3, 11)
    assert obj.soon_at == SOON
    assert obj.original_due_at is None


@pytest.mark.rule("DEADLINE-STATUS")
def test_chua_den_han_until_one_second_before_soon():
    obj = sample(DUE)
    assert both(obj, SOON - SECOND) == S.CHUA_DEN_HAN
    assert both(obj, at(2026, 3, 2, 9)) == S.CHUA_DEN_HAN


@pytest.mark.rule("DEADLINE-STATUS")
def test_sap_den_han_from_soon_moment_up_to_the_due_moment_itself():
    obj = sample(DUE)
    assert both(obj, SOON) == S.SAP_DEN_HAN
    assert both(obj, SOON + SECOND) == S.SAP_DEN_HAN
    assert both(obj, DUE - SECOND) == S.SAP_DEN_HAN
    assert both(obj, DUE) == S.SAP_DEN_HAN


@pytest.mark.rule("DEADLINE-STATUS")
def test_qua_han_one_second_after_the_due_moment():
    obj = sample(DUE)
    assert both(obj, DUE + SECOND) == S.QUA_HAN
    assert both(obj, at(2026, 12, 31)) == S.QUA_HAN


@pytest.mark.rule("DEADLINE-STATUS")
def test_status_uses_the_kernel_clock_by_default():
    obj = sample(DUE)
    with clock.frozen_at(DUE):
        assert deadlines.status_of(obj) == S.SAP_DEN_HAN
        assert sql_status(obj, None) == S.SAP_DEN_HAN
    with clock.frozen_at(DUE + SECOND):
        assert deadlines.status_of(obj) == S.QUA_HAN
        assert sql_status(obj, None) == S.QUA_HAN


@pytest.mark.rule("DEADLINE-STATUS")
def test_soon_window_follows_the_setting_and_skips_holidays(settings):
    settings.DEADLINE_SOON_WORKING_DAYS = 3
    assert sample(DUE).soon_at == at(2026, 3, 6, 17, 30)  # Friday: the weekend has no hours
    settings.DEADLINE_SOON_WORKING_DAYS = 0
    assert sample(DUE).soon_at == DUE
    settings.DEADLINE_SOON_WORKING_DAYS = 2
    # Due Tuesday 24/02/2026 09:00 (after Tết): "sắp đến hạn" from Friday 13/02 09:00.
    assert sample(at(2026, 2, 24, 9)).soon_at == at(2026, 2, 13, 9)


# --- finished statuses at their boundaries -------------------------------------------------


@pytest.mark.rule("DEADLINE-STATUS")
@pytest.mark.parametrize(
    ("finished", "expected"),
    [
        (at(2026, 3, 10, 23, 59, 59), S.HOAN_THANH_TRUOC_HAN),  # the day before the due day
        (at(2026, 3, 11, 0, 0, 0), S.HOAN_THANH_DUNG_HAN),  # the due day starts
        (at(2026, 3, 11, 0, 0, 1), S.HOAN_THANH_DUNG_HAN),
        (DUE - SECOND, S.HOAN_THANH_DUNG_HAN),
        (DUE, S.HOAN_THANH_DUNG_HAN),
        (DUE + SECOND, S.HOAN_THANH_QUA_HAN),
        (at(2026, 3, 12, 8), S.HOAN_THANH_QUA_HAN),
    ],
)
def test_finished_status_boundaries(finished, expected):
    obj = sample(DUE)
    deadlines.finish(obj, at=finished)
    assert obj.finished_date == finished.date()
    # Once finished, the status no longer depends on now.
    assert both(obj, at(2027, 1, 1)) == expected
    assert both(obj, at(2026, 1, 1)) == expected
    assert expected.is_finished and not expected.is_open


@pytest.mark.rule("DEADLINE-STATUS")
def test_due_day_is_the_vietnam_date():
    # Finished 23:30 UTC on 10/03 = 06:30 on 11/03 in Vietnam: on the due day, not before it.
    obj = sample(DUE)
    deadlines.finish(obj, at=dt.datetime(2026, 3, 10, 23, 30, tzinfo=dt.UTC))
    assert obj.finished_date == dt.date(2026, 3, 11)
    assert both(obj, DUE) == S.HOAN_THANH_DUNG_HAN


def test_no_due_moment_is_khong_thoi_han():
    obj = sample()
    assert both(obj, DUE) == S.KHONG_THOI_HAN
    deadlines.finish(obj, at=DUE)
    obj.save()
    assert both(obj, DUE) == S.KHONG_THOI_HAN


def test_reopen_clears_the_finish_and_the_status_runs_again():
    obj = sample(due_at=DUE)
    with pytest.raises(ValidationError) as refused:
        deadlines.reopen(obj)  # not finished yet
    assert refused.value.code == "deadline_not_finished"
    deadlines.finish(obj, at=at(2026, 3, 10, 9))
    obj.save()
    assert both(obj, at(2026, 3, 12, 9)) == S.HOAN_THANH_TRUOC_HAN
    deadlines.reopen(obj)
    obj.save()
    assert obj.finished_at is None and obj.finished_date is None
    assert both(obj, at(2026, 3, 12, 9)) == S.QUA_HAN
    deadlines.set_due(obj, due_at=at(2026, 3, 20, 17, 30))
    obj.save()
    assert both(obj, at(2026, 3, 12, 9)) == S.CHUA_DEN_HAN


def test_labels_are_vietnamese():
    assert S.CHUA_DEN_HAN.label == "Chưa đến hạn"
    assert S.SAP_DEN_HAN.label == "Sắp đến hạn"
    assert S.QUA_HAN.label == "Quá hạn"
    assert S.HOAN_THANH_TRUOC_HAN.label == "Hoàn thành trước hạn"
    assert S.HOAN_THANH_DUNG_HAN.label == "Hoàn thành đúng hạn"
    assert S.HOAN_THANH_QUA_HAN.label == "Hoàn thành quá hạn"
    assert deadlines.ON_TIME_STATUSES == {S.HOAN_THANH_TRUOC_HAN, S.HOAN_THANH_DUNG_HAN}
    assert S.QUA_HAN.is_late and S.HOAN_THANH_QUA_HAN.is_late and not S.SAP_DEN_HAN.is_late


# --- computing due moments -----------------------------------------------------------------


@pytest.mark.rule("BNV-2026-SWAP")
def test_due_in_working_days_across_tet():
    obj = DeadlineSample()
    deadlines.set_due_in_working_days(obj, start=at(2026, 2, 13, 9), days=1)
    assert obj.due_at == at(2026, 2, 23, 17, 30)
    assert obj.limit_working_days == 1 and obj.limit_working_hours is None
    deadlines.set_due_in_working_days(obj, start=dt.date(2026, 8, 21), days=1)
    assert obj.due_at == at(2026, 8, 22, 17, 30)  # make-up Saturday


@pytest.mark.rule("BNV-2026-SWAP")
def test_due_in_working_hours_across_tet_and_with_a_cut_off():
    obj = DeadlineSample()
    deadlines.set_due_in_working_hours(obj, start=at(2026, 2, 13, 9), hours=16)
    assert obj.due_at == at(2026, 2, 24, 9)
    assert obj.limit_working_hours == Decimal("16")
    # Received 15:10 with the 15:00 rule: counted from Tuesday 07:30.
    deadlines.set_due_in_working_hours(
        obj, start=at(2026, 3, 9, 15, 10), hours=8, cutoff=dt.time(15, 0)
    )
    assert obj.due_at == at(2026, 3, 10, 17, 30)
    deadlines.set_due_in_working_hours(obj, start=at(2026, 3, 9, 15, 10), hours=8)
    assert obj.due_at == at(2026, 3, 10, 15, 10)


@pytest.mark.rule("CAL-OVERRIDE")
def test_due_moments_are_stored_and_do_not_move_with_a_later_override():
    obj = DeadlineSample()
    deadlines.set_due_in_working_days(obj, start=dt.date(2026, 3, 10), days=1)
    obj.save()
    CalendarOverride.objects.create(
        date=dt.date(2026, 3, 11), kind=CalendarOverride.Kind.DAY_OFF, name="Nghỉ (thử)"
    )
    obj.refresh_from_db()
    assert obj.due_at == at(2026, 3, 11, 17, 30)
    fresh = DeadlineSample()
    deadlines.set_due_in_working_days(fresh, start=dt.date(2026, 3, 10), days=1)
    assert fresh.due_at == at(2026, 3, 12, 17, 30)


def test_bad_inputs_give_coded_vietnamese_errors():
    obj = DeadlineSample()
    cases = [
        (lambda: deadlines.set_due_in_working_days(obj, start=DUE, days=-1), "deadline_bad_days"),
        (
            lambda: deadlines.set_due_in_working_hours(obj, start=DUE, hours="x"),
            "deadline_bad_hours",
        ),
        (
            lambda: deadlines.set_due_in_working_hours(obj, start=DUE, hours=-1),
            "deadline_bad_hours",
        ),
        (lambda: deadlines.set_due(obj, due_at="2026-03-11"), "deadline_bad_moment"),
        (lambda: deadlines.extend(obj, new_due_at=DUE), "deadline_missing"),
        (lambda: deadlines.suspend(obj, at=DUE), "deadline_missing"),
        (lambda: deadlines.resume(obj, at=DUE), "deadline_not_suspended"),
    ]
    for call, code in cases:
        with pytest.raises(ValidationError) as exc:
            call()
        assert exc.value.code == code


# --- extension -----------------------------------------------------------------------------


@pytest.mark.rule("DEADLINE-STATUS")
def test_extension_keeps_the_original_due_moment():
    obj = sample(DUE)
    deadlines.extend(obj, new_due_at=at(2026, 3, 13, 17, 30))
    deadlines.extend(obj, new_due_at=at(2026, 3, 18, 17, 30))
    assert obj.original_due_at == DUE
    assert obj.due_at == at(2026, 3, 18, 17, 30)
    assert obj.due_date == dt.date(2026, 3, 18)
    assert obj.soon_at == at(2026, 3, 16, 17, 30)
    assert obj.extension_count == 2
    # Measured against the extended due moment.
    assert both(obj, DUE + SECOND) == S.CHUA_DEN_HAN


def test_extension_must_be_later_and_open():
    obj = sample(DUE)
    with pytest.raises(ValidationError) as exc:
        deadlines.extend(obj, new_due_at=DUE)
    assert exc.value.code == "deadline_extend_not_later"
    assert "Hạn mới phải sau hạn hiện tại" in str(exc.value.messages[0])
    deadlines.finish(obj, at=DUE)
    with pytest.raises(ValidationError) as exc:
        deadlines.extend(obj, new_due_at=DUE + dt.timedelta(days=2))
    assert exc.value.code == "deadline_finished"
    assert obj.original_due_at is None and obj.due_at == DUE


# --- suspension ----------------------------------------------------------------------------


def _sixteen_hours_from_monday() -> DeadlineSample:
    obj = DeadlineSample()
    deadlines.set_due_in_working_hours(obj, start=at(2026, 3, 9, 7, 30), hours=16)
    assert obj.due_at == at(2026, 3, 10, 17, 30)
    return obj


@pytest.mark.rule("DEADLINE-STATUS")
def test_suspend_then_resume_reapplies_the_remaining_hours():
    obj = _sixteen_hours_from_monday()
    deadlines.suspend(obj, at=at(2026, 3, 9, 11, 30))  # 4 h used, 12 h left
    assert obj.remaining_at_suspension == dt.timedelta(hours=12)
    deadlines.resume(obj, at=at(2026, 3, 12, 7, 30))
    assert obj.due_at == at(2026, 3, 13, 11, 30)  # Thu 8 h + Fri 4 h
    assert obj.suspended_at is None and obj.remaining_at_suspension is None
    assert obj.suspended_total == dt.timedelta(hours=20)  # Mon afternoon, Tue, Wed
    assert obj.original_due_at is None


@pytest.mark.rule("DEADLINE-STATUS")
def test_suspend_then_restart_runs_the_full_limit_again():
    obj = _sixteen_hours_from_monday()
    deadlines.suspend(obj, at=at(2026, 3, 9, 11, 30))
    deadlines.resume(obj, at=at(2026, 3, 12, 7, 30), mode="restart")
    assert obj.due_at == at(2026, 3, 13, 17, 30)  # 16 h from Thursday 07:30


def test_restart_with_an_explicit_limit_and_with_a_days_limit():
    obj = _sixteen_hours_from_monday()
    deadlines.suspend(obj, at=at(2026, 3, 9, 11, 30))
    deadlines.resume(obj, at=at(2026, 3, 12, 7, 30), mode="restart", limit_hours=4)
    assert obj.due_at == at(2026, 3, 12, 11, 30)

    days = DeadlineSample()
    deadlines.set_due_in_working_days(days, start=dt.date(2026, 3, 9), days=2)
    deadlines.suspend(days, at=at(2026, 3, 9, 10))
    deadlines.resume(days, at=at(2026, 3, 12, 10), mode="restart")
    assert days.due_at == at(2026, 3, 16, 17, 30)

    explicit = sample(DUE)
    deadlines.suspend(explicit, at=at(2026, 3, 9, 10))
    with pytest.raises(ValidationError) as exc:
        deadlines.resume(explicit, at=at(2026, 3, 12, 10), mode="restart")
    assert exc.value.code == "deadline_no_limit"
    with pytest.raises(ValidationError) as exc:
        deadlines.resume(explicit, at=at(2026, 3, 12, 10), mode="pause")
    assert exc.value.code == "deadline_bad_mode"
    with pytest.raises(ValidationError) as exc:
        deadlines.resume(explicit, at=at(2026, 3, 9, 9))
    assert exc.value.code == "deadline_resume_early"


@pytest.mark.rule("DEADLINE-STATUS")
def test_a_suspended_case_keeps_the_status_it_had_when_suspended():
    obj = sample(DUE)
    deadlines.suspend(obj, at=SOON - SECOND)
    assert both(obj, DUE + dt.timedelta(days=30)) == S.CHUA_DEN_HAN
    assert deadlines.remaining_working_time(obj) == obj.remaining_at_suspension

    soon = sample(DUE)
    deadlines.suspend(soon, at=SOON)
    assert both(soon, DUE + dt.timedelta(days=30)) == S.SAP_DEN_HAN

    late = sample(DUE)
    deadlines.suspend(late, at=DUE + SECOND)
    assert both(late, at(2026, 1, 1)) == S.QUA_HAN


def test_a_case_overdue_when_suspended_keeps_its_due_moment():
    obj = sample(DUE)
    deadlines.suspend(obj, at=at(2026, 3, 12, 9))
    assert obj.remaining_at_suspension == -dt.timedelta(hours=1, minutes=30)
    deadlines.resume(obj, at=at(2026, 3, 16, 9))
    assert obj.due_at == DUE
    assert both(obj, at(2026, 3, 16, 9)) == S.QUA_HAN


def test_suspension_rules():
    obj = sample(DUE)
    deadlines.suspend(obj, at=at(2026, 3, 9, 9))
    with pytest.raises(ValidationError) as exc:
        deadlines.suspend(obj, at=at(2026, 3, 9, 10))
    assert exc.value.code == "deadline_already_suspended"
    with pytest.raises(ValidationError) as exc:
        deadlines.finish(obj, at=at(2026, 3, 9, 10))
    assert exc.value.code == "deadline_suspended"
    # Extending while suspended re-measures the time left.
    deadlines.extend(obj, new_due_at=at(2026, 3, 12, 17, 30))
    assert obj.remaining_at_suspension == dt.timedelta(hours=6.5 + 8 * 3)  # Mon 09:00 … Thu 17:30
    deadlines.resume(obj, at=at(2026, 3, 9, 9))
    assert obj.due_at == at(2026, 3, 12, 17, 30)


def test_remaining_working_time():
    obj = sample(DUE)
    assert deadlines.remaining_working_time(obj, at(2026, 3, 11, 9, 30)) == dt.timedelta(hours=6)
    assert deadlines.remaining_working_time(obj, at(2026, 3, 12, 9, 30)) == -dt.timedelta(hours=2)
    deadlines.finish(obj, at=DUE)
    assert deadlines.remaining_working_time(obj) is None


# --- SQL equals Python ---------------------------------------------------------------------


def _rows_in_every_status() -> list[DeadlineSample]:
    rows = []
    for offset in [-3 * 24, -50, -49, -48, -1, 0, 1, 24, 72]:
        due = DUE + dt.timedelta(hours=offset)
        rows.append(sample(due, label=f"open {offset}"))
        for finished in [due - dt.timedelta(days=2), due.replace(hour=0), due, due + SECOND]:
            done = sample(due, label=f"done {offset} {finished}")
            deadlines.finish(done, at=finished)
            rows.append(done)
        for paused_at in [due - dt.timedelta(days=5), due - dt.timedelta(hours=2), due + SECOND]:
            paused = sample(due, label=f"paused {offset}")
            deadlines.suspend(paused, at=paused_at)
            rows.append(paused)
    rows.append(sample(label="no deadline"))
    DeadlineSample.objects.bulk_create(rows)
    return list(DeadlineSample.objects.order_by("pk"))


@pytest.mark.rule("DEADLINE-STATUS")
def test_sql_annotation_equals_python_status_for_every_row():
    rows = _rows_in_every_status()
    seen = Counter()
    for now in [SOON - SECOND, SOON, DUE - SECOND, DUE, DUE + SECOND, at(2026, 3, 20)]:
        annotated = dict(
            DeadlineSample.objects.annotate(s=deadlines.status_expression(now)).values_list(
                "pk", "s"
            )
        )
        for row in rows:
            python = deadlines.status_of(row, now)
            assert annotated[row.pk] == python.value, (row.label, now)
            seen[python] += 1
        # Counting by status is one GROUP BY in SQL.
        counts = dict(
            DeadlineSample.objects.annotate(s=deadlines.status_expression(now))
            .values("s")
            .order_by()
            .annotate(n=Count("pk"))
            .values_list("s", "n")
        )
        assert counts == dict(Counter(deadlines.status_of(r, now).value for r in rows))
    assert set(seen) == set(S), f"statuses not exercised: {set(S) - set(seen)}"


def test_status_filter_in_sql_with_no_per_row_python(django_assert_num_queries):
    _rows_in_every_status()
    with django_assert_num_queries(1):
        overdue = (
            DeadlineSample.objects.annotate(s=deadlines.status_expression(DUE + SECOND))
            .filter(s=S.QUA_HAN)
            .count()
        )
    assert overdue > 0


def test_setting_a_thousand_due_moments_does_not_query_per_case(django_assert_max_num_queries):
    start = at(2026, 2, 2, 8)
    with django_assert_max_num_queries(4):
        objs = []
        for i in range(1000):
            obj = DeadlineSample()
            deadlines.set_due_in_working_hours(
                obj, start=start + dt.timedelta(minutes=37 * i), hours=24
            )
            objs.append(obj)
        statuses = [deadlines.status_of(o, at(2026, 3, 1)) for o in objs]
    assert set(statuses) <= set(S)
