from django.apps import AppConfig


class EventlogConfig(AppConfig):
    name = "vanphong.core.eventlog"
    label = "eventlog"
    default_auto_field = "django.db.models.BigAutoField"
    verbose_name = "Sổ sự kiện"

    def ready(self) -> None:
        from vanphong.core.eventlog import checks  # noqa: F401  (registers the system checks)
