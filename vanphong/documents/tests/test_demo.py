"""The documents demo step: incoming documents through the services, idempotent."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from vanphong.core import deadlines
from vanphong.core.eventlog.models import Event
from vanphong.documents.models import IncomingDocument, IncomingState

pytestmark = pytest.mark.django_db


def test_seed_demo_registers_incoming_documents_once(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())
    office = IncomingDocument.objects.filter(agency__short_name="VP")
    docs = office.filter(register__confidential=False)
    count = IncomingDocument.objects.count()
    assert office.count() == 30
    assert sorted(docs.values_list("number", flat=True)) == list(range(1, docs.count() + 1))
    assert office.filter(register__confidential=True).count() == 1
    assert docs.exclude(urgency="thuong").count() >= 8
    assert IncomingDocument.objects.filter(state=IncomingState.IN_PROGRESS).exists()
    assert IncomingDocument.objects.filter(state=IncomingState.FINISHED).exists()
    statuses = set(
        IncomingDocument.objects.annotate(s=deadlines.status_expression()).values_list(
            "s", flat=True
        )
    )
    assert deadlines.DeadlineStatus.QUA_HAN in statuses
    events = Event.objects.count()
    call_command("seed_demo", stdout=io.StringIO())
    assert (IncomingDocument.objects.count(), Event.objects.count()) == (count, events)


def test_seed_demo_outgoing_documents_in_various_states(settings):
    from vanphong.documents.models import OutgoingDocument, OutgoingState

    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_demo", stdout=io.StringIO())
    docs = OutgoingDocument.objects.all()
    assert docs.count() == 12
    states = set(docs.values_list("state", flat=True))
    assert set(OutgoingState.values) <= states
    issued = docs.filter(number__isnull=False).order_by("number")
    assert [d.number for d in issued] == list(range(1, issued.count() + 1))
    snv = IncomingDocument.objects.filter(agency__short_name="SNV", delivery__isnull=False)
    assert snv.exists()
    assert snv.first().delivery.document.code.endswith("/VP-KT")
