"""The one date and date-time input of VănPhòng: dd/mm/yyyy whatever the browser's language.

A plain text input (so the browser never shows its own mm/dd/yyyy picker), parsed with the
project's ``DATE_INPUT_FORMATS`` / ``DATETIME_INPUT_FORMATS`` (dd/mm/yyyy first, ISO accepted),
enhanced in the page by flatpickr (npm, with its Vietnamese locale) through the
``data-vp-date`` attribute (see ``static/js/vanphong.js``). Without JavaScript the field still
works: the user types ``25/12/2026`` or ``25/12/2026 14:30``.

Use the fields in forms::

    from vanphong.core.widgets import DateField, DateTimeField

    due = DateField(label=_("Hạn giải quyết"), required=False, min_today=True)
    at = DateTimeField(label=_("Thời điểm"))

or just the widgets on an existing field: ``widget=DateInput()``. In a hand-written template,
render ``{{ form.field }}`` or copy its attributes (``data-vp-date="date"``).
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

DATE_FORMAT = "%d/%m/%Y"
DATETIME_FORMAT = "%d/%m/%Y %H:%M"


def _attrs(kind: str, placeholder: str, extra: dict | None) -> dict:
    attrs = {
        "data-vp-date": kind,
        "placeholder": placeholder,
        "autocomplete": "off",
        "class": "form-control",
    }
    attrs.update(extra or {})
    return attrs


class DateInput(forms.DateInput):
    """Text input shown and read as dd/mm/yyyy; ``min_date``/``max_date`` limit the picker."""

    input_type = "text"

    def __init__(
        self, attrs=None, *, min_date: dt.date | None = None, max_date=None, min_today=False
    ):
        self.min_today = min_today
        attrs = _attrs("date", "dd/mm/yyyy", attrs)
        if min_date:
            attrs["data-vp-min"] = min_date.strftime(DATE_FORMAT)
        if max_date:
            attrs["data-vp-max"] = max_date.strftime(DATE_FORMAT)
        super().__init__(attrs=attrs, format=DATE_FORMAT)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        if self.min_today:  # at render time, by the kernel clock
            from vanphong.core import clock

            context["widget"]["attrs"]["data-vp-min"] = clock.today().strftime(DATE_FORMAT)
        return context


class DateTimeInput(forms.DateTimeInput):
    """Text input shown and read as dd/mm/yyyy HH:MM (24 h, Vietnam time)."""

    input_type = "text"

    def __init__(self, attrs=None):
        super().__init__(
            attrs=_attrs("datetime", "dd/mm/yyyy hh:mm", attrs), format=DATETIME_FORMAT
        )


class DateField(forms.DateField):
    """A date typed as dd/mm/yyyy (ISO also accepted) with a Vietnamese error message.

    ``min_today=True`` sets the picker's lower bound to the kernel clock's today when the form
    is rendered (validation stays the caller's: services check the rule).
    """

    widget = DateInput
    default_error_messages = {"invalid": _("Ngày không hợp lệ: nhập theo dạng dd/mm/yyyy.")}

    def __init__(self, *, min_today: bool = False, **kwargs):
        kwargs.setdefault("input_formats", settings.DATE_INPUT_FORMATS)
        self.min_today = min_today
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        widget.min_today = getattr(widget, "min_today", False) or self.min_today
        return super().widget_attrs(widget)


class DateTimeField(forms.DateTimeField):
    """A moment typed as dd/mm/yyyy HH:MM in Vietnam time, with a Vietnamese error message."""

    widget = DateTimeInput
    default_error_messages = {
        "invalid": _("Thời điểm không hợp lệ: nhập theo dạng dd/mm/yyyy hh:mm."),
    }

    def __init__(self, **kwargs):
        kwargs.setdefault("input_formats", settings.DATETIME_INPUT_FORMATS)
        super().__init__(**kwargs)
