"""org services: agencies (QĐ 20 identifiers), units (tree), officials, roles, delegation."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from vanphong.core import clock, eventlog
from vanphong.core.errors import DomainError
from vanphong.org import selectors, services
from vanphong.org.models import Agency, Delegation, Membership, Official, Role, RoleGrant, Unit
from vanphong.org.testing import make_agency, make_official, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def root():
    return Official.objects.create_superuser(
        username="root", password="matkhau-Goc-2026", email="root@example.vn", full_name="Gốc"
    )


def _agency_kwargs(**extra):
    return {
        "name": "UBND tỉnh Thử",
        "short_name": "UBND",
        "kind": "province_pc",
        "identifier": "000.00.00.H99",
        **extra,
    }


@pytest.mark.rule("QD20-2020-IDENTIFIER")
def test_agency_create_accepts_qd20_identifier_and_logs(root):
    agency = services.agency_create(
        acting_user=root, **_agency_kwargs(legacy_identifier="000.00.00.H99")
    )
    assert Agency.objects.filter(pk=agency.pk, identifier="000.00.00.H99").exists()
    events = list(eventlog.trail(agency))
    assert [e.action for e in events] == ["org.agency_create"]


@pytest.mark.rule("QD20-2020-IDENTIFIER")
@pytest.mark.parametrize("bad", ["h99.01", "A" * 36, "000-00-00", "Đ99"])
def test_agency_create_refuses_bad_identifier_in_vietnamese(root, bad):
    with pytest.raises(ValidationError) as info:
        services.agency_create(acting_user=root, **_agency_kwargs(identifier=bad))
    assert "identifier" in info.value.message_dict
    assert "Mã định danh" in info.value.message_dict["identifier"][0]
    assert Agency.objects.count() == 0


@pytest.mark.rule("QD20-2020-IDENTIFIER")
def test_agency_create_refuses_bad_legacy_identifier(root):
    with pytest.raises(ValidationError) as info:
        services.agency_create(acting_user=root, **_agency_kwargs(legacy_identifier="000.00.H99"))
    assert "000.00.00.H41" in info.value.message_dict["legacy_identifier"][0]


def test_agency_create_refuses_duplicate_identifier(root):
    services.agency_create(acting_user=root, **_agency_kwargs())
    with pytest.raises(ValidationError) as info:
        services.agency_create(acting_user=root, **_agency_kwargs(name="Khác"))
    assert "identifier" in info.value.message_dict


def test_agency_create_is_for_platform_admins_only():
    official = make_official(roles=(Role.QUAN_TRI,))
    with pytest.raises(PermissionDenied):
        services.agency_create(acting_user=official, **_agency_kwargs())


def test_agency_update_by_its_administrator_and_limits(root):
    agency = make_agency()
    admin = make_official(agency, roles=(Role.QUAN_TRI,))
    services.agency_update(acting_user=admin, agency=agency, address="1 Trần Phú")
    agency.refresh_from_db()
    assert agency.address == "1 Trần Phú"
    with pytest.raises(PermissionDenied):
        services.agency_update(acting_user=admin, agency=agency, identifier="H99.01")
    with pytest.raises(DomainError) as info:
        services.agency_update(acting_user=admin, agency=agency, pk=5)
    assert info.value.code == "unknown_field"
    with pytest.raises(ValidationError):
        services.agency_update(acting_user=root, agency=agency, identifier="sai mã")
    agency.refresh_from_db()
    assert agency.identifier.startswith("T")


def test_agency_parent_cycle_refused(root):
    top = make_agency()
    child = make_agency(parent=top)
    with pytest.raises(ValidationError) as info:
        services.agency_update(acting_user=root, agency=top, parent=child)
    assert "parent" in info.value.message_dict


def test_unit_tree_same_agency_and_no_cycles():
    agency, other = make_agency(), make_agency()
    admin = make_official(agency, roles=(Role.QUAN_TRI,))
    top = services.unit_create(acting_user=admin, agency=agency, name="Phòng A", abbreviation="A")
    sub = services.unit_create(
        acting_user=admin, agency=agency, name="Tổ A1", abbreviation="A1", parent=top, kind="to"
    )
    foreign = make_unit(other)
    with pytest.raises(ValidationError) as info:
        services.unit_move(acting_user=admin, unit=sub, parent=foreign)
    assert "cùng cơ quan" in info.value.message_dict["parent"][0]
    with pytest.raises(ValidationError) as info:
        services.unit_move(acting_user=admin, unit=top, parent=sub)
    assert "cấp dưới" in info.value.message_dict["parent"][0]
    with pytest.raises(ValidationError):
        services.unit_move(acting_user=admin, unit=top, parent=top)
    services.unit_move(acting_user=admin, unit=sub, parent=None)
    sub.refresh_from_db()
    assert sub.parent_id is None
    assert [e.action for e in eventlog.trail(sub)] == ["org.unit_create", "org.unit_move"]


def test_unit_create_refused_for_another_agencys_admin():
    agency, other = make_agency(), make_agency()
    admin = make_official(other, roles=(Role.QUAN_TRI,))
    with pytest.raises(PermissionDenied):
        services.unit_create(acting_user=admin, agency=agency, name="X", abbreviation="X")
    assert Unit.objects.filter(agency=agency).count() == 0


def test_unit_update_refuses_duplicate_abbreviation():
    agency = make_agency()
    make_unit(agency, abbreviation="KT")
    unit = make_unit(agency, abbreviation="TH")
    with pytest.raises(ValidationError):
        services.unit_update(acting_user=None, unit=unit, abbreviation="KT")
    services.unit_update(acting_user=None, unit=unit, name="Phòng Tổng hợp")
    unit.refresh_from_db()
    assert unit.name == "Phòng Tổng hợp"


def test_official_create_with_unit_position_roles():
    agency = make_agency()
    unit = make_unit(agency)
    official = services.official_create(
        acting_user=None,
        agency=agency,
        username="nguyenvana",
        full_name="Nguyễn Văn A",
        email="a@example.vn",
        password="Mat-khau-Manh-2026",
        unit=unit,
        position="Trưởng phòng",
        is_head=True,
        roles=[Role.LANH_DAO_PHONG, Role.VAN_THU],
    )
    assert official.check_password("Mat-khau-Manh-2026")
    membership = Membership.objects.get(official=official)
    assert (
        membership.unit == unit
        and membership.is_head
        and membership.position.name == "Trưởng phòng"
    )
    assert selectors.effective_roles(official) == {Role.LANH_DAO_PHONG, Role.VAN_THU}
    assert RoleGrant.objects.get(official=official, role=Role.LANH_DAO_PHONG).unit == unit
    assert RoleGrant.objects.get(official=official, role=Role.VAN_THU).unit is None


def test_official_create_validates_password_and_unit():
    agency, other = make_agency(), make_agency()
    with pytest.raises(ValidationError) as info:
        services.official_create(
            acting_user=None, agency=agency, username="b", full_name="B", password="123"
        )
    assert "password" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        services.official_create(
            acting_user=None, agency=agency, username="c", full_name="C", unit=make_unit(other)
        )
    assert "unit" in info.value.message_dict
    with pytest.raises(ValidationError) as info:
        services.official_create(
            acting_user=None, agency=agency, username="d", full_name="D", roles=["vua"]
        )
    assert "role" in info.value.message_dict
    assert not Official.objects.filter(username__in=["b", "c", "d"]).exists()


def test_role_grant_and_revoke():
    agency = make_agency()
    official = make_official(agency, roles=())
    grant = services.role_grant(acting_user=None, official=official, role=Role.VAN_THU)
    assert grant.agency == agency
    again = services.role_grant(acting_user=None, official=official, role="van_thu")
    assert again.pk == grant.pk
    assert selectors.has_role(official, Role.VAN_THU, agency)
    assert services.role_revoke(acting_user=None, official=official, role=Role.VAN_THU) == 1
    assert not selectors.has_role(official, Role.VAN_THU)
    assert services.role_revoke(acting_user=None, official=official, role=Role.VAN_THU) == 0


def test_quan_tri_role_only_granted_by_platform_admin(root):
    agency = make_agency()
    admin = make_official(agency, roles=(Role.QUAN_TRI,))
    official = make_official(agency, roles=())
    with pytest.raises(PermissionDenied):
        services.role_grant(acting_user=admin, official=official, role=Role.QUAN_TRI)
    services.role_grant(acting_user=admin, official=official, role=Role.VAN_THU)
    services.role_grant(acting_user=root, official=official, role=Role.QUAN_TRI)
    assert selectors.second_factor_required(official)


# --- delegation -----------------------------------------------------------------------------


@pytest.fixture
def office():
    agency = make_agency()
    unit = make_unit(agency)
    boss = make_official(agency, unit=unit, roles=(Role.LANH_DAO_VAN_PHONG, Role.VAN_THU))
    deputy = make_official(agency, unit=unit, roles=(Role.CHUYEN_VIEN,))
    return agency, unit, boss, deputy


def _at(day, hour=8):
    return dt.datetime(2026, 7, day, hour, 0)


def test_delegation_roles_effective_only_during_period(office):
    agency, unit, boss, deputy = office
    clock.travel_to(_at(1))
    delegation = services.delegation_grant(
        acting_user=boss,
        grantor=boss,
        grantee=deputy,
        roles=[Role.LANH_DAO_VAN_PHONG],
        starts_at=_at(2),
        ends_at=_at(4),
        reason="Đi công tác",
    )
    assert not selectors.has_role(deputy, Role.LANH_DAO_VAN_PHONG)  # before
    clock.travel_to(_at(2))
    assert selectors.has_role(deputy, Role.LANH_DAO_VAN_PHONG, agency)  # at the start
    assert selectors.is_leader(deputy, agency)
    assert selectors.is_leader(deputy, unit=unit)
    assert Role.VAN_THU not in selectors.effective_roles(deputy)  # only what was delegated
    clock.travel_to(_at(4) - dt.timedelta(seconds=1))
    assert selectors.has_role(deputy, Role.LANH_DAO_VAN_PHONG)
    clock.travel_to(_at(4))
    assert not selectors.has_role(deputy, Role.LANH_DAO_VAN_PHONG)  # at the end: over
    # explicit "at" without moving the clock
    assert selectors.has_role(deputy, Role.LANH_DAO_VAN_PHONG, at=clock.local(_at(3)))
    assert [e.action for e in eventlog.trail(delegation)] == ["org.delegation_grant"]


def test_delegation_revoke_ends_it_now(office):
    agency, unit, boss, deputy = office
    clock.travel_to(_at(2))
    delegation = services.delegation_grant(
        acting_user=None,
        grantor=boss,
        grantee=deputy,
        roles=[Role.VAN_THU],
        starts_at=_at(2),
        ends_at=_at(10),
    )
    assert selectors.has_role(deputy, Role.VAN_THU)
    clock.travel_to(_at(3))
    services.delegation_revoke(acting_user=boss, delegation=delegation)
    assert not selectors.has_role(deputy, Role.VAN_THU)
    assert selectors.has_role(deputy, Role.VAN_THU, at=clock.local(_at(2, 12)))  # history kept
    with pytest.raises(DomainError) as info:
        services.delegation_revoke(acting_user=boss, delegation=delegation)
    assert info.value.code == "delegation_already_revoked"


def test_delegated_role_lapses_when_grantor_loses_it(office):
    agency, unit, boss, deputy = office
    clock.travel_to(_at(2))
    services.delegation_grant(
        acting_user=boss,
        grantor=boss,
        grantee=deputy,
        roles=[Role.VAN_THU],
        starts_at=_at(2),
        ends_at=_at(10),
    )
    services.role_revoke(acting_user=None, official=boss, role=Role.VAN_THU)
    assert not selectors.has_role(deputy, Role.VAN_THU)


@pytest.mark.parametrize(
    ("change", "code"),
    [
        ({"grantee": "self"}, "delegation_self"),
        ({"roles": [Role.LANH_DAO_UBND]}, "delegation_role_not_held"),
        ({"roles": []}, "delegation_no_role"),
        ({"ends_at": _at(2)}, "delegation_period"),
        ({"starts_at": _at(1, 6), "ends_at": _at(1, 7)}, "delegation_past"),
        ({"grantee": "foreign"}, "delegation_grantee_other_agency"),
    ],
)
def test_delegation_refusals(office, change, code):
    agency, unit, boss, deputy = office
    clock.travel_to(_at(1))
    kwargs = {
        "acting_user": boss,
        "grantor": boss,
        "grantee": deputy,
        "roles": [Role.VAN_THU],
        "starts_at": _at(2),
        "ends_at": _at(5),
        **change,
    }
    if kwargs["grantee"] == "self":
        kwargs["grantee"] = boss
    elif kwargs["grantee"] == "foreign":
        kwargs["grantee"] = make_official(make_agency())
    with pytest.raises(DomainError) as info:
        services.delegation_grant(**kwargs)
    assert info.value.code == code
    assert info.value.message  # Vietnamese text for the user
    assert Delegation.objects.count() == 0


def test_delegation_by_someone_else_needs_agency_admin(office):
    agency, unit, boss, deputy = office
    clock.travel_to(_at(1))
    other = make_official(agency, roles=(Role.CHUYEN_VIEN,))
    with pytest.raises(PermissionDenied):
        services.delegation_grant(
            acting_user=other,
            grantor=boss,
            grantee=deputy,
            roles=[Role.VAN_THU],
            starts_at=_at(2),
            ends_at=_at(5),
        )
