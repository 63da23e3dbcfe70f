"""Forms of the one-stop pages (parsing only; the services validate the rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vanphong.core.text import NFCFormMixin
from vanphong.core.widgets import DateField, DateTimeField
from vanphong.onestop.models import Channel, Outcome, Rating, ReturnMethod
from vanphong.org.models import Agency, Unit
from vanphong.procedures.selectors import public_procedures


class _Form(NFCFormMixin, forms.Form):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            if css not in widget.attrs.get("class", ""):
                widget.attrs["class"] = (widget.attrs.get("class", "") + " " + css).strip()


class ProcedureChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} — {obj.name}"


class ReceiveForm(_Form):
    procedure = ProcedureChoice(
        label=_("Thủ tục hành chính"),
        queryset=public_procedures().order_by("name"),
        error_messages={
            "required": _("Chọn thủ tục hành chính."),
            "invalid_choice": _(
                "Thủ tục hành chính không có trong danh mục hoặc đã ngừng áp dụng."
            ),
        },
    )
    competent_agency = forms.ModelChoiceField(
        label=_("Cơ quan có thẩm quyền"),
        queryset=Agency.objects.filter(is_active=True).order_by("name"),
        required=False,
        help_text=_("Để trống nếu thủ tục đã gắn cơ quan có thẩm quyền."),
    )
    channel = forms.ChoiceField(label=_("Hình thức nộp"), choices=Channel.choices)
    name = forms.CharField(label=_("Họ và tên người nộp"), max_length=200)
    identity_number = forms.CharField(
        label=_("Số định danh cá nhân / căn cước"), max_length=30, required=False
    )
    address = forms.CharField(label=_("Địa chỉ"), max_length=255, required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)
    copies = forms.IntegerField(
        label=_("Số lượng hồ sơ (bộ)"), min_value=1, max_value=99, initial=1
    )
    return_method = forms.ChoiceField(
        label=_("Đăng ký nhận kết quả tại"), choices=ReturnMethod.choices
    )


class ReasonForm(_Form):
    reason = forms.CharField(label=_("Lý do"), max_length=4000, widget=forms.Textarea)


class NoteForm(_Form):
    note = forms.CharField(label=_("Ghi chú"), max_length=4000, required=False)


class HandoverForm(_Form):
    to_unit = forms.ModelChoiceField(
        label=_("Chuyển đến đơn vị"), queryset=Unit.objects.filter(is_active=True), required=False
    )
    note = forms.CharField(label=_("Ý kiến, kết quả bước"), max_length=4000, required=False)


class SupplementForm(_Form):
    items = forms.CharField(
        label=_("Giấy tờ, nội dung cần bổ sung (mỗi dòng một mục)"),
        max_length=8000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    reason = forms.CharField(label=_("Lý do"), max_length=4000)

    def item_list(self) -> list[str]:
        return [line.strip() for line in self.cleaned_data["items"].splitlines() if line.strip()]


class ApologyForm(_Form):
    reason = forms.CharField(label=_("Lý do chậm"), max_length=4000)
    new_due_at = DateTimeField(label=_("Hẹn trả mới"))


class ResultForm(_Form):
    outcome = forms.ChoiceField(label=_("Kết quả"), choices=Outcome.choices)
    note = forms.CharField(label=_("Nội dung"), max_length=4000, required=False)
    fee_amount = forms.IntegerField(label=_("Phí, lệ phí (đồng)"), min_value=0, required=False)
    fee_receipt_number = forms.CharField(label=_("Số biên lai"), max_length=50, required=False)
    fee_paid_online = forms.BooleanField(label=_("Đã nộp trực tuyến"), required=False)


class ResultDraftForm(_Form):
    doc_type = forms.ModelChoiceField(label=_("Loại văn bản kết quả"), queryset=None)
    trich_yeu = forms.CharField(label=_("Trích yếu"), max_length=1000)
    file = forms.FileField(label=_("Tệp dự thảo (.docx, PDF)"), required=False)
    fee_amount = forms.IntegerField(label=_("Phí, lệ phí (đồng)"), min_value=0, required=False)
    fee_receipt_number = forms.CharField(label=_("Số biên lai"), max_length=50, required=False)
    fee_paid_online = forms.BooleanField(label=_("Đã nộp trực tuyến"), required=False)

    def __init__(self, *args, **kwargs):
        from vanphong.documents.models import DocumentType

        super().__init__(*args, **kwargs)
        self.fields["doc_type"].queryset = DocumentType.objects.order_by("name")


class ReturnForm(_Form):
    method = forms.ChoiceField(label=_("Hình thức trả"), choices=ReturnMethod.choices)


class LookupForm(_Form):
    ma = forms.CharField(label=_("Mã hồ sơ"), max_length=60)
    pin = forms.CharField(label=_("Mã tra cứu (PIN)"), max_length=12)


class RatingForm(LookupForm):
    rating = forms.ChoiceField(label=_("Mức độ hài lòng"), choices=Rating.choices)
    comment = forms.CharField(label=_("Ý kiến"), max_length=2000, required=False)


class StatisticsForm(_Form):
    tu_ngay = DateField(label=_("Từ ngày"), required=False)
    den_ngay = DateField(label=_("Đến ngày"), required=False)
    co_quan = forms.ModelChoiceField(
        label=_("Cơ quan"), queryset=Agency.objects.order_by("name"), required=False
    )
    don_vi = forms.ModelChoiceField(
        label=_("Đơn vị"), queryset=Unit.objects.select_related("agency"), required=False
    )
    linh_vuc = forms.ModelChoiceField(label=_("Lĩnh vực"), queryset=None, required=False)
    thu_tuc = ProcedureChoice(label=_("Thủ tục"), queryset=None, required=False)

    def __init__(self, *args, **kwargs):
        from vanphong.procedures.models import Field, Procedure

        super().__init__(*args, **kwargs)
        self.fields["linh_vuc"].queryset = Field.objects.order_by("name")
        self.fields["thu_tuc"].queryset = Procedure.objects.order_by("code")
