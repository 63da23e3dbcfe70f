"""The legal deadlines of petition handling as versioned reference data (see legal_rules.py).

Loaded through the kernel's idempotent loader: a version already stored with the same content
is skipped; a stored version with different content stops the migration (never changed
silently). Later changes of the law are new versions added by a new migration or the admin.
"""

from django.db import migrations


def load(apps, schema_editor):
    from vanphong.core.refdata.services import rule_versions_load
    from vanphong.reception.legal_rules import ENTRIES

    rule_versions_load(acting_user=None, entries=ENTRIES)


class Migration(migrations.Migration):
    dependencies = [
        ("reception", "0001_initial"),
        ("refdata", "0002_no_overlap_in_database"),
        ("eventlog", "0002_append_only_triggers"),
    ]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
