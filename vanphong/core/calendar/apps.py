from django.apps import AppConfig


class CalendarConfig(AppConfig):
    name = "vanphong.core.calendar"
    label = "workcal"
    default_auto_field = "django.db.models.BigAutoField"
