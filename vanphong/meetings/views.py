"""Pages of meetings, rooms, personal calendar feeds and the weekly work schedule (thin:
parse a form, call one service or selector, render a page or an HTMX partial)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vanphong.core import clock, eventlog, permissions
from vanphong.core.attachments.selectors import attachment_response
from vanphong.core.errors import DomainError
from vanphong.documents.models import IncomingDocument
from vanphong.org.models import Agency, Membership

from . import forms, ical, selectors, services
from .models import (
    AgendaItem,
    DocumentPurpose,
    Meeting,
    MeetingState,
    Participant,
    Room,
    ScheduleEntry,
    ScheduleState,
    ScheduleWeek,
)

ACTION_LABELS = {
    "meetings.meeting_create": gettext_lazy("Tạo cuộc họp"),
    "meetings.meeting_update": gettext_lazy("Sửa cuộc họp"),
    "meetings.meeting_schedule": gettext_lazy("Lên lịch"),
    "meetings.meeting_cancel": gettext_lazy("Hủy cuộc họp"),
    "meetings.meeting_held": gettext_lazy("Cuộc họp đã diễn ra"),
    "meetings.leader_conflict_override": gettext_lazy("Xác nhận lên lịch dù trùng lịch lãnh đạo"),
    "meetings.participant_update": gettext_lazy("Cử người dự họp"),
    "meetings.participant_respond": gettext_lazy("Xác nhận tham dự"),
    "meetings.agenda_item_add": gettext_lazy("Thêm nội dung chương trình"),
    "meetings.material_add": gettext_lazy("Thêm tài liệu họp"),
    "meetings.minutes_save": gettext_lazy("Lưu biên bản"),
    "meetings.conclusion_add": gettext_lazy("Thêm nội dung kết luận"),
    "meetings.invitation_draft": gettext_lazy("Dự thảo giấy mời"),
    "meetings.conclusion_draft": gettext_lazy("Dự thảo thông báo kết luận"),
    "meetings.invitation_issued": gettext_lazy("Ban hành giấy mời"),
    "meetings.conclusion_issued": gettext_lazy("Ban hành thông báo kết luận"),
    "meetings.conclusions_to_tasks": gettext_lazy("Giao nhiệm vụ từ kết luận"),
    "attachments.store": gettext_lazy("Tải tệp lên"),
}
STATE_LABELS = dict(MeetingState.choices)
WEEKDAYS = [
    gettext_lazy("Thứ Hai"),
    gettext_lazy("Thứ Ba"),
    gettext_lazy("Thứ Tư"),
    gettext_lazy("Thứ Năm"),
    gettext_lazy("Thứ Sáu"),
    gettext_lazy("Thứ Bảy"),
    gettext_lazy("Chủ nhật"),
]


def _week_param(request) -> dt.date:
    raw = (request.GET.get("tuan") or "").strip()[:10]
    day = None
    for fmt in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            day = dt.datetime.strptime(raw, fmt).date()
            break
        except ValueError:
            continue
    if day is None or not (dt.date(2000, 1, 1) <= day <= dt.date(2100, 1, 1)):
        day = clock.today()
    return selectors.week_start_of(day)


def _days(monday: dt.date) -> list[dict]:
    today = clock.today()
    return [
        {
            "date": monday + dt.timedelta(days=n),
            "label": WEEKDAYS[n],
            "today": monday + dt.timedelta(days=n) == today,
        }
        for n in range(7)
    ]


def _form_errors(form, exc: DomainError) -> None:
    form.add_error(None, exc.message)
    for name, msgs in exc.fields.items():
        if name in form.fields:
            for msg in msgs:
                form.add_error(name, msg)


# --------------------------------------------------------------------------------------------
# Meetings


@login_required
@require_GET
def meeting_week(request):
    """The week view (calendar) of the meetings the user may see."""
    monday = _week_param(request)
    start = dt.datetime.combine(monday, dt.time(0, 0), tzinfo=clock.VN_TZ)
    meetings = list(
        selectors.meetings_for_list(request.user, start=start, end=start + dt.timedelta(days=7))
    )
    days = _days(monday)
    for day in days:
        day["meetings"] = [m for m in meetings if clock.local(m.starts_at).date() == day["date"]]
    return render(
        request,
        "meetings/week.html",
        {
            "days": days,
            "monday": monday,
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
            "can_create": bool(selectors.organiser_agencies(request.user)),
        },
    )


def _rooms_for(user):
    ids = set()
    for agency in selectors.organiser_agencies(user):
        ids.update(a.pk for a in selectors.schedule_agencies(agency))
    return Room.objects.filter(agency_id__in=ids, is_active=True).order_by("name")


def _meeting_fields(data) -> dict:
    return {
        "title": data["title"],
        "chair": data["chair"],
        "starts_at": data["starts_at"],
        "ends_at": data["ends_at"],
        "room": data["room"],
        "place": data["place"],
        "online": data["online"],
        "preparing_unit": data["preparing_unit"],
        "description": data["description"],
    }


@login_required
@require_http_methods(["GET", "POST"])
def meeting_create(request):
    agencies = selectors.organiser_agencies(request.user)
    if not agencies:
        raise PermissionDenied
    agency = agencies[0]
    form = forms.MeetingForm(
        request.POST or None, rooms=_rooms_for(request.user), initial={"schedule": True}
    )
    conflict = False
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                meeting = services.meeting_create(
                    request.user,
                    agency=agency,
                    people=data["people"],
                    units=data["units"],
                    schedule=data["schedule"],
                    override_conflicts=data["override_conflicts"],
                    override_reason=data["override_reason"],
                    **_meeting_fields(data),
                )
            except DomainError as exc:
                conflict = exc.code == "leader_conflict"
                _form_errors(form, exc)
            else:
                messages.success(request, _("Đã tạo cuộc họp."))
                return redirect("meetings:meeting_detail", pk=meeting.pk)
        status = 409 if conflict else 400
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "agency": agency, "conflict": conflict, "meeting": None},
        status=status,
    )


def _meeting(request, pk: int) -> Meeting:
    return get_object_or_404(selectors.meeting_detail_qs(request.user), pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def meeting_edit(request, pk: int):
    meeting = _meeting(request, pk)
    if not selectors.can_manage(request.user, meeting):
        raise PermissionDenied
    initial = {
        "title": meeting.title,
        "chair": meeting.chair,
        "starts_at": clock.local(meeting.starts_at),
        "ends_at": clock.local(meeting.ends_at),
        "room": meeting.room,
        "place": meeting.place,
        "online": meeting.online,
        "preparing_unit": meeting.preparing_unit,
        "description": meeting.description,
        "people": [p.official for p in meeting.participants.all() if p.official_id],
        "units": [p.unit for p in meeting.participants.all() if p.unit_id],
    }
    form = forms.MeetingForm(request.POST or None, rooms=_rooms_for(request.user), initial=initial)
    form.fields.pop("schedule")
    conflict = False
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.meeting_update(
                    request.user,
                    meeting,
                    people=data["people"],
                    units=data["units"],
                    override_conflicts=data["override_conflicts"],
                    override_reason=data["override_reason"],
                    **_meeting_fields(data),
                )
            except DomainError as exc:
                conflict = exc.code == "leader_conflict"
                _form_errors(form, exc)
            else:
                messages.success(request, _("Đã cập nhật cuộc họp."))
                return redirect("meetings:meeting_detail", pk=meeting.pk)
        status = 409 if conflict else 400
    return render(
        request,
        "meetings/meeting_form.html",
        {"form": form, "agency": meeting.agency, "conflict": conflict, "meeting": meeting},
        status=status,
    )


def _trail(meeting: Meeting) -> list[dict]:
    return [
        {
            "at": ev.occurred_at,
            "actor": ev.actor_name,
            "label": ACTION_LABELS.get(ev.action, ev.action),
            "state": STATE_LABELS.get(ev.to_state, ""),
        }
        for ev in eventlog.trail(meeting)
    ]


def _task_url(task) -> str:
    try:
        return reverse("tasks:task_detail", args=[task.pk])
    except NoReverseMatch:
        return ""


def _outgoing_url(pk: int) -> str:
    try:
        return reverse("documents:outgoing_detail", args=[pk])
    except NoReverseMatch:
        return ""


def _detail_context(request, meeting: Meeting) -> dict:
    manage = selectors.can_manage(request.user, meeting)
    conclusions = list(meeting.conclusions.all())
    tasks = selectors.tasks_of_items(conclusions)
    rows = [
        {"item": c, "task": tasks.get(c.pk), "url": _task_url(tasks[c.pk]) if c.pk in tasks else ""}
        for c in conclusions
    ]
    documents = list(meeting.documents.all())
    for doc in documents:
        doc.url = _outgoing_url(doc.document_id)
    docs = {d.purpose: d for d in documents}
    started = meeting.starts_at <= clock.now()
    participants = list(meeting.participants.all())
    unit_ids = [p.unit_id for p in participants if p.unit_id]
    members: dict[int, list] = {}
    if unit_ids:
        for membership in Membership.objects.filter(
            unit_id__in=unit_ids, official__is_active=True
        ).select_related("official"):
            members.setdefault(membership.unit_id, []).append(membership.official)
    for p in participants:
        p.members = sorted(members.get(p.unit_id, []), key=lambda o: o.full_name)
    return {
        "meeting": meeting,
        "can_manage": manage,
        "participants": participants,
        "attendance": selectors.attendance_counts(participants),
        "response_form": forms.ResponseForm(),
        "nameable": {p.pk for p in participants if selectors.can_name_attendee(request.user, p)}
        if meeting.state in (MeetingState.DRAFT, MeetingState.SCHEDULED)
        else set(),
        "agenda": list(meeting.agenda.all()),
        "conclusions": rows,
        "documents": documents,
        "invitation": docs.get(DocumentPurpose.INVITATION),
        "notice": docs.get(DocumentPurpose.CONCLUSION),
        "pending_tasks": any(c.task_id is None for c in conclusions),
        "started": started,
        "after": manage
        and started
        and meeting.state in (MeetingState.SCHEDULED, MeetingState.HELD),
        "trail": _trail(meeting),
        "cancel_form": forms.CancelForm(),
        "override_form": forms.OverrideForm(),
        "agenda_form": forms.AgendaForm(),
        "material_form": forms.MaterialForm(),
        "minutes_form": forms.MinutesForm(initial={"text": meeting.minutes_text}),
        "conclusion_form": forms.ConclusionForm(),
        "participant_form": forms.ParticipantForm(),
    }


@login_required
@require_GET
def meeting_detail(request, pk: int):
    meeting = _meeting(request, pk)
    return render(request, "meetings/meeting_detail.html", _detail_context(request, meeting))


def _respond(request, meeting_pk: int, *, error: str = "", success: str = ""):
    """After an action: the detail body as an HTMX partial, or a redirect to the page."""
    if request.headers.get("HX-Request"):
        meeting = _meeting(request, meeting_pk)
        context = _detail_context(request, meeting)
        context.update(flash_error=error, flash_success=success)
        html = render_to_string("meetings/_detail_body.html", context, request=request)
        return HttpResponse(html)
    if error:
        messages.error(request, error)
    elif success:
        messages.success(request, success)
    return redirect("meetings:meeting_detail", pk=meeting_pk)


def _run_action(request, meeting: Meeting, action: str) -> str:
    user = request.user
    post = request.POST
    if action == "len-lich":
        form = forms.OverrideForm(post)
        form.is_valid()
        services.meeting_schedule(
            user,
            meeting,
            override_conflicts=form.cleaned_data.get("override_conflicts", False),
            override_reason=form.cleaned_data.get("override_reason", ""),
        )
        return _("Đã lên lịch cuộc họp.")
    if action == "huy":
        form = forms.CancelForm(post)
        form.is_valid()
        services.meeting_cancel(user, meeting, reason=form.cleaned_data.get("reason", ""))
        return _("Đã hủy cuộc họp.")
    if action == "da-hop":
        services.meeting_mark_held(user, meeting)
        return _("Đã ghi nhận cuộc họp đã diễn ra.")
    if action == "chuong-trinh":
        form = forms.AgendaForm(post)
        if not form.is_valid():
            raise DomainError(
                "invalid", _("Thông tin nhập chưa hợp lệ: %(e)s") % {"e": form.errors.as_text()}
            )
        services.agenda_item_add(user, meeting, **form.cleaned_data)
        return _("Đã thêm nội dung chương trình họp.")
    if action == "tai-lieu":
        form = forms.MaterialForm(post, request.FILES)
        if not form.is_valid():
            raise DomainError(
                "invalid", _("Thông tin nhập chưa hợp lệ: %(e)s") % {"e": form.errors.as_text()}
            )
        data = form.cleaned_data
        item = get_object_or_404(AgendaItem, pk=data["item"], meeting=meeting)
        document = None
        if data["document"]:
            document = (
                permissions.visible(user, "documents.incoming", IncomingDocument.objects.all())
                .filter(pk=data["document"])
                .first()
            )
            if document is None:
                raise DomainError("document_invalid", _("Không tìm thấy văn bản."))
        services.material_add(user, item, title=data["title"], file=data["file"], document=document)
        return _("Đã thêm tài liệu họp.")
    if action == "bien-ban":
        form = forms.MinutesForm(post, request.FILES)
        form.is_valid()
        services.minutes_save(
            user,
            meeting,
            text=form.cleaned_data.get("text", ""),
            file=form.cleaned_data.get("file"),
        )
        return _("Đã lưu biên bản cuộc họp.")
    if action == "ket-luan":
        form = forms.ConclusionForm(post)
        if not form.is_valid():
            raise DomainError(
                "invalid", _("Thông tin nhập chưa hợp lệ: %(e)s") % {"e": form.errors.as_text()}
            )
        services.conclusion_add(user, meeting, **form.cleaned_data)
        return _("Đã thêm nội dung kết luận.")
    if action == "giay-moi":
        services.invitation_draft(user, meeting)
        return _("Đã dự thảo giấy mời trong phân hệ văn bản đi.")
    if action == "thong-bao-ket-luan":
        services.conclusion_notice_draft(user, meeting)
        return _("Đã dự thảo thông báo kết luận trong phân hệ văn bản đi.")
    if action == "giao-nhiem-vu":
        tasks = services.conclusions_to_tasks(user, meeting)
        return _("Đã giao %(n)d nhiệm vụ từ kết luận cuộc họp.") % {"n": len(tasks)}
    raise Http404


@login_required
@require_POST
def meeting_action(request, pk: int, action: str):
    meeting = _meeting(request, pk)
    try:
        success = _run_action(request, meeting, action)
    except DomainError as exc:
        return _respond(request, meeting.pk, error=exc.message)
    return _respond(request, meeting.pk, success=success)


@login_required
@require_POST
def participant_action(request, pk: int, participant: int):
    meeting = _meeting(request, pk)
    row = get_object_or_404(
        Participant.objects.select_related("meeting", "unit"), pk=participant, meeting=meeting
    )
    form = forms.ParticipantForm(request.POST)
    form.is_valid()
    try:
        services.participant_update(
            request.user,
            row,
            attendee=form.cleaned_data.get("attendee"),
            substitute=form.cleaned_data.get("substitute"),
        )
    except DomainError as exc:
        return _respond(request, meeting.pk, error=exc.message)
    return _respond(request, meeting.pk, success=_("Đã cập nhật người dự họp."))


@login_required
@require_POST
def participant_respond(request, pk: int, participant: int):
    """The invitee's answer: attend, decline with a reason, or send a deputy (HTMX)."""
    meeting = _meeting(request, pk)
    row = get_object_or_404(
        Participant.objects.select_related("meeting", "unit"), pk=participant, meeting=meeting
    )
    form = forms.ResponseForm(request.POST)
    form.is_valid()
    data = form.cleaned_data
    try:
        row = services.participant_respond(
            request.user,
            row,
            response=data.get("response") or request.POST.get("response", ""),
            reason=data.get("reason", ""),
            attendee=data.get("attendee"),
            substitute=data.get("substitute"),
        )
    except DomainError as exc:
        return _respond(request, meeting.pk, error=exc.message)
    return _respond(
        request,
        meeting.pk,
        success=_("Đã ghi nhận: %(answer)s.") % {"answer": row.get_response_display()},
    )


