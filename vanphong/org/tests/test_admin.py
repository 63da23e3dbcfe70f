"""Django admin for org models: every page renders for a verified superuser, in Vietnamese."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from vanphong.core import clock
from vanphong.org import services
from vanphong.org.models import Role
from vanphong.org.testing import login_verified, make_agency, make_official, make_unit

pytestmark = pytest.mark.django_db

MODELS = ["agency", "unit", "position", "official", "delegation", "apitoken"]


@pytest.fixture
def data():
    agency = make_agency()
    unit = make_unit(agency)
    boss = make_official(agency, unit=unit, roles=(Role.LANH_DAO_PHONG,), position="Trưởng phòng")
    deputy = make_official(agency, unit=unit)
    services.delegation_grant(
        acting_user=None,
        grantor=boss,
        grantee=deputy,
        roles=[Role.LANH_DAO_PHONG],
        starts_at=clock.now(),
        ends_at=clock.now() + dt.timedelta(days=3),
    )
    services.api_token_issue(official=boss, name="máy trạm")
    return agency, unit, boss


@pytest.mark.parametrize("model", MODELS)
def test_changelist_and_change_pages_render(client, data, model):
    root = make_official(is_staff=True, is_superuser=True)
    login_verified(client, root)
    changelist = client.get(reverse(f"admin:org_{model}_changelist"))
    assert changelist.status_code == 200
    obj = changelist.context["cl"].result_list[0]
    change = client.get(reverse(f"admin:org_{model}_change", args=[obj.pk]))
    assert change.status_code == 200


def test_admin_is_vietnamese_and_tokens_cannot_be_added_by_hand(client, data):
    root = make_official(is_staff=True, is_superuser=True)
    login_verified(client, root)
    index = client.get(reverse("admin:index")).content.decode()
    assert "Cơ quan và cán bộ" in index and "Quản trị VănPhòng" in index
    assert client.get(reverse("admin:org_apitoken_add")).status_code == 403
    assert client.get(reverse("admin:org_official_add")).status_code == 200


def test_unverified_superuser_cannot_reach_admin_pages(client, data):
    root = make_official(is_staff=True, is_superuser=True)
    client.force_login(root)
    response = client.get(reverse("admin:org_agency_changelist"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_verify"))
