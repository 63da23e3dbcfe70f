from django.apps import AppConfig


class AssignmentsConfig(AppConfig):
    name = "vanphong.core.assignments"
    label = "assignments"
    default_auto_field = "django.db.models.BigAutoField"
