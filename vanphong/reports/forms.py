from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from vanphong.core import clock, widgets
from vanphong.tasks import periods

CUSTOM = "tuy_chon"
KIND_CHOICES = (
    (periods.MONTH, _("Tháng")),
    (periods.QUARTER, _("Quý")),
    (periods.HALF, _("6 tháng")),
    (periods.YEAR, _("Năm")),
    (CUSTOM, _("Tùy chọn")),
)
MAX_DAYS = 3 * 366


class ScopeForm(forms.Form):
    """Period (NĐ 09/2019 reporting periods, or custom dates), agency, unit."""

    ky = forms.ChoiceField(label=_("Kỳ"), choices=KIND_CHOICES, required=False)
    ngay = widgets.DateField(label=_("Kỳ chứa ngày"), required=False)
    tu = widgets.DateField(label=_("Từ ngày"), required=False)
    den = widgets.DateField(label=_("Đến ngày"), required=False)
    co_quan = forms.ModelChoiceField(label=_("Cơ quan"), queryset=None, required=False)
    don_vi = forms.ModelChoiceField(label=_("Đơn vị"), queryset=None, required=False)

    def __init__(self, *args, agencies, units_of, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["co_quan"].queryset = agencies
        self.fields["co_quan"].empty_label = None
        self.units_of = units_of
        agency = self._chosen_agency(agencies)
        self.fields["don_vi"].queryset = units_of(agency) if agency else agencies.none()
        self.fields["don_vi"].empty_label = _("Tất cả đơn vị")

    def _chosen_agency(self, agencies):
        raw = self.data.get("co_quan") if self.is_bound else None
        if raw:
            found = agencies.filter(pk=raw).first() if str(raw).isdigit() else None
            if found:
                return found
        return agencies.first()

    def clean(self):
        data = super().clean()
        kind = data.get("ky") or periods.MONTH
        data["ky"] = kind
        if kind == CUSTOM:
            start, end = data.get("tu"), data.get("den")
            if not start or not end:
                raise forms.ValidationError(_("Chọn từ ngày và đến ngày của kỳ tùy chọn."))
            if end < start:
                raise forms.ValidationError(_("Đến ngày phải sau hoặc bằng từ ngày."))
            if (end - start).days > MAX_DAYS:
                raise forms.ValidationError(_("Kỳ tùy chọn dài tối đa 3 năm."))
            data["start"], data["end"], data["label"] = start, end, None
        else:
            day = data.get("ngay") or clock.today()
            p = periods.period_containing(kind, day)
            data["start"], data["end"], data["label"] = p.start, p.end, p.label
        if not data.get("co_quan"):
            data["co_quan"] = self.fields["co_quan"].queryset.first()
        return data


def default_day() -> dt.date:
    return clock.today()
