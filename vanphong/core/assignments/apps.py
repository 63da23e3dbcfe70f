from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssignmentsConfig(AppConfig):
    name = "vanphong.core.assignments"
    label = "assignments"
    verbose_name = _("Phân công xử lý")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from vanphong.core.assignments import selectors  # noqa: F401  (registers visibility)
