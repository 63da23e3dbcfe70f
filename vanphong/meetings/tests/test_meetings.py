"""Meetings: period, room and leader conflicts, online rooms, participants, agenda, minutes,
conclusions, and the rights of each role."""

from __future__ import annotations

import re

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from vanphong.core import clock, eventlog
from vanphong.core.errors import DomainError
from vanphong.meetings import selectors, services
from vanphong.meetings.models import Meeting, MeetingState, Participant
from vanphong.meetings.tests.builders import at, meeting, world
from vanphong.org.models import Role
from vanphong.org.testing import make_agency, make_official, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    clock.travel_to(at(2026, 7, 6, 10))  # a Monday


def _row_counts():
    return {m._meta.label: m._default_manager.count() for m in apps.get_models()}


@pytest.mark.rule("MEETINGS-THOIGIAN-HOP")
@pytest.mark.parametrize(
    ("start", "end"),
    [(at(2026, 7, 8, 10), at(2026, 7, 8, 9)), (at(2026, 7, 8, 10), at(2026, 7, 8, 10))],
)
def test_meeting_ending_before_it_starts_is_refused_and_nothing_written(start, end):
    w = world()
    before = _row_counts()
    with pytest.raises(DomainError) as excinfo:
        meeting(w, starts_at=start, ends_at=end, schedule=True)
    assert excinfo.value.code == "meeting_ends_before_start"
    assert excinfo.value.status == 400
    assert "kết thúc phải sau" in str(excinfo.value.message)
    assert excinfo.value.fields["ends_at"]
    assert _row_counts() == before


@pytest.mark.rule("MEETINGS-THOIGIAN-HOP")
def test_update_ending_before_start_is_refused_and_meeting_unchanged():
    w = world()
    m = meeting(w, schedule=True)
    with pytest.raises(DomainError) as excinfo:
        services.meeting_update(w.clerk, m, ends_at=at(2026, 7, 8, 7))
    assert excinfo.value.code == "meeting_ends_before_start"
    m.refresh_from_db()
    assert m.ends_at == at(2026, 7, 8, 10) and m.sequence == 1


@pytest.mark.rule("MEETINGS-TRUNG-PHONG")
def test_room_booked_twice_is_refused():
    w = world()
    meeting(w, schedule=True)
    before = _row_counts()
    with pytest.raises(DomainError) as excinfo:
        meeting(
            w,
            title="Họp khác",
            chair=w.chief,
            starts_at=at(2026, 7, 8, 9, 30),
            ends_at=at(2026, 7, 8, 11),
            schedule=True,
        )
    assert excinfo.value.code == "room_conflict" and excinfo.value.status == 409
    assert "Phòng họp số 1" in excinfo.value.message
    assert _row_counts() == before
    # back to back is not a clash; another room is free; a draft books nothing
    meeting(
        w,
        title="Nối tiếp",
        chair=w.chief,
        starts_at=at(2026, 7, 8, 10),
        ends_at=at(2026, 7, 8, 11),
        schedule=True,
    )
    meeting(w, title="Phòng khác", chair=w.vice, room=w.small_room, schedule=True)
    draft = meeting(
        w, title="Dự kiến", chair=w.vice, starts_at=at(2026, 7, 8, 9), ends_at=at(2026, 7, 8, 9, 30)
    )
    assert draft.state == MeetingState.DRAFT
    with pytest.raises(DomainError) as excinfo:
        services.meeting_schedule(w.clerk, draft)
    assert excinfo.value.code == "room_conflict"


@pytest.mark.rule("MEETINGS-TRUNG-PHONG")
def test_cancelled_meeting_frees_its_room():
    w = world()
    first = meeting(w, schedule=True)
    services.meeting_cancel(w.clerk, first, reason="Lãnh đạo đi công tác")
    second = meeting(w, title="Họp thay", chair=w.chief, schedule=True)
    assert second.state == MeetingState.SCHEDULED


@pytest.mark.rule("MEETINGS-TRUNG-LICH-LANH-DAO")
def test_leader_booked_twice_is_warned_and_an_explicit_override_is_logged():
    w = world()
    meeting(w, schedule=True)  # the chairman chairs 8:00–10:00
    before = _row_counts()
    with pytest.raises(DomainError) as excinfo:
        meeting(
            w,
            title="Tiếp đoàn công tác",
            chair=w.vice,
            people=[w.chairman],
            room=w.small_room,
            starts_at=at(2026, 7, 8, 9),
            ends_at=at(2026, 7, 8, 11),
            schedule=True,
        )
    assert excinfo.value.code == "leader_conflict" and excinfo.value.status == 409
    assert "Nguyễn Văn Chủ" in excinfo.value.message
    assert "override_conflicts" in excinfo.value.fields
    assert _row_counts() == before
    m = meeting(
        w,
        title="Tiếp đoàn công tác",
        chair=w.vice,
        people=[w.chairman],
        room=w.small_room,
        starts_at=at(2026, 7, 8, 9),
        ends_at=at(2026, 7, 8, 11),
        schedule=True,
        override_conflicts=True,
        override_reason="Chủ tịch dự phần đầu",
    )
    assert m.state == MeetingState.SCHEDULED
    ev = eventlog.trail(m).filter(action="meetings.leader_conflict_override").get()
    assert ev.actor_id == w.clerk.pk
    assert ev.payload["conflicts"][0]["official_id"] == w.chairman.pk
    assert ev.payload["reason"] == "Chủ tịch dự phần đầu"


