"""The demo step: a few hundred dossiers through the services, some late; idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from vanphong.core import clock
from vanphong.core.eventlog.models import Event
from vanphong.onestop import facts, statistics
from vanphong.onestop.models import Dossier
from vanphong.onestop.testing import at

pytestmark = pytest.mark.django_db


def test_demo_dossiers(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    clock.travel_to(at(2026, 3, 20, 17))
    out = io.StringIO()
    call_command(
        "seed_demo", "--only", "org", "--only", "procedures", "--only", "onestop", stdout=out
    )
    count = Dossier.objects.count()
    assert count >= 200, out.getvalue()
    assert "refused by rule" not in out.getvalue()
    assert Dossier.objects.filter(fact_timeliness="qua_han").exists()
    assert Dossier.objects.filter(fact_timeliness__in=["truoc_han", "dung_han"]).count() > count / 3
    assert Dossier.objects.filter(channel="truc_tuyen").exclude(portal_code="").exists()
    assert (
        Dossier.objects.filter(status="cho_bo_sung").exists()
        or Dossier.objects.filter(fact_supplement_count__gt=0).exists()
    )
    assert Dossier.objects.exclude(rating="").exists()
    assert Event.objects.filter(action="onestop.receive").count() == count
    assert facts.rebuild() == 0  # the facts agree with the event log
    figures = statistics.compute(
        Dossier.objects.all(),
        statistics.Filters(start=at(2026, 2, 1, 0), end=at(2026, 3, 21, 0)),
    )
    assert figures["received_new"] > 0 and figures["settled_late"] > 0
    # Idempotent.
    call_command("seed_demo", "--only", "onestop", stdout=io.StringIO())
    assert Dossier.objects.count() == count
