"""Forms of the documents screens (parsing only: the rules live in the services)."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from vanphong.core import clock
from vanphong.core.calendar import workdays
from vanphong.core.text import NFCFormField, NFCFormMixin
from vanphong.core.widgets import DateField, DateInput
from vanphong.documents.models import (
    AuthorityMark,
    Channel,
    Confidentiality,
    DocumentType,
    IncomingState,
    OutgoingState,
    Urgency,
)
from vanphong.org.models import Agency, Official, Unit


def due_moment(day: dt.date | None) -> dt.datetime | None:
    """A deadline given as a date: office closing time of that day (Vietnam)."""
    return workdays.closing_time(day) if day else None


class IncomingRegisterForm(NFCFormMixin, forms.Form):
    channel = forms.ChoiceField(
        label=_("Hình thức"), choices=Channel.choices, initial=Channel.DIEN_TU
    )
    issuer_name = NFCFormField(label=_("Cơ quan ban hành"), max_length=200, required=False)
    issuer_identifier = NFCFormField(
        label=_("Mã định danh cơ quan ban hành"), max_length=35, required=False
    )
    so_ky_hieu = NFCFormField(label=_("Số, ký hiệu"), max_length=60, required=False)
    issue_date = DateField(label=_("Ngày văn bản"), required=False)
    doc_type = forms.ModelChoiceField(
        label=_("Loại văn bản"),
        queryset=DocumentType.objects.filter(is_active=True),
        required=False,
        empty_label=_("— Chọn loại văn bản —"),
    )
    trich_yeu = NFCFormField(
        label=_("Trích yếu"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    signer = NFCFormField(label=_("Người ký"), max_length=100, required=False)
    page_count = forms.IntegerField(
        label=_("Số trang"), min_value=1, max_value=9999, required=False
    )
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices, initial=Urgency.THUONG)
    confidentiality = forms.ChoiceField(
        label=_("Độ mật"), choices=Confidentiality.choices, initial=Confidentiality.THUONG
    )
    due_date = DateField(label=_("Hạn giải quyết"), required=False)
    file = forms.FileField(label=_("Tệp văn bản (PDF, DOCX)"), required=False)
    confirm_duplicate = forms.BooleanField(required=False, widget=forms.HiddenInput)

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        return {
            "channel": d["channel"],
            "issuer_name": d["issuer_name"],
            "issuer_identifier": d["issuer_identifier"],
            "so_ky_hieu": d["so_ky_hieu"],
            "issue_date": d["issue_date"],
            "doc_type": d["doc_type"],
            "trich_yeu": d["trich_yeu"],
            "signer": d["signer"],
            "page_count": d["page_count"],
            "urgency": d["urgency"],
            "confidentiality": d["confidentiality"],
            "due_at": due_moment(d["due_date"]),
            "file": d["file"],
            "confirm_duplicate": d["confirm_duplicate"],
        }


class IncomingFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    state = forms.ChoiceField(
        label=_("Trạng thái"), choices=[("", _("Tất cả"))] + IncomingState.choices, required=False
    )
    urgency = forms.ChoiceField(
        label=_("Độ khẩn"), choices=[("", _("Tất cả"))] + Urgency.choices, required=False
    )
    doc_type = forms.ModelChoiceField(
        label=_("Loại văn bản"),
        queryset=DocumentType.objects.all(),
        required=False,
        empty_label=_("Tất cả"),
    )
    date_from = DateField(label=_("Từ ngày"), required=False)
    date_to = DateField(label=_("Đến ngày"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("state", "urgency", "doc_type"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def selector_kwargs(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "q": d["q"],
            "state": d["state"],
            "urgency": d["urgency"],
            "doc_type": d["doc_type"].pk if d["doc_type"] else None,
            "date_from": d["date_from"],
            "date_to": d["date_to"],
        }


class PresentForm(forms.Form):
    leader = forms.ModelChoiceField(label=_("Trình lãnh đạo"), queryset=Official.objects.none())

    def __init__(self, *args, leaders=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = leaders if leaders is not None else Official.objects.none()


class DirectForm(NFCFormMixin, forms.Form):
    direction = NFCFormField(
        label=_("Ý kiến chỉ đạo"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    lead = forms.ModelChoiceField(label=_("Đơn vị chủ trì"), queryset=Unit.objects.none())
    lead_due = DateField(label=_("Hạn chủ trì"), required=False)
    coordinating = forms.ModelMultipleChoiceField(
        label=_("Đơn vị phối hợp"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    coordinating_due = DateField(label=_("Hạn phối hợp"), required=False)
    informed = forms.ModelMultipleChoiceField(
        label=_("Đơn vị để biết"),
        queryset=Unit.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("lead", "coordinating", "informed"):
            self.fields[name].queryset = units if units is not None else Unit.objects.none()
        today = clock.today()
        for name in ("lead_due", "coordinating_due"):
            self.fields[name].widget = DateInput(min_date=today)


class FinishForm(NFCFormMixin, forms.Form):
    note = NFCFormField(
        label=_("Kết quả giải quyết"), widget=forms.Textarea(attrs={"rows": 2}), required=False
    )


# --- outgoing ------------------------------------------------------------------------------------


class OutgoingDraftForm(NFCFormMixin, forms.Form):
    """Draft form (dự thảo): the agency's units and the other agencies on the platform are
    offered as recipients; external agencies one per line as ``identifier | name``."""

    doc_type = forms.ModelChoiceField(
        label=_("Loại văn bản"),
        queryset=DocumentType.objects.filter(is_active=True),
        required=False,
        empty_label=_("— Chọn loại văn bản —"),
    )
    trich_yeu = NFCFormField(
        label=_("Trích yếu"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    drafting_unit = forms.ModelChoiceField(
        label=_("Đơn vị soạn thảo"), queryset=Unit.objects.none(), required=False
    )
    urgency = forms.ChoiceField(label=_("Độ khẩn"), choices=Urgency.choices, initial=Urgency.THUONG)
    confidentiality = forms.ChoiceField(
        label=_("Độ mật"), choices=Confidentiality.choices, initial=Confidentiality.THUONG
    )
    units = forms.ModelMultipleChoiceField(
        label=_("Đơn vị nhận trong cơ quan"), queryset=Unit.objects.none(), required=False
    )
    agencies = forms.ModelMultipleChoiceField(
        label=_("Cơ quan nhận trên hệ thống"), queryset=Agency.objects.none(), required=False
    )
    external = NFCFormField(
        label=_("Cơ quan nhận ngoài hệ thống"),
        required=False,
        help_text=_("Mỗi dòng một cơ quan: mã định danh | tên cơ quan."),
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    noi_nhan = NFCFormField(
        label=_("Nơi nhận (ghi trên văn bản)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    copies = forms.IntegerField(label=_("Số lượng bản"), min_value=1, max_value=999, required=False)
    file = forms.FileField(label=_("Tệp dự thảo (.docx hoặc PDF)"), required=False)
    attachment = forms.FileField(label=_("Tệp kèm theo"), required=False)

    def __init__(self, *args, agency=None, **kwargs):
        super().__init__(*args, **kwargs)
        if agency is not None:
            units = Unit.objects.filter(agency=agency, is_active=True).order_by("order", "name")
            self.fields["drafting_unit"].queryset = units
            self.fields["units"].queryset = units
            self.fields["agencies"].queryset = (
                Agency.objects.filter(is_active=True).exclude(pk=agency.pk).order_by("name")
            )

    @classmethod
    def for_document(cls, document, *args, **kwargs) -> OutgoingDraftForm:
        """The form to edit ``document`` (the drafting unit is fixed once drafted)."""
        recipients = list(document.recipients.all())
        initial = {
            "doc_type": document.doc_type_id,
            "trich_yeu": document.trich_yeu,
            "drafting_unit": document.drafting_unit_id,
            "urgency": document.urgency,
            "confidentiality": document.confidentiality,
            "units": [r.unit_id for r in recipients if r.unit_id],
            "agencies": [r.agency_id for r in recipients if r.agency_id],
            "external": "\n".join(
                f"{r.external_identifier} | {r.external_name}"
                if r.external_identifier
                else r.external_name
                for r in recipients
                if r.kind == "external"
            ),
            "noi_nhan": document.noi_nhan,
            "copies": document.copies,
        }
        form = cls(*args, initial=initial, agency=document.agency, **kwargs)
        form.fields["drafting_unit"].disabled = True
        form.fields["file"].label = _("Phiên bản mới của tệp dự thảo (.docx hoặc PDF)")
        return form

    def _selected(self, name: str) -> set[str]:
        value = self[name].value() or []
        return {str(v) for v in value}

    @property
    def selected_units(self) -> set[str]:
        return self._selected("units")

    @property
    def selected_agencies(self) -> set[str]:
        return self._selected("agencies")

    def update_kwargs(self, document) -> dict:
        """Keyword arguments of :func:`services.outgoing_revise` (the note kept as it is)."""
        kwargs = self.service_kwargs()
        kwargs.pop("drafting_unit", None)
        kwargs["note"] = document.note
        return kwargs

    def clean_external(self):
        from vanphong.documents.services import External

        rows = []
        for line in (self.cleaned_data.get("external") or "").splitlines():
            if not line.strip():
                continue
            ident, sep, name = line.partition("|")
            if not sep:
                ident, name = "", line
            rows.append(External(name=name.strip(), identifier=ident.strip()))
        return rows

    def service_kwargs(self) -> dict:
        d = self.cleaned_data
        kwargs = {
            "doc_type": d["doc_type"],
            "trich_yeu": d["trich_yeu"],
            "urgency": d["urgency"],
            "confidentiality": d["confidentiality"],
            "recipients": [*d["units"], *d["agencies"], *d["external"]],
            "noi_nhan": d["noi_nhan"],
            "copies": d["copies"],
            "file": d["file"],
            "attachments": [d["attachment"]] if d["attachment"] else [],
        }
        if d["drafting_unit"] is not None:
            kwargs["drafting_unit"] = d["drafting_unit"]
        return kwargs


class OutgoingFilterForm(forms.Form):
    q = forms.CharField(label=_("Tìm kiếm"), required=False, max_length=200)
    state = forms.ChoiceField(
        label=_("Trạng thái"),
        required=False,
        choices=[("", _("Tất cả"))] + list(OutgoingState.choices),
    )
    urgency = forms.ChoiceField(
        label=_("Độ khẩn"), required=False, choices=[("", _("Tất cả"))] + list(Urgency.choices)
    )
    doc_type = forms.ModelChoiceField(
        label=_("Loại văn bản"),
        queryset=DocumentType.objects.filter(is_active=True),
        required=False,
        empty_label=_("Tất cả"),
    )
    date_from = DateField(label=_("Ban hành từ ngày"), required=False)
    date_to = DateField(label=_("đến ngày"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name in ("state", "urgency", "doc_type"):
            self.fields[name].widget.attrs["class"] = "form-select"

    def selector_kwargs(self) -> dict:
        if not self.is_valid():
            return {}
        d = self.cleaned_data
        return {
            "q": d["q"],
            "state": d["state"],
            "urgency": d["urgency"],
            "doc_type": d["doc_type"].pk if d["doc_type"] else None,
            "date_from": d["date_from"],
            "date_to": d["date_to"],
        }


class ApproveForm(forms.Form):
    comment = forms.CharField(label=_("Ý kiến"), required=False, max_length=4000)
    authority_mark = forms.ChoiceField(
        label=_("Thẩm quyền ký"), choices=AuthorityMark.choices, required=False
    )
    authority_title = forms.CharField(label=_("Chức danh sau thẩm quyền"), required=False)
    signer_position = forms.CharField(label=_("Chức vụ người ký"), required=False)
