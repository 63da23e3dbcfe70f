"""The meetings demo step: rooms, two weeks of meetings, a published schedule; idempotent."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import call_command

from vanphong.core import clock
from vanphong.meetings.models import Meeting, MeetingState, Room, ScheduleState, ScheduleWeek

pytestmark = pytest.mark.django_db


def test_seed_demo_meetings_once(client):
    clock.travel_to(dt.datetime(2026, 7, 8, 12, 0, tzinfo=clock.VN_TZ))  # a Wednesday noon
    call_command("seed_demo", stdout=io.StringIO())
    assert Room.objects.count() == 4
    meetings = Meeting.objects.count()
    assert meetings == 9
    # ended before Wednesday noon: Monday (2), Tuesday, Wednesday morning
    assert Meeting.objects.filter(state=MeetingState.HELD).count() == 4
    assert Meeting.objects.filter(online=True).exclude(online_room="").count() == 1
    published = ScheduleWeek.objects.get(state=ScheduleState.PUBLISHED)
    assert published.week_start == dt.date(2026, 7, 6)
    assert published.entries.filter(changed_after_publish=True).exists()
    body = client.get(f"/cong-khai/lich-cong-tac/{published.agency_id}/?tuan=2026-07-06")
    assert "Giao ban Thường trực UBND tỉnh" in body.content.decode()
    call_command("seed_demo", stdout=io.StringIO())
    assert (Room.objects.count(), Meeting.objects.count()) == (4, meetings)
