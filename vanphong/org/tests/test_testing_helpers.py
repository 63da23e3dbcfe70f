"""The org test builders other modules rely on."""

from __future__ import annotations

import pytest
from django.urls import reverse

from vanphong.org.testing import api_headers, login_verified, make_admin, make_official

pytestmark = pytest.mark.django_db


def test_login_verified_lets_an_administrator_in(client):
    admin = make_admin()
    client.force_login(admin)
    assert client.get(reverse("home")).status_code == 302
    login_verified(client, admin)
    assert client.get(reverse("home")).status_code == 200
    assert client.get("/admin/").status_code == 200


def test_api_headers_authenticate(client):
    official = make_official()
    response = client.get("/api/v1/org/me", **api_headers(official))
    assert response.status_code == 200 and response.json()["id"] == official.pk
