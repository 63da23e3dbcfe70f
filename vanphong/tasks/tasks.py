"""Background jobs of the tasks module (django_tasks).

``send_reminders`` sends the due reminders (in-app and e-mail) once. Run it periodically, e.g. a
cron entry or systemd timer every 30 minutes during office hours running
``manage.py task_reminders``, or enqueue ``send_reminders.enqueue()`` for the worker
(``manage.py db_worker``).
"""

from __future__ import annotations

from django_tasks import task


@task()
def send_reminders() -> int:
    """Send the reminders due now (kernel clock); returns how many were sent."""
    from vanphong.tasks import services

    return len(services.reminders_send())
