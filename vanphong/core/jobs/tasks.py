"""The django-tasks task that runs a :class:`~vanphong.core.jobs.models.Job` (``manage.py
db_worker`` picks it from the database queue)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_job(job_id: int) -> str:
    """Run job ``job_id``; returns its final state. Failures are recorded on the job (with a
    Vietnamese message for its owner), not raised, so the task itself succeeds."""
    from vanphong.core.jobs import services

    state = services.run(job_id)
    services.housekeep_if_due()  # stuck jobs and old result files, at most once an hour
    return state


@task()
def housekeep_jobs() -> dict:
    """The same housekeeping on demand (e.g. enqueued by a timer): see
    :func:`vanphong.core.jobs.services.housekeep`."""
    from vanphong.core.jobs import services

    return services.housekeep()
