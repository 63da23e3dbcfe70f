from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "vanphong.feedback"
    label = "feedback"
    verbose_name = _("Phản ánh, kiến nghị (đường dây nóng)")
    default_auto_field = "django.db.models.BigAutoField"
