from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class JobsConfig(AppConfig):
    name = "vanphong.core.jobs"
    label = "jobs"
    verbose_name = _("Tác vụ nền")
    default_auto_field = "django.db.models.BigAutoField"