@login_required
@require_GET
def meeting_file(request, pk: int, attachment: int):
    """A material or the minutes file, for those who may see the meeting."""
    meeting = _meeting(request, pk)
    from vanphong.core.attachments.models import Attachment

    att = get_object_or_404(
        Attachment, pk=attachment, case_id=meeting.pk, case_type__app_label="meetings"
    )
    return attachment_response(att, inline=att.kind == "pdf")


# --------------------------------------------------------------------------------------------
# Rooms


@login_required
@require_http_methods(["GET", "POST"])
def room_list(request):
    agencies = selectors.organiser_agencies(request.user)
    form = forms.RoomForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if not agencies:
            raise PermissionDenied
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.room_create(
                    request.user,
                    agency=agencies[0],
                    name=data["name"],
                    capacity=data["capacity"],
                    location=data["location"],
                )
            except DomainError as exc:
                _form_errors(form, exc)
            else:
                messages.success(request, _("Đã thêm phòng họp."))
                return redirect("meetings:room_list")
        status = 400
    ids = set()
    for agency in selectors.schedule_agencies_of(request.user):
        ids.add(agency.pk)
    today = dt.datetime.combine(clock.today(), dt.time(0, 0), tzinfo=clock.VN_TZ)
    rooms = list(selectors.rooms_of(ids).order_by("agency__name", "name"))
    booked = {}
    for m in (
        selectors.overlapping(today, today + dt.timedelta(days=1))
        .filter(room__in=rooms)
        .order_by("starts_at")
    ):
        booked.setdefault(m.room_id, []).append(m)
    for room in rooms:
        room.today = booked.get(room.pk, [])
    return render(
        request,
        "meetings/room_list.html",
        {"rooms": rooms, "form": form, "can_create": bool(agencies)},
        status=status,
    )


