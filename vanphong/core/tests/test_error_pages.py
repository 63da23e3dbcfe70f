"""Error pages in Vietnamese, with DEBUG off (as the test settings are)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, override_settings
from django.urls import path

from vanphong import urls as project_urls


def _boom(request):
    raise RuntimeError("lỗi thử")


def _forbidden(request):
    raise PermissionDenied


def _bad(request):
    raise SuspiciousOperation("yêu cầu lạ")


urlpatterns = [
    path("thu/loi/", _boom),
    path("thu/cam/", _forbidden),
    path("thu/sai/", _bad),
    *project_urls.urlpatterns,
]


def test_debug_is_off_in_tests(settings):
    assert settings.DEBUG is False


@pytest.mark.django_db
def test_missing_page_gives_the_vietnamese_404(client):
    response = client.get("/trang-khong-ton-tai/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang" in body
    assert '<html lang="vi">' in body
    assert "Về trang Việc cần làm" in body


@pytest.mark.django_db
def test_missing_page_with_a_browser_in_english_is_still_vietnamese(client):
    response = client.get("/khong-co/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Không tìm thấy trang" in response.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_server_error_gives_the_vietnamese_500_without_request_context():
    client = Client(raise_request_exception=False)
    response = client.get("/thu/loi/")
    assert response.status_code == 500
    body = response.content.decode()
    assert "Lỗi hệ thống" in body
    assert "lỗi thử" not in body  # no internals leak to the user


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_forbidden_gives_the_vietnamese_403(client):
    response = client.get("/thu/cam/")
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
def test_bad_request_gives_the_vietnamese_400(client):
    response = client.get("/thu/sai/")
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in response.content.decode()


def test_500_template_renders_with_no_context_at_all():
    """Django's handler500 renders 500.html with no context at all, in the language the
    middleware activated for the request (Vietnamese unless the user chose English)."""
    from django.template import loader
    from django.utils import translation

    with translation.override("vi"):
        html = loader.get_template("500.html").render()
    assert "Lỗi hệ thống" in html
    assert '<html lang="vi">' in html


@pytest.mark.django_db
def test_csrf_failure_page_in_vietnamese():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/i18n/setlang/", {"language": "en"})
    assert response.status_code == 403
    assert "Phiên làm việc đã hết hạn" in response.content.decode()
