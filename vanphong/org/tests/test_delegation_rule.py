"""NĐ 30/2020 Điều 13 khoản 3: ủy quyền for a set period, no re-delegation."""

from __future__ import annotations

import datetime as dt

import pytest

from vanphong.core import clock
from vanphong.core.errors import DomainError
from vanphong.org import selectors, services
from vanphong.org.models import Delegation, Role
from vanphong.org.testing import make_agency, make_official, make_unit

pytestmark = [pytest.mark.django_db, pytest.mark.rule("ND30-2020-D13-DELEGATION")]

START = dt.datetime(2026, 7, 6, 7, 30)
END = dt.datetime(2026, 7, 10, 17, 0)


@pytest.fixture
def people():
    agency = make_agency()
    unit = make_unit(agency)
    head = make_official(agency, roles=(Role.LANH_DAO_UBND,))
    unit_head = make_official(agency, unit=unit, roles=(Role.LANH_DAO_PHONG,), is_head=True)
    third = make_official(agency, unit=unit, roles=(Role.CHUYEN_VIEN,))
    clock.travel_to(START - dt.timedelta(days=1))
    services.delegation_grant(
        acting_user=head,
        grantor=head,
        grantee=unit_head,
        roles=[Role.LANH_DAO_UBND],
        starts_at=START,
        ends_at=END,
        reason="Ký thừa ủy quyền văn bản trả lời kiến nghị",
    )
    return agency, head, unit_head, third


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (START - dt.timedelta(seconds=1), False),  # before the period
        (START, True),  # at its start
        (END - dt.timedelta(seconds=1), True),  # last second
        (END, False),  # at its end: lapsed
        (END + dt.timedelta(days=1), False),  # after
    ],
)
def test_delegation_holds_only_within_its_period(people, moment, expected):
    agency, head, unit_head, third = people
    clock.travel_to(moment)
    assert selectors.has_role(unit_head, Role.LANH_DAO_UBND, agency) is expected


def test_the_delegate_cannot_delegate_again(people):
    agency, head, unit_head, third = people
    clock.travel_to(START + dt.timedelta(hours=1))
    assert selectors.has_role(unit_head, Role.LANH_DAO_UBND)
    with pytest.raises(DomainError) as info:
        services.delegation_grant(
            acting_user=unit_head,
            grantor=unit_head,
            grantee=third,
            roles=[Role.LANH_DAO_UBND],
            starts_at=START + dt.timedelta(hours=2),
            ends_at=END,
        )
    assert info.value.code == "delegation_role_not_held"
    assert Delegation.objects.count() == 1
    assert not selectors.has_role(third, Role.LANH_DAO_UBND)


def test_a_delegation_needs_an_end_after_its_start(people):
    agency, head, unit_head, third = people
    with pytest.raises(DomainError) as info:
        services.delegation_grant(
            acting_user=head,
            grantor=head,
            grantee=third,
            roles=[Role.LANH_DAO_UBND],
            starts_at=START,
            ends_at=START,
        )
    assert info.value.code == "delegation_period"
    with pytest.raises(DomainError) as info:
        services.delegation_grant(
            acting_user=head,
            grantor=head,
            grantee=head,
            roles=[Role.LANH_DAO_UBND],
            starts_at=START,
            ends_at=END,
        )
    assert info.value.code == "delegation_self"
