"""Forms of the hotline pages (parsing only; the services validate the rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vanphong.core.text import NFCFormMixin
from vanphong.feedback import places
from vanphong.feedback.models import Channel, Status


class _Form(NFCFormMixin, forms.Form):
    pass


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput(attrs={"accept": "image/jpeg,image/png"}))
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def commune_choices():
    return [("", _("— Chọn xã, phường —")), *((str(c), n) for c, n in places.communes())]


def category_choices():
    from vanphong.feedback.selectors import public_categories

    return [("", _("— Chọn lĩnh vực —")), *((c.code, c.name) for c in public_categories())]


class SubmitForm(_Form):
    """The public web form (and the staff intake form, with a channel)."""

    category = forms.ChoiceField(label=_("Lĩnh vực"), choices=(), required=False)
    commune_code = forms.ChoiceField(label=_("Xã, phường"), choices=(), required=False)
    location_text = forms.CharField(
        label=_("Địa điểm cụ thể (thôn, tổ, đường phố)"), max_length=255, required=False
    )
    description = forms.CharField(
        label=_("Nội dung phản ánh, kiến nghị"),
        required=False,
        max_length=10000,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    photos = MultipleFileField(
        label=_("Ảnh (JPEG, PNG; tối đa 5 ảnh)"),
        required=False,
        help_text=_("Thông tin vị trí (GPS) trong ảnh được xóa trước khi công khai."),
    )
    contact_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    contact_phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    contact_email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)
    consent_publish = forms.BooleanField(
        label=_("Tôi đồng ý công khai họ tên cùng câu trả lời"), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()
        self.fields["commune_code"].choices = commune_choices()


class IntakeForm(SubmitForm):
    channel = forms.ChoiceField(
        label=_("Kênh tiếp nhận"),
        choices=[
            (Channel.DIEN_THOAI.value, Channel.DIEN_THOAI.label),
            (Channel.EMAIL.value, Channel.EMAIL.label),
        ],
    )

    field_order = ["channel"]


class LookupForm(_Form):
    code = forms.CharField(label=_("Mã phản ánh"), max_length=30, required=False)


class ReopenForm(_Form):
    code = forms.CharField(label=_("Mã phản ánh"), max_length=30, required=False)
    secret = forms.CharField(label=_("Mã bí mật"), max_length=20, required=False)
    reason = forms.CharField(
        label=_("Lý do mở lại"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class AnswerForm(_Form):
    public_question = forms.CharField(
        label=_("Nội dung công khai (không có thông tin cá nhân)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    answer = forms.CharField(
        label=_("Nội dung trả lời"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    template = forms.IntegerField(required=False, min_value=1)


class ReasonForm(_Form):
    reason = forms.CharField(
        label=_("Lý do"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class RouteForm(_Form):
    agency = forms.IntegerField(label=_("Cơ quan"), min_value=1, required=False)
    unit = forms.IntegerField(label=_("Đơn vị"), min_value=1, required=False)
    note = forms.CharField(label=_("Ghi chú"), max_length=500, required=False)


class ConvertForm(_Form):
    classification = forms.ChoiceField(
        label=_("Phân loại đơn"),
        choices=[
            ("kien_nghi", _("Kiến nghị")),
            ("phan_anh", _("Phản ánh")),
            ("khieu_nai", _("Khiếu nại")),
            ("to_cao", _("Tố cáo")),
        ],
    )


class TemplateForm(_Form):
    title = forms.CharField(label=_("Tên mẫu"), max_length=200, required=False)
    category = forms.ChoiceField(label=_("Lĩnh vực"), choices=(), required=False)
    body = forms.CharField(
        label=_("Nội dung trả lời mẫu"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["category"].choices = category_choices()


STATUS_FILTERS = [("open", _("Đang mở")), *Status.choices]
