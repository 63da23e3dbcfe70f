"""Screens of the registers (Phụ lục IV): choose a register, a period and a format; a short
period is downloaded at once, a longer one (a year) is produced as a background job whose
progress page the user is sent to. Thin: the form, then ``registers.produce`` or
``registers.register_job_enqueue``."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from vanphong.core import clock
from vanphong.core.errors import DomainError
from vanphong.core.jobs.models import Job
from vanphong.core.widgets import DateField
from vanphong.documents import registers

MIME = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


class RegisterForm(forms.Form):
    register = forms.ModelChoiceField(label=gettext_lazy("Sổ"), queryset=None, empty_label=None)
    book = forms.ChoiceField(label=gettext_lazy("Loại sổ"), choices=())
    date_from = DateField(label=gettext_lazy("Từ ngày"))
    date_to = DateField(label=gettext_lazy("Đến ngày"))
    fmt = forms.ChoiceField(
        label=gettext_lazy("Định dạng"),
        choices=[("xlsx", gettext_lazy("Excel (.xlsx)")), ("pdf", gettext_lazy("PDF để in"))],
        widget=forms.RadioSelect,
        initial="xlsx",
    )
    volume = forms.IntegerField(
        label=gettext_lazy("Quyển số"), min_value=1, max_value=99, initial=1
    )

    def __init__(self, user, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["register"].queryset = registers.registers_for(user)
        self.fields["book"].choices = registers.book_labels()
        for name in ("register", "book"):
            self.fields[name].widget.attrs["class"] = "form-select"
        self.fields["volume"].widget.attrs["class"] = "form-control"

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            self.add_error("date_to", _("Ngày bắt đầu phải trước hoặc bằng ngày kết thúc."))
        return data


def _initial() -> dict:
    today = clock.today()
    return {
        "date_from": dt.date(today.year, 1, 1),
        "date_to": today,
        "fmt": "xlsx",
        "volume": 1,
        "book": "incoming",
    }


@login_required
def register_form(request):
    """GET: the form (and the user's recent register jobs); POST: produce or queue."""
    if not registers.registers_for(request.user).exists():
        raise PermissionDenied(_("Chỉ văn thư và lãnh đạo cơ quan được in sổ đăng ký."))
    form = RegisterForm(request.user, request.POST or None, initial=_initial())
    error = ""
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        period = registers.Period(d["date_from"], d["date_to"])
        kwargs = {
            "acting_user": request.user,
            "register": d["register"],
            "book": d["book"],
            "period": period,
            "fmt": d["fmt"],
            "volume": d["volume"],
        }
        try:
            if period.days > registers.DIRECT_MAX_DAYS or request.POST.get("background"):
                job = registers.register_job_enqueue(**kwargs)
                return redirect(job.get_absolute_url())
            output = registers.produce(**kwargs)
        except DomainError as exc:
            error = exc.message
            for name, messages in (exc.fields or {}).items():
                for message in messages:
                    form.add_error(name if name in form.fields else None, message)
        else:
            response = HttpResponse(output.content, content_type=MIME[d["fmt"]])
            response["Content-Disposition"] = f'attachment; filename="{output.name}"'
            return response
    jobs = Job.objects.filter(owner=request.user, kind="documents.register").select_related(
        "result"
    )[:10]
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "documents/registers/register_form.html",
        {"form": form, "error": error, "jobs": jobs, "direct_max": registers.DIRECT_MAX_DAYS},
        status=status,
    )
