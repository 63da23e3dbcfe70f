"""Test builders for meetings: a Committee with its Office, leaders, a clerk, a room."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vanphong.core import clock
from vanphong.meetings import services
from vanphong.meetings.models import Room
from vanphong.org.models import AgencyKind, Official, Role, Unit
from vanphong.org.testing import make_agency, make_official, make_unit


def at(y: int, m: int, d: int, h: int = 9, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=clock.VN_TZ)


@dataclass
class World:
    committee: object
    office: object
    leaders_unit: Unit
    economy: Unit
    chairman: Official
    vice: Official
    chief: Official  # Chánh Văn phòng
    clerk: Official  # chuyên viên of the Office (organises meetings)
    head_kt: Official  # head of the economy unit
    room: Room
    small_room: Room


def world() -> World:
    committee = make_agency(name="Ủy ban nhân dân tỉnh thử", kind=AgencyKind.PROVINCE_PC)
    office = make_agency(
        name="Văn phòng UBND tỉnh thử",
        short_name="VP",
        kind=AgencyKind.PROVINCE_OFFICE,
        parent=committee,
    )
    tt = make_unit(committee, name="Thường trực UBND tỉnh", abbreviation="TT")
    ldvp = make_unit(office, name="Lãnh đạo Văn phòng", abbreviation="LDVP")
    kt = make_unit(office, name="Phòng Kinh tế", abbreviation="KT")
    chairman = make_official(
        committee, unit=tt, roles=(Role.LANH_DAO_UBND,), full_name="Nguyễn Văn Chủ", is_head=True
    )
    vice = make_official(committee, unit=tt, roles=(Role.LANH_DAO_UBND,), full_name="Trần Văn Phó")
    chief = make_official(
        office, unit=ldvp, roles=(Role.LANH_DAO_VAN_PHONG,), full_name="Lê Thị Chánh", is_head=True
    )
    clerk = make_official(office, unit=kt, roles=(Role.CHUYEN_VIEN,), full_name="Phạm Chuyên Viên")
    head_kt = make_official(
        office, unit=kt, roles=(Role.LANH_DAO_PHONG,), full_name="Hoàng Trưởng Phòng", is_head=True
    )
    room = services.room_create(chief, agency=office, name="Phòng họp số 1", capacity=40)
    small = services.room_create(chief, agency=office, name="Phòng họp số 2", capacity=12)
    return World(committee, office, tt, kt, chairman, vice, chief, clerk, head_kt, room, small)


def meeting(w: World, **kw):
    kw.setdefault("agency", w.office)
    kw.setdefault("title", "Họp về tiến độ giải ngân vốn đầu tư công")
    kw.setdefault("chair", w.chairman)
    kw.setdefault("starts_at", at(2026, 7, 8, 8))
    kw.setdefault("ends_at", at(2026, 7, 8, 10))
    kw.setdefault("room", w.room)
    actor = kw.pop("actor", w.clerk)
    return services.meeting_create(actor, **kw)
