"""The shared dd/mm/yyyy date inputs (vanphong.core.widgets)."""

import datetime as dt

from django import forms

from vanphong.core import clock
from vanphong.core.widgets import DateField, DateTimeField


class _Form(forms.Form):
    day = DateField(required=False, min_today=True)
    at = DateTimeField(required=False)


def test_date_is_read_and_shown_as_dd_mm_yyyy():
    form = _Form(data={"day": "05/03/2026", "at": "05/03/2026 14:30"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2026, 3, 5)
    assert form.cleaned_data["at"].hour == 14
    html = str(_Form(initial={"day": dt.date(2026, 3, 5)})["day"])
    assert 'value="05/03/2026"' in html
    assert 'type="text"' in html and 'data-vp-date="date"' in html


def test_iso_dates_are_still_accepted_from_scripts():
    form = _Form(data={"day": "2026-03-05", "at": "2026-03-05T14:30"})
    assert form.is_valid(), form.errors
    assert form.cleaned_data["day"] == dt.date(2026, 3, 5)


def test_bad_dates_get_a_vietnamese_message():
    form = _Form(data={"day": "31/02/2026", "at": "hôm qua"})
    assert not form.is_valid()
    assert "dd/mm/yyyy" in form.errors["day"][0]
    assert "dd/mm/yyyy hh:mm" in form.errors["at"][0]


def test_min_today_follows_the_kernel_clock():
    with clock.frozen_at(dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)):
        html = str(_Form()["day"])
    assert 'data-vp-min="01/07/2026"' in html
