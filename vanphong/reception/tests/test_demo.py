"""The reception demo step: petitions through the services, idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from vanphong.core.eventlog.models import Event
from vanphong.reception.models import Petition, Petitioner

pytestmark = pytest.mark.django_db


def test_seed_demo_enters_petitions_once(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())
    count = Petition.objects.count()
    assert 14 <= count <= 20
    assert Petition.objects.filter(related_to__isnull=False).count() == 1
    assert Petition.objects.filter(status="tam_dinh_chi").count() == 1
    assert Petitioner.objects.filter(protected=True).exclude(sealed="").exists()
    assert not Petitioner.objects.filter(protected=True).exclude(full_name="").exists()
    events = Event.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert (Petition.objects.count(), Event.objects.count()) == (count, events)
