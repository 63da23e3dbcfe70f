import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    """Officials are created in every test; a fast hasher keeps the suite quick."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
