"""Forms of the petition pages (parsing only; the services validate the rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vanphong.core.text import NFCFormMixin
from vanphong.core.widgets import DateTimeField
from vanphong.reception.models import Channel, ComplaintInstance, Outcome, PetitionClass

TRI_STATE = [("", _("Chưa xác định")), ("1", _("Có")), ("0", _("Không"))]


def tri_state(value: str | None) -> bool | None:
    return {"1": True, "0": False}.get(value or "")


class _Form(NFCFormMixin, forms.Form):
    pass


class IntakeForm(_Form):
    channel = forms.ChoiceField(label=_("Nguồn đơn"), choices=Channel.choices)
    received_at = DateTimeField(
        label=_("Ngày nhận đơn"),
        required=False,
        help_text=_("Để trống: thời điểm hiện tại."),
    )
    forwarded_by = forms.CharField(label=_("Cơ quan chuyển đến"), max_length=255, required=False)
    content = forms.CharField(
        label=_("Nội dung đơn"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    classification = forms.ChoiceField(
        label=_("Phân loại"),
        choices=[("", _("Chưa phân loại")), *PetitionClass.choices],
        required=False,
    )
    complaint_instance = forms.ChoiceField(
        label=_("Lần khiếu nại"), choices=[("", "—"), *ComplaintInstance.choices], required=False
    )
    is_anonymous = forms.BooleanField(label=_("Đơn nặc danh, mạo danh"), required=False)
    full_name = forms.CharField(label=_("Họ và tên người gửi"), max_length=150, required=False)
    identity_number = forms.CharField(
        label=_("Số căn cước/định danh/hộ chiếu"), max_length=30, required=False
    )
    address = forms.CharField(label=_("Địa chỉ (số nhà, thôn, tổ)"), max_length=255, required=False)
    commune_code = forms.IntegerField(
        label=_("Mã xã, phường"),
        required=False,
        min_value=1,
        max_value=99999,
        help_text=_("Mã đơn vị hành chính cấp xã theo danh mục quốc gia."),
    )
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)


class ClassifyForm(_Form):
    classification = forms.ChoiceField(label=_("Phân loại"), choices=PetitionClass.choices)
    complaint_instance = forms.ChoiceField(
        label=_("Lần khiếu nại"), choices=[("", "—"), *ComplaintInstance.choices], required=False
    )
    eligible = forms.ChoiceField(label=_("Đủ điều kiện xử lý"), choices=TRI_STATE, required=False)
    ineligible_reason = forms.CharField(
        label=_("Lý do không đủ điều kiện"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    competent = forms.ChoiceField(label=_("Thuộc thẩm quyền"), choices=TRI_STATE, required=False)
    multi_site_check = forms.BooleanField(
        label=_("Cần kiểm tra, xác minh tại nhiều địa điểm"), required=False
    )
    is_complex = forms.BooleanField(label=_("Vụ việc phức tạp"), required=False)
    is_remote = forms.BooleanField(label=_("Vùng sâu, vùng xa"), required=False)


class DecideForm(_Form):
    outcome = forms.ChoiceField(label=_("Hướng xử lý"), choices=Outcome.choices)
    target = forms.CharField(label=_("Cơ quan có thẩm quyền"), max_length=255, required=False)
    document = forms.CharField(label=_("Số văn bản"), max_length=100, required=False)
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class SplitForm(_Form):
    class1 = forms.ChoiceField(label=_("Phân loại phần 1"), choices=PetitionClass.choices)
    content1 = forms.CharField(
        label=_("Nội dung phần 1"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    class2 = forms.ChoiceField(label=_("Phân loại phần 2"), choices=PetitionClass.choices)
    content2 = forms.CharField(
        label=_("Nội dung phần 2"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class ReasonForm(_Form):
    reason = forms.CharField(
        label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
