"""Background jobs of the one-stop module (django_tasks; run ``manage.py db_worker``)."""

from __future__ import annotations

from django_tasks import task


@task()
def send_notification(dossier_id: int, event: str) -> int:
    from vanphong.onestop import notify

    return notify.send_now(dossier_id, event)


@task()
def portal_sync(directory: str = "") -> dict:
    """Pull new portal dossiers and push pending status changes (the configured transport)."""
    from vanphong.onestop import portal

    transport = portal.transport(directory or None)
    received = portal.pull(transport)
    pushed = portal.push_pending(transport)
    return {"received": received.created, "duplicates": received.duplicates, "pushed": pushed}
