"""Background jobs of the reports (django_tasks; run ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def refresh_summaries(agency_id: int | None = None) -> int:
    """Recompute the dashboard's summary snapshots (one agency, or all)."""
    from vanphong.org.models import Agency
    from vanphong.reports import summary

    agencies = Agency.objects.filter(pk=agency_id) if agency_id else None
    return summary.refresh(agencies)
