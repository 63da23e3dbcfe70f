"""Attendance confirmation (xác nhận tham dự): each invitee attends, declines with a reason or
sends a deputy; the organiser sees the answers with counts (page, HTMX, API); the event log;
the invitee's iCalendar feed shows their PARTSTAT."""

from __future__ import annotations

import json

import pytest
from icalendar import Calendar

from vanphong.core import clock, eventlog
from vanphong.core.errors import DomainError
from vanphong.meetings import selectors, services
from vanphong.meetings.models import Participant, ParticipantResponse, ScheduleEntry
from vanphong.meetings.tests.builders import at, meeting, world
from vanphong.org.models import Role
from vanphong.org.testing import api_headers, login_verified, make_agency, make_official

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    clock.travel_to(at(2026, 7, 6, 10))  # a Monday


def _setup():
    w = world()
    m = meeting(w, people=[w.chief, w.vice], units=[w.economy], schedule=True)
    parts = {
        ("o", p.official_id) if p.official_id else ("u", p.unit_id): p for p in m.participants.all()
    }
    return w, m, parts


def test_attend_decline_with_reason_and_deputy_are_counted_for_the_organiser():
    w, m, parts = _setup()
    deputy = make_official(w.office, roles=(Role.LANH_DAO_VAN_PHONG,), full_name="Phó Chánh")
    assert selectors.attendance_counts(list(m.participants.all()))["cho_xac_nhan"] == 3
    services.participant_respond(
        w.chief, parts["o", w.chief.pk], response="cu_du_thay", substitute=deputy
    )
    services.participant_respond(
        w.vice, parts["o", w.vice.pk], response="khong_tham_du", reason="Đi công tác Hà Nội"
    )
    services.participant_respond(
        w.head_kt, parts["u", w.economy.pk], response="tham_du", attendee=w.head_kt
    )
    rows = list(Participant.objects.filter(meeting=m))
    counts = selectors.attendance_counts(rows)
    assert (counts["tham_du"], counts["cu_du_thay"], counts["khong_tham_du"]) == (1, 1, 1)
    assert (counts["cho_xac_nhan"], counts["total"]) == (0, 3)
    vice = Participant.objects.get(pk=parts["o", w.vice.pk].pk)
    assert vice.response_reason == "Đi công tác Hà Nội" and vice.responded_by == w.vice
    assert vice.present_person is None  # a declined invitation books nobody
    m.refresh_from_db()
    assert selectors.people_of(m) == {w.chairman.pk, deputy.pk, w.head_kt.pk}
    events = [e for e in eventlog.trail(m) if e.action == "meetings.participant_respond"]
    assert [e.payload["response"] for e in events] == ["cu_du_thay", "khong_tham_du", "tham_du"]
    assert events[1].payload["reason"] == "Đi công tác Hà Nội"


def test_bad_answers_are_refused_and_nothing_written():
    w, m, parts = _setup()
    outsider = make_official(make_agency(name="Sở khác"), roles=(Role.LANH_DAO_PHONG,))
    before = eventlog.events().count()
    cases = [
        (
            w.vice,
            parts["o", w.vice.pk],
            {"response": "khong_tham_du", "reason": "  "},
            "reason_required",
        ),
        (w.vice, parts["o", w.vice.pk], {"response": "cho_xac_nhan"}, "response_invalid"),
        (w.vice, parts["o", w.vice.pk], {"response": "cu_du_thay"}, "substitute_required"),
        (
            w.vice,
            parts["o", w.vice.pk],
            {"response": "cu_du_thay", "substitute": w.vice},
            "substitute_invalid",
        ),
        (w.head_kt, parts["u", w.economy.pk], {"response": "tham_du"}, "attendee_required"),
        (outsider, parts["o", w.vice.pk], {"response": "tham_du"}, "meeting_forbidden"),
    ]
    for actor, part, kwargs, code in cases:
        with pytest.raises(DomainError) as e:
            services.participant_respond(actor, part, **kwargs)
        assert e.value.code == code
        assert e.value.status in (400, 403)
        assert e.value.message  # a Vietnamese sentence
    assert eventlog.events().count() == before
    assert set(Participant.objects.filter(meeting=m).values_list("response", flat=True)) == {
        "cho_xac_nhan"
    }
    services.meeting_cancel(w.clerk, m, reason="Lãnh đạo bận đột xuất")
    with pytest.raises(DomainError) as e:
        services.participant_respond(w.vice, parts["o", w.vice.pk], response="tham_du")
    assert (e.value.status, e.value.code) == (409, "meeting_closed")


