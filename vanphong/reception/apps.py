from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "vanphong.reception"
    label = "reception"
    verbose_name = _("Tiếp công dân, xử lý đơn")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from vanphong.reception import selectors  # noqa: F401  (registers the visibility rule)
