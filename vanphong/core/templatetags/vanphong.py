"""Template helpers of the shell: ``{% load vanphong %}``."""

from __future__ import annotations

from django import template
from django.utils.html import format_html

from vanphong.core.deadlines import DeadlineStatus

register = template.Library()

# One colour per status of the kernel's deadline vocabulary, the same on every page.
DEADLINE_COLOURS = {
    DeadlineStatus.CHUA_DEN_HAN: "green",
    DeadlineStatus.SAP_DEN_HAN: "orange",
    DeadlineStatus.QUA_HAN: "red",
    DeadlineStatus.HOAN_THANH_TRUOC_HAN: "teal",
    DeadlineStatus.HOAN_THANH_DUNG_HAN: "blue",
    DeadlineStatus.HOAN_THANH_QUA_HAN: "pink",
    DeadlineStatus.KHONG_THOI_HAN: "secondary",
}


def deadline_colour(status) -> str:
    try:
        return DEADLINE_COLOURS[DeadlineStatus(str(status))]
    except ValueError:
        return "secondary"


@register.filter
def initial(full_name: str) -> str:
    """The avatar letter of a Vietnamese name: the given name, which comes last
    ("Trần Quốc Hưng" → "H")."""
    words = str(full_name or "").split()
    return words[-1][:1].upper() if words else "?"


@register.filter
def deadline_badge(status) -> str:
    """``{{ row.deadline_status|deadline_badge }}``: the status as a coloured Tabler badge."""
    try:
        status = DeadlineStatus(str(status))
    except ValueError:
        return ""
    return format_html(
        '<span class="badge bg-{}-lt" data-deadline-status="{}">{}</span>',
        DEADLINE_COLOURS[status],
        status.value,
        status.label,
    )
