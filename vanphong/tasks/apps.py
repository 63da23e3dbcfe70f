from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TasksConfig(AppConfig):
    name = "vanphong.tasks"
    label = "tasks"
    verbose_name = _("Nhiệm vụ")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from vanphong.tasks import selectors  # noqa: F401  (registers the visibility rule)
