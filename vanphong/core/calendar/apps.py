from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def invalidate_calendar_cache(sender, using=None, **kwargs) -> None:
    """A CalendarOverride or OfficeHours row was saved or deleted: drop the snapshot now (this
    connection sees its own write) and again at commit (other threads then reload)."""
    from django.db import transaction

    from vanphong.core.calendar import workdays

    workdays.clear_cache()
    transaction.on_commit(workdays.clear_cache, using=using)


class CalendarConfig(AppConfig):
    name = "vanphong.core.calendar"
    label = "workcal"
    verbose_name = _("Lịch làm việc")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from vanphong.core.calendar.models import CalendarOverride, OfficeHours

        for model in (CalendarOverride, OfficeHours):
            for event, signal in (("save", post_save), ("delete", post_delete)):
                signal.connect(
                    invalidate_calendar_cache,
                    sender=model,
                    dispatch_uid=f"workcal-invalidate-{model.__name__}-{event}",
                )
