"""Test data builders for agencies, units and officials, shared by every module's tests."""

from __future__ import annotations

import itertools

from vanphong.org.models import (
    Agency,
    AgencyKind,
    Membership,
    Official,
    Position,
    Role,
    RoleGrant,
    Unit,
)

_seq = itertools.count(1)


def make_agency(
    *,
    name: str | None = None,
    short_name: str = "UBND",
    kind: str = AgencyKind.PROVINCE_PC,
    identifier: str | None = None,
    **extra,
) -> Agency:
    n = next(_seq)
    return Agency.objects.create(
        name=name or f"Cơ quan thử {n}",
        short_name=short_name,
        kind=kind,
        identifier=identifier or f"T{n:03d}.00.00.H41",
        **extra,
    )


def make_unit(
    agency: Agency, *, name: str | None = None, abbreviation: str | None = None, **extra
) -> Unit:
    n = next(_seq)
    return Unit.objects.create(
        agency=agency, name=name or f"Phòng thử {n}", abbreviation=abbreviation or f"P{n}", **extra
    )


def make_official(
    agency: Agency | None = None,
    *,
    unit: Unit | None = None,
    roles: tuple[str, ...] = (Role.CHUYEN_VIEN,),
    username: str | None = None,
    full_name: str | None = None,
    password: str = "matkhau-Thu-2026",
    is_head: bool = False,
    position: str | None = None,
    **extra,
) -> Official:
    n = next(_seq)
    if agency is None:
        agency = unit.agency if unit is not None else make_agency()
    official = Official.objects.create_user(
        username=username or f"canbo{n}",
        password=password,
        email=f"canbo{n}@example.vn",
        full_name=full_name or f"Cán bộ thử {n}",
        agency=agency,
        **extra,
    )
    if unit is not None:
        pos = None
        if position:
            pos, _ = Position.objects.get_or_create(agency=agency, name=position)
        Membership.objects.create(
            official=official, unit=unit, position=pos, is_primary=True, is_head=is_head
        )
    for role in roles:
        RoleGrant.objects.create(
            official=official,
            agency=agency,
            role=role,
            unit=unit if role in (Role.LANH_DAO_PHONG, Role.CHUYEN_VIEN) else None,
        )
    return official
