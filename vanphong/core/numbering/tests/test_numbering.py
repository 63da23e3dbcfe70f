"""Gapless numbering: periods in Vietnam time, separate sequences, rollbacks, voiding."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanphong.core import clock
from vanphong.core.numbering.models import IssuedNumber, Sequence
from vanphong.core.numbering.services import (
    link_case,
    next_number,
    peek_next,
    period_key,
    void_number,
)
from vanphong.org.models import Role
from vanphong.org.testing import make_agency, make_official

UTC = dt.UTC
pytestmark = pytest.mark.django_db


class _Rollback(Exception):
    pass


# --- period boundary: 00:00 Vietnam time = 17:00 UTC the day before -------------------------


@pytest.mark.rule("ND30-D15-GAPLESS")
def test_nd30_d15_gapless_year_boundary_at_midnight_vietnam_time():
    agency = make_agency()
    before = dt.datetime(2026, 12, 31, 16, 59, 59, tzinfo=UTC)  # 23:59:59 on 31/12 in Hà Nội
    at = dt.datetime(2026, 12, 31, 17, 0, 0, tzinfo=UTC)  # 00:00:00 on 01/01/2027
    after = dt.datetime(2027, 1, 1, 3, 0, tzinfo=UTC)

    with clock.frozen_at(before - dt.timedelta(hours=1)):
        assert next_number(agency=agency, register="di", period="year").value == 1
    with clock.frozen_at(before):
        last_of_year = next_number(agency=agency, register="di", period="year")
        assert peek_next(agency=agency, register="di", period="year") == 3
    with clock.frozen_at(at):
        assert peek_next(agency=agency, register="di", period="year") == 1
        first_of_year = next_number(agency=agency, register="di", period="year")
    with clock.frozen_at(after):
        second_of_year = next_number(agency=agency, register="di", period="year")

    assert (last_of_year.period_key, last_of_year.value) == ("2026", 2)
    assert (first_of_year.period_key, first_of_year.value) == ("2027", 1)
    assert (second_of_year.period_key, second_of_year.value) == ("2027", 2)
    assert first_of_year.padded() == "01"  # NĐ 30: numbers below 10 get a leading zero


@pytest.mark.rule("ND30-D15-GAPLESS")
def test_nd30_d15_gapless_explicit_moment_decides_the_period():
    agency = make_agency()
    old = next_number(
        agency=agency,
        register="den",
        period="year",
        at=dt.datetime(2026, 12, 31, 16, 59, 59, tzinfo=UTC),
    )
    new = next_number(
        agency=agency, register="den", period="year", at=dt.datetime(2026, 12, 31, 17, tzinfo=UTC)
    )
    assert (old.period_key, old.value, new.period_key, new.value) == ("2026", 1, "2027", 1)
    # A naive moment is Vietnam time.
    assert period_key("year", dt.datetime(2027, 1, 1, 0, 0)) == "2027"
    assert period_key("day", dt.date(2027, 1, 1)) == "2027-01-01"


def test_system_check_warns_when_sqlite_is_not_immediate():
    from django.db import connections

    from vanphong.core.numbering.checks import sqlite_immediate_transactions

    conn = connections["default"]
    if conn.vendor != "sqlite":
        assert sqlite_immediate_transactions() == []
        return
    assert sqlite_immediate_transactions() == []
    options = conn.settings_dict["OPTIONS"]
    saved = options.get("transaction_mode")
    options["transaction_mode"] = "DEFERRED"
    try:
        assert [w.id for w in sqlite_immediate_transactions()] == ["numbering.W001"]
    finally:
        options["transaction_mode"] = saved


def test_daily_sequence_restarts_at_midnight_vietnam_time():
    agency = make_agency()
    with clock.frozen_at(dt.datetime(2026, 3, 9, 16, 59, 59, tzinfo=UTC)):
        a = next_number(agency=agency, register="mot-cua", period="day")
        b = next_number(agency=agency, register="mot-cua", period="day")
    with clock.frozen_at(dt.datetime(2026, 3, 9, 17, 0, tzinfo=UTC)):
        c = next_number(agency=agency, register="mot-cua", period="day")
    assert [(x.period_key, x.value) for x in (a, b, c)] == [
        ("2026-03-09", 1),
        ("2026-03-09", 2),
        ("2026-03-10", 1),
    ]
    # The one-stop dossier code: <agency identifier>-<YYMMDD>-<daily sequence, 4+ digits>.
    assert c.padded(4) == "0001"


def test_bad_period_and_register_are_refused_with_a_code():
    agency = make_agency()
    with pytest.raises(ValidationError) as exc:
        next_number(agency=agency, register="di", period="month")
    assert exc.value.code == "invalid_period"
    with pytest.raises(ValidationError) as exc:
        next_number(agency=agency, register="  ", period="year")
    assert exc.value.code == "invalid_register"
    assert IssuedNumber.objects.count() == 0


# --- separate sequences ---------------------------------------------------------------------


@pytest.mark.rule("ND30-D15-GAPLESS")
def test_nd30_d15_gapless_separate_sequences_per_register_and_agency():
    first, second = make_agency(), make_agency()
    taken = [
        next_number(agency=first, register="di", period="year"),
        next_number(agency=first, register="di", period="year"),
        next_number(agency=first, register="den", period="year"),
        next_number(agency=second, register="di", period="year"),
        next_number(agency=first, register="di", period="year"),
        next_number(agency=second.pk, register="di", period="year"),  # an id works too
    ]
    assert [t.value for t in taken] == [1, 2, 1, 1, 3, 2]
    assert peek_next(agency=first, register="di", period="year") == 4
    assert peek_next(agency=first, register="mat", period="year") == 1


# --- rollback returns the number ------------------------------------------------------------


@pytest.mark.rule("ND30-D15-GAPLESS")
def test_nd30_d15_gapless_rollback_returns_the_number():
    agency = make_agency()
    assert next_number(agency=agency, register="di", period="year").value == 1
    with pytest.raises(_Rollback), transaction.atomic():
        assert next_number(agency=agency, register="di", period="year").value == 2
        raise _Rollback
    assert peek_next(agency=agency, register="di", period="year") == 2
    again = next_number(agency=agency, register="di", period="year")
    assert again.value == 2
    assert list(IssuedNumber.objects.values_list("number", flat=True)) == [1, 2]


def test_peek_next_has_no_side_effect():
    agency = make_agency()
    for _ in range(3):
        assert peek_next(agency=agency, register="di", period="year") == 1
    assert Sequence.objects.count() == 0
    assert IssuedNumber.objects.count() == 0


def test_unique_constraint_refuses_a_reused_number():
    agency = make_agency()
    taken = next_number(agency=agency, register="di", period="year")
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedNumber.objects.create(
            agency=agency, register="di", period_key=taken.period_key, number=taken.value
        )


def test_case_reference_is_recorded_and_linked_later():
    agency = make_agency()
    other = make_agency()
    by_instance = next_number(agency=agency, register="di", period="year", case=other)
    assert by_instance.issued.case == other
    by_label = next_number(agency=agency, register="di", period="year", case="Hồ sơ giấy số 7")
    assert by_label.issued.case_label == "Hồ sơ giấy số 7"
    assert by_label.issued.case is None
    linked = link_case(issued=by_label.issued, case=other)
    assert linked.case == other
    with pytest.raises(ValidationError) as exc:
        link_case(issued=by_instance.issued, case=agency)
    assert exc.value.code == "already_linked"


# --- voiding --------------------------------------------------------------------------------


@pytest.fixture
def logged(monkeypatch):
    """Calls to the event log (passed through to the real one), as (kwargs, returned event)."""
    from vanphong.core import eventlog

    calls = []
    real = eventlog.record

    def spy(**kwargs):
        event = real(**kwargs)
        calls.append((kwargs, event))
        return event

    monkeypatch.setattr(eventlog, "record", spy)
    return calls


def _clerk(agency):
    return make_official(agency, roles=(Role.VAN_THU,))


@pytest.mark.rule("ND30-D15-GAPLESS")
def test_nd30_d15_gapless_voided_number_is_logged_and_never_reissued(logged):
    agency = make_agency()
    clerk = _clerk(agency)
    taken = next_number(agency=agency, register="di", period="year", case="dự thảo")
    with clock.frozen_at(dt.datetime(2026, 5, 4, 9, 30)):
        voided = void_number(acting_user=clerk, issued=taken.issued, reason="Cấp nhầm sổ")
    assert voided.voided_at == dt.datetime(2026, 5, 4, 9, 30, tzinfo=clock.VN_TZ)
    assert (voided.void_reason, voided.voided_by) == ("Cấp nhầm sổ", clerk)
    assert taken.issued.is_void  # the caller's instance is refreshed

    [(call, event)] = logged
    assert event is not None  # the event log really recorded it, in this transaction
    assert (call["action"], call["actor"], call["agency"]) == ("numbering.void", clerk, agency)
    assert call["case"] == voided
    assert call["payload"]["number"] == 1
    assert call["payload"]["reason"] == "Cấp nhầm sổ"
    assert call["payload"]["case_label"] == "dự thảo"

    # The voided number stays taken: the next one is 2, and 1 is never handed out again.
    assert next_number(agency=agency, register="di", period="year").value == 2
    assert IssuedNumber.objects.filter(number=1).count() == 1
    with pytest.raises(ValidationError) as exc:
        void_number(acting_user=clerk, issued=taken.issued, reason="lần nữa")
    assert exc.value.code == "already_voided"


@pytest.mark.rule("ND30-D15-GAPLESS")
@pytest.mark.parametrize("reason", ["", "   ", None])
def test_nd30_d15_gapless_void_refused_without_reason(reason, logged):
    agency = make_agency()
    taken = next_number(agency=agency, register="di", period="year")
    with pytest.raises(ValidationError) as exc:
        void_number(acting_user=_clerk(agency), issued=taken.issued, reason=reason)
    assert exc.value.error_dict["reason"][0].code == "void_reason_required"
    taken.issued.refresh_from_db()
    assert taken.issued.voided_at is None
    assert logged == []


def test_void_refused_to_officials_without_the_role_or_of_another_agency():
    agency = make_agency()
    taken = next_number(agency=agency, register="di", period="year")
    for user in (make_official(agency), _clerk(make_agency())):
        with pytest.raises(PermissionDenied):
            void_number(acting_user=user, issued=taken.issued, reason="Nhầm")
    taken.issued.refresh_from_db()
    assert taken.issued.voided_at is None


def test_database_refuses_a_void_without_reason():
    agency = make_agency()
    taken = next_number(agency=agency, register="di", period="year")
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedNumber.objects.filter(pk=taken.issued.pk).update(voided_at=clock.now())


# --- property: whatever the mix of commits and rollbacks, the survivors are 1..n -------------


@pytest.mark.rule("ND30-D15-GAPLESS")
@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(
        st.tuples(st.sampled_from(["di", "den", "mat"]), st.booleans(), st.booleans()),
        max_size=25,
    )
)
def test_nd30_d15_gapless_property_survivors_are_one_to_n(steps):
    agency = make_agency()  # a fresh agency per example: fresh sequences
    kept: dict[str, list[int]] = {"di": [], "den": [], "mat": []}
    for register, rollback, nested in steps:
        try:
            with transaction.atomic():
                if nested:
                    with transaction.atomic():
                        taken = next_number(agency=agency, register=register, period="year")
                else:
                    taken = next_number(agency=agency, register=register, period="year")
                if rollback:
                    raise _Rollback
        except _Rollback:
            continue
        kept[register].append(taken.value)
    for register, values in kept.items():
        assert values == list(range(1, len(values) + 1))
        assert peek_next(agency=agency, register=register, period="year") == len(values) + 1
        in_db = IssuedNumber.objects.filter(agency=agency, register=register)
        assert sorted(in_db.values_list("number", flat=True)) == values
