from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "vanphong.reports"
    label = "reports"
    verbose_name = _("Tổng hợp, báo cáo")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from vanphong.reports import figures

        figures.autodiscover()
