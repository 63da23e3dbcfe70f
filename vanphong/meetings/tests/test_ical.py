"""The personal iCalendar feed, parsed back with ``icalendar``: UID, SEQUENCE, cancellation,
VTIMEZONE, and the secret address."""

from __future__ import annotations

import datetime as dt

import pytest
from icalendar import Calendar

from vanphong.core import clock, eventlog
from vanphong.meetings import services
from vanphong.meetings.tests.builders import at, meeting, world
from vanphong.org.models import Role
from vanphong.org.testing import make_official

pytestmark = [pytest.mark.django_db, pytest.mark.rule("MEETINGS-ICAL-RFC5545")]


@pytest.fixture(autouse=True)
def _today():
    clock.travel_to(at(2026, 7, 6, 10))


def _feed(client, raw: str) -> Calendar:
    response = client.get(f"/lich-hop/{raw}.ics")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def _events(cal: Calendar) -> dict[str, object]:
    return {str(e["UID"]): e for e in cal.walk("VEVENT")}


def test_feed_uid_sequence_and_cancellation_parsed_back(client):
    w = world()
    m = meeting(w, people=[w.chief], schedule=True, description="Chuẩn bị báo cáo")
    other = meeting(
        w, title="Họp không mời Chánh VP", chair=w.vice, room=w.small_room, schedule=True
    )
    draft = meeting(
        w,
        title="Dự kiến",
        people=[w.chief],
        room=w.small_room,
        starts_at=at(2026, 7, 9, 8),
        ends_at=at(2026, 7, 9, 9),
    )
    raw = services.feed_token_regenerate(w.chief)

    cal = _feed(client, raw)
    tz = cal.walk("VTIMEZONE")
    assert [str(t["TZID"]) for t in tz] == ["Asia/Ho_Chi_Minh"]
    events = _events(cal)
    uid = f"{m.uid}@vanphong"
    assert set(events) == {uid}  # not the other meeting, not the draft
    first = events[uid]
    assert int(first["SEQUENCE"]) == 1
    assert str(first["STATUS"]) == "CONFIRMED"
    start = first.decoded("DTSTART")
    assert start == at(2026, 7, 8, 8) and str(start.tzinfo) == "Asia/Ho_Chi_Minh"
    assert first["DTSTART"].params["TZID"] == "Asia/Ho_Chi_Minh"
    assert str(first["SUMMARY"]) == m.title
    assert "Phòng họp số 1" in str(first["LOCATION"])

    services.meeting_update(w.clerk, m, starts_at=at(2026, 7, 8, 14), ends_at=at(2026, 7, 8, 16))
    moved = _events(_feed(client, raw))[uid]
    assert int(moved["SEQUENCE"]) == 2
    assert moved.decoded("DTSTART") == at(2026, 7, 8, 14)

    services.meeting_cancel(w.clerk, m, reason="Hoãn họp")
    cancelled = _events(_feed(client, raw))[uid]
    assert str(cancelled["UID"]) == uid  # stable
    assert int(cancelled["SEQUENCE"]) == 3
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert other and draft


def test_chair_deputy_and_unit_attendee_each_see_the_meeting(client):
    w = world()
    m = meeting(w, units=[w.economy], schedule=True)
    part = m.participants.get()
    services.participant_update(w.head_kt, part, attendee=w.head_kt, substitute=w.clerk)
    for person in (w.chairman, w.head_kt, w.clerk):
        raw = services.feed_token_regenerate(person)
        assert f"{m.uid}@vanphong" in _events(_feed(client, raw))


def test_wrong_or_old_secret_is_404_and_regeneration_is_logged(client):
    w = world()
    meeting(w, schedule=True)
    old = services.feed_token_regenerate(w.chairman)
    new = services.feed_token_regenerate(w.chairman)
    assert old != new and len(new) >= 40
    assert client.get(f"/lich-hop/{old}.ics").status_code == 404
    assert client.get(f"/lich-hop/{new[:-1]}x.ics").status_code == 404
    assert client.get("/lich-hop/khong-dung.ics").status_code == 404
    assert client.get(f"/lich-hop/{new}.ics").status_code == 200
    assert eventlog.trail(w.chairman).filter(action="meetings.feed_token_regenerate").count() == 2
    # only the hash is stored
    assert new not in w.chairman.meeting_feed.token_hash
    w.chairman.is_active = False
    w.chairman.save()
    assert client.get(f"/lich-hop/{new}.ics").status_code == 404


def test_feed_settings_page_shows_the_new_address_once(client):
    w = world()
    person = make_official(w.office, roles=(Role.CHUYEN_VIEN,))
    client.force_login(person)
    page = client.get("/cuoc-hop/lich-rieng/")
    assert page.status_code == 200 and "/lich-hop/" not in page.content.decode()
    page = client.post("/cuoc-hop/lich-rieng/")
    body = page.content.decode()
    assert "/lich-hop/" in body
    raw = body.split("/lich-hop/")[1].split(".ics")[0]
    assert client.get(f"/lich-hop/{raw}.ics").status_code == 200
    assert client.get("/cuoc-hop/lich-rieng/").content.decode().count("/lich-hop/") == 0
    assert dt  # keep the import for readers of the timezone checks
