"""Personal iCalendar feeds (RFC 5545) of the meetings an official chairs or attends.

* UID: ``<meeting.uid>@vanphong`` — the same for the life of the meeting (§3.8.4.7);
* SEQUENCE: ``meeting.sequence``, raised by every service that changes the meeting (§3.8.7.4);
* STATUS: CONFIRMED, or CANCELLED once the meeting is cancelled (§3.8.1.11) — a cancelled
  meeting stays in the feed so calendar clients remove it;
* times in Asia/Ho_Chi_Minh with its VTIMEZONE (§3.6.5): UTC+7 since 13/6/1975, no DST;
* ATTENDEE: the feed owner only, with ROLE and PARTSTAT (§3.2.16, §3.2.12) from their answer
  to the invitation (NEEDS-ACTION, ACCEPTED, DECLINED, DELEGATED when they sent a deputy); the
  answer is not an organiser's revision, so it moves LAST-MODIFIED, not SEQUENCE.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneStandard, vCalAddress, vText

from vanphong.core import clock

from . import selectors
from .models import Meeting, MeetingState

PRODID = "-//VanPhong//Lich hop//VI"
TZID = "Asia/Ho_Chi_Minh"


def uid_of(meeting: Meeting) -> str:
    return f"{meeting.uid}@vanphong"


def vtimezone() -> Timezone:
    tz = Timezone()
    tz.add("tzid", TZID)
    standard = TimezoneStandard()
    standard.add("dtstart", dt.datetime(1975, 6, 13, 0, 0))
    standard.add("tzoffsetfrom", dt.timedelta(hours=8))
    standard.add("tzoffsetto", dt.timedelta(hours=7))
    standard.add("tzname", "ICT")
    tz.add_component(standard)
    return tz


def _attendee(meeting: Meeting, owner) -> tuple[vCalAddress, dt.datetime]:
    """The owner's ATTENDEE property and the last moment their answer changed."""
    rows = getattr(meeting, "feed_rows", None)
    if rows is None:
        rows = [
            p
            for p in meeting.participants.all()
            if owner.pk in (p.official_id, p.attendee_id, p.substitute_id)
        ]
    role, partstat = selectors.partstat_for(meeting, owner.pk, rows)
    address = vCalAddress(
        f"mailto:{owner.email}" if owner.email else f"urn:vanphong:can-bo:{owner.pk}"
    )
    address.params["cn"] = vText(owner.full_name or owner.username)
    address.params["role"] = vText(role)
    address.params["partstat"] = vText(partstat)
    answered = [p.responded_at for p in rows if p.responded_at]
    return address, max([meeting.updated_at, *answered])


def _event(meeting: Meeting, stamp: dt.datetime, base_url: str, owner=None) -> Event:
    event = Event()
    event.add("uid", uid_of(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp)
    modified = meeting.updated_at
    if owner is not None:
        attendee, modified = _attendee(meeting, owner)
        event.add("attendee", attendee, encode=0)
    event.add("last-modified", modified.astimezone(dt.UTC))
    event.add("created", meeting.created_at.astimezone(dt.UTC))
    event.add("dtstart", clock.local(meeting.starts_at))
    event.add("dtend", clock.local(meeting.ends_at))
    event.add("summary", meeting.title)
    lines = [_("Chủ trì: %(name)s") % {"name": meeting.chair.full_name}]
    if meeting.description:
        lines.append(meeting.description)
    if meeting.online_url:
        lines.append(_("Phòng họp trực tuyến: %(url)s") % {"url": meeting.online_url})
    event.add("description", "\n".join(lines))
    if meeting.place_label:
        event.add("location", meeting.place_label)
    if meeting.online_url:
        event.add("conference", meeting.online_url, parameters={"VALUE": "URI"})
    if base_url:
        event.add("url", f"{base_url.rstrip('/')}/cuoc-hop/{meeting.pk}/")
    cancelled = meeting.state == MeetingState.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    return event


def build_feed(meetings, *, name: str, base_url: str = "", owner=None) -> bytes:
    """The calendar of ``meetings``; with ``owner`` (the feed's official) each event carries
    their ATTENDEE line with PARTSTAT."""
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    cal.add("x-wr-timezone", TZID)
    cal.add_component(vtimezone())
    stamp = clock.now().astimezone(dt.UTC)
    for meeting in meetings:
        cal.add_component(_event(meeting, stamp, base_url, owner))
    return cal.to_ical()
