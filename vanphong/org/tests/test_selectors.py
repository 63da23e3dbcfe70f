"""org selectors: roles, agencies and units of an official, leaders, second factor."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser

from vanphong.core import clock
from vanphong.org import selectors
from vanphong.org.models import Membership, Role, RoleGrant
from vanphong.org.testing import make_agency, make_official, make_unit

pytestmark = pytest.mark.django_db


def test_effective_roles_per_agency_and_nobody_for_anonymous_or_inactive():
    a, b = make_agency(), make_agency()
    official = make_official(a, roles=(Role.VAN_THU,))
    RoleGrant.objects.create(official=official, agency=b, role=Role.CAN_BO_MOT_CUA)
    assert selectors.effective_roles(official) == {Role.VAN_THU, Role.CAN_BO_MOT_CUA}
    assert selectors.effective_roles(official, a) == {Role.VAN_THU}
    assert selectors.effective_roles(official, b.pk) == {Role.CAN_BO_MOT_CUA}
    assert set(selectors.agencies_of(official)) == {a, b}
    assert selectors.effective_roles(AnonymousUser()) == set()
    official.is_active = False
    official.save()
    assert selectors.effective_roles(official) == set()
    assert not selectors.agencies_of(official).exists()


def test_units_of_follow_membership_dates_primary_first():
    agency = make_agency()
    main, side, old = make_unit(agency), make_unit(agency), make_unit(agency)
    official = make_official(agency, unit=main)
    Membership.objects.create(official=official, unit=side, is_primary=False)
    Membership.objects.create(
        official=official, unit=old, is_primary=False, end_date=dt.date(2026, 6, 30)
    )
    clock.travel_to(dt.date(2026, 6, 30))
    assert list(selectors.units_of(official))[0] == main
    assert set(selectors.units_of(official)) == {main, side, old}
    clock.travel_to(dt.date(2026, 7, 1))
    assert set(selectors.units_of(official)) == {main, side}
    assert selectors.primary_unit(official) == main


def test_is_leader_by_role_and_unit():
    agency = make_agency()
    unit, other = make_unit(agency), make_unit(agency)
    head = make_official(agency, unit=unit, roles=(Role.LANH_DAO_PHONG,), is_head=True)
    chief = make_official(agency, roles=(Role.LANH_DAO_VAN_PHONG,))
    clerk = make_official(agency, unit=unit, roles=(Role.CHUYEN_VIEN,))
    assert selectors.is_leader(head, agency)
    assert selectors.is_leader(head, unit=unit)
    assert not selectors.is_leader(head, unit=other)
    assert selectors.is_leader(chief, unit=other)
    assert not selectors.is_leader(clerk, agency)
    assert not selectors.is_leader(clerk, unit=unit)


def test_second_factor_required_for_administrators():
    agency = make_agency()
    assert not selectors.second_factor_required(make_official(agency))
    assert selectors.second_factor_required(make_official(agency, roles=(Role.QUAN_TRI,)))
    assert selectors.second_factor_required(make_official(agency, require_second_factor=True))
    assert selectors.second_factor_required(make_official(agency, is_superuser=True))
