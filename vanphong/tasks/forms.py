"""Forms of the task pages (parsing only; the services validate the rules)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from vanphong.core.text import NFCFormMixin
from vanphong.core.widgets import DateField
from vanphong.org.models import Agency, AgencyKind, Official, RoleGrant, Unit
from vanphong.tasks import access
from vanphong.tasks.models import Recurrence

DEADLINE_KINDS = [
    ("ngay", _("Hạn hoàn thành (ngày)")),
    ("so_ngay", _("Số ngày làm việc")),
    ("dinh_ky", _("Báo cáo định kỳ (NĐ 09/2019)")),
]


class _Form(NFCFormMixin, forms.Form):
    pass


def assignee_choices(agency_ids) -> list[tuple[str, list[tuple[str, str]]]]:
    """Grouped choices ``u:<id>`` (units of the assigning agencies and their Offices) and
    ``a:<id>`` (departments, communes and other agencies)."""
    agency_ids = set(agency_ids)
    offices = Agency.objects.filter(
        parent_id__in=agency_ids, kind=AgencyKind.PROVINCE_OFFICE, is_active=True
    ).values_list("pk", flat=True)
    unit_agencies = agency_ids | set(offices)
    units = (
        Unit.objects.filter(agency_id__in=unit_agencies, is_active=True)
        .select_related("agency")
        .order_by("agency__name", "order", "name")
    )
    agencies = Agency.objects.filter(is_active=True).exclude(pk__in=unit_agencies)
    agencies = agencies.filter(
        kind__in=[AgencyKind.DEPARTMENT, AgencyKind.COMMUNE_PC, AgencyKind.OTHER]
    ).order_by("kind", "name")
    groups: dict[str, list[tuple[str, str]]] = {}
    for u in units:
        groups.setdefault(u.agency.name, []).append((f"u:{u.pk}", u.name))
    agency_group = str(_("Sở, ngành, UBND cấp xã"))
    for a in agencies:
        groups.setdefault(agency_group, []).append((f"a:{a.pk}", a.name))
    return list(groups.items())


def parse_assignee(value: str) -> Unit | Agency | None:
    kind, _sep, pk = (value or "").partition(":")
    if not pk.isdigit():
        return None
    if kind == "u":
        return Unit.objects.filter(pk=int(pk)).select_related("agency").first()
    if kind == "a":
        return Agency.objects.filter(pk=int(pk)).first()
    return None


class TaskForm(_Form):
    agency = forms.ChoiceField(label=_("Cơ quan giao"))
    assigned_by = forms.ChoiceField(label=_("Lãnh đạo giao"))
    content = forms.CharField(
        label=_("Nội dung nhiệm vụ"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10_000
    )
    lead = forms.ChoiceField(label=_("Đơn vị, cơ quan chủ trì"))
    coordinators = forms.MultipleChoiceField(
        label=_("Đơn vị, cơ quan phối hợp"),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    deadline_kind = forms.ChoiceField(
        label=_("Cách tính hạn"), choices=DEADLINE_KINDS, widget=forms.RadioSelect, initial="ngay"
    )
    due_date = DateField(label=_("Hạn hoàn thành"), required=False)
    due_working_days = forms.IntegerField(
        label=_("Số ngày làm việc"), required=False, min_value=1, max_value=3650
    )
    recurrence = forms.ChoiceField(
        label=_("Kỳ báo cáo"), choices=[("", "—"), *Recurrence.choices], required=False
    )
    report_lag_days = forms.IntegerField(
        label=_("Gửi báo cáo sau ngày chốt số liệu (ngày làm việc)"),
        required=False,
        min_value=0,
        max_value=60,
        initial=0,
    )
    recurrence_until = DateField(label=_("Báo cáo đến ngày"), required=False)

    def __init__(self, *args, user: Official, **kwargs):
        super().__init__(*args, **kwargs)
        ids = sorted(access.desk_agency_ids(user))
        agencies = Agency.objects.filter(pk__in=ids).order_by("kind", "name")
        self.fields["agency"].choices = [(str(a.pk), a.name) for a in agencies]
        leaders = (
            Official.objects.filter(
                is_active=True,
                pk__in=RoleGrant.objects.filter(
                    agency_id__in=ids,
                    role__in=list(access.LEADER_ROLES),
                ).values("official_id"),
            )
            .select_related("agency")
            .order_by("agency__name", "full_name")
        )
        self.fields["assigned_by"].choices = [
            (str(o.pk), f"{o.full_name} — {o.agency.short_name or o.agency.name}") for o in leaders
        ]
        if not self.is_bound and access.leader_agency_ids(user):
            self.initial.setdefault("assigned_by", str(user.pk))
        choices = assignee_choices(ids)
        self.fields["lead"].choices = [("", "—"), *choices]
        self.fields["coordinators"].choices = choices

    def clean(self):
        data = super().clean()
        kind = data.get("deadline_kind")
        if kind == "ngay" and not data.get("due_date") and "due_date" not in self.errors:
            self.add_error("due_date", _("Nhập hạn hoàn thành."))
        if kind == "so_ngay" and not data.get("due_working_days"):
            self.add_error("due_working_days", _("Nhập số ngày làm việc."))
        if kind == "dinh_ky" and not data.get("recurrence"):
            self.add_error("recurrence", _("Chọn kỳ báo cáo."))
        return data

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        lead = parse_assignee(data["lead"])
        coords = [parse_assignee(v) for v in data.get("coordinators") or []]
        kind = data["deadline_kind"]
        return {
            "agency": Agency.objects.get(pk=int(data["agency"])),
            "assigned_by": Official.objects.get(pk=int(data["assigned_by"])),
            "content": data["content"],
            "lead_unit": lead if isinstance(lead, Unit) else None,
            "lead_agency": lead if isinstance(lead, Agency) else None,
            "coordinating_units": [c for c in coords if isinstance(c, Unit)],
            "coordinating_agencies": [c for c in coords if isinstance(c, Agency)],
            "due_date": data.get("due_date") if kind == "ngay" else None,
            "due_working_days": data.get("due_working_days") if kind == "so_ngay" else None,
            "recurrence": data.get("recurrence") if kind == "dinh_ky" else None,
            "report_lag_days": (data.get("report_lag_days") or 0) if kind == "dinh_ky" else 0,
            "recurrence_until": data.get("recurrence_until") if kind == "dinh_ky" else None,
        }


class ReportForm(_Form):
    text = forms.CharField(
        label=_("Nội dung báo cáo"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )


class CompletionForm(_Form):
    result = forms.CharField(
        label=_("Kết quả thực hiện"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10_000
    )


class ReasonForm(_Form):
    reason = forms.CharField(
        label=_("Lý do trả lại"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class AcceptForm(_Form):
    note = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class ExtensionForm(_Form):
    due_date = DateField(label=_("Đề nghị gia hạn đến ngày"))
    reason = forms.CharField(
        label=_("Lý do xin gia hạn"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class DecisionForm(_Form):
    note = forms.CharField(
        label=_("Ý kiến"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class PeriodForm(_Form):
    start = DateField(label=_("Hạn từ ngày"), required=False)
    end = DateField(label=_("đến ngày"), required=False)
