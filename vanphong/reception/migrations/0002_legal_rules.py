"""The legal deadlines of petition handling as versioned reference data (see legal_rules.py).

Written with the historical model, idempotently: a version already stored (same key and start
date) is kept as it is. The migration itself is the record of this data (no event-log entries
at install time); later changes of the law are new versions added through the refdata services
(admin or a new migration), which log them. ``refdata.rule_versions_load(entries=ENTRIES)``
reports the stored versions as unchanged (a test checks it).
"""

import datetime as dt

from django.db import migrations


def load(apps, schema_editor):
    from vanphong.reception.legal_rules import ENTRIES

    RuleVersion = apps.get_model("refdata", "RuleVersion")
    for entry in sorted(ENTRIES, key=lambda e: (e["key"], e["valid_from"])):
        valid_from = dt.date.fromisoformat(entry["valid_from"])
        if RuleVersion.objects.filter(key=entry["key"], valid_from=valid_from).exists():
            continue
        RuleVersion.objects.create(
            key=entry["key"],
            value=entry["value"],
            unit=entry.get("unit", ""),
            legal_basis=entry["legal_basis"],
            valid_from=valid_from,
            valid_to=dt.date.fromisoformat(entry["valid_to"]) if entry.get("valid_to") else None,
            note=entry.get("note", ""),
        )


class Migration(migrations.Migration):
    dependencies = [
        ("reception", "0001_initial"),
        ("refdata", "0002_no_overlap_in_database"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
