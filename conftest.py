"""Suite-wide fixtures: the kernel clock is reset around every test."""

from __future__ import annotations

import pytest

from vanphong.core import clock


@pytest.fixture(autouse=True)
def _reset_clock():
    from vanphong.core.calendar import workdays

    clock.reset()
    workdays.clear_cache()  # an override rolled back with a test must not stay cached
    yield
    clock.reset()
    workdays.clear_cache()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    """Each test writes files into its own media folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
