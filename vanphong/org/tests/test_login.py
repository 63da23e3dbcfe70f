"""Sign-in: login, wrong password, lockout (django-axes), logout, password change."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.urls import reverse

from vanphong.org.testing import make_official

pytestmark = pytest.mark.django_db

PASSWORD = "matkhau-Thu-2026"


@pytest.fixture
def official():
    return make_official(username="nguyenvanb", password=PASSWORD)


def _login(client, username, password, **extra):
    return client.post(reverse("login"), {"username": username, "password": password}, **extra)


def test_login_page_is_vietnamese(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Đăng nhập hệ thống" in body and "Tên đăng nhập" in body and "Mật khẩu" in body


def test_login_ok_goes_home(client, official):
    response = _login(client, "nguyenvanb", PASSWORD)
    assert response.status_code == 302
    assert response["Location"] == reverse("home")
    assert client.session["_auth_user_id"] == str(official.pk)


def test_wrong_password_message_in_vietnamese(client, official):
    response = _login(client, "nguyenvanb", "sai-mat-khau")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_lockout_after_repeated_failures_even_with_right_password(client, official):
    limit = settings.AXES_FAILURE_LIMIT
    for _ in range(limit - 1):
        response = _login(client, "nguyenvanb", "sai-mat-khau")
        assert response.status_code == 200
    response = _login(client, "nguyenvanb", "sai-mat-khau")  # the limit-th failure locks
    assert response.status_code == 429
    response = _login(client, "nguyenvanb", PASSWORD)  # right password, still locked
    assert response.status_code == 429
    body = response.content.decode()
    assert "Tài khoản tạm bị khóa" in body
    assert f"sai quá {limit} lần" in body
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_user_name(client, official):
    other = make_official(password=PASSWORD)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "nguyenvanb", "sai-mat-khau")
    response = _login(client, other.username, PASSWORD)
    assert response.status_code == 302


def test_failures_below_limit_are_forgiven_by_a_success(client, official):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _login(client, "nguyenvanb", "sai-mat-khau")
    assert _login(client, "nguyenvanb", PASSWORD).status_code == 302
    client.post(reverse("logout"))
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert _login(client, "nguyenvanb", "sai-mat-khau").status_code == 200
    assert _login(client, "nguyenvanb", PASSWORD).status_code == 302


def test_logout_is_post_only(client, official):
    client.force_login(official)
    assert client.get(reverse("logout")).status_code == 405
    response = client.post(reverse("logout"))
    assert response.status_code == 302 and response["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


def test_password_change(client, official):
    client.force_login(official)
    page = client.get(reverse("password_change"))
    assert page.status_code == 200 and "Đổi mật khẩu" in page.content.decode()
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Mat-khau-Moi-2027",
            "new_password2": "Mat-khau-Moi-2027",
        },
    )
    assert response.status_code == 302 and response["Location"] == reverse("password_change_done")
    official.refresh_from_db()
    assert official.check_password("Mat-khau-Moi-2027")
    assert "Mật khẩu của bạn đã được đổi" in client.get(response["Location"]).content.decode()


def test_password_change_refuses_wrong_old_password(client, official):
    client.force_login(official)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "sai",
            "new_password1": "Mat-khau-Moi-2027",
            "new_password2": "Mat-khau-Moi-2027",
        },
    )
    assert response.status_code == 200
    official.refresh_from_db()
    assert official.check_password(PASSWORD)
