import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    """The test client always comes from 127.0.0.1: counters of another test must not count."""
    from vanphong.core import ratelimit

    ratelimit.reset()
    yield
    ratelimit.reset()
