"""``flush`` that can also empty the append-only event log.

Django's ``flush`` (also run after every transactional test) deletes every row of every table;
the event log's triggers would refuse that. This override — found first because the eventlog app
provides it — lifts the triggers for the flush only, inside one transaction.
"""

from __future__ import annotations

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections, transaction

from vanphong.core.eventlog.guards import guards_lifted


class Command(FlushCommand):
    help = FlushCommand.help + " The append-only event log is emptied too."

    def handle(self, **options):
        database = options["database"]
        with transaction.atomic(using=database):
            with guards_lifted(connections[database]):
                return super().handle(**options)