# --------------------------------------------------------------------------------------------
# Personal calendar feed


@login_required
@require_http_methods(["GET", "POST"])
def feed_settings(request):
    raw = ""
    if request.method == "POST":
        raw = services.feed_token_regenerate(request.user)
    url = request.build_absolute_uri(reverse("meetings:feed", args=[raw])) if raw else ""
    has_token = hasattr(request.user, "meeting_feed") or bool(raw)
    return render(request, "meetings/feed_settings.html", {"url": url, "has_token": has_token})


@require_GET
def feed(request, token: str):
    """The personal iCalendar feed at its secret address; a wrong secret answers 404."""
    official = services.feed_owner(token)
    if official is None:
        raise Http404
    body = ical.build_feed(
        selectors.feed_meetings(official),
        name=_("Lịch họp — %(name)s") % {"name": official.full_name},
        base_url=request.build_absolute_uri("/"),
        owner=official,
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Cache-Control"] = "private, no-store"
    response["Referrer-Policy"] = "no-referrer"
    return response


# --------------------------------------------------------------------------------------------
# Weekly work schedule


def _schedule_agency(request) -> Agency:
    agencies = selectors.schedule_agencies_of(request.user)
    if not agencies:
        raise PermissionDenied
    wanted = request.GET.get("co_quan") or request.POST.get("co_quan")
    for agency in agencies:
        if str(agency.pk) == wanted:
            return agency
    offices = [a for a in agencies if a.kind == "province_office"]
    editable = [a for a in agencies if selectors.can_edit_schedule(request.user, a)]
    return (editable or offices or agencies)[0]


def _rows(entries) -> list[dict]:
    """Entries grouped by day for the schedule table."""
    by_day: dict[dt.date, list] = {}
    for entry in entries:
        by_day.setdefault(clock.local(entry.starts_at).date(), []).append(entry)
    return [
        {"date": day, "label": WEEKDAYS[day.weekday()], "entries": rows}
        for day, rows in sorted(by_day.items())
    ]


@login_required
@require_GET
def schedule_week(request):
    agency = _schedule_agency(request)
    monday = _week_param(request)
    week = ScheduleWeek.objects.filter(agency=agency, week_start=monday).first()
    editable = selectors.can_edit_schedule(request.user, agency)
    approver = selectors.can_approve_schedule(request.user, agency)
    if week is not None and week.state != ScheduleState.PUBLISHED and not (editable or approver):
        week = None
    entries = list(selectors.week_entries(week)) if week else []
    leaders = selectors.schedule_leaders(agency)
    return render(
        request,
        "meetings/schedule_week.html",
        {
            "agency": agency,
            "agencies": selectors.schedule_agencies_of(request.user),
            "week": week,
            "monday": monday,
            "sunday": monday + dt.timedelta(days=6),
            "previous": monday - dt.timedelta(days=7),
            "next": monday + dt.timedelta(days=7),
            "rows": _rows(entries),
            "editable": editable,
            "approver": approver,
            "entry_form": forms.EntryForm(leaders=leaders) if editable and week else None,
            "public_url": reverse("meetings:public_schedule", args=[agency.pk])
            + f"?tuan={monday:%Y-%m-%d}",
        },
    )


@login_required
@require_POST
def schedule_action(request, action: str):
    agency = _schedule_agency(request)
    monday = _week_param(request)
    week = ScheduleWeek.objects.filter(agency=agency, week_start=monday).first()
    try:
        if action == "xay-dung":
            services.schedule_week_build(request.user, agency=agency, week_start=monday)
            messages.success(request, _("Đã cập nhật lịch tuần từ các cuộc họp."))
        elif week is None:
            raise Http404
        elif action == "duyet":
            services.schedule_approve(request.user, week)
            messages.success(request, _("Đã duyệt lịch công tác tuần."))
        elif action == "cong-bo":
            services.schedule_publish(request.user, week)
            messages.success(request, _("Đã công bố lịch công tác tuần."))
        elif action == "them":
            form = forms.EntryForm(request.POST, leaders=selectors.schedule_leaders(agency))
            if not form.is_valid():
                raise DomainError(
                    "invalid", _("Thông tin nhập chưa hợp lệ: %(e)s") % {"e": form.errors.as_text()}
                )
            data = form.cleaned_data
            services.schedule_entry_add(
                request.user,
                week,
                leader=data["leader"],
                starts_at=data["starts_at"],
                ends_at=data["ends_at"],
                content=data["content"],
                location=data["location"],
                attendees=data["attendees"],
                is_public=data["is_public"],
            )
            messages.success(request, _("Đã thêm vào lịch công tác."))
        elif action == "huy-muc":
            entry = get_object_or_404(ScheduleEntry, pk=request.POST.get("entry") or 0, week=week)
            services.schedule_entry_cancel(request.user, entry)
            messages.success(request, _("Đã hủy mục lịch."))
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect(
        reverse("meetings:schedule_week") + f"?co_quan={agency.pk}&tuan={monday:%Y-%m-%d}"
    )


def _printable(request, week: ScheduleWeek, *, public: bool) -> dict:
    entries = list(selectors.week_entries(week, public=public))
    return {
        "agency": week.agency,
        "week": week,
        "monday": week.week_start,
        "sunday": week.week_start + dt.timedelta(days=6),
        "rows": _rows(entries),
        "public": public,
        "printed_at": clock.now(),
    }


@login_required
@require_GET
def schedule_print(request, pk: int):
    week = get_object_or_404(ScheduleWeek.objects.select_related("agency"), pk=pk)
    if week.agency not in selectors.schedule_agencies_of(request.user):
        raise Http404
    if week.state != ScheduleState.PUBLISHED and not selectors.can_edit_schedule(
        request.user, week.agency
    ):
        raise Http404
    context = _printable(request, week, public=False)
    if request.GET.get("dang") == "pdf":
        from weasyprint import HTML

        html = render_to_string("meetings/schedule_print.html", {**context, "pdf": True})
        pdf = HTML(string=html, base_url=request.build_absolute_uri("/")).write_pdf()
        response = HttpResponse(pdf, content_type="application/pdf")
        response["Content-Disposition"] = (
            f'inline; filename="lich-cong-tac-{week.week_start:%Y-%m-%d}.pdf"'
        )
        return response
    return render(request, "meetings/schedule_print.html", context)


@require_GET
def public_schedule(request, agency: int):
    """The published weekly schedule, without sign-in: public entries only."""
    agency_obj = get_object_or_404(Agency, pk=agency, is_active=True)
    monday = _week_param(request)
    week = selectors.published_week(agency_obj, monday)
    context = {
        "agency": agency_obj,
        "monday": monday,
        "sunday": monday + dt.timedelta(days=6),
        "previous": monday - dt.timedelta(days=7),
        "next": monday + dt.timedelta(days=7),
        "week": week,
        "rows": _rows(selectors.week_entries(week, public=True)) if week else [],
    }
    return render(request, "meetings/public_schedule.html", context)
