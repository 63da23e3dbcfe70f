from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkfilesConfig(AppConfig):
    name = "vanphong.workfiles"
    label = "workfiles"
    verbose_name = _("Hồ sơ công việc")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from vanphong.workfiles import selectors  # noqa: F401  (registers the visibility rule)
