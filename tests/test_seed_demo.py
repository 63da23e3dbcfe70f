"""seed_demo: the demo province of Hưng Yên, idempotent, one sign-in account per role."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice
from vietnam_provinces import Ward

from vanphong.core import clock
from vanphong.core.demo import SeedContext, seed_step, steps
from vanphong.org.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_KEY_HEX, PROVINCE_CODE
from vanphong.org.models import (
    LEGACY_IDENTIFIER_RE,
    Agency,
    AgencyKind,
    Membership,
    Official,
    Position,
    Role,
    RoleGrant,
    Unit,
)

pytestmark = pytest.mark.django_db

FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def fast_hashers(settings):
    settings.PASSWORD_HASHERS = FAST_HASHERS


def _seed(*args) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def _counts() -> dict[str, int]:
    return {
        model.__name__: model.objects.count()
        for model in (Agency, Unit, Position, Official, Membership, RoleGrant, TOTPDevice)
    }


def test_seed_creates_the_province_and_is_idempotent(fast_hashers):
    output = _seed()
    assert "Tổ chức" in output
    first = _counts()
    assert first["Agency"] >= 6
    assert first["Unit"] >= 20
    assert first["Official"] > len(DEMO_ACCOUNTS)
    ids = set(Official.objects.values_list("pk", flat=True))

    _seed()  # again: the same rows, no duplicate

    assert _counts() == first
    assert set(Official.objects.values_list("pk", flat=True)) == ids


def test_agencies_of_hung_yen_after_2025(fast_hashers):
    _seed()
    ubnd = Agency.objects.get(kind=AgencyKind.PROVINCE_PC)
    assert ubnd.name == "Ủy ban nhân dân tỉnh Hưng Yên"
    office = Agency.objects.get(kind=AgencyKind.PROVINCE_OFFICE)
    assert office.parent == ubnd
    assert set(office.units.values_list("name", flat=True)) >= {
        "Phòng Tổng hợp",
        "Phòng Kinh tế",
        "Phòng Khoa giáo - Văn xã",
        "Phòng Nội chính",
        "Phòng Hành chính - Tổ chức",
        "Phòng Quản trị - Tài vụ",
        "Trung tâm Phục vụ hành chính công",
        "Ban Tiếp công dân",
    }
    departments = Agency.objects.filter(kind=AgencyKind.DEPARTMENT)
    assert departments.count() >= 2
    assert all(d.units.count() >= 3 for d in departments)
    communes = list(Agency.objects.filter(kind=AgencyKind.COMMUNE_PC))
    assert len(communes) >= 2
    for commune in communes:
        ward = Ward.from_code(commune.ward_code)
        assert ward.province_code == PROVINCE_CODE
        assert commune.name.endswith(" ".join(ward.name.split()[1:]))
    # One commune of the former Thái Bình (its wards have codes from 12440 on).
    assert any(c.ward_code >= 12440 for c in communes)
    for agency in Agency.objects.all():
        assert agency.province_code == PROVINCE_CODE
        agency.full_clean()  # QĐ 20/2020 identifier forms
        if agency.legacy_identifier:
            assert LEGACY_IDENTIFIER_RE.match(agency.legacy_identifier)


def test_one_demo_account_per_role(fast_hashers):
    _seed()
    assert {a.role for a in DEMO_ACCOUNTS} == set(Role.values)
    assert len({a.username for a in DEMO_ACCOUNTS}) == len(Role.values)
    for account in DEMO_ACCOUNTS:
        official = Official.objects.get(username=account.username)
        assert account.role in set(official.role_grants.values_list("role", flat=True))
        assert official.check_password(DEMO_PASSWORD)
        assert official.memberships.filter(is_primary=True).exists()
        # A Vietnamese full name: family name first, at least three words.
        assert len(official.full_name.split()) >= 3
    # The other officials of the demo cannot sign in.
    others = Official.objects.exclude(username__in=[a.username for a in DEMO_ACCOUNTS])
    assert others.exists()
    assert not any(o.has_usable_password() for o in others)


def test_demo_password_is_restored_on_reseed(fast_hashers):
    _seed()
    clerk = Official.objects.get(username="vanthu")
    clerk.set_password("doi-mat-khau-khac-2026")
    clerk.save()
    _seed()
    clerk.refresh_from_db()
    assert clerk.check_password(DEMO_PASSWORD)


def test_every_demo_account_signs_in(fast_hashers):
    from django.test import Client

    _seed()
    for account in DEMO_ACCOUNTS:
        client = Client()
        response = client.post(
            reverse("login"), {"username": account.username, "password": DEMO_PASSWORD}
        )
        assert response.status_code == 302, (account.username, response.content[:300])
        home = client.get(reverse("home"))
        if account.role == Role.QUAN_TRI:
            # The administrator passes the second factor with the demo TOTP key.
            assert home.status_code == 302
            assert home["Location"].startswith(reverse("otp_verify"))
            token = f"{TOTP(bytes.fromhex(DEMO_TOTP_KEY_HEX)).token():06d}"
            verified = client.post(reverse("otp_verify"), {"otp_token": token, "next": "/"})
            assert verified.status_code == 302
            home = client.get(reverse("home"))
        assert home.status_code == 200, account.username
        official = Official.objects.get(username=account.username)
        assert official.full_name in home.content.decode()


def test_wrong_password_does_not_sign_in(client, fast_hashers):
    _seed()
    response = client.post(reverse("login"), {"username": "vanthu", "password": "sai-mat-khau"})
    assert response.status_code == 200
    assert "_auth_user_id" not in client.session


def test_if_empty_does_nothing_when_agencies_exist(fast_hashers):
    from vanphong.org.testing import make_agency

    make_agency(name="Cơ quan có sẵn")
    output = _seed("--if-empty")
    assert "bỏ qua" in output
    assert Agency.objects.count() == 1
    assert not Official.objects.exists()


def test_if_empty_seeds_an_empty_database(fast_hashers):
    _seed("--if-empty")
    assert Official.objects.filter(username="vanthu").exists()


def test_seed_is_dated_by_the_kernel_clock(fast_hashers):
    with clock.frozen_at(clock.now().replace(year=2027, month=3, day=15)):
        output = _seed()
    assert "15/03/2027" in output


def test_demo_accounts_prints_the_table_and_the_totp_secret(fast_hashers):
    _seed()
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    text = out.getvalue()
    for account in DEMO_ACCOUNTS:
        assert account.username in text
    assert DEMO_PASSWORD in text
    assert "Văn thư" in text and "Phòng Hành chính - Tổ chức" in text
    assert "otpauth://totp/" in text
    assert "demo" in text.lower()
    device = TOTPDevice.objects.get(user__username="quantri")
    assert device.confirmed and device.key == DEMO_TOTP_KEY_HEX
    out = io.StringIO()
    call_command("demo_accounts", "--totp", stdout=out)
    assert device.verify_token(out.getvalue().strip())


def test_demo_accounts_before_seeding():
    out = io.StringIO()
    call_command("demo_accounts", stdout=out)
    assert "seed_demo" in out.getvalue()


def test_other_apps_extend_seed_demo_with_steps(fast_hashers):
    seen: list[tuple[str, int]] = []

    @seed_step("test_extra", order=500, after=("org",))
    def extra(ctx: SeedContext) -> None:
        seen.append((ctx.agencies["vp_ubnd"].name, len(ctx.officials)))

    try:
        names = [s.name for s in steps()]
        assert names.index("org") < names.index("test_extra")
        _seed()
    finally:
        from vanphong.core import demo

        demo._steps.pop("test_extra", None)
    assert seen and seen[0][0].startswith("Văn phòng Ủy ban nhân dân tỉnh")
    assert seen[0][1] > len(DEMO_ACCOUNTS)


def test_seed_runs_only_named_steps(fast_hashers):
    _seed("--only", "nothing-such")
    assert not Agency.objects.exists()
