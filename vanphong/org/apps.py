from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrgConfig(AppConfig):
    name = "vanphong.org"
    label = "org"
    verbose_name = _("Cơ quan và cán bộ")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from vanphong.org import rolecache
        from vanphong.org.models import Delegation, Official, RoleGrant

        for model in (RoleGrant, Delegation, Official):
            post_save.connect(rolecache.clear, sender=model, dispatch_uid=f"rolecache-{model}")
            post_delete.connect(rolecache.clear, sender=model, dispatch_uid=f"rolecache-d-{model}")
