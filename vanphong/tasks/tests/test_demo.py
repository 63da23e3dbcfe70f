"""The tasks demo step: ~60 tasks through the services, a realistic mix, idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from vanphong.core import deadlines
from vanphong.core.eventlog.models import Event
from vanphong.tasks import selectors
from vanphong.tasks.models import Task

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_a_realistic_mix_of_tasks_once(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())
    count = Task.objects.count()
    assert 55 <= count <= 70
    counts = selectors.status_counts(Task.objects.all())
    assert counts[deadlines.DeadlineStatus.QUA_HAN] >= 5
    assert counts[deadlines.DeadlineStatus.HOAN_THANH_QUA_HAN] >= 3
    on_time = sum(counts[s] for s in deadlines.ON_TIME_STATUSES)
    assert on_time >= 10
    assert (
        counts[deadlines.DeadlineStatus.CHUA_DEN_HAN] + counts[deadlines.DeadlineStatus.SAP_DEN_HAN]
        >= 5
    )
    assert Task.objects.filter(extension_count__gt=0, finished_at__isnull=False).count() >= 3
    assert Task.objects.filter(state="cho_duyet").exists()
    assert Task.objects.filter(lead_agency__kind="commune_pc").exists()
    assert Task.objects.filter(recurrence="thang").count() == 2
    events = Event.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert (Task.objects.count(), Event.objects.count()) == (count, events)
