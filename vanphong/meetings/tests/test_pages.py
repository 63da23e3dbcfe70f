"""Pages and the REST API of meetings: forms with Vietnamese errors, HTMX actions, constant
query counts, the start-page counter, and the API's error shapes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vanphong.core import clock
from vanphong.core.startpage import counters_for
from vanphong.meetings.models import Meeting, MeetingState
from vanphong.meetings.tests.builders import at, meeting, world
from vanphong.org.testing import api_headers

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _today():
    clock.travel_to(at(2026, 7, 6, 10))


def _form(w, **over):
    data = {
        "title": "Họp bàn phương án phòng chống thiên tai",
        "chair": w.chairman.pk,
        "starts_at": "08/07/2026 08:00",
        "ends_at": "08/07/2026 10:00",
        "room": w.room.pk,
        "people": [w.chief.pk],
        "units": [w.economy.pk],
        "schedule": "on",
    }
    data.update(over)
    return data


@pytest.mark.rule("MEETINGS-THOIGIAN-HOP")
def test_form_ending_before_start_shows_vietnamese_error_and_writes_nothing(client):
    w = world()
    client.force_login(w.clerk)
    response = client.post("/cuoc-hop/tao-moi/", _form(w, ends_at="08/07/2026 07:00"))
    assert response.status_code == 400
    assert "Thời điểm kết thúc phải sau thời điểm bắt đầu cuộc họp." in response.content.decode()
    assert Meeting.objects.count() == 0


@pytest.mark.rule("MEETINGS-TRUNG-LICH-LANH-DAO")
def test_form_leader_conflict_warns_then_override_schedules(client):
    w = world()
    meeting(w, schedule=True)
    client.force_login(w.clerk)
    data = _form(w, room=w.small_room.pk)
    response = client.post("/cuoc-hop/tao-moi/", data)
    assert response.status_code == 409
    assert "Trùng lịch lãnh đạo" in response.content.decode()
    assert Meeting.objects.count() == 1
    response = client.post("/cuoc-hop/tao-moi/", {**data, "override_conflicts": "on"})
    assert response.status_code == 302
    assert Meeting.objects.count() == 2


@pytest.mark.rule("MEETINGS-TRUNG-PHONG")
def test_form_room_conflict_is_refused(client):
    w = world()
    meeting(w, schedule=True)
    client.force_login(w.clerk)
    response = client.post("/cuoc-hop/tao-moi/", _form(w, chair=w.vice.pk, people=[]))
    assert response.status_code == 400
    assert "đã được đặt" in response.content.decode()


def test_detail_htmx_actions(client):
    w = world()
    client.force_login(w.clerk)
    response = client.post("/cuoc-hop/tao-moi/", _form(w, schedule=""))
    m = Meeting.objects.get()
    assert response.url == f"/cuoc-hop/{m.pk}/"
    page = client.get(response.url)
    assert page.status_code == 200 and "Lên lịch" in page.content.decode()
    htmx = {"HTTP_HX_REQUEST": "true"}
    part = client.post(f"/cuoc-hop/{m.pk}/len-lich/", **htmx)
    assert part.status_code == 200 and 'id="meeting-body"' in part.content.decode()
    assert "<html" not in part.content.decode()
    assert Meeting.objects.get().state == MeetingState.SCHEDULED
    part = client.post(f"/cuoc-hop/{m.pk}/chuong-trinh/", {"title": "Báo cáo kết quả"}, **htmx)
    assert "Báo cáo kết quả" in part.content.decode()
    part = client.post(f"/cuoc-hop/{m.pk}/huy/", {"reason": ""}, **htmx)
    assert "Nêu lý do hủy cuộc họp." in part.content.decode()
    assert Meeting.objects.get().state == MeetingState.SCHEDULED
    assert client.post(f"/cuoc-hop/{m.pk}/khong-co/").status_code == 404


def test_week_page_constant_queries_and_counter(client):
    w = world()
    client.force_login(w.clerk)

    def count():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/cuoc-hop/?tuan=2026-07-06").status_code == 200
        return len(ctx.captured_queries)

    meeting(w, schedule=True)
    few = count()
    for n in range(5):
        meeting(
            w,
            title=f"Họp {n}",
            chair=w.vice,
            room=w.small_room,
            starts_at=at(2026, 7, 9, 8 + n),
            ends_at=at(2026, 7, 9, 9 + n),
            schedule=True,
        )
    assert count() == few
    counters = {c["key"]: c["count"] for c in counters_for(w.clerk, ["chuyen_vien"])}
    assert counters["meetings.today"] == 0
    clock.travel_to(at(2026, 7, 9, 7))
    counters = {c["key"]: c["count"] for c in counters_for(w.clerk, ["chuyen_vien"])}
    assert counters["meetings.today"] == 5
    assert client.get("/phong-hop/").status_code == 200


def test_api_create_conflicts_update_cancel_and_conclusions(client):
    w = world()
    headers = api_headers(w.clerk)
    body = {
        "title": "Họp giao ban tuần",
        "chair_id": w.chairman.pk,
        "starts_at": "2026-07-08T08:00:00+07:00",
        "ends_at": "2026-07-08T07:00:00+07:00",
        "room_id": w.room.pk,
        "people": [w.chief.pk],
        "schedule": True,
    }
    bad = client.post("/api/v1/meetings/meetings", body, content_type="application/json", **headers)
    assert bad.status_code == 400
    assert bad.json()["code"] == "meeting_ends_before_start"
    assert "ends_at" in bad.json()["fields"]
    body["ends_at"] = "2026-07-08T10:00:00+07:00"
    created = client.post(
        "/api/v1/meetings/meetings", body, content_type="application/json", **headers
    )
    assert created.status_code == 201, created.content
    data = created.json()
    assert data["state"] == "scheduled" and data["sequence"] == 1
    clash = client.post(
        "/api/v1/meetings/meetings",
        {**body, "chair_id": w.vice.pk, "people": []},
        content_type="application/json",
        **headers,
    )
    assert clash.status_code == 409 and clash.json()["code"] == "room_conflict"
    leader = client.post(
        "/api/v1/meetings/meetings",
        {**body, "room_id": w.small_room.pk},
        content_type="application/json",
        **headers,
    )
    assert leader.status_code == 409 and leader.json()["code"] == "leader_conflict"
    patched = client.patch(
        f"/api/v1/meetings/meetings/{data['id']}",
        {"title": "Giao ban"},
        content_type="application/json",
        **headers,
    )
    assert patched.status_code == 200 and patched.json()["sequence"] == 2
    listed = client.get("/api/v1/meetings/meetings", **headers)
    assert listed.json()["count"] == 1
    early = client.post(
        f"/api/v1/meetings/meetings/{data['id']}/conclusions",
        {"content": "x", "lead_unit_id": w.economy.pk},
        content_type="application/json",
        **headers,
    )
    assert early.status_code == 409 and early.json()["code"] == "meeting_not_started"
    clock.travel_to(at(2026, 7, 8, 11))
    item = client.post(
        f"/api/v1/meetings/meetings/{data['id']}/conclusions",
        {
            "content": "Phòng Kinh tế tổng hợp",
            "lead_unit_id": w.economy.pk,
            "due_date": "2026-07-20",
        },
        content_type="application/json",
        **headers,
    )
    assert item.status_code == 201 and item.json()["task_id"] is None
    assert (
        len(client.get(f"/api/v1/meetings/meetings/{data['id']}/conclusions", **headers).json())
        == 1
    )
    cancel = client.post(
        f"/api/v1/meetings/meetings/{data['id']}/cancel",
        {"reason": "x"},
        content_type="application/json",
        **headers,
    )
    assert cancel.status_code == 409
    outsider = api_headers(w.head_kt)
    assert client.get(f"/api/v1/meetings/meetings/{data['id']}", **outsider).status_code == 200
    assert client.get("/api/v1/meetings/meetings/999999", **headers).status_code == 404
    assert client.get("/api/v1/meetings/rooms", **headers).json()[0]["capacity"] in (40, 12)


def test_material_file_only_for_those_who_see_the_meeting(client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from vanphong.meetings import services
    from vanphong.org.models import Role
    from vanphong.org.testing import make_agency, make_official

    w = world()
    m = meeting(w, schedule=True)
    item = services.agenda_item_add(w.clerk, m, title="Báo cáo")
    client.force_login(w.clerk)
    pdf = SimpleUploadedFile("bao-cao.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n")
    part = client.post(
        f"/cuoc-hop/{m.pk}/tai-lieu/",
        {"item": item.pk, "title": "Báo cáo giải ngân", "file": pdf},
        HTTP_HX_REQUEST="true",
    )
    assert "Báo cáo giải ngân" in part.content.decode()
    material = item.materials.get()
    url = f"/cuoc-hop/{m.pk}/tep/{material.attachment_id}/"
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF")
    outsider = make_official(make_agency(name="Sở Y tế thử"), roles=(Role.CHUYEN_VIEN,))
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert client.get(f"/cuoc-hop/{m.pk}/").status_code == 404


def test_admin_pages_render(client):
    from vanphong.org.testing import login_verified, make_admin

    w = world()
    meeting(w, online=True, room=None, schedule=True)
    admin = make_admin(w.office, is_superuser=True)
    login_verified(client, admin)
    for path in (
        "/admin/meetings/meeting/",
        f"/admin/meetings/meeting/{Meeting.objects.get().pk}/change/",
        "/admin/meetings/room/",
        "/admin/meetings/scheduleweek/",
    ):
        response = client.get(path)
        assert response.status_code == 200, path
    page = client.get(f"/admin/meetings/meeting/{Meeting.objects.get().pk}/change/")
    assert Meeting.objects.get().online_room not in page.content.decode()


def test_edit_page_moves_the_meeting_and_raises_the_sequence(client):
    w = world()
    m = meeting(w, units=[w.economy], schedule=True)
    client.force_login(w.clerk)
    page = client.get(f"/cuoc-hop/{m.pk}/sua/")
    assert page.status_code == 200 and "08/07/2026 08:00" in page.content.decode()
    response = client.post(
        f"/cuoc-hop/{m.pk}/sua/",
        _form(w, starts_at="09/07/2026 14:00", ends_at="09/07/2026 15:00", people=[]),
    )
    assert response.status_code == 302
    m.refresh_from_db()
    assert m.starts_at == at(2026, 7, 9, 14) and m.sequence == 2
    assert list(m.participants.values_list("unit_id", flat=True)) == [w.economy.pk]
    client.force_login(w.vice)  # sees the meeting (shared calendar), organises nothing here
    assert client.get(f"/cuoc-hop/{m.pk}/sua/").status_code == 403
