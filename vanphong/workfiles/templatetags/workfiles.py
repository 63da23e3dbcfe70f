from django import template
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

register = template.Library()


@register.simple_tag
def workfile_panel_url(case) -> str:
    """URL of the "Hồ sơ công việc" panel of any document (``workfiles/_panel.html``)."""
    ct = ContentType.objects.get_for_model(case)
    return reverse("workfiles:panel", args=[ct.pk, case.pk])
