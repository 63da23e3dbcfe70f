"""Writing the log: record(), record_view(), trail(), the transaction rules."""

from __future__ import annotations

import datetime as dt
import decimal

import pytest
from django.db import transaction
from django.db.transaction import TransactionManagementError

from vanphong.core import clock, eventlog
from vanphong.core.eventlog.hashing import hash_event
from vanphong.core.eventlog.models import GENESIS_HASH, Event, StreamHead
from vanphong.org.models import Agency
from vanphong.org.testing import make_agency, make_official, make_unit


@pytest.mark.django_db
def test_record_writes_a_chained_event_per_case_stream():
    agency = make_agency()
    unit = make_unit(agency)
    actor = make_official(agency, unit=unit, full_name="Nguyễn Văn An")
    with clock.frozen_at(dt.datetime(2026, 3, 2, 9, 30)):
        first = eventlog.record(
            action="org.agency.update",
            actor=actor,
            unit=unit,
            case=unit,
            from_state="draft",
            to_state="active",
            due_at=dt.datetime(2026, 3, 5, 17, 0),
            payload={"ghi_chú": "Quyết định", "n": 1.0, "d": decimal.Decimal("2.50")},
        )
        second = eventlog.record(action="org.agency.close", actor=None, case=unit)
    assert first.stream == f"org.unit:{unit.pk}"
    assert (first.seq, second.seq) == (1, 2)
    assert first.prev_hash == GENESIS_HASH and second.prev_hash == first.hash
    assert first.agency_id == agency.pk  # taken from the case when not given
    assert first.actor_name == "Nguyễn Văn An"
    assert first.case_type == "org.unit" and first.case_id == str(unit.pk)
    assert first.payload == {"ghi_chú": "Quyết định", "n": 1, "d": "2.50"}
    stored = Event.objects.get(pk=first.pk)
    assert stored.occurred_at == clock.local(dt.datetime(2026, 3, 2, 9, 30))
    assert hash_event(stored) == stored.hash
    head = StreamHead.objects.get(stream=first.stream)
    assert (head.last_seq, head.last_hash) == (2, second.hash)


@pytest.mark.django_db
def test_default_streams_agency_and_system():
    agency = make_agency()
    assert eventlog.record(action="x.a", agency=agency).stream == f"agency:{agency.pk}"
    about_agency = eventlog.record(action="x.d", case=agency)
    assert about_agency.stream == f"org.agency:{agency.pk}" and about_agency.agency_id == agency.pk
    assert eventlog.record(action="x.b").stream == "system"
    assert eventlog.record(action="x.c", stream="custom:1").stream == "custom:1"


@pytest.mark.django_db(transaction=True)
def test_record_inside_a_transaction_that_rolls_back_leaves_nothing():
    agency = make_agency()

    class Boom(Exception):
        pass

    with pytest.raises(Boom), transaction.atomic():
        eventlog.record(action="x.change", case=agency)
        raise Boom
    assert not Event.objects.exists()
    assert not StreamHead.objects.exists()
    with transaction.atomic():
        ev = eventlog.record(action="x.change", case=agency)
    assert ev.seq == 1


@pytest.mark.django_db(transaction=True)
def test_record_refuses_to_run_outside_a_transaction():
    with pytest.raises(TransactionManagementError):
        eventlog.record(action="x.change")
    assert not Event.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_record_view_opens_its_own_transaction_when_needed():
    agency = make_agency()
    viewer = make_official(agency)
    ev = eventlog.record_view(actor=viewer, case=agency, payload={"field": "identity"})
    assert ev.action == eventlog.VIEW_ACTION and ev.actor_id == viewer.pk
    assert Event.objects.filter(pk=ev.pk).exists()


@pytest.mark.django_db
def test_trail_of_a_case_is_ordered():
    agency = make_agency()
    other = make_agency()
    with clock.frozen_at(dt.datetime(2026, 5, 4, 8, 0)):
        eventlog.record(action="a.first", case=agency)
        eventlog.record(action="b.other", case=other)
        eventlog.record(action="a.second", case=agency)  # same instant: order of writing
        clock.advance(dt.timedelta(hours=2))
        eventlog.record(action="a.third", case=agency)
    actions = list(eventlog.trail(agency).values_list("action", flat=True))
    assert actions == ["a.first", "a.second", "a.third"]
    assert list(eventlog.trail(("org.agency", agency.pk))) == list(eventlog.trail(agency))


@pytest.mark.django_db
def test_payload_that_cannot_be_stored_is_refused():
    with pytest.raises(TypeError):
        eventlog.record(action="x.bad", payload={"obj": object()})
    with pytest.raises(ValueError):
        eventlog.record(action="x.bad", payload={"n": float("nan")})
    with pytest.raises(ValueError):
        eventlog.record(action="x.bad", case=Agency())  # unsaved
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_over_long_fields_are_refused_alike_on_every_database():
    with pytest.raises(ValueError, match="action"):
        eventlog.record(action="x" * 101)
    with pytest.raises(ValueError, match="to_state"):
        eventlog.record(action="x.y", to_state="s" * 65)
    assert not Event.objects.exists()


@pytest.mark.django_db
def test_payload_round_trips_through_the_database_and_still_verifies():
    """jsonb reorders keys and rewrites numbers; strings arrive in any Unicode form: the hash is
    over the canonical form, so what the database returns still verifies."""
    nfd = "Quye\u0302\u0301t đi\u0323nh"  # "Quyết định" decomposed
    payload = {
        "z": 1,
        "a": [1.0, 0.1, 1e20, 1.5e-07, 2**70, -0.0, True, None],
        "text": nfd,
        nfd: {"nested": dt.date(2026, 7, 1), "at": dt.datetime(2026, 7, 1, 8, 0)},
        "money": decimal.Decimal("1200000.50"),
    }
    ev = eventlog.record(action="x.payload", payload=payload)
    stored = Event.objects.get(pk=ev.pk)
    assert stored.payload["text"] == "Quyết định"
    assert stored.payload["a"][0] == 1 and stored.payload["a"][2] == 10**20
    assert stored.payload["Quyết định"] == {
        "nested": "2026-07-01",
        "at": "2026-07-01T08:00:00+07:00",
    }
    assert hash_event(stored) == stored.hash
    assert eventlog.verify().ok


@pytest.mark.django_db
def test_events_filters_for_control_forms_and_statistics():
    agency, other = make_agency(), make_agency()
    actor = make_official(agency)
    with clock.frozen_at(dt.datetime(2026, 8, 3, 8, 0)):
        eventlog.record(action="x.receive", agency=agency, actor=actor)
        eventlog.record(action="x.receive", agency=other)
        clock.advance(dt.timedelta(days=1))
        eventlog.record(action="x.finish", agency=agency)
    day = clock.local(dt.datetime(2026, 8, 3))
    assert eventlog.events(agency=agency).count() == 2
    assert eventlog.events(actions=["x.receive"]).count() == 2
    assert eventlog.events(actor=actor).count() == 1
    assert [
        e.action for e in eventlog.events(agency=agency.pk, since=day + dt.timedelta(days=1))
    ] == ["x.finish"]
    assert eventlog.events(until=day + dt.timedelta(hours=8)).count() == 0  # exclusive