def test_the_organiser_may_record_an_answer_and_a_plain_answer_keeps_the_sequence():
    w, m, parts = _setup()
    sequence = m.sequence
    part = services.participant_respond(w.clerk, parts["o", w.vice.pk], response="tham_du")
    assert part.responded_by == w.clerk
    m.refresh_from_db()
    assert m.sequence == sequence  # an answer is not the organiser's revision
    deputy = make_official(w.committee, full_name="Chuyên viên Thường trực")
    services.participant_respond(w.vice, part, response="cu_du_thay", substitute=deputy)
    m.refresh_from_db()
    assert m.sequence == sequence + 1  # who attends changed
    part = services.participant_respond(w.vice, part, response="tham_du")
    assert part.substitute is None


def test_a_declining_leader_leaves_the_weekly_schedule_marked():
    w, m, parts = _setup()
    week = services.schedule_week_build(w.clerk, agency=w.office, week_start=at(2026, 7, 6).date())
    assert week.entries.filter(meeting=m, leader=w.vice, cancelled=False).exists()
    services.schedule_approve(w.chief, week)
    services.schedule_publish(w.chief, week)
    services.participant_respond(
        w.vice, parts["o", w.vice.pk], response="khong_tham_du", reason="Tiếp đoàn công tác"
    )
    entry = ScheduleEntry.objects.get(week=week, meeting=m, leader=w.vice)
    assert entry.cancelled and entry.changed_after_publish


@pytest.mark.rule("MEETINGS-ICAL-RFC5545")
def test_each_feed_shows_its_owner_partstat(client):
    w, m, parts = _setup()
    deputy = make_official(w.office, roles=(Role.LANH_DAO_VAN_PHONG,), full_name="Phó Chánh")

    def attendee(official):
        raw = services.feed_token_regenerate(official)
        [event] = Calendar.from_ical(client.get(f"/lich-hop/{raw}.ics").content).walk("VEVENT")
        return event["ATTENDEE"], event

    value, _event = attendee(w.vice)
    assert value.params["PARTSTAT"] == "NEEDS-ACTION" and value.params["CN"] == "Trần Văn Phó"
    services.participant_respond(
        w.vice, parts["o", w.vice.pk], response="khong_tham_du", reason="Đi công tác"
    )
    services.participant_respond(
        w.chief, parts["o", w.chief.pk], response="cu_du_thay", substitute=deputy
    )
    value, event = attendee(w.vice)
    assert value.params["PARTSTAT"] == "DECLINED"
    assert (
        int(event["SEQUENCE"])
        == Participant.objects.get(pk=parts["o", w.vice.pk].pk).meeting.sequence
    )
    assert attendee(w.chief)[0].params["PARTSTAT"] == "DELEGATED"
    assert attendee(deputy)[0].params["PARTSTAT"] == "ACCEPTED"
    chair, _event = attendee(w.chairman)
    assert (chair.params["ROLE"], chair.params["PARTSTAT"]) == ("CHAIR", "ACCEPTED")


def test_page_htmx_answer_and_counts(client):
    w, m, parts = _setup()
    login_verified(client, w.vice)
    url = f"/cuoc-hop/{m.pk}/xac-nhan/{parts['o', w.vice.pk].pk}/"
    body = client.post(url, {"response": "khong_tham_du", "reason": ""}, HTTP_HX_REQUEST="true")
    assert "Nhập lý do không tham dự cuộc họp." in body.content.decode()
    response = client.post(
        url, {"response": "khong_tham_du", "reason": "Họp HĐND"}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert response.status_code == 200 and 'id="meeting-body"' in html
    assert "Đã ghi nhận: Không tham dự." in html
    assert 'data-count="khong_tham_du">Không tham dự: 1' in html
    assert "Họp HĐND" in html
    client.logout()
    login_verified(client, w.clerk)
    page = client.get(f"/cuoc-hop/{m.pk}/").content.decode()
    assert 'data-count="cho_xac_nhan">Chưa xác nhận: 2' in page


def test_api_lists_answers_with_counts_and_records_one(client):
    w, m, parts = _setup()
    headers = api_headers(w.head_kt)
    url = f"/api/v1/meetings/meetings/{m.pk}/participants/{parts['u', w.economy.pk].pk}/response"
    bad = client.post(url, json.dumps({"response": "tham_du"}), "application/json", **headers)
    assert bad.status_code == 400 and bad.json()["code"] == "attendee_required"
    ok = client.post(
        url,
        json.dumps({"response": "tham_du", "attendee_id": w.head_kt.pk}),
        "application/json",
        **headers,
    )
    assert ok.status_code == 200, ok.content
    assert ok.json()["response"] == "tham_du" and ok.json()["attendee_id"] == w.head_kt.pk
    listed = client.get(f"/api/v1/meetings/meetings/{m.pk}/participants", **headers).json()
    assert (listed["total"], listed["tham_du"], listed["cho_xac_nhan"]) == (3, 1, 2)
    assert ParticipantResponse.ATTENDING in {p["response"] for p in listed["participants"]}
