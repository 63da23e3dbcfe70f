from django.apps import AppConfig


class RefdataConfig(AppConfig):
    name = "vanphong.core.refdata"
    label = "refdata"
    default_auto_field = "django.db.models.BigAutoField"
