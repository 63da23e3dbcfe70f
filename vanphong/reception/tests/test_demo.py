"""The reception demo steps: petitions, a month of the reception register and the leaders'
reception days, through the services, idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from vanphong.core.eventlog.models import Event
from vanphong.reception.models import Petition, Petitioner, ReceptionDay, ReceptionEntry

pytestmark = pytest.mark.django_db


def test_seed_demo_enters_petitions_the_register_and_the_days_once(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())
    count = Petition.objects.count()
    assert 14 <= Petition.objects.filter(source_ref="").count() <= 20
    assert Petition.objects.filter(related_to__isnull=False).count() == 1
    assert Petition.objects.filter(status="tam_dinh_chi").count() == 1
    assert Petitioner.objects.filter(protected=True).exclude(sealed="").exists()
    assert not Petitioner.objects.filter(protected=True).exclude(full_name="").exists()
    entries = ReceptionEntry.objects.all()
    assert entries.count() >= 30
    linked = entries.filter(action="nhan_don", petition__isnull=False)
    assert linked.exists()
    assert Petition.objects.filter(source_ref__startswith="reception.entry:").count() == (
        linked.count()
    )
    assert entries.filter(group_size__gte=5).exists()
    assert entries.filter(protected=True).exists()
    assert entries.filter(finished_at__isnull=False, due_at__isnull=False).exists()
    assert entries.filter(finished_at__isnull=True, due_at__isnull=False).exists()
    assert ReceptionDay.objects.filter(published=True).count() >= 3
    assert ReceptionDay.objects.filter(is_online=True).exists()
    events = Event.objects.count()
    registered = entries.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert (Petition.objects.count(), Event.objects.count()) == (count, events)
    assert ReceptionEntry.objects.count() == registered
