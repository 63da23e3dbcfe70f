"""Kernel part: attachments."""

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_trigger(sender, using="default", **kwargs):
    from vanphong.core.attachments.dbguards import ensure_trigger

    ensure_trigger(using)


class AttachmentsConfig(AppConfig):
    name = "vanphong.core.attachments"
    label = "attachments"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Tệp đính kèm"

    def ready(self):
        post_migrate.connect(_ensure_trigger, sender=self, dispatch_uid="attachments_trigger")
