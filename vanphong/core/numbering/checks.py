"""System check: on SQLite, numbering relies on BEGIN IMMEDIATE (one writer at a time)."""

from __future__ import annotations

from django.core import checks
from django.db import connections


@checks.register(checks.Tags.database)
def sqlite_immediate_transactions(app_configs=None, **kwargs):
    problems = []
    for alias in connections:
        conn = connections[alias]
        if conn.vendor != "sqlite":
            continue
        mode = (conn.settings_dict.get("OPTIONS") or {}).get("transaction_mode")
        if str(mode).upper() != "IMMEDIATE":
            problems.append(
                checks.Warning(
                    f"SQLite database '{alias}' does not use transaction_mode IMMEDIATE: "
                    "concurrent number takers will fail with 'database is locked'.",
                    hint="DATABASES[...]['OPTIONS']['transaction_mode'] = 'IMMEDIATE' "
                    "(vanphong/env.py sets it for DATABASE_URL=sqlite:///...).",
                    id="numbering.W001",
                )
            )
    return problems
