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


def make_admin(agency: Agency | None = None, **extra) -> Official:
    """An administrator (role quản trị, staff) of ``agency``: must pass the second factor."""
    extra.setdefault("roles", (Role.QUAN_TRI,))
    extra.setdefault("is_staff", True)
    return make_official(agency, **extra)


def login_verified(client, official: Official):
    """Sign ``official`` in on the test ``client`` with a verified TOTP second factor (as after
    the verify page), so administrators are not redirected. Returns the TOTP device."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    device = TOTPDevice.objects.filter(user=official, confirmed=True).first()
    if device is None:
        device = TOTPDevice.objects.create(user=official, name="test", confirmed=True)
    client.force_login(official)
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = device.persistent_id
    session.save()
    return device


def totp_code(device) -> str:
    """The current code of a TOTP device, as the authenticator app shows it."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"


def api_headers(official: Official, *, name: str = "test") -> dict[str, str]:
    """Test-client keyword arguments carrying a fresh bearer token of ``official``:
    ``client.get("/api/v1/...", **api_headers(official))``."""
    from vanphong.org.services import api_token_issue

    _token, raw = api_token_issue(official=official, name=name)
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
