"""System checks guarding the event log's assumptions."""

from __future__ import annotations

from django.db import connections

from vanphong.core.eventlog import checks


def test_current_settings_pass_the_checks():
    assert checks.sqlite_immediate_transactions() == []
    assert checks.anchor_key() == []


def test_sqlite_without_immediate_transactions_is_an_error(monkeypatch):
    conn = connections["default"]
    monkeypatch.setattr(conn, "vendor", "sqlite")
    monkeypatch.setitem(conn.settings_dict, "OPTIONS", {"transaction_mode": "DEFERRED"})
    assert [e.id for e in checks.sqlite_immediate_transactions()] == ["eventlog.E001"]


def test_missing_or_shared_anchor_key_is_reported(settings):
    settings.EVENTLOG_ANCHOR_KEY = ""
    assert [e.id for e in checks.anchor_key()] == ["eventlog.E002"]
    settings.EVENTLOG_ANCHOR_KEY = settings.SECRET_KEY
    assert [e.id for e in checks.anchor_key_is_its_own()] == ["eventlog.W001"]
