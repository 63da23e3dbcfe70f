"""System checks for the event log's safety assumptions."""

from __future__ import annotations

from django.conf import settings
from django.core.checks import Error, Tags, Warning, register
from django.db import connections


@register(Tags.database, Tags.compatibility)
def sqlite_immediate_transactions(app_configs=None, **kwargs):
    """On SQLite the next seq is safe only if write transactions start IMMEDIATE."""
    problems = []
    for alias in settings.DATABASES:
        conn = connections[alias]
        if conn.vendor != "sqlite":
            continue
        mode = (conn.settings_dict.get("OPTIONS") or {}).get("transaction_mode")
        if str(mode or "").upper() != "IMMEDIATE":
            problems.append(
                Error(
                    f"SQLite database {alias!r} must use OPTIONS transaction_mode='IMMEDIATE' "
                    "for the event log to number entries safely under concurrency.",
                    id="eventlog.E001",
                )
            )
    return problems


@register(Tags.security)
def anchor_key(app_configs=None, **kwargs):
    key = getattr(settings, "EVENTLOG_ANCHOR_KEY", "")
    if not key:
        return [
            Error(
                "EVENTLOG_ANCHOR_KEY is empty: the event log cannot be signed.", id="eventlog.E002"
            )
        ]
    return []


@register(Tags.security, deploy=True)
def anchor_key_is_its_own(app_configs=None, **kwargs):
    if settings.EVENTLOG_ANCHOR_KEY == settings.SECRET_KEY:
        return [
            Warning(
                "EVENTLOG_ANCHOR_KEY is derived from SECRET_KEY. Give the event log its own key, "
                "kept outside the database and its backups, so it can be guarded separately.",
                id="eventlog.W001",
            )
        ]
    return []
