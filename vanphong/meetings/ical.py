"""Personal iCalendar feeds (RFC 5545) of the meetings an official chairs or attends.

* UID: ``<meeting.uid>@vanphong`` — the same for the life of the meeting (§3.8.4.7);
* SEQUENCE: ``meeting.sequence``, raised by every service that changes the meeting (§3.8.7.4);
* STATUS: CONFIRMED, or CANCELLED once the meeting is cancelled (§3.8.1.11) — a cancelled
  meeting stays in the feed so calendar clients remove it;
* times in Asia/Ho_Chi_Minh with its VTIMEZONE (§3.6.5): UTC+7 since 13/6/1975, no DST.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _
from icalendar import Calendar, Event, Timezone, TimezoneStandard

from vanphong.core import clock

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


def _event(meeting: Meeting, stamp: dt.datetime, base_url: str) -> Event:
    event = Event()
    event.add("uid", uid_of(meeting))
    event.add("sequence", meeting.sequence)
    event.add("dtstamp", stamp)
    event.add("last-modified", meeting.updated_at.astimezone(dt.UTC))
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


def build_feed(meetings, *, name: str, base_url: str = "") -> bytes:
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
        cal.add_component(_event(meeting, stamp, base_url))
    return cal.to_ical()
