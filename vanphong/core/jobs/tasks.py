"""The django-tasks task that runs a :class:`~vanphong.core.jobs.models.Job` (``manage.py
db_worker`` picks it from the database queue)."""

from __future__ import annotations

from django_tasks import task


@task()
def run_job(job_id: int) -> str:
    """Run job ``job_id``; returns its final state. Failures are recorded on the job (with a
    Vietnamese message for its owner), not raised, so the task itself succeeds."""
    from vanphong.core.jobs import services

    return services.run(job_id)
