"""Screens of văn bản đến: the clerk's list and register form, the detail page, the leader's
queue and direction form, the handlers' assigned list. Thin: parse, call one service or
selector, render (HTMX partials where the page updates in place)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vanphong.core import eventlog
from vanphong.core.assignments import services as assignment_services
from vanphong.core.assignments.models import Assignment, AssignmentRole, AssignmentState
from vanphong.core.assignments.selectors import for_case
from vanphong.core.attachments.services import attachment_open
from vanphong.core.errors import DomainError
from vanphong.core.pagination import CappedPaginator
from vanphong.documents import selectors, services
from vanphong.documents.forms import (
    DirectForm,
    FinishForm,
    IncomingFilterForm,
    IncomingRegisterForm,
    PresentForm,
    due_moment,
)
from vanphong.documents.models import IncomingState
from vanphong.org import selectors as org_selectors
from vanphong.org.models import Agency, Official, Unit

PAGE_SIZE = 50

#: The trail ("vết xử lý") in words, by event action.
ACTION_LABELS = {
    "documents.incoming.register": _("Vào sổ văn bản đến"),
    "documents.incoming.paper_original": _("Nhận bản gốc giấy"),
    "documents.incoming.present": _("Trình lãnh đạo"),
    "documents.incoming.direct": _("Cho ý kiến chỉ đạo"),
    "documents.incoming.finish": _("Kết thúc giải quyết"),
    "documents.incoming.withdraw": _("Thu hồi văn bản đến"),
    "documents.incoming.forward": _("Chuyển cơ quan khác"),
    "documents.incoming.recall_refused": _("Từ chối yêu cầu thu hồi"),
    "documents.incoming.progress": _("Ghi nhận tiến độ"),
    "documents.incoming.returned_to_leader": _("Trả lại lãnh đạo để chỉ đạo lại"),
    "attachments.store": _("Lưu tệp văn bản"),
    "assignment.create": _("Giao xử lý"),
    "assignment.sub_assign": _("Giao tiếp"),
    "assignment.forward": _("Chuyển xử lý"),
    "assignment.return": _("Trả lại"),
    "assignment.finish": _("Hoàn thành phân công"),
    "assignment.extend": _("Gia hạn"),
    "assignment.revoke": _("Thu hồi phân công"),
    eventlog.VIEW_ACTION: _("Xem văn bản mật"),
}


def _user_agency(user):
    """The agency whose register the user keeps (their own agency)."""
    return user.agency if user.agency_id else None


def _leaders_for(agency):
    agencies = [agency.pk] + ([agency.parent_id] if agency.parent_id else [])
    return (
        Official.objects.filter(
            is_active=True,
            role_grants__agency__in=agencies,
            role_grants__role__in=services.AGENCY_LEADER_ROLES,
        )
        .distinct()
        .order_by("full_name")
    )


def _without_page(params) -> str:
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def incoming_list(request):
    form = IncomingFilterForm(request.GET or None)
    agency = _user_agency(request.user)
    qs = selectors.incoming_list(request.user, agency=agency, **form.selector_kwargs())
    page = CappedPaginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "form": form,
        "page": page,
        "can_register": bool(agency and services.is_clerk(request.user, agency)),
        "query": _without_page(request.GET),
    }
    if request.headers.get("HX-Request"):
        return render(request, "documents/_incoming_table.html", context)
    return render(request, "documents/incoming_list.html", context)


@login_required
def incoming_new(request):
    agency = _user_agency(request.user)
    if not (agency and services.is_clerk(request.user, agency)):
        raise Http404
    duplicate = None
    if request.method == "POST":
        form = IncomingRegisterForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                document = services.incoming_register(
                    acting_user=request.user, agency=agency, **form.service_kwargs()
                )
            except DomainError as exc:
                if exc.code == "probable_duplicate":
                    duplicate = {"message": exc.message, "pk": exc.fields["duplicate_of"][0]}
                else:
                    form.add_error(None, exc.message)
                for name, msgs in exc.fields.items():
                    if name in form.fields and name != "confirm_duplicate":
                        for msg in msgs:
                            form.add_error(name, msg)
            else:
                messages.success(
                    request,
                    _("Đã vào sổ văn bản đến số %(number)s.") % {"number": document.number_display},
                )
                if "save_next" in request.POST:
                    return redirect("documents:incoming_new")
                return redirect(document)
    else:
        form = IncomingRegisterForm()
    return render(request, "documents/incoming_form.html", {"form": form, "duplicate": duplicate})


def _visible_or_404(request, pk: int):
    return get_object_or_404(
        selectors.visible_incoming(request.user).select_related(
            "doc_type",
            "register",
            "file",
            "registered_by",
            "presented_to",
            "directed_by",
            "reply_document",
        ),
        pk=pk,
    )


def _handler_may_finish(user, assignments) -> bool:
    """As ``services.incoming_finish`` allows a handler: one who acts on a lead (chủ trì)
    assignment of the direction, once no lead is still open."""
    leads = [a for a in assignments if a.role == AssignmentRole.CHU_TRI and a.parent_id is None]
    return not any(a.state == AssignmentState.DANG_XU_LY for a in leads) and any(
        assignment_services.can_act_on(user, a) for a in leads
    )


@login_required
def incoming_detail(request, pk: int):
    document = _visible_or_404(request, pk)
    services.incoming_view_logged(acting_user=request.user, document=document)
    user = request.user
    is_clerk = services.is_clerk(user, document.agency)
    trail = [
        {"event": e, "label": ACTION_LABELS.get(e.action, e.action)}
        for e in eventlog.trail(document).select_related("actor")
    ]
    open_state = document.state not in (IncomingState.FINISHED, IncomingState.WITHDRAWN)
    in_progress = document.state in (IncomingState.PRESENTED, IncomingState.IN_PROGRESS)
    assignments = list(for_case(document))
    for a in assignments:  # the actions a handler has on their own assignment
        a.can_act = (
            in_progress
            and a.state == AssignmentState.DANG_XU_LY
            and assignment_services.can_act_on(user, a)
        )
    context = {
        "document": document,
        "assignments": assignments,
        "notes": list(document.notes.select_related("author").prefetch_related("files")),
        "can_note": in_progress and services.may_report_progress(user, document),
        "trail": trail,
        "is_clerk": is_clerk,
        "can_present": is_clerk and document.state == IncomingState.REGISTERED,
        "withdrawn": document.state == IncomingState.WITHDRAWN,
        "present_form": PresentForm(leaders=_leaders_for(document.agency)),
        "can_direct": open_state and services.may_direct(user, document),
        "can_link_paper": is_clerk
        and open_state
        and document.channel == "dien_tu"
        and document.paper_original_received_at is None,
        "can_finish": open_state
        and (
            is_clerk
            or services.is_agency_leader(user, document.agency)
            or document.directed_by_id == user.pk
            or _handler_may_finish(user, assignments)
        ),
        "finish_form": FinishForm(),
        "delivery": getattr(document, "delivery", None),
        "can_forward": document.state in (IncomingState.REGISTERED, IncomingState.PRESENTED)
        and (is_clerk or services.may_direct(user, document)),
        "forward_agencies": Agency.objects.filter(is_active=True)
        .exclude(pk=document.agency_id)
        .order_by("name"),
        "forwards": list(document.forwards.select_related("agency")),
        "replies": list(selectors.reply_candidates(user, document)[:100]) if open_state else [],
    }
    return render(request, "documents/incoming_detail.html", context)


def _assignment_or_404(document, assignment_id: int) -> Assignment:
    return get_object_or_404(services.document_assignments(document), pk=assignment_id)


@login_required
@require_POST
def incoming_assignment_return(request, pk: int, assignment_id: int):
    """Trả lại: the handler sends their assignment back with a reason."""
    document = _visible_or_404(request, pk)
    return _act(
        request,
        document,
        services.incoming_assignment_return,
        _("Đã trả lại phân công."),
        assignment=_assignment_or_404(document, assignment_id),
        reason=request.POST.get("reason", "")[:2000],
    )


@login_required
@require_POST
def incoming_assignment_finish(request, pk: int, assignment_id: int):
    document = _visible_or_404(request, pk)
    return _act(
        request,
        document,
        services.incoming_assignment_finish,
        _("Đã hoàn thành phân công."),
        assignment=_assignment_or_404(document, assignment_id),
        result=request.POST.get("result", "")[:2000],
    )


@login_required
@require_POST
def incoming_progress(request, pk: int):
    """Ghi nhận tiến độ: a note with up to five files."""
    document = _visible_or_404(request, pk)
    return _act(
        request,
        document,
        services.incoming_progress_add,
        _("Đã ghi nhận tiến độ."),
        text=request.POST.get("text", "")[:6000],
        files=request.FILES.getlist("files"),
    )


@login_required
def incoming_note_file(request, pk: int, file_id: int):
    """A file of a progress note, to whoever sees the document."""
    document = _visible_or_404(request, pk)
    note = document.notes.filter(files__pk=file_id).first()
    if note is None or document.state == IncomingState.WITHDRAWN:
        raise Http404
    att = note.files.get(pk=file_id)
    services.incoming_view_logged(acting_user=request.user, document=document)
    return FileResponse(
        attachment_open(att),
        as_attachment=False,
        filename=att.original_name,
        content_type=att.content_type,
    )


@login_required
def incoming_file(request, pk: int):
    document = _visible_or_404(request, pk)
    if document.file is None or document.state == IncomingState.WITHDRAWN:
        raise Http404
    services.incoming_view_logged(acting_user=request.user, document=document)
    return FileResponse(
        attachment_open(document.file),
        as_attachment=False,
        filename=document.file.original_name,
        content_type=document.file.content_type,
    )


def _act(request, document, func, success: str, **kwargs):
    try:
        func(acting_user=request.user, document=document, **kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect(document)


@login_required
@require_POST
def incoming_present(request, pk: int):
    document = _visible_or_404(request, pk)
    form = PresentForm(request.POST, leaders=_leaders_for(document.agency))
    if not form.is_valid():
        messages.error(request, _("Chọn lãnh đạo để trình."))
        return redirect(document)
    return _act(
        request,
        document,
        services.incoming_present,
        _("Đã trình lãnh đạo."),
        leader=form.cleaned_data["leader"],
    )


@login_required
@require_POST
def incoming_paper(request, pk: int):
    document = _visible_or_404(request, pk)
    return _act(
        request,
        document,
        services.incoming_link_paper_original,
        _("Đã ghi nhận bản gốc giấy (không cấp số đến mới)."),
    )


@login_required
@require_POST
def incoming_finish(request, pk: int):
    document = _visible_or_404(request, pk)
    form = FinishForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    reply = None
    reply_id = request.POST.get("reply", "")
    if reply_id.isdigit():
        reply = selectors.reply_candidates(request.user, document).filter(pk=reply_id).first()
        if reply is None:
            messages.error(request, _("Không tìm thấy văn bản trả lời đã chọn."))
            return redirect(document)
    return _act(
        request,
        document,
        services.incoming_finish,
        _("Đã kết thúc giải quyết."),
        note=note,
        reply=reply,
    )


@login_required
def incoming_overdue(request):
    """The leader's per-unit view of open assignments (overdue, due soon), with the overdue
    documents of one unit when ``unit`` is given."""
    agencies = org_selectors.agencies_of(request.user)
    if not any(services.is_agency_leader(request.user, a) for a in agencies):
        raise Http404
    unit = request.GET.get("unit", "")
    rows = selectors.overdue_by_unit(request.user)
    detail = selectors.overdue_assignments(request.user, int(unit)) if unit.isdigit() else None
    return render(
        request,
        "documents/incoming_overdue.html",
        {"rows": rows, "detail": detail, "unit": int(unit) if unit.isdigit() else None},
    )


@login_required
def incoming_direct(request, pk: int):
    document = _visible_or_404(request, pk)
    if not services.may_direct(request.user, document):
        raise Http404
    units = Unit.objects.filter(agency=document.agency, is_active=True).order_by("order", "name")
    if request.method == "POST":
        form = DirectForm(request.POST, units=units)
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.incoming_direct(
                    acting_user=request.user,
                    document=document,
                    direction=d["direction"],
                    lead=services.Assign(d["lead"], due_at=due_moment(d["lead_due"])),
                    coordinating=[
                        services.Assign(u, due_at=due_moment(d["coordinating_due"]))
                        for u in d["coordinating"]
                        if u != d["lead"]
                    ],
                    informed=[
                        u for u in d["informed"] if u != d["lead"] and u not in d["coordinating"]
                    ],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                for name, msgs in exc.fields.items():
                    if name in form.fields:
                        for msg in msgs:
                            form.add_error(name, msg)
            else:
                messages.success(request, _("Đã cho ý kiến chỉ đạo và giao xử lý."))
                return redirect("documents:incoming_queue")
    else:
        form = DirectForm(units=units, initial={"direction": document.leader_direction})
    return render(request, "documents/incoming_direct.html", {"document": document, "form": form})


@login_required
def incoming_queue(request):
    docs = list(selectors.awaiting_direction(request.user)[:200])
    return render(request, "documents/incoming_queue.html", {"documents": docs})


@login_required
def incoming_assigned(request):
    rows = selectors.assigned_to_me(request.user)
    return render(request, "documents/incoming_assigned.html", {"rows": rows})


@login_required
@require_POST
def incoming_forward(request, pk: int):
    document = _visible_or_404(request, pk)
    agency_id = request.POST.get("to_agency", "")
    to_agency = Agency.objects.filter(pk=agency_id).first() if agency_id.isdigit() else None
    return _act(
        request,
        document,
        services.incoming_forward,
        _("Đã chuyển văn bản; cơ quan nhận đã có văn bản trong sổ văn bản đến."),
        to_agency=to_agency,
        note=request.POST.get("note", ""),
    )


@login_required
def incoming_forward_slip(request, pk: int):
    """Phiếu chuyển (printable) of a document forwarded to another agency."""
    document = _visible_or_404(request, pk)
    target = document.forwards.select_related("agency").first()
    if target is None:
        raise Http404
    forward = eventlog.trail(document).filter(action="documents.incoming.forward").first()
    return render(
        request,
        "documents/incoming_forward_slip.html",
        {"document": document, "target": target, "event": forward},
    )
