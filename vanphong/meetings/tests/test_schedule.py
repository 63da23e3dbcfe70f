"""The weekly work schedule: built from meetings and other entries, approved, published
(internal and public pages), printable, changes after publishing marked."""

from __future__ import annotations

import datetime as dt

import pytest

from vanphong.core import clock
from vanphong.core.errors import DomainError
from vanphong.meetings import services
from vanphong.meetings.models import ScheduleEntry, ScheduleState
from vanphong.meetings.tests.builders import at, meeting, world

pytestmark = [pytest.mark.django_db, pytest.mark.rule("MEETINGS-LICH-TUAN-CONG-BO")]
MONDAY = dt.date(2026, 7, 6)


@pytest.fixture(autouse=True)
def _today():
    clock.travel_to(at(2026, 7, 3, 10))  # the Friday before


def _published(w):
    week = services.schedule_week_build(w.clerk, agency=w.office, week_start=MONDAY)
    services.schedule_approve(w.chief, week)
    return services.schedule_publish(w.chief, week)


def test_build_from_meetings_of_the_committee_and_office_leaders():
    w = world()
    m = meeting(w, people=[w.chief, w.clerk], schedule=True)
    meeting(w, title="Dự kiến", chair=w.vice, room=w.small_room)  # a draft: not in the schedule
    meeting(
        w,
        title="Tuần sau",
        chair=w.vice,
        starts_at=at(2026, 7, 14, 8),
        ends_at=at(2026, 7, 14, 9),
        schedule=True,
    )
    week = services.schedule_week_build(w.clerk, agency=w.office, week_start=MONDAY)
    entries = list(week.entries.order_by("leader__full_name"))
    assert {e.leader_id for e in entries} == {w.chairman.pk, w.chief.pk}  # leaders only
    assert all(e.meeting_id == m.pk and not e.changed_after_publish for e in entries)
    assert entries[0].location.startswith("Phòng họp số 1")
    again = services.schedule_week_build(w.clerk, agency=w.office, week_start=MONDAY)
    assert again.pk == week.pk and again.entries.count() == 2  # idempotent
    with pytest.raises(DomainError) as excinfo:
        services.schedule_week_build(
            w.clerk, agency=w.office, week_start=MONDAY + dt.timedelta(days=1)
        )
    assert excinfo.value.code == "not_monday"


def test_approve_then_publish_and_rights():
    w = world()
    meeting(w, schedule=True)
    week = services.schedule_week_build(w.clerk, agency=w.office, week_start=MONDAY)
    with pytest.raises(DomainError) as excinfo:
        services.schedule_publish(w.chief, week)
    assert excinfo.value.code == "not_approved"
    with pytest.raises(DomainError) as excinfo:
        services.schedule_approve(w.clerk, week)
    assert excinfo.value.status == 403
    services.schedule_approve(w.chief, week)
    week = services.schedule_publish(w.chief, week)
    assert week.state == ScheduleState.PUBLISHED and week.published_at == clock.now()


def test_changes_after_publishing_are_marked():
    w = world()
    m = meeting(w, people=[w.chief], schedule=True)
    other = meeting(
        w, title="Làm việc với Sở Xây dựng", chair=w.vice, room=w.small_room, schedule=True
    )
    week = _published(w)
    assert not week.entries.filter(changed_after_publish=True).exists()
    services.meeting_update(w.clerk, m, starts_at=at(2026, 7, 8, 14), ends_at=at(2026, 7, 8, 16))
    moved = week.entries.filter(meeting=m)
    assert moved.count() == 2
    assert all(e.changed_after_publish and "Đổi thời gian" in e.change_note for e in moved)
    services.meeting_cancel(w.clerk, other, reason="Hoãn")
    cancelled = week.entries.get(meeting=other)
    assert cancelled.cancelled and cancelled.changed_after_publish
    added = services.schedule_entry_add(
        w.clerk,
        week,
        leader=w.vice,
        starts_at=at(2026, 7, 9, 8),
        content="Kiểm tra đê sông Hồng",
        location="Huyện Khoái Châu",
    )
    assert added.changed_after_publish and added.change_note == "Bổ sung"
    # a new meeting of a leader in the published week appears, marked
    new = meeting(
        w,
        title="Họp đột xuất phòng chống lụt bão",
        chair=w.vice,
        starts_at=at(2026, 7, 10, 8),
        ends_at=at(2026, 7, 10, 9),
        schedule=True,
    )
    assert week.entries.get(meeting=new).changed_after_publish
    with pytest.raises(DomainError) as excinfo:
        services.schedule_entry_add(
            w.clerk, week, leader=w.vice, starts_at=at(2026, 7, 20, 8), content="x"
        )
    assert excinfo.value.code == "entry_outside_week"
    with pytest.raises(DomainError) as excinfo:
        services.schedule_entry_add(
            w.clerk, week, leader=w.clerk, starts_at=at(2026, 7, 9, 8), content="x"
        )
    assert excinfo.value.code == "leader_invalid"


def test_draft_week_changes_are_not_marked():
    w = world()
    m = meeting(w, schedule=True)
    week = services.schedule_week_build(w.clerk, agency=w.office, week_start=MONDAY)
    services.meeting_update(w.clerk, m, title="Đổi tên")
    entry = week.entries.get()
    assert entry.content == "Đổi tên" and not entry.changed_after_publish


def test_public_page_without_login_shows_public_entries_only(client):
    w = world()
    meeting(w, schedule=True)
    week = services.schedule_week_build(w.clerk, agency=w.office, week_start=MONDAY)
    services.schedule_entry_add(
        w.clerk,
        week,
        leader=w.vice,
        starts_at=at(2026, 7, 9, 8),
        content="Tiếp khách nội bộ",
        is_public=False,
    )
    url = f"/cong-khai/lich-cong-tac/{w.office.pk}/?tuan=2026-07-06"
    page = client.get(url)
    assert page.status_code == 200
    assert "chưa được công bố" in page.content.decode()
    services.schedule_approve(w.chief, week)
    services.schedule_publish(w.chief, week)
    body = client.get(url).content.decode()
    assert "Họp về tiến độ giải ngân vốn đầu tư công" in body
    assert "Tiếp khách nội bộ" not in body
    assert client.get("/cong-khai/lich-cong-tac/999999/").status_code == 404


def test_internal_page_print_and_pdf(client):
    w = world()
    meeting(w, schedule=True)
    client.force_login(w.clerk)
    page = client.get("/lich-cong-tac/?tuan=06/07/2026")
    assert page.status_code == 200 and "Chưa có lịch công tác tuần này" in page.content.decode()
    response = client.post(f"/lich-cong-tac/xay-dung/?co_quan={w.office.pk}&tuan=2026-07-06")
    assert response.status_code == 302
    week = ScheduleEntry.objects.get().week
    printed = client.get(f"/lich-cong-tac/{week.pk}/in/")
    assert printed.status_code == 200
    assert "Liberation Serif" in printed.content.decode() and "@page" in printed.content.decode()
    pdf = client.get(f"/lich-cong-tac/{week.pk}/in/?dang=pdf")
    assert pdf.status_code == 200 and pdf.content.startswith(b"%PDF")
    client.force_login(w.chief)
    assert (
        client.post(f"/lich-cong-tac/duyet/?co_quan={w.office.pk}&tuan=2026-07-06").status_code
        == 302
    )
    assert (
        client.post(f"/lich-cong-tac/cong-bo/?co_quan={w.office.pk}&tuan=2026-07-06").status_code
        == 302
    )
    week.refresh_from_db()
    assert week.state == ScheduleState.PUBLISHED
