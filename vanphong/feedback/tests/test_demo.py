"""The hotline demo step: ~80 items through the services, idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from vanphong.core.eventlog.models import Event
from vanphong.feedback.models import Category, Feedback, Status

pytestmark = pytest.mark.django_db


def test_seed_demo_enters_feedback_once():
    call_command("seed_demo", "--only", "org", "--only", "feedback", stdout=io.StringIO())
    assert Category.objects.count() == 7
    count = Feedback.objects.count()
    assert count == 80
    published = Feedback.objects.filter(status=Status.DA_TRA_LOI).count()
    assert published >= 20
    assert Feedback.objects.filter(status=Status.CHO_DUYET).exists()
    assert Feedback.objects.filter(status=Status.DANG_XU_LY).count() >= 15
    assert Feedback.objects.filter(status=Status.DA_GOP).exists()
    assert Feedback.objects.filter(status=Status.DA_CHUYEN_DON).count() == 1
    assert Feedback.objects.values("commune_code").distinct().count() >= 10
    assert Feedback.objects.filter(responsible_unit__agency__kind="commune_pc").exists()
    assert not Feedback.objects.filter(published_at__lt=models_received()).exists()
    events = Event.objects.count()
    call_command("seed_demo", "--only", "org", "--only", "feedback", stdout=io.StringIO())
    assert (Feedback.objects.count(), Event.objects.count()) == (count, events)


def models_received():
    from django.db.models import F

    return F("received_at")
