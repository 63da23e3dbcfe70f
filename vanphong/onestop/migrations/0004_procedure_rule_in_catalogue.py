"""The supplement options move into the procedure catalogue (``Procedure.max_supplement_requests``,
``Procedure.supplement_clock``, frozen in each version's snapshot); ``ProcedureRule`` goes.

Each rule is copied onto its procedure; the versions of that procedure, whose snapshots predate
the two keys, receive the rule that the one-stop module applied to every dossier received under
them (only keys they lack are added; nothing else of a version changes). Procedures without a
rule keep the defaults (1 request, the clock resumes), which a snapshot without the keys means.
"""

from django.db import migrations


def forwards(apps, schema_editor):
    ProcedureRule = apps.get_model("onestop", "ProcedureRule")
    Procedure = apps.get_model("procedures", "Procedure")
    ProcedureVersion = apps.get_model("procedures", "ProcedureVersion")
    for rule in ProcedureRule.objects.all():
        Procedure.objects.filter(pk=rule.procedure_id).update(
            max_supplement_requests=rule.max_supplement_requests,
            supplement_clock=rule.supplement_clock,
        )
        for version in ProcedureVersion.objects.filter(procedure_id=rule.procedure_id):
            snap = dict(version.snapshot or {})
            if "max_supplement_requests" in snap and "supplement_clock" in snap:
                continue
            snap.setdefault("max_supplement_requests", rule.max_supplement_requests)
            snap.setdefault("supplement_clock", rule.supplement_clock)
            ProcedureVersion.objects.filter(pk=version.pk).update(snapshot=snap)


def backwards(apps, schema_editor):
    ProcedureRule = apps.get_model("onestop", "ProcedureRule")
    Procedure = apps.get_model("procedures", "Procedure")
    for proc in Procedure.objects.exclude(max_supplement_requests=1, supplement_clock="resume"):
        ProcedureRule.objects.update_or_create(
            procedure_id=proc.pk,
            defaults={
                "max_supplement_requests": proc.max_supplement_requests,
                "supplement_clock": proc.supplement_clock,
            },
        )


class Migration(migrations.Migration):
    dependencies = [
        ("onestop", "0003_span_gist_index"),
        ("procedures", "0002_supplement_rule"),
    ]

    operations = [
        migrations.RunPython(forwards, backwards),
        migrations.DeleteModel(name="ProcedureRule"),
    ]
