"""Kernel part: search."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _repair_sqlite_indexes(sender, using="default", **kwargs):
    from vanphong.core.search.operations import ensure_sqlite_indexes

    ensure_sqlite_indexes(using)


class SearchConfig(AppConfig):
    name = "vanphong.core.search"
    label = "search"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Tìm kiếm"

    def ready(self):
        # Once per migrate run (sent for this app only), after every app's migrations.
        post_migrate.connect(_repair_sqlite_indexes, sender=self, dispatch_uid="search_repair")