@pytest.mark.rule("MEETINGS-TRUNG-LICH-LANH-DAO")
def test_non_leaders_are_not_warned_and_a_unit_attendee_who_is_a_leader_is():
    w = world()
    meeting(w, people=[w.clerk], schedule=True)
    # the specialist is in two meetings: not a leader, no warning
    meeting(w, title="Họp tổ", chair=w.head_kt, people=[w.clerk], room=w.small_room, schedule=True)
    m = meeting(
        w,
        title="Họp chiều",
        chair=w.vice,
        units=[w.economy],
        room=w.small_room,
        starts_at=at(2026, 7, 8, 14),
        ends_at=at(2026, 7, 8, 16),
        schedule=True,
    )
    part = m.participants.get(unit=w.economy)
    services.participant_update(w.head_kt, part, attendee=w.head_kt)
    assert services.leader_conflicts(m) == []
    # moving the afternoon meeting onto the morning: the head (named by the unit) is booked
    with pytest.raises(DomainError) as excinfo:
        services.meeting_update(
            w.clerk,
            m,
            starts_at=at(2026, 7, 8, 8),
            ends_at=at(2026, 7, 8, 9),
            room=None,
            place="Hội trường tầng 3",
        )
    assert excinfo.value.code == "leader_conflict"
    assert "Hoàng Trưởng Phòng" in excinfo.value.message


def test_unit_names_attendee_and_a_deputy_may_be_sent():
    w = world()
    m = meeting(w, people=[w.chief], units=[w.economy], schedule=True)
    part = m.participants.get(unit=w.economy)
    outsider_agency = make_agency(name="Sở khác")
    outsider = make_official(outsider_agency, roles=(Role.LANH_DAO_PHONG,))
    with pytest.raises(DomainError) as excinfo:
        services.participant_update(outsider, part, attendee=outsider)
    assert excinfo.value.status == 403
    with pytest.raises(DomainError) as excinfo:
        services.participant_update(w.head_kt, part, attendee=None)
    assert excinfo.value.code == "attendee_required"
    services.participant_update(w.head_kt, part, attendee=w.head_kt, substitute=w.clerk)
    part.refresh_from_db()
    assert part.attendee == w.head_kt and part.substitute == w.clerk
    assert part.present_person == w.clerk
    invited = m.participants.get(official=w.chief)
    deputy = make_official(w.office, roles=(Role.LANH_DAO_VAN_PHONG,), full_name="Phó Chánh")
    services.participant_update(w.chief, invited, substitute=deputy)
    invited.refresh_from_db()
    assert invited.present_person == deputy
    m.refresh_from_db()
    assert m.sequence == 3  # scheduled, then two changes
    assert selectors.people_of(m) == {w.chairman.pk, deputy.pk, w.clerk.pk}


@override_settings(MEETING_ROOM_BASE_URL="https://hop.hungyen.example/")
def test_online_meeting_gets_an_unguessable_room_on_the_configured_server():
    w = world()
    a = meeting(w, online=True, room=None, schedule=True)
    b = meeting(w, online=True, room=None, title="Khác", chair=w.vice, schedule=True)
    assert a.online_url.startswith("https://hop.hungyen.example/vp-")
    assert len(a.online_room) == 35 and a.online_room != b.online_room
    assert re.fullmatch(r"vp-[0-9a-f]{32}", a.online_room)  # 128 random bits, nothing else
    services.meeting_update(w.clerk, a, title="Họp trực tuyến giải ngân")
    a.refresh_from_db()
    assert a.online_url.startswith("https://hop.hungyen.example/vp-")  # the room stays
    services.meeting_update(w.clerk, a, online=False, place="Hội trường")
    a.refresh_from_db()
    assert a.online_url == "" and a.online_room == ""


def test_online_url_default_base():
    w = world()
    a = meeting(w, online=True, room=None)
    with override_settings():
        from django.conf import settings

        if hasattr(settings, "MEETING_ROOM_BASE_URL"):
            del settings.MEETING_ROOM_BASE_URL
        assert a.online_url.startswith("https://meet.jit.si/vp-")


def test_place_is_required_and_room_must_belong_to_the_organiser():
    w = world()
    with pytest.raises(DomainError) as excinfo:
        meeting(w, room=None)
    assert excinfo.value.code == "place_required"
    other = make_agency(name="Sở Xây dựng")
    chief = make_official(other, roles=(Role.LANH_DAO_VAN_PHONG,))
    foreign = services.room_create(chief, agency=other, name="Phòng họp Sở", capacity=20)
    with pytest.raises(DomainError) as excinfo:
        meeting(w, room=foreign)
    assert excinfo.value.code == "room_invalid"


