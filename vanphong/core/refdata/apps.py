from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RefdataConfig(AppConfig):
    name = "vanphong.core.refdata"
    label = "refdata"
    verbose_name = _("Dữ liệu quy định theo thời gian")
    default_auto_field = "django.db.models.BigAutoField"
