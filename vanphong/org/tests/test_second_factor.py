"""TOTP second factor: setup (QR + secret), verify, administrators forced, admin site guarded."""

from __future__ import annotations

import base64
import re

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from vanphong.org.models import Role
from vanphong.org.testing import make_official, totp_code

pytestmark = pytest.mark.django_db


def _code(device: TOTPDevice) -> str:
    return totp_code(device)


@pytest.fixture
def admin_official():
    return make_official(roles=(Role.QUAN_TRI,), is_staff=True)


def test_non_admin_is_not_forced(client):
    official = make_official()
    client.force_login(official)
    response = client.get(reverse("home"))
    assert response.status_code == 200


def test_admin_is_sent_to_setup_then_in_after_confirming(client, admin_official):
    client.force_login(admin_official)
    response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("otp_verify"))
    response = client.get(response["Location"])  # no device yet: to setup
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_setup"))
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "<svg" in body and "Cài đặt xác thực hai bước" in body
    secret = re.search(r'id="otp-secret">([A-Z2-7 ]+)<', body).group(1)
    device = TOTPDevice.objects.get(user=admin_official, confirmed=False)
    assert base64.b32decode(secret.replace(" ", "")) == device.bin_key
    # Still locked out of other pages until the device is confirmed.
    assert client.get(reverse("home")).status_code == 302
    wrong = client.post(reverse("otp_setup"), {"otp_token": "000000", "next": "/"})
    assert wrong.status_code == 200
    assert "Mã xác thực không đúng" in wrong.content.decode()
    throttled = client.post(reverse("otp_setup"), {"otp_token": _code(device), "next": "/"})
    assert "Nhập sai mã nhiều lần" in throttled.content.decode()  # django-otp throttling
    device.refresh_from_db()
    device.throttle_reset()
    ok = client.post(reverse("otp_setup"), {"otp_token": _code(device), "next": "/"})
    assert ok.status_code == 302 and ok["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("home")).status_code == 200


def test_admin_with_device_must_verify_each_session(client, admin_official):
    device = TOTPDevice.objects.create(user=admin_official, name="app", confirmed=True)
    client.force_login(admin_official)
    response = client.get(reverse("home"))
    assert response["Location"].startswith(reverse("otp_verify"))
    # A password alone cannot swap the device: setup sends back to verify.
    setup = client.get(reverse("otp_setup"))
    assert setup.status_code == 302 and setup["Location"].startswith(reverse("otp_verify"))
    page = client.get(reverse("otp_verify"))
    assert page.status_code == 200 and "Xác thực hai bước" in page.content.decode()
    wrong = client.post(reverse("otp_verify"), {"otp_token": "12345x"})
    assert wrong.status_code == 200 and "chỉ gồm chữ số" in wrong.content.decode()
    ok = client.post(reverse("otp_verify"), {"otp_token": _code(device), "next": reverse("home")})
    assert ok.status_code == 302 and ok["Location"] == reverse("home")
    assert client.get(reverse("home")).status_code == 200


def test_verify_refuses_foreign_next(client, admin_official):
    device = TOTPDevice.objects.create(user=admin_official, name="app", confirmed=True)
    client.force_login(admin_official)
    ok = client.post(
        reverse("otp_verify"), {"otp_token": _code(device), "next": "https://evil.example/"}
    )
    assert ok["Location"] == reverse("home")


def test_superuser_and_flagged_official_are_forced(client):
    for official in (make_official(is_superuser=True), make_official(require_second_factor=True)):
        client.force_login(official)
        assert client.get(reverse("home"))["Location"].startswith(reverse("otp_verify"))
        client.logout()


def test_django_admin_needs_staff_and_verified_second_factor(client):
    staff = make_official(is_staff=True, is_superuser=True)
    device = TOTPDevice.objects.create(user=staff, name="app", confirmed=True)
    client.force_login(staff)
    response = client.get("/admin/")
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_verify"))
    client.post(reverse("otp_verify"), {"otp_token": _code(device)})
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "Quản trị VănPhòng" in response.content.decode()
    assert client.get("/admin/org/agency/").status_code == 200
    assert client.get("/admin/org/official/").status_code == 200


def test_plain_staff_without_admin_role_still_needs_second_factor_for_admin(client):
    staff = make_official(is_staff=True)
    client.force_login(staff)
    assert client.get(reverse("home")).status_code == 200  # not forced elsewhere
    response = client.get("/admin/")
    assert response["Location"].startswith(reverse("otp_verify"))


def test_admin_login_page_is_the_sites_login(client):
    response = client.get("/admin/login/?next=/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_official_who_opted_in_is_asked_for_the_code(client):
    official = make_official()
    client.force_login(official)
    page = client.get(reverse("otp_setup"))  # a plain official may choose to set it up
    assert page.status_code == 200
    device = TOTPDevice.objects.get(user=official, confirmed=False)
    assert client.get(reverse("home")).status_code == 200  # not confirmed yet: not asked
    client.post(reverse("otp_setup"), {"otp_token": _code(device)})
    client.logout()
    client.force_login(official)  # a new session
    response = client.get(reverse("home"))
    assert response.status_code == 302 and response["Location"].startswith(reverse("otp_verify"))
