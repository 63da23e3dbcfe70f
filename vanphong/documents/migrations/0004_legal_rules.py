"""Which document types are legal-normative, as versioned reference data (see legal_rules.py).

Written with the historical model, idempotently; later changes of the law are new versions
added through the refdata services (admin or a new migration)."""

import datetime as dt

from django.db import migrations


def load(apps, schema_editor):
    from vanphong.documents.legal_rules import ENTRIES

    RuleVersion = apps.get_model("refdata", "RuleVersion")
    for entry in ENTRIES:
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
        ("documents", "0003_outgoing"),
        ("refdata", "0002_no_overlap_in_database"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
