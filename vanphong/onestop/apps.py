from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnestopConfig(AppConfig):
    name = "vanphong.onestop"
    label = "onestop"
    verbose_name = _("Một cửa: hồ sơ thủ tục hành chính")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from vanphong.onestop.receivers import connect

        connect()
