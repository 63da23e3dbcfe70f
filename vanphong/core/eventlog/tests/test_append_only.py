"""The database itself refuses to change or remove log entries (triggers, migration 0002)."""

from __future__ import annotations

import pytest
from django.contrib.admin.sites import site
from django.core.management import call_command
from django.db import DatabaseError, connection, transaction
from django.test import RequestFactory

from vanphong.core import eventlog
from vanphong.core.eventlog.models import Event, StreamHead
from vanphong.core.eventlog.testing import tampering
from vanphong.org.testing import make_agency, make_official

pytestmark = pytest.mark.django_db


@pytest.fixture
def event():
    return eventlog.record(action="test.created", agency=make_agency(), payload={"a": 1})


def _refused(sql: str, params=()) -> str:
    with pytest.raises(DatabaseError) as caught, transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    return str(caught.value)


def test_raw_update_is_refused_by_the_database(event):
    message = _refused(
        "UPDATE eventlog_event SET action = %s WHERE id = %s", ["x.forged", event.pk]
    )
    assert "append-only" in message
    assert Event.objects.get(pk=event.pk).action == "test.created"


def test_orm_update_is_refused_too(event):
    with pytest.raises(DatabaseError), transaction.atomic():
        Event.objects.filter(pk=event.pk).update(payload={"a": 2})
    assert Event.objects.get(pk=event.pk).payload == {"a": 1}


def test_raw_delete_is_refused_by_the_database(event):
    assert "append-only" in _refused("DELETE FROM eventlog_event WHERE id = %s", [event.pk])
    assert "append-only" in _refused("DELETE FROM eventlog_event")
    assert Event.objects.filter(pk=event.pk).exists()


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_truncate_is_refused_on_postgresql(event):
    assert "append-only" in _refused("TRUNCATE eventlog_event")
    assert "append-only" in _refused("TRUNCATE eventlog_streamhead")
    assert Event.objects.filter(pk=event.pk).exists()


def test_stream_head_only_moves_forward_by_one(event):
    head = StreamHead.objects.get(stream=event.stream)
    assert "forward" in _refused(
        "UPDATE eventlog_streamhead SET last_seq = 0 WHERE stream = %s", [event.stream]
    )
    assert "forward" in _refused(
        "UPDATE eventlog_streamhead SET last_seq = 5 WHERE stream = %s", [event.stream]
    )
    _refused("DELETE FROM eventlog_streamhead WHERE stream = %s", [event.stream])
    assert StreamHead.objects.get(stream=event.stream).last_seq == head.last_seq == 1


def test_guards_come_back_after_tampering(event):
    with tampering() as cursor:
        cursor.execute("UPDATE eventlog_event SET action = %s WHERE id = %s", ["x.t", event.pk])
    assert Event.objects.get(pk=event.pk).action == "x.t"
    _refused("UPDATE eventlog_event SET action = %s WHERE id = %s", ["x.u", event.pk])


def test_guards_come_back_when_tampering_fails(event):
    class Boom(Exception):
        pass

    with pytest.raises(Boom), tampering() as cursor:
        cursor.execute("UPDATE eventlog_event SET action = %s WHERE id = %s", ["x.t", event.pk])
        raise Boom
    assert Event.objects.get(pk=event.pk).action == "test.created"
    _refused("DELETE FROM eventlog_event WHERE id = %s", [event.pk])


@pytest.mark.django_db(transaction=True)
def test_flush_empties_the_log_and_keeps_the_guards():
    with transaction.atomic():
        event = eventlog.record(action="test.created", payload={"a": 1})
    call_command("flush", interactive=False, verbosity=0)
    assert not Event.objects.exists() and not StreamHead.objects.exists()
    with transaction.atomic():
        event = eventlog.record(action="test.created")
    assert "append-only" in _refused("DELETE FROM eventlog_event WHERE id = %s", [event.pk])


def test_admin_is_read_only(event):
    admin_user = make_official(is_staff=True, is_superuser=True)
    request = RequestFactory().get("/")
    request.user = admin_user
    for model in (Event, StreamHead):
        model_admin = site._registry[model]
        assert not model_admin.has_add_permission(request)
        assert not model_admin.has_change_permission(request, event)
        assert not model_admin.has_delete_permission(request, event)
