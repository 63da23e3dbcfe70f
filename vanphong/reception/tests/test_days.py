"""Leaders' reception days: the law's frequency, publication on the public page, online
sessions noticed early enough."""

from __future__ import annotations

import datetime as dt

import pytest

from vanphong.core import clock
from vanphong.core.errors import DomainError
from vanphong.core.eventlog.models import Event
from vanphong.org.models import Role
from vanphong.org.testing import api_headers, make_official
from vanphong.reception import selectors, services_register
from vanphong.reception.models import ReceptionDay
from vanphong.reception.tests.builders import at, office

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup():
    clock.travel_to(at(2026, 7, 6, 10))  # Monday
    agency, _unit, staff = office()
    chairman = make_official(agency, roles=(Role.LANH_DAO_UBND,), full_name="Nguyễn Văn Chủ")
    return agency, staff, chairman


def schedule(staff, agency, leader, start, **kw):
    kw.setdefault("leader_title", "Chủ tịch UBND tỉnh")
    kw.setdefault("level", "chu_tich_tinh")
    kw.setdefault("place", "Trụ sở Tiếp công dân tỉnh")
    return services_register.day_schedule(
        acting_user=staff,
        agency=agency,
        leader=leader,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=3),
        **kw,
    )


@pytest.mark.rule("RECEPTION-TCD-TRUCTUYEN")
def test_an_online_session_is_noticed_at_least_5_working_days_ahead(setup):
    agency, staff, chairman = setup
    before = ReceptionDay.objects.count(), Event.objects.count()
    points = "Điểm cầu UBND xã Tân Hưng\nĐiểm cầu UBND phường Phố Hiến"
    # Noticed Monday 6/7: the 5th working day after is Monday 13/7.
    with pytest.raises(DomainError) as exc:
        schedule(
            staff,
            agency,
            chairman,
            at(2026, 7, 10, 8),
            is_online=True,
            connection_points=points,
            publish=True,
        )
    assert exc.value.code == "online_notice_too_short" and "13/07/2026" in exc.value.message
    with pytest.raises(DomainError) as exc:
        schedule(staff, agency, chairman, at(2026, 7, 13, 8), is_online=True, publish=True)
    assert exc.value.code == "connection_points_required"
    assert (ReceptionDay.objects.count(), Event.objects.count()) == before
    day = schedule(
        staff,
        agency,
        chairman,
        at(2026, 7, 13, 8),
        is_online=True,
        connection_points=points,
        publish=True,
    )
    assert day.published and day.noticed_at == at(2026, 7, 6, 10)
    assert day.test_at == at(2026, 7, 10, 8)  # one working day before
    assert day.connect_at == at(2026, 7, 13, 7)  # one hour before
    # A draft published too late is refused the same way.
    draft = schedule(
        staff, agency, chairman, at(2026, 7, 14, 8), is_online=True, connection_points=points
    )
    clock.travel_to(at(2026, 7, 8, 9))
    with pytest.raises(DomainError) as exc:
        services_register.day_publish(acting_user=staff, day=draft)
    assert exc.value.code == "online_notice_too_short"
    # In person: no notice period.
    services_register.day_publish(
        acting_user=staff, day=schedule(staff, agency, chairman, at(2026, 7, 9, 8))
    )


@pytest.mark.rule("RECEPTION-TCD-LICHTIEP")
def test_frequency_monthly_for_the_provincial_chairman_weekly_for_the_commune(setup):
    agency, staff, chairman = setup
    schedule(staff, agency, chairman, at(2026, 7, 15, 8))
    report = selectors.frequency_report(
        agency=agency,
        leader=chairman,
        level="chu_tich_tinh",
        start=dt.date(2026, 7, 6),
        end=dt.date(2026, 9, 30),
    )
    assert [(p["label"], p["count"], p["ok"]) for p in report] == [
        ("07/2026", 1, True),
        ("08/2026", 0, False),
        ("09/2026", 0, False),
    ]
    commune = make_official(agency, roles=(Role.LANH_DAO_UBND,), full_name="Trần Văn Xã")
    for day in (7, 21):
        schedule(
            staff,
            agency,
            commune,
            at(2026, 7, day, 8),
            leader_title="Chủ tịch UBND xã",
            level="chu_tich_xa",
        )
    weeks = selectors.frequency_report(
        agency=agency,
        leader=commune,
        level="chu_tich_xa",
        start=dt.date(2026, 7, 6),
        end=dt.date(2026, 7, 26),
    )
    assert [(w["count"], w["ok"]) for w in weeks] == [(1, True), (0, False), (1, True)]
    # A cancelled day does not count.
    services_register.day_cancel(
        acting_user=staff, day=ReceptionDay.objects.get(leader=chairman), reason="Đi công tác"
    )
    again = selectors.frequency_report(
        agency=agency,
        leader=chairman,
        level="chu_tich_tinh",
        start=dt.date(2026, 7, 6),
        end=dt.date(2026, 7, 31),
    )
    assert again[0]["ok"] is False


def test_public_page_shows_published_days_only_without_sign_in(client, setup):
    agency, staff, chairman = setup
    shown = schedule(staff, agency, chairman, at(2026, 7, 15, 8), publish=True)
    schedule(staff, agency, chairman, at(2026, 7, 16, 8), place="Phòng họp dự kiến B")
    page = client.get("/lich-tiep-cong-dan/").content.decode()
    assert "15/07/2026" in page and "Trụ sở Tiếp công dân tỉnh" in page
    assert "Phòng họp dự kiến B" not in page
    assert client.get("/api/v1/reception/reception-days", **api_headers(staff)).json()["count"] == 1
    services_register.day_cancel(acting_user=staff, day=shown, reason="Bận họp")
    assert "15/07/2026" not in client.get("/lich-tiep-cong-dan/").content.decode()


def test_schedule_form_and_bad_input(client, setup):
    agency, staff, chairman = setup
    client.force_login(staff)
    assert client.get("/tiep-cong-dan/lich-tiep/").status_code == 200
    page = client.post(
        "/tiep-cong-dan/lich-tiep/",
        {
            "leader": chairman.pk,
            "leader_title": "",
            "level": "chu_tich_tinh",
            "kind": "dinh_ky",
            "starts_at": "15/07/2026 08:00",
            "ends_at": "15/07/2026 11:00",
            "place": "Trụ sở",
        },
    )
    assert page.status_code == 400 and "Nhập chức vụ" in page.content.decode()
    page = client.post(
        "/tiep-cong-dan/lich-tiep/",
        {
            "leader": chairman.pk,
            "leader_title": "Chủ tịch UBND tỉnh",
            "level": "chu_tich_tinh",
            "kind": "dinh_ky",
            "starts_at": "15/07/2026 08:00",
            "ends_at": "15/07/2026 11:00",
            "place": "Trụ sở",
            "publish": "on",
        },
    )
    assert page.status_code == 302
    listing = client.get("/tiep-cong-dan/lich-tiep/").content.decode()
    assert "07/2026: 1/1" in listing
    with pytest.raises(DomainError) as exc:  # overlapping
        schedule(staff, agency, chairman, at(2026, 7, 15, 9))
    assert exc.value.code == "day_overlap"
    with pytest.raises(DomainError) as exc:
        schedule(staff, agency, chairman, at(2026, 7, 1, 9))
    assert exc.value.code == "day_in_past"
