"""Forms of the meeting and schedule pages (parsing only; the services validate the rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vanphong.core.text import NFCFormMixin
from vanphong.core.widgets import DateField, DateTimeField
from vanphong.meetings.models import ParticipantResponse, Room
from vanphong.org.models import Agency, Official, Unit


class _Form(NFCFormMixin, forms.Form):
    pass


class OfficialChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Official) -> str:
        return obj.full_name or obj.username


class OfficialMultiple(forms.ModelMultipleChoiceField):
    widget = forms.SelectMultiple(attrs={"class": "form-select", "size": 6})

    def label_from_instance(self, obj: Official) -> str:
        return obj.full_name or obj.username


class UnitMultiple(forms.ModelMultipleChoiceField):
    widget = forms.SelectMultiple(attrs={"class": "form-select", "size": 6})

    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} — {obj.agency.short_name}"


class UnitChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        return f"{obj.name} — {obj.agency.short_name}"


def _officials():
    return Official.objects.filter(is_active=True, agency__isnull=False).order_by("full_name")


def _units():
    return Unit.objects.filter(is_active=True).select_related("agency").order_by("agency", "order")


class MeetingForm(_Form):
    title = forms.CharField(label=_("Tên cuộc họp"), max_length=500, required=False)
    chair = OfficialChoice(label=_("Chủ trì"), queryset=_officials(), required=False)
    starts_at = DateTimeField(label=_("Bắt đầu"), required=False)
    ends_at = DateTimeField(label=_("Kết thúc"), required=False)
    room = forms.ModelChoiceField(label=_("Phòng họp"), queryset=None, required=False)
    place = forms.CharField(label=_("Địa điểm khác"), max_length=255, required=False)
    online = forms.BooleanField(label=_("Họp trực tuyến (tạo phòng họp video)"), required=False)
    preparing_unit = UnitChoice(label=_("Đơn vị chuẩn bị"), queryset=_units(), required=False)
    people = OfficialMultiple(label=_("Cá nhân được mời"), queryset=_officials(), required=False)
    units = UnitMultiple(
        label=_("Đơn vị được mời (đơn vị cử người dự)"), queryset=_units(), required=False
    )
    description = forms.CharField(
        label=_("Nội dung"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )
    schedule = forms.BooleanField(
        label=_("Lên lịch ngay (giữ phòng họp, đưa vào lịch của người dự)"), required=False
    )
    override_conflicts = forms.BooleanField(
        label=_("Vẫn lên lịch dù trùng lịch lãnh đạo (ghi vào nhật ký)"), required=False
    )
    override_reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)

    def __init__(self, *args, rooms=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["room"].queryset = rooms if rooms is not None else Room.objects.none()


class CancelForm(_Form):
    reason = forms.CharField(
        label=_("Lý do hủy"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class OverrideForm(_Form):
    override_conflicts = forms.BooleanField(
        label=_("Vẫn lên lịch dù trùng lịch lãnh đạo (ghi vào nhật ký)"), required=False
    )
    override_reason = forms.CharField(label=_("Lý do"), max_length=255, required=False)


class AgendaForm(_Form):
    title = forms.CharField(label=_("Nội dung"), max_length=500, required=False)
    presenting_unit = UnitChoice(label=_("Đơn vị trình bày"), queryset=_units(), required=False)
    minutes = forms.IntegerField(
        label=_("Thời lượng (phút)"), required=False, min_value=1, max_value=1440
    )


class MaterialForm(_Form):
    item = forms.IntegerField(widget=forms.HiddenInput)
    title = forms.CharField(label=_("Tên tài liệu"), max_length=255, required=False)
    file = forms.FileField(label=_("Tệp"), required=False)
    document = forms.IntegerField(
        label=_("Mã văn bản đến liên quan"), required=False, min_value=1, max_value=2**62
    )


class MinutesForm(_Form):
    text = forms.CharField(
        label=_("Nội dung biên bản"), required=False, widget=forms.Textarea(attrs={"rows": 5})
    )
    file = forms.FileField(label=_("Tệp biên bản (PDF, DOCX)"), required=False)


class ConclusionForm(_Form):
    content = forms.CharField(
        label=_("Nội dung kết luận"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    lead_unit = UnitChoice(label=_("Đơn vị chủ trì"), queryset=_units(), required=False)
    lead_agency = forms.ModelChoiceField(
        label=_("Hoặc cơ quan chủ trì"),
        queryset=Agency.objects.filter(is_active=True),
        required=False,
    )
    due_date = DateField(label=_("Thời hạn"), required=False)


class ParticipantForm(_Form):
    attendee = OfficialChoice(label=_("Người dự họp"), queryset=_officials(), required=False)
    substitute = OfficialChoice(label=_("Cử người dự thay"), queryset=_officials(), required=False)


class ResponseForm(_Form):
    response = forms.ChoiceField(
        label=_("Xác nhận"),
        choices=[c for c in ParticipantResponse.choices if c[0] != ParticipantResponse.PENDING],
        required=False,
    )
    reason = forms.CharField(label=_("Lý do, ghi chú"), max_length=500, required=False)
    attendee = OfficialChoice(label=_("Người dự họp"), queryset=_officials(), required=False)
    substitute = OfficialChoice(label=_("Người dự thay"), queryset=_officials(), required=False)


class RoomForm(_Form):
    name = forms.CharField(label=_("Tên phòng họp"), max_length=150, required=False)
    capacity = forms.IntegerField(label=_("Sức chứa (người)"), required=False)
    location = forms.CharField(label=_("Vị trí"), max_length=255, required=False)


class EntryForm(_Form):
    leader = OfficialChoice(label=_("Lãnh đạo"), queryset=_officials(), required=False)
    starts_at = DateTimeField(label=_("Bắt đầu"), required=False)
    ends_at = DateTimeField(label=_("Kết thúc"), required=False)
    content = forms.CharField(
        label=_("Nội dung công việc"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    location = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    attendees = forms.CharField(label=_("Thành phần"), max_length=500, required=False)
    is_public = forms.BooleanField(label=_("Công khai"), required=False, initial=True)

    def __init__(self, *args, leaders=None, **kwargs):
        super().__init__(*args, **kwargs)
        if leaders is not None:
            self.fields["leader"].queryset = leaders
