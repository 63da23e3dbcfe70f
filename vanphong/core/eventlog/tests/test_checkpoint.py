"""Checkpoints: the signed anchor written outside the database, by command or background job."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command

from vanphong.core import eventlog
from vanphong.core.eventlog import integrity, tasks
from vanphong.core.eventlog.hashing import verify_signature

pytestmark = pytest.mark.django_db


def test_background_job_writes_a_signed_checkpoint(settings):
    eventlog.record(action="test.a", stream="s:1")
    eventlog.record(action="test.b", stream="s:1")
    eventlog.record(action="test.c", stream="s:2")
    path = tasks.write_checkpoint.call()
    data = json.loads(open(path, encoding="utf-8").read())
    assert data["count"] == 3
    assert data["streams"]["s:1"]["seq"] == 2 and data["streams"]["s:2"]["seq"] == 1
    body = {k: v for k, v in data.items() if k != "signature"}
    assert verify_signature(body, data["signature"])
    assert str(settings.EVENTLOG_CHECKPOINT_DIR) in path


def test_checkpoint_signed_with_another_key_is_rejected(settings):
    eventlog.record(action="test.a", stream="s:1")
    path = eventlog.write_checkpoint()
    settings.EVENTLOG_ANCHOR_KEY = "another-key"
    assert integrity.read_checkpoint(path) is None


def test_checkpoint_command_and_verify_without_checkpoint(capsys):
    eventlog.record(action="test.a", stream="s:1")
    call_command("eventlog", "verify")
    captured = capsys.readouterr()
    assert "chưa có mốc kiểm tra" in captured.err and "toàn vẹn: 1 sự kiện" in captured.out
    call_command("eventlog", "checkpoint")
    assert "Đã ghi mốc kiểm tra" in capsys.readouterr().out
    call_command("eventlog", "verify")
    assert "khớp mốc checkpoint-" in capsys.readouterr().out


def test_empty_log_verifies():
    report = eventlog.verify()
    assert report.ok and report.events == 0


@pytest.mark.django_db(transaction=True)
def test_enqueued_job_is_run_by_the_worker(settings):
    """The documented periodic path: a timer enqueues the job, ``db_worker`` runs it."""
    from django.db import transaction

    with transaction.atomic():
        eventlog.record(action="test.a", stream="s:1")
    result = tasks.write_checkpoint.enqueue(keep=5)
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL", result.errors
    assert str(settings.EVENTLOG_CHECKPOINT_DIR) in result.return_value
    assert len(integrity.checkpoint_files()) == 1
