"""Notifications to the citizen: pluggable providers, sent after commit as a background task."""

from __future__ import annotations

import pytest
from django.core import mail

from vanphong.core import clock
from vanphong.onestop import notify
from vanphong.onestop.testing import at, office, procedure_for, receive

pytestmark = pytest.mark.django_db


class FakeSms(notify.SmsProvider):
    sent: list[tuple[str, str]] = []

    def send_sms(self, phone: str, text: str) -> bool:
        FakeSms.sent.append((phone, text))
        return True


class Broken(notify.Provider):
    name = "broken"

    def send(self, dossier, message):
        raise RuntimeError("gateway down")


def test_receipt_notifies_through_every_provider_after_commit(
    settings, django_capture_on_commit_callbacks
):
    settings.ONESTOP_NOTIFY_INLINE = True
    settings.ONESTOP_NOTIFY_PROVIDERS = [
        "vanphong.onestop.notify.LogProvider",
        "vanphong.onestop.notify.EmailProvider",
        "vanphong.onestop.tests.test_notify.FakeSms",
        "vanphong.onestop.tests.test_notify.Broken",
    ]
    clock.travel_to(at(2026, 1, 5, 8))
    o = office()
    proc = procedure_for(o)
    clock.travel_to(at(2026, 3, 9, 9))
    FakeSms.sent.clear()
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(o, proc)
    assert (d.code, "receive") in notify.LogProvider.sent
    assert len(mail.outbox) == 1 and d.code in mail.outbox[0].subject
    assert mail.outbox[0].to == ["hoa.nguyen@example.vn"]
    assert "034090001234" not in mail.outbox[0].body  # no identity number in messages
    assert FakeSms.sent and FakeSms.sent[0][0] == "0912345678"


def test_background_task_is_enqueued(settings, django_capture_on_commit_callbacks):
    from django_tasks_db.models import DBTaskResult

    settings.ONESTOP_NOTIFY_INLINE = False
    clock.travel_to(at(2026, 1, 5, 8))
    o = office()
    proc = procedure_for(o)
    clock.travel_to(at(2026, 3, 9, 9))
    with django_capture_on_commit_callbacks(execute=True):
        d = receive(o, proc)
    task = DBTaskResult.objects.get()
    assert task.task_path.endswith("send_notification") and task.args_kwargs["args"] == [
        d.pk,
        "receive",
    ]
