"""Template helpers of the shell: ``{% load vanphong %}``."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def initial(full_name: str) -> str:
    """The avatar letter of a Vietnamese name: the given name, which comes last
    ("Trần Quốc Hưng" → "H")."""
    words = str(full_name or "").split()
    return words[-1][:1].upper() if words else "?"
