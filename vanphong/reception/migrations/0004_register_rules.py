"""Rules of the reception register, the leaders' reception days and the denunciation notices
(see legal_rules.py), loaded like 0002: idempotently, with the historical model."""

from django.db import migrations


def load(apps, schema_editor):
    from importlib import import_module

    import_module("vanphong.reception.migrations.0002_legal_rules").load(apps, schema_editor)


class Migration(migrations.Migration):
    dependencies = [("reception", "0003_reception_register")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
