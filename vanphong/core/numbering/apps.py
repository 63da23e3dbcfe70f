from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NumberingConfig(AppConfig):
    name = "vanphong.core.numbering"
    label = "numbering"
    verbose_name = _("Cấp số")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from vanphong.core.numbering import checks  # noqa: F401  (registers the system check)
