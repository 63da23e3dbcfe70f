"""The kernel's rate limiting of public pages (vanphong.core.ratelimit)."""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from vanphong.core import ratelimit


@pytest.fixture(autouse=True)
def _fresh():
    ratelimit.reset()
    yield
    ratelimit.reset()


def test_hit_counts_per_scope_and_key():
    results = [ratelimit.hit("t.a", "1.2.3.4", limit=3, window=60) for _i in range(5)]
    assert results == [False, False, False, True, True]
    assert ratelimit.hit("t.a", "5.6.7.8", limit=3, window=60) is False  # another address
    assert ratelimit.hit("t.b", "1.2.3.4", limit=3, window=60) is False  # another scope


def test_settings_override_the_default(settings):
    settings.RATELIMITS = {"t.c": (1, 30)}
    assert ratelimit.limits_for("t.c", 100, 600) == (1, 30)
    assert ratelimit.limits_for("t.d", 100, 600) == (100, 600)
    assert [ratelimit.hit("t.c", "x", limit=100, window=600) for _i in range(2)] == [False, True]


@pytest.mark.django_db
def test_decorator_refuses_with_the_friendly_page():
    @ratelimit.limit("t.view", limit=2, window=120)
    def view(request):
        return HttpResponse("ok")

    rf = RequestFactory()
    assert view(rf.get("/")).status_code == 200  # GET not counted by default
    codes = [view(rf.post("/", REMOTE_ADDR="10.0.0.1")).status_code for _i in range(3)]
    assert codes == [200, 200, 429]
    assert view(rf.post("/", REMOTE_ADDR="10.0.0.2")).status_code == 200
    for _i in range(3):
        view(rf.get("/"))
    blocked = view(rf.post("/", REMOTE_ADDR="10.0.0.1"))
    assert blocked["Retry-After"] == "120"
    text = blocked.content.decode()
    assert "Quá nhiều yêu cầu" in text and "2 phút" in text
    assert view.ratelimit_scope == "t.view"


def test_client_address_ignores_forwarded_headers():
    rf = RequestFactory()
    request = rf.get("/", REMOTE_ADDR="10.0.0.9", HTTP_X_FORWARDED_FOR="1.1.1.1")
    assert ratelimit.client_address(request) == "10.0.0.9"
