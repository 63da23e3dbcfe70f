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


@pytest.fixture(scope="session")
def _reference_snapshot(django_db_setup, django_db_blocker):
    """What the data migrations wrote (document types, legal rules, calendar overrides), taken
    once when the test database is ready."""
    from django.db import connection

    with django_db_blocker.unblock():
        return connection.creation.serialize_db_to_string()


@pytest.fixture(autouse=True)
def _reference_data(request):
    """That reference data back in place for each transactional test: such a test flushes the
    whole database when it ends, and pytest-django runs the transactional tests last, one after
    the other. Content types and permissions (recreated by the flush) are left as they are."""
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or bool(
        {"transactional_db", "live_server"} & set(request.fixturenames)
    )
    if not transactional:
        return
    snapshot = request.getfixturevalue("_reference_snapshot")
    request.getfixturevalue("transactional_db")
    from django.core import serializers
    from django.db import transaction

    from vanphong.documents.models import DocumentType

    if DocumentType.objects.exists():
        return
    skipped = {"contenttypes.contenttype", "auth.permission"}
    with transaction.atomic():
        for obj in serializers.deserialize("json", snapshot):
            if obj.object._meta.label_lower not in skipped:
                obj.save()
