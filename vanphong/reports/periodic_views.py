"""Pages of the periodic reports: choose the kind and the period, generate (background job with
progress), download the .docx and the .xlsx annex, turn the report into an outgoing draft or
submit it for signature (trình ký)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vanphong.core import clock
from vanphong.core.attachments.services import attachment_open
from vanphong.core.errors import DomainError
from vanphong.core.widgets import DateField
from vanphong.org.models import Agency, Unit
from vanphong.reports import periodic

PICKER_COUNT = 12  # periods offered by the picker (the current one and those before)


def _period_choices(kind: str) -> list[tuple[str, str]]:
    today = clock.today()
    return [
        (p.token, f"{p.label} ({p.start:%d/%m/%Y} – {p.end:%d/%m/%Y})")
        for p in periodic.recent(kind, today, PICKER_COUNT)
    ]


class PeriodicForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Cơ quan báo cáo"), queryset=Agency.objects.none(), empty_label=None
    )
    kind = forms.ChoiceField(
        label=gettext_lazy("Loại báo cáo"),
        choices=periodic.KIND_CHOICES,
        initial=periodic.MONTH,
        error_messages={
            "invalid_choice": gettext_lazy(
                "Loại báo cáo “%(value)s” không có; chọn tuần, tháng, quý, 6 tháng, năm hoặc khác."
            )
        },
    )
    period = forms.CharField(label=gettext_lazy("Kỳ báo cáo"), required=False, widget=forms.Select)
    start = DateField(label=gettext_lazy("Từ ngày"), required=False)
    end = DateField(label=gettext_lazy("Đến ngày"), required=False)
    unit = forms.ModelChoiceField(
        label=gettext_lazy("Phạm vi"),
        queryset=Unit.objects.none(),
        required=False,
        empty_label=gettext_lazy("Toàn cơ quan"),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        agencies = periodic.report_agencies(user)
        self.fields["agency"].queryset = agencies
        if user.agency_id in {a.pk for a in agencies}:
            self.fields["agency"].initial = user.agency_id
        self.fields["unit"].queryset = (
            Unit.objects.filter(agency__in=agencies, is_active=True)
            .select_related("agency")
            .order_by("agency__name", "order", "name")
        )
        if len(agencies) > 1:
            self.fields["unit"].label_from_instance = lambda u: f"{u.name} ({u.agency.short_name})"
        self.kind_value = self._kind()
        choices = _period_choices(self.kind_value) if self.kind_value != periodic.CUSTOM else []
        self.fields["period"].widget.choices = choices
        if choices:
            self.fields["period"].initial = choices[0][0]

    def _kind(self) -> str:
        value = self.data.get("kind") if self.is_bound else None
        return value if value in periodic.KINDS else periodic.MONTH

    def clean(self):
        data = super().clean()
        if "kind" in data:
            try:
                data["resolved"] = periodic.resolve(
                    data["kind"],
                    token=data.get("period") or "",
                    start=data.get("start"),
                    end=data.get("end"),
                )
            except DomainError as exc:
                _add(self, exc)
        return data


def _add(form, exc: DomainError) -> None:
    placed = False
    for name, msgs in exc.fields.items():
        if name in form.fields:
            for msg in msgs:
                form.add_error(name, msg)
                placed = True
    if not placed:
        form.add_error(None, exc.message)


def _require_reporter(user) -> None:
    if not periodic.report_agencies(user).exists():
        raise PermissionDenied(_("Chỉ văn thư, chuyên viên và lãnh đạo được lập báo cáo định kỳ."))


@login_required
@require_http_methods(["GET", "POST"])
def periodic_index(request):
    _require_reporter(request.user)
    form = PeriodicForm(request.POST or None, user=request.user)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                job = periodic.periodic_enqueue(
                    request.user,
                    agency=data["agency"],
                    kind=data["kind"],
                    token=data.get("period") or "",
                    start=data.get("start"),
                    end=data.get("end"),
                    unit=data.get("unit"),
                )
            except DomainError as exc:
                if exc.status == 403:
                    raise PermissionDenied(exc.message) from None
                _add(form, exc)
            else:
                return redirect("reports:periodic_detail", pk=job.pk)
        status = 400
    jobs = list(periodic.periodic_jobs(request.user)[:20])
    return render(
        request,
        "reports/periodic_index.html",
        {"form": form, "jobs": jobs, "custom": form.kind_value == periodic.CUSTOM},
        status=status,
    )


@login_required
@require_GET
def periodic_period_fields(request):
    """HTMX: the period picker (or the two dates) for the kind just chosen."""
    _require_reporter(request.user)
    form = PeriodicForm(user=request.user, data={"kind": request.GET.get("kind", "")})
    return render(
        request,
        "reports/periodic_period_fields.html",
        {"form": form, "custom": form.kind_value == periodic.CUSTOM, "unbound": True},
    )


def _job(request, pk: int):
    try:
        return periodic.periodic_job_for(request.user, pk)
    except DomainError:
        raise Http404 from None


def _detail_context(job) -> dict:
    try:
        period = periodic.period_of(job)
    except DomainError:
        period = None
    return {
        "job": job,
        "period": period,
        "kind_label": periodic.KINDS.get(job.parameters.get("kind"), ""),
        "annex": periodic.annex_of(job) if job.state == "done" else None,
        "draft": periodic.draft_of(job) if job.state == "done" else None,
    }


@login_required
@require_GET
def periodic_detail(request, pk: int):
    job = _job(request, pk)
    return render(request, "reports/periodic_detail.html", _detail_context(job))


@login_required
@require_GET
def periodic_progress(request, pk: int):
    job = _job(request, pk)
    return render(request, "reports/periodic_progress.html", _detail_context(job))


@login_required
@require_GET
def periodic_annex(request, pk: int):
    job = _job(request, pk)
    annex = periodic.annex_of(job)
    if annex is None:
        raise Http404
    try:
        file = attachment_open(annex)
    except DomainError:
        raise Http404 from None
    return FileResponse(
        file, as_attachment=True, filename=annex.original_name, content_type=annex.content_type
    )


@login_required
@require_POST
def periodic_submit(request, pk: int):
    job = _job(request, pk)
    submit = request.POST.get("action") != "draft"
    try:
        document = periodic.periodic_submit(request.user, job, submit=submit)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from None
        context = _detail_context(job)
        context["error"] = exc.message
        return render(request, "reports/periodic_detail.html", context, status=exc.status)
    if submit:
        messages.success(request, _("Đã trình ký báo cáo (dự thảo văn bản đi)."))
    else:
        messages.success(request, _("Đã tạo dự thảo văn bản đi từ báo cáo."))
    return redirect(document.get_absolute_url())


def _register_menu() -> None:
    """The menu entry (registered with the pages: ``navigation.py`` of this app belongs to the
    dashboard; the shell shows an entry once its URL resolves)."""
    from vanphong.core.navigation import NavEntry, register

    register(
        NavEntry(
            key="reports.periodic",
            label=gettext_lazy("Báo cáo định kỳ"),
            url_name="reports:periodic",
            icon="file-text",
            roles=frozenset(periodic.REPORT_ROLES),
            order=91,
        )
    )


_register_menu()
