from django.apps import AppConfig


class EventlogConfig(AppConfig):
    name = "vanphong.core.eventlog"
    label = "eventlog"
    default_auto_field = "django.db.models.BigAutoField"
