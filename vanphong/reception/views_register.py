"""Pages of the reception register (sổ tiếp công dân) and of the leaders' reception days
(thin: parse, call one service or selector, render)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST
from vietnam_provinces import Ward

from vanphong.core import clock, deadlines, eventlog, permissions
from vanphong.core.errors import DomainError
from vanphong.org.models import LEADER_ROLES, Official, RoleGrant
from vanphong.org.selectors import agencies_of
from vanphong.reception import exports, forms, selectors, services_register
from vanphong.reception.models import (
    PetitionClass,
    ReceptionAction,
    ReceptionCitizen,
    ReceptionDay,
    ReceptionEntry,
)

PAGE_SIZE = 50
ENTRY_ACTIONS = {
    "reception.entry_record": gettext_lazy("Ghi sổ tiếp công dân"),
    "reception.entry_reply": gettext_lazy("Trả lời công dân"),
}


def _receiving_agency(user):
    agencies = [a for a in agencies_of(user) if selectors.can_receive(user, a)]
    if not agencies:
        raise PermissionDenied
    return agencies[0]


def _leaders(agency):
    ids = RoleGrant.objects.filter(agency=agency, role__in=list(LEADER_ROLES)).values_list(
        "official_id", flat=True
    )
    return list(Official.objects.filter(pk__in=ids, is_active=True).order_by("full_name"))


def _communes(agency) -> list[tuple[int, str]]:
    if not agency.province_code:
        return []
    return [
        (int(w.code), str(w.name))
        for w in Ward.iter_all()
        if int(w.province_code) == int(agency.province_code)
    ]


def _apply_errors(form, exc: DomainError) -> None:
    form.add_error(None, exc.message)
    for name, msgs in (exc.fields or {}).items():
        if name in form.fields:
            for msg in msgs:
                form.add_error(name, msg)


def _filters(request):
    form = forms.EntryFilterForm(request.GET or None)
    data = form.cleaned_data if form.is_valid() else {}
    return form, {
        "action": data.get("action", ""),
        "classification": data.get("loai", ""),
        "reply": data.get("tra_loi", ""),
        "date_from": data.get("tu_ngay"),
        "date_to": data.get("den_ngay"),
        "query": data.get("q", ""),
    }


@login_required
@require_GET
def entry_list(request):
    form, filters = _filters(request)
    qs = selectors.entries_for_list(request.user, **filters)
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    agencies = [a for a in agencies_of(request.user) if selectors.can_receive(request.user, a)]
    query = request.GET.copy()
    query.pop("trang", None)
    return render(
        request,
        "reception/entry_list.html",
        {
            "page": page,
            "filter_form": form,
            "actions": ReceptionAction.choices,
            "classes": PetitionClass.choices,
            "query": query.urlencode(),
            "can_receive": bool(agencies),
            "full_data": {
                a.pk for a in agencies if selectors.can_see_personal_data(request.user, a)
            },
        },
    )


@login_required
@require_GET
def entry_export(request, fmt: str):
    if fmt not in ("xlsx", "pdf"):
        raise Http404
    _form, filters = _filters(request)
    qs = selectors.entries_for_list(request.user, **filters).order_by("received_at", "number")
    rows = exports.register_rows(request.user, qs)
    agency = next(iter(agencies_of(request.user)), None)
    title = _("SỔ TIẾP CÔNG DÂN")
    stamp = clock.today().strftime("%Y%m%d")
    if fmt == "xlsx":
        body = exports.to_xlsx(rows, title=title)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body = exports.to_pdf(rows, title=title, agency_name=agency.name if agency else "")
        content_type = "application/pdf"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="so-tiep-cong-dan-{stamp}.{fmt}"'
    return response


def _entry_form_context(agency, form, formset):
    today = clock.today()
    return {
        "form": form,
        "formset": formset,
        "agency": agency,
        "communes": _communes(agency),
        "today": today,
    }


def _todays_days(agency):
    start = dt.datetime.combine(clock.today(), dt.time(0), tzinfo=clock.VN_TZ)
    return list(
        ReceptionDay.objects.filter(
            agency=agency,
            cancelled=False,
            starts_at__gte=start,
            starts_at__lt=start + dt.timedelta(days=1),
        ).select_related("leader")
    )


@login_required
def entry_create(request):
    agency = _receiving_agency(request.user)
    leaders, days = _leaders(agency), _todays_days(agency)
    form = forms.EntryForm(
        request.POST or None,
        leaders=leaders,
        days=days,
        initial={"group_size": 1, "action": ReceptionAction.HUONG_DAN},
    )
    formset = forms.CitizenFormSet(request.POST or None, prefix="cd")
    status = 200
    if request.method == "POST":
        if form.is_valid() and formset.is_valid():
            data = form.cleaned_data
            leader = next((u for u in leaders if u.pk == data["leader"]), None)
            day = next((d for d in days if d.pk == data["reception_day"]), None)
            try:
                entry = services_register.entry_record(
                    acting_user=request.user,
                    agency=agency,
                    received_at=data["received_at"],
                    leader=leader,
                    reception_day=day,
                    content=data["content"],
                    classification=data["classification"],
                    group_size=data["group_size"],
                    representation_document=data["representation_document"],
                    previously_resolved_by=data["previously_resolved_by"],
                    competent=forms.tri_state(data["competent"]),
                    action=data["action"],
                    action_target=data["action_target"],
                    action_document=data["action_document"],
                    refusal_reason=data["refusal_reason"],
                    note=data["note"],
                    citizens=[f.cleaned_data for f in formset.forms if f.cleaned_data],
                )
            except DomainError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(
                    request, _("Đã ghi sổ lượt tiếp số %(n)s.") % {"n": entry.number_label}
                )
                return redirect("reception:entry_detail", pk=entry.pk)
        status = 400
    return render(
        request,
        "reception/entry_form.html",
        _entry_form_context(agency, form, formset),
        status=status,
    )


def _entry(request, pk: int) -> ReceptionEntry:
    qs = permissions.visible(request.user, selectors.ENTRY_KIND, ReceptionEntry.objects.all())
    return get_object_or_404(
        qs.select_related("agency", "received_by", "leader", "petition", "reception_day"), pk=pk
    )


@login_required
@require_GET
def entry_detail(request, pk: int):
    entry = _entry(request, pk)
    trail = [
        {"at": ev.occurred_at, "actor": ev.actor_name, "label": ENTRY_ACTIONS.get(ev.action, "")}
        for ev in eventlog.trail(entry)
    ]
    return render(
        request,
        "reception/entry_detail.html",
        {
            "entry": entry,
            "citizens": list(ReceptionCitizen.objects.filter(entry=entry).order_by("order")),
            "full_data": selectors.can_see_personal_data(request.user, entry.agency_id),
            "deadline_status": deadlines.status_of(entry),
            "reply_open": entry.due_at is not None and entry.finished_at is None,
            "reply_form": forms.ReplyForm(),
            "trail": trail,
        },
    )


@login_required
@require_POST
def entry_reply(request, pk: int):
    entry = _entry(request, pk)
    form = forms.ReplyForm(request.POST)
    if form.is_valid():
        try:
            services_register.entry_reply(
                acting_user=request.user,
                entry=entry,
                kind=form.cleaned_data["kind"],
                document=form.cleaned_data["document"],
                note=form.cleaned_data["note"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã ghi trả lời công dân."))
    else:
        messages.error(request, _("Thông tin nhập chưa hợp lệ."))
    return redirect("reception:entry_detail", pk=entry.pk)


# --------------------------------------------------------------------------------------------
# Reception days


@login_required
def day_list(request):
    agency = _receiving_agency(request.user)
    leaders = _leaders(agency)
    form = forms.DayForm(request.POST or None, leaders=leaders)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            leader = next((u for u in leaders if u.pk == data["leader"]), None)
            try:
                services_register.day_schedule(
                    acting_user=request.user,
                    agency=agency,
                    leader=leader,
                    leader_title=data["leader_title"],
                    level=data["level"],
                    kind=data["kind"],
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    place=data["place"],
                    is_online=data["is_online"],
                    connection_points=data["connection_points"],
                    publish=data["publish"],
                )
            except DomainError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Đã xếp lịch tiếp công dân."))
                return redirect("reception:day_list")
        status = 400
    today = clock.today()
    horizon = today + dt.timedelta(days=62)
    checks = []
    seen = set()
    for day in ReceptionDay.objects.filter(agency=agency, cancelled=False).select_related("leader"):
        if (day.leader_id, day.level) in seen:
            continue
        seen.add((day.leader_id, day.level))
        checks.append(
            {
                "leader": day.leader,
                "title": day.leader_title,
                "periods": selectors.frequency_report(
                    agency=agency, leader=day.leader, level=day.level, start=today, end=horizon
                ),
            }
        )
    return render(
        request,
        "reception/day_list.html",
        {
            "days": selectors.reception_days_for(request.user)[:100],
            "form": form,
            "checks": checks,
            "agency": agency,
        },
        status=status,
    )


@login_required
@require_POST
def day_action(request, pk: int, action: str):
    agency_ids = [a.pk for a in agencies_of(request.user) if selectors.can_receive(request.user, a)]
    day = get_object_or_404(ReceptionDay, pk=pk, agency_id__in=agency_ids)
    try:
        if action == "cong-bo":
            services_register.day_publish(acting_user=request.user, day=day)
        elif action == "huy":
            services_register.day_cancel(
                acting_user=request.user, day=day, reason=request.POST.get("reason", "")[:1000]
            )
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã cập nhật lịch tiếp."))
    return redirect("reception:day_list")


@require_GET
def public_days(request):
    """The public page of the leaders' reception days (no sign-in)."""
    return render(
        request, "reception/public_days.html", {"days": selectors.public_reception_days()[:200]}
    )
