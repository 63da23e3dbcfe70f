"""Test builders: a province (committee, Office with units, a department, a commune)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from vanphong.core import clock
from vanphong.org.models import Agency, AgencyKind, Official, Role, Unit
from vanphong.org.testing import make_agency, make_official, make_unit
from vanphong.tasks import services


def at(y: int, m: int, d: int, h: int = 9, mi: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, h, mi, tzinfo=clock.VN_TZ)


@dataclass
class Province:
    pc: Agency
    office: Agency
    department: Agency
    commune: Agency
    leader: Official  # Phó Chủ tịch UBND tỉnh
    office_leader: Official  # Chánh Văn phòng
    clerk: Official  # chuyên viên Phòng Tổng hợp (follow-up officer)
    economy: Unit  # Phòng Kinh tế of the Office
    culture: Unit  # Phòng Khoa giáo - Văn xã
    economy_head: Official
    economy_staff: Official
    culture_head: Official
    department_staff: Official
    commune_staff: Official
    outsider: Official  # an official of an agency that has nothing to do with the tasks


def province() -> Province:
    pc = make_agency(name="UBND tỉnh thử", kind=AgencyKind.PROVINCE_PC)
    office = make_agency(
        name="Văn phòng UBND tỉnh thử", short_name="VP", kind=AgencyKind.PROVINCE_OFFICE, parent=pc
    )
    department = make_agency(name="Sở Tài chính thử", short_name="STC", kind=AgencyKind.DEPARTMENT)
    commune = make_agency(name="UBND xã Thử", kind=AgencyKind.COMMUNE_PC)
    other = make_agency(name="Sở Nội vụ thử", short_name="SNV", kind=AgencyKind.DEPARTMENT)
    tt = make_unit(pc, name="Thường trực UBND")
    ldvp = make_unit(office, name="Lãnh đạo Văn phòng")
    th = make_unit(office, name="Phòng Tổng hợp")
    kt = make_unit(office, name="Phòng Kinh tế")
    kgvx = make_unit(office, name="Phòng Khoa giáo - Văn xã")
    return Province(
        pc=pc,
        office=office,
        department=department,
        commune=commune,
        leader=make_official(pc, unit=tt, roles=(Role.LANH_DAO_UBND,), full_name="Phó Chủ tịch"),
        office_leader=make_official(office, unit=ldvp, roles=(Role.LANH_DAO_VAN_PHONG,)),
        clerk=make_official(office, unit=th, roles=(Role.CHUYEN_VIEN,)),
        economy=kt,
        culture=kgvx,
        economy_head=make_official(office, unit=kt, roles=(Role.LANH_DAO_PHONG,), is_head=True),
        economy_staff=make_official(office, unit=kt, roles=(Role.CHUYEN_VIEN,)),
        culture_head=make_official(office, unit=kgvx, roles=(Role.LANH_DAO_PHONG,), is_head=True),
        department_staff=make_official(
            department, unit=make_unit(department, name="Văn phòng Sở"), roles=(Role.VAN_THU,)
        ),
        commune_staff=make_official(
            commune, unit=make_unit(commune, name="Văn phòng HĐND và UBND"), roles=(Role.VAN_THU,)
        ),
        outsider=make_official(other, unit=make_unit(other, name="Phòng khác")),
    )


def create(p: Province, **kw):
    kw.setdefault("agency", p.pc)
    kw.setdefault("content", "Rà soát, báo cáo tiến độ giải ngân vốn đầu tư công năm 2027")
    if "lead_agency" not in kw:
        kw.setdefault("lead_unit", p.economy)
    if not any(k in kw for k in ("due_date", "due_working_days", "recurrence")):
        kw["due_working_days"] = 5
    actor = kw.pop("actor", p.leader)
    return services.task_create(actor, **kw)
