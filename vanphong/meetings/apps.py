from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "vanphong.meetings"
    label = "meetings"
    verbose_name = _("Cuộc họp và lịch công tác")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from vanphong.meetings import selectors  # noqa: F401  (registers the visibility rule)
        from vanphong.meetings.receivers import connect

        connect()
