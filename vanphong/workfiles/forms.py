from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vanphong.org.models import Official, Unit
from vanphong.workfiles.models import Heading


def _officials(agency_id: int):
    return Official.objects.filter(is_active=True, agency_id=agency_id).order_by("full_name")


class CatalogForm(forms.Form):
    year = forms.IntegerField(label=_("Năm"), min_value=2000, max_value=2100)
    title = forms.CharField(label=_("Tên danh mục"), max_length=300, required=False)
    copy_previous = forms.BooleanField(label=_("Sao chép từ danh mục năm trước"), required=False)


class HeadingForm(forms.Form):
    title = forms.CharField(label=_("Tên đề mục"), max_length=300)
    code = forms.CharField(label=_("Ký hiệu"), max_length=10)
    unit = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.none(), required=False, empty_label="—"
    )

    def __init__(self, agency_id: int, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Unit.objects.filter(agency_id=agency_id).order_by("name")


class WorkfileForm(forms.Form):
    heading = forms.ModelChoiceField(label=_("Đề mục"), queryset=Heading.objects.none())
    title = forms.CharField(
        label=_("Tên đề mục và tiêu đề hồ sơ"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    retention = forms.CharField(label=_("Thời hạn bảo quản"), max_length=30)
    creator = forms.ModelChoiceField(
        label=_("Người lập hồ sơ"),
        queryset=Official.objects.none(),
        required=False,
        empty_label="—",
    )
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)

    def __init__(self, catalog, *args, with_heading: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["heading"].queryset = catalog.headings.order_by("order")
        self.fields["creator"].queryset = _officials(catalog.agency_id)
        if not with_heading:
            del self.fields["heading"]
        self.fields["retention"].widget.attrs["list"] = "retention-suggestions"


class FileIntoForm(forms.Form):
    workfile = forms.IntegerField(label=_("Hồ sơ"))