def test_rights_visibility_and_sequence():
    w = world()
    outsider = make_official(make_agency(name="Sở Y tế"), roles=(Role.CHUYEN_VIEN,))
    with pytest.raises(DomainError) as excinfo:
        meeting(w, actor=outsider)
    assert excinfo.value.status == 403
    dept = make_agency(name="Sở Tài chính thử")
    dept_unit = make_unit(dept, name="Phòng Ngân sách", abbreviation="NS")
    dept_head = make_official(dept, unit=dept_unit, roles=(Role.LANH_DAO_PHONG,), is_head=True)
    m = meeting(w, units=[dept_unit])
    visible = set(selectors.meetings_for_list(dept_head).values_list("pk", flat=True))
    assert m.pk in visible
    assert not selectors.meetings_for_list(outsider).exists()
    # the Committee and its Office share one calendar
    assert selectors.meetings_for_list(w.vice).filter(pk=m.pk).exists()
    with pytest.raises(DomainError):
        services.meeting_update(dept_head, m, title="Đổi tên")
    assert m.sequence == 0
    services.meeting_schedule(w.clerk, m)
    services.meeting_update(w.chairman, m, title="Đổi tên")  # the chair may change it
    m.refresh_from_db()
    assert m.sequence == 2 and m.title == "Đổi tên"


def test_cancel_needs_reason_and_closed_meetings_do_not_change():
    w = world()
    m = meeting(w, schedule=True)
    with pytest.raises(DomainError) as excinfo:
        services.meeting_cancel(w.clerk, m, reason="  ")
    assert excinfo.value.code == "reason_required"
    services.meeting_cancel(w.clerk, m, reason="Hoãn")
    with pytest.raises(DomainError) as excinfo:
        services.meeting_update(w.clerk, m, title="x")
    assert excinfo.value.code == "meeting_closed"
    assert Meeting.objects.get(pk=m.pk).state == MeetingState.CANCELLED


def test_agenda_materials_minutes_and_conclusions():
    w = world()
    m = meeting(w, schedule=True, preparing_unit=w.economy)
    item = services.agenda_item_add(
        w.clerk, m, title="Báo cáo tiến độ", presenting_unit=w.economy, minutes=30
    )
    pdf = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    material = services.material_add(w.clerk, item, file=pdf)
    assert material.attachment.case == Meeting.objects.get(pk=m.pk)
    assert material.title == "bao-cao.pdf"
    with pytest.raises(DomainError) as excinfo:
        services.material_add(w.clerk, item)
    assert excinfo.value.code == "material_required"
    bad = SimpleUploadedFile("bao-cao.pdf", b"khong phai pdf")
    with pytest.raises(DomainError):
        services.material_add(w.clerk, item, file=bad)
    # before the meeting: no minutes, no conclusions
    with pytest.raises(DomainError) as excinfo:
        services.minutes_save(w.clerk, m, text="Biên bản")
    assert excinfo.value.code == "meeting_not_started"
    clock.travel_to(at(2026, 7, 8, 11))
    with pytest.raises(DomainError) as excinfo:
        services.conclusion_add(
            w.clerk, m, content="Giao Sở", due_date=at(2026, 7, 7).date(), lead_unit=w.economy
        )
    assert excinfo.value.code == "due_before_meeting"
    assert Meeting.objects.get(pk=m.pk).state == MeetingState.SCHEDULED  # nothing half-written
    with pytest.raises(DomainError) as excinfo:
        services.conclusion_add(w.clerk, m, content="Không ai chủ trì")
    assert excinfo.value.code == "lead_required"
    services.minutes_save(w.clerk, m, text="Thành phần: ...\nÝ kiến: ...")
    m.refresh_from_db()
    assert m.state == MeetingState.HELD
    c1 = services.conclusion_add(
        w.clerk,
        m,
        content="Phòng Kinh tế tổng hợp",
        lead_unit=w.economy,
        due_date=at(2026, 7, 20).date(),
    )
    c2 = services.conclusion_add(
        w.clerk, m, content="Sở Tài chính bố trí vốn", lead_agency=w.committee
    )
    assert (c1.order, c2.order) == (1, 2)
    assert c1.agency == w.office


def test_conclusions_to_tasks_needs_the_issued_notice():
    w = world()
    m = meeting(w, schedule=True)
    clock.travel_to(at(2026, 7, 8, 11))
    services.conclusion_add(w.clerk, m, content="Giao việc", lead_unit=w.economy)
    with pytest.raises(DomainError) as excinfo:
        services.conclusions_to_tasks(w.clerk, m)
    assert excinfo.value.code in ("notice_not_issued", "tasks_unavailable")
    assert Participant.objects.count() == 0
