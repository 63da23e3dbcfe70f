from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CalendarConfig(AppConfig):
    name = "vanphong.core.calendar"
    label = "workcal"
    verbose_name = _("Lịch làm việc")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from vanphong.core.calendar import workdays
        from vanphong.core.calendar.models import CalendarOverride, OfficeHours

        def invalidate(sender, using=None, **kwargs):
            # Now (this connection sees its own writes) and again at commit.
            workdays.clear_cache()
            transaction.on_commit(workdays.clear_cache, using=using)

        for model in (CalendarOverride, OfficeHours):
            post_save.connect(invalidate, sender=model, dispatch_uid=f"workcal-{model.__name__}-s")
            post_delete.connect(
                invalidate, sender=model, dispatch_uid=f"workcal-{model.__name__}-d"
            )
