"""Background jobs of the event log (django_tasks).

``write_checkpoint`` anchors the log outside the database. Run it periodically: e.g. a cron entry
or systemd timer every 15 minutes running ``manage.py eventlog checkpoint``, or enqueueing
``write_checkpoint.enqueue()`` for the worker (``manage.py db_worker``). See README.md.
"""

from __future__ import annotations

from django_tasks import task


@task()
def write_checkpoint(keep: int | None = None) -> str:
    """Verify the log and write a signed checkpoint (keeping the newest ``keep`` files if given);
    returns the file path. Raises (the job fails, visible in the task results) when the log
    does not verify."""
    from vanphong.core.eventlog import integrity

    return str(integrity.write_checkpoint(keep=keep))
