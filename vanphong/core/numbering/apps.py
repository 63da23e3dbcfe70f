from django.apps import AppConfig


class NumberingConfig(AppConfig):
    name = "vanphong.core.numbering"
    label = "numbering"
    default_auto_field = "django.db.models.BigAutoField"
