"""PostgreSQL: a GiST index on each dossier's span, for the statistics of any period.

The span is ``[received_at, greatest(received_at, coalesce(fact_rated_at, fact_closed_at,
infinity))]`` — the expression of :func:`vanphong.onestop.statistics.span` (keep both identical,
or the planner does not use the index). A period's statistics read only the dossiers whose span
overlaps it, an interval question that no B-tree answers. The index INCLUDEs every column the
statistics read (the fact columns, the scope and visibility columns), so they are answered by
an index-only scan, without the wide dossier rows. SQLite: nothing (no GiST).
"""

from django.db import migrations

INDEX = "onestop_dossier_span_gist"
CREATE = f"""CREATE INDEX IF NOT EXISTS {INDEX} ON onestop_dossier USING gist (
    tstzrange(
        received_at,
        GREATEST(received_at, COALESCE(fact_rated_at, fact_closed_at, 'infinity'::timestamptz)),
        '[]'
    )
) INCLUDE (
    id, received_at, procedure_id, agency_id, receiving_agency_id, field_id, handling_unit_id,
    five_on_the_spot, fact_online, fact_due_at, fact_supplement_at, fact_waiting_since,
    fact_settled_at, fact_timeliness, fact_on_the_spot, fact_refused_at, fact_stopped_at,
    fact_closed_at, fact_rating, fact_rated_at
)"""


def forwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backwards(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP INDEX IF EXISTS {INDEX}")


class Migration(migrations.Migration):
    dependencies = [
        ("onestop", "0002_step_holders"),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
