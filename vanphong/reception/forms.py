"""Forms of the petition pages (parsing only; the services validate the rules)."""

from __future__ import annotations

import functools

from django import forms
from django.utils.translation import gettext_lazy as _

from vanphong.core.text import NFCFormMixin
from vanphong.core.widgets import DateField, DateTimeField
from vanphong.reception.models import (
    Channel,
    ComplaintInstance,
    DayKind,
    LeaderLevel,
    Outcome,
    PetitionClass,
    ReceptionAction,
    RefusalReason,
    ReplyKind,
)

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


# --------------------------------------------------------------------------------------------
# The reception register and the reception days


class EntryForm(_Form):
    received_at = DateTimeField(
        label=_("Ngày tiếp"), required=False, help_text=_("Để trống: thời điểm hiện tại.")
    )
    leader = forms.TypedChoiceField(
        label=_("Lãnh đạo tiếp (nếu có)"), coerce=int, required=False, empty_value=None
    )
    reception_day = forms.TypedChoiceField(
        label=_("Buổi tiếp định kỳ"), coerce=int, required=False, empty_value=None
    )
    content = forms.CharField(
        label=_("Nội dung vụ việc (tóm tắt)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    classification = forms.ChoiceField(
        label=_("Phân loại"),
        choices=[("", _("Chưa phân loại")), *PetitionClass.choices],
        required=False,
    )
    group_size = forms.IntegerField(
        label=_("Số người cùng nội dung"), min_value=1, max_value=10000, initial=1
    )
    representation_document = forms.CharField(
        label=_("Văn bản cử người đại diện"), max_length=255, required=False
    )
    previously_resolved_by = forms.CharField(
        label=_("Cơ quan đã giải quyết"), max_length=255, required=False
    )
    competent = forms.ChoiceField(label=_("Thuộc thẩm quyền"), choices=TRI_STATE, required=False)
    action = forms.ChoiceField(label=_("Kết quả tiếp"), choices=ReceptionAction.choices)
    action_target = forms.CharField(
        label=_("Cơ quan được hướng dẫn, chuyển đến"), max_length=255, required=False
    )
    action_document = forms.CharField(
        label=_("Số văn bản hướng dẫn, chuyển đơn"), max_length=100, required=False
    )
    refusal_reason = forms.ChoiceField(
        label=_("Lý do từ chối tiếp"), choices=[("", "—"), *RefusalReason.choices], required=False
    )
    note = forms.CharField(
        label=_("Ghi chú"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, leaders=(), days=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].choices = [("", "—"), *[(u.pk, str(u)) for u in leaders]]
        self.fields["reception_day"].choices = [("", "—"), *[(d.pk, str(d)) for d in days]]


class CitizenForm(_Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    identity_number = forms.CharField(
        label=_("Số căn cước/định danh/hộ chiếu"), max_length=30, required=False
    )
    address = forms.CharField(label=_("Địa chỉ (số nhà, thôn, tổ)"), max_length=255, required=False)
    commune_code = forms.IntegerField(
        label=_("Mã xã, phường"), required=False, min_value=1, max_value=99999
    )
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    is_representative = forms.BooleanField(label=_("Người đại diện"), required=False)


CitizenFormSet = forms.formset_factory(CitizenForm, extra=3, max_num=5, absolute_max=5)


class ReplyForm(_Form):
    kind = forms.ChoiceField(
        label=_("Nội dung trả lời"), choices=[("", "—"), *ReplyKind.choices], required=False
    )
    document = forms.CharField(label=_("Số văn bản"), max_length=100, required=False)
    note = forms.CharField(
        label=_("Theo dõi kết quả"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )


class EntryFilterForm(_Form):
    action = forms.ChoiceField(choices=[("", ""), *ReceptionAction.choices], required=False)
    loai = forms.ChoiceField(choices=[("", ""), *PetitionClass.choices], required=False)
    tra_loi = forms.ChoiceField(
        choices=[("", ""), ("cho", ""), ("qua_han", ""), ("xong", "")], required=False
    )
    tu_ngay = DateField(required=False)
    den_ngay = DateField(required=False)
    q = forms.CharField(max_length=200, required=False)


class DayForm(_Form):
    leader = forms.TypedChoiceField(label=_("Lãnh đạo tiếp"), coerce=int)
    leader_title = forms.CharField(label=_("Chức vụ"), max_length=150, required=False)
    level = forms.ChoiceField(label=_("Cấp lãnh đạo"), choices=LeaderLevel.choices)
    kind = forms.ChoiceField(label=_("Loại buổi tiếp"), choices=DayKind.choices)
    starts_at = DateTimeField(label=_("Bắt đầu"))
    ends_at = DateTimeField(label=_("Kết thúc"))
    place = forms.CharField(label=_("Địa điểm"), max_length=255, required=False)
    is_online = forms.BooleanField(label=_("Tiếp trực tuyến"), required=False)
    connection_points = forms.CharField(
        label=_("Các điểm cầu"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    publish = forms.BooleanField(label=_("Công bố ngay"), required=False)

    def __init__(self, *args, leaders=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["leader"].choices = [(u.pk, str(u)) for u in leaders]


class CollaboratorForm(_Form):
    official = forms.TypedChoiceField(label=_("Cán bộ phối hợp xác minh"), coerce=int)

    def __init__(self, *args, officials=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["official"].choices = [(u.pk, str(u)) for u in officials]


class ExtendForm(_Form):
    level = forms.ChoiceField(
        label=_("Mức độ"),
        choices=[("complex", _("Phức tạp")), ("especially_complex", _("Đặc biệt phức tạp"))],
    )
    days = forms.IntegerField(label=_("Số ngày gia hạn"), min_value=1, max_value=30, initial=30)
    document = forms.CharField(label=_("Số quyết định gia hạn"), max_length=100, required=False)


class NoticeForm(_Form):
    document = forms.CharField(label=_("Số văn bản thông báo"), max_length=100, required=False)


# --------------------------------------------------------------------------------------------
# The public online form (no sign-in)


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(attrs={"accept": ".pdf,.jpg,.jpeg,.png,.doc,.docx"}),
        )
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def province_code() -> int:
    """The installation's province (its communes are offered on the public form)."""
    from django.conf import settings

    return int(
        getattr(
            settings, "RECEPTION_PROVINCE_CODE", getattr(settings, "FEEDBACK_PROVINCE_CODE", 33)
        )
    )


@functools.lru_cache(maxsize=4)
def _communes(province: int) -> tuple[tuple[str, str], ...]:
    from vietnam_provinces import Ward

    rows = sorted(
        (" ".join(str(w.name).split()), int(w.code))
        for w in Ward.iter_all()
        if int(w.province_code) == province
    )
    return tuple((str(c), n) for n, c in rows)


def commune_choices():
    """The communes (xã, phường) of the province, from the national list."""
    return [("", _("— Chọn xã, phường —")), *_communes(province_code())]


class OnlinePetitionForm(_Form):
    agency = forms.ChoiceField(label=_("Gửi đến cơ quan"), choices=(), required=False)
    classification = forms.ChoiceField(
        label=_("Loại đơn"),
        choices=[("", _("— Chọn loại đơn —")), *PetitionClass.choices],
        required=False,
    )
    full_name = forms.CharField(label=_("Họ và tên"), max_length=150, required=False)
    identity_number = forms.CharField(
        label=_("Số định danh cá nhân (CCCD) hoặc hộ chiếu"), max_length=30, required=False
    )
    address = forms.CharField(
        label=_("Địa chỉ (số nhà, đường, thôn, tổ)"), max_length=255, required=False
    )
    commune_code = forms.ChoiceField(label=_("Xã, phường"), choices=(), required=False)
    phone = forms.CharField(label=_("Điện thoại"), max_length=30, required=False)
    email = forms.CharField(label=_("Thư điện tử"), max_length=254, required=False)
    content = forms.CharField(
        label=_("Nội dung đơn"),
        required=False,
        max_length=20000,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Nêu rõ sự việc, người hoặc cơ quan bị khiếu nại, tố cáo và yêu cầu của bạn."),
    )
    files = MultipleFileField(
        label=_("Tài liệu kèm theo (PDF, Word, ảnh JPEG/PNG; tối đa 5 tệp, mỗi tệp 10 MB)"),
        required=False,
    )
    consent = forms.BooleanField(
        label=_(
            "Tôi đồng ý để cơ quan nhận đơn xử lý dữ liệu cá nhân nêu trên nhằm giải quyết đơn "
            "(Luật Bảo vệ dữ liệu cá nhân 2025)"
        ),
        required=False,
    )

    def __init__(self, *args, agencies=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agency"].choices = [
            ("", _("— Chọn cơ quan —")),
            *((str(a.pk), a.name) for a in agencies),
        ]
        self.fields["commune_code"].choices = commune_choices()


class PetitionStatusForm(_Form):
    code = forms.CharField(label=_("Mã tra cứu đơn"), max_length=30, required=False)
    secret = forms.CharField(label=_("Mã bí mật"), max_length=20, required=False)
