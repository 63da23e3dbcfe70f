"""Indexes measured with bench/documents.py (both unknown to the model state, which they do not
change):

* PostgreSQL: a GIN index on the accented words of the incoming documents' search text, so that
  a search with accents reads its exact matches ("bão", not "báo"/"bảo") through an index
  (search.planned_search(..., exact_index=True)). Nothing on SQLite.
* Both engines: the leader's queue ("văn bản chờ cho ý kiến": presented to them, urgent first,
  oldest first) read in its order from a partial index instead of sorting every document
  presented to the leader.
"""

from django.db import migrations

from vanphong.core.search.operations import CreateExactSearchIndex


class Migration(migrations.Migration):
    dependencies = [("documents", "0008_notes_file_text")]

    operations = [
        CreateExactSearchIndex("incomingdocument"),
        migrations.RunSQL(
            "CREATE INDEX IF NOT EXISTS doc_in_queue_idx ON documents_incomingdocument "
            "(presented_to_id, urgency_rank DESC, presented_at, id) WHERE state = 'presented'",
            "DROP INDEX IF EXISTS doc_in_queue_idx",
        ),
    ]
