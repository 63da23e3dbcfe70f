"""Pages of the tasks module (thin: parse, call one service or selector, render)."""

from __future__ import annotations

import datetime as dt
import io

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from vanphong.core import clock, deadlines, eventlog, permissions
from vanphong.core.attachments.models import Attachment
from vanphong.core.errors import DomainError
from vanphong.org.models import Official
from vanphong.tasks import access, forms, selectors, services
from vanphong.tasks.models import ExtensionRequest, SourceKind, TaskReport, TaskState

PAGE_SIZE = 50
ACTION_LABELS = {
    "task.create": gettext_lazy("Giao nhiệm vụ"),
    "task.progress": gettext_lazy("Báo cáo tiến độ"),
    "task.propose_completion": gettext_lazy("Đề nghị hoàn thành"),
    "task.accept": gettext_lazy("Duyệt hoàn thành"),
    "task.send_back": gettext_lazy("Trả lại, yêu cầu tiếp tục thực hiện"),
    "task.extension_request": gettext_lazy("Xin gia hạn"),
    "task.extension_granted": gettext_lazy("Đồng ý gia hạn"),
    "task.extension_refused": gettext_lazy("Không đồng ý gia hạn"),
    "task.reminder": gettext_lazy("Nhắc việc"),
    "attachments.store": gettext_lazy("Đính kèm tệp"),
}
STATE_LABELS = dict(TaskState.choices)
SCOPES = [
    ("", gettext_lazy("Tất cả nhiệm vụ tôi xem được")),
    ("don_vi", gettext_lazy("Nhiệm vụ của đơn vị tôi")),
    ("toi_giao", gettext_lazy("Nhiệm vụ tôi giao")),
]
STATUSES = [
    ("", gettext_lazy("Tất cả")),
    ("dang_thuc_hien", gettext_lazy("Đang thực hiện")),
    ("sap_den_han", gettext_lazy("Sắp đến hạn")),
    ("qua_han", gettext_lazy("Quá hạn")),
    ("cho_duyet", gettext_lazy("Chờ duyệt hoàn thành")),
    ("hoan_thanh", gettext_lazy("Đã hoàn thành")),
    ("gia_han", gettext_lazy("Có gia hạn")),
]


def _int(value) -> int | None:
    return int(value) if value and str(value).isdigit() else None


def _is_htmx(request) -> bool:
    return bool(request.headers.get("HX-Request"))


# --------------------------------------------------------------------------------------------
# Lists


@login_required
@require_GET
def task_list(request):
    g = request.GET
    f = selectors.TaskFilter(
        scope=g.get("pham_vi", "") if g.get("pham_vi") in ("don_vi", "toi_giao") else "",
        status=g.get("tinh_trang", "") if g.get("tinh_trang") in selectors.STATUS_FILTERS else "",
        source_kind=g.get("nguon", "") if g.get("nguon") in SourceKind.values else "",
        assigned_by=_int(g.get("nguoi_giao")),
        lead_unit=_int(g.get("don_vi")),
        lead_agency=_int(g.get("co_quan")),
        q=g.get("q", "")[:200].strip(),
    )
    qs = selectors.task_list(request.user, f)
    page = Paginator(qs, PAGE_SIZE).get_page(g.get("trang"))
    params = g.copy()
    params.pop("trang", None)
    leaders = Official.objects.filter(
        pk__in=selectors.visible_tasks(request.user).order_by().values("assigned_by_id")
    ).order_by("full_name")
    return render(
        request,
        "tasks/task_list.html",
        {
            "page": page,
            "filters": f,
            "scopes": SCOPES,
            "statuses": STATUSES,
            "sources": SourceKind.choices,
            "leaders": leaders,
            "query": params.urlencode(),
            "can_create": bool(access.desk_agency_ids(request.user)),
        },
    )


@login_required
@require_GET
def reminder_list(request):
    page = Paginator(selectors.reminders_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    return render(request, "tasks/reminder_list.html", {"page": page})


# --------------------------------------------------------------------------------------------
# Create


def _incoming_document(request):
    """The incoming document of ``?van_ban=<id>`` the user may see (read-only), or None."""
    pk = _int(request.GET.get("van_ban") or request.POST.get("van_ban"))
    if pk is None:
        return None
    from vanphong.documents.models import IncomingDocument

    qs = permissions.visible(request.user, "documents.incoming", IncomingDocument.objects.all())
    return get_object_or_404(qs.select_related("agency", "doc_type"), pk=pk)


@login_required
def task_create(request):
    if not access.desk_agency_ids(request.user):
        raise PermissionDenied
    document = _incoming_document(request)
    initial = {}
    if document is not None:
        initial["content"] = document.trich_yeu
    form = forms.TaskForm(request.POST or None, user=request.user, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            kwargs = form.service_kwargs()
            if document is not None:
                kwargs["source"] = document
                kwargs["source_label"] = _("Văn bản đến %(doc)s của %(issuer)s") % {
                    "doc": document,
                    "issuer": document.issuer_name,
                }
            try:
                task = services.task_create(request.user, **kwargs)
            except DomainError as exc:
                form.add_error(None, exc.message)
                for name, msgs in exc.fields.items():
                    target = name if name in form.fields else None
                    for msg in msgs:
                        if target is None or msg != exc.message:
                            form.add_error(target, msg)
            else:
                messages.success(request, _("Đã giao nhiệm vụ %(code)s.") % {"code": task.code})
                return redirect("tasks:task_detail", pk=task.pk)
        status = 400
    return render(
        request,
        "tasks/task_form.html",
        {"form": form, "document": document},
        status=status,
    )


# --------------------------------------------------------------------------------------------
# Detail and actions


def _trail(task) -> list[dict]:
    return [
        {
            "at": ev.occurred_at,
            "actor": ev.actor_name,
            "label": ACTION_LABELS.get(ev.action, ev.action),
            "state": STATE_LABELS.get(ev.to_state, ""),
        }
        for ev in eventlog.trail(task)
        if ev.action != "attachments.store"
    ]


def _context(request, task, *, error: str = "", forms_: dict | None = None) -> dict:
    user = request.user
    reports = list(task.reports.all())
    files: dict[int, list] = {}
    if reports:
        from django.contrib.contenttypes.models import ContentType

        ct = ContentType.objects.get_for_model(TaskReport)
        for att in Attachment.objects.filter(
            case_type=ct, case_id__in=[r.pk for r in reports], derived_from__isnull=True
        ).order_by("id"):
            files.setdefault(att.case_id, []).append(att)
    for r in reports:
        r.files = files.get(r.pk, [])
    extensions = list(task.extensions.all())
    lead_side = access.is_lead_side(user, task)
    participant = lead_side or access.is_participant(user, task)
    decider = access.is_assigning_leader(user, task)
    follower = decider or task.created_by_id == user.pk
    pending = next((e for e in extensions if e.state == ExtensionRequest.State.CHO_XU_LY), None)
    given = forms_ or {}
    return {
        "task": task,
        "deadline_status": deadlines.status_of(task),
        "reports": reports,
        "extensions": extensions,
        "pending_extension": pending,
        "trail": _trail(task),
        "can_report": participant and task.state != TaskState.HOAN_THANH,
        "can_propose": lead_side and task.state == TaskState.DANG_THUC_HIEN,
        "can_request_extension": lead_side and task.is_open and pending is None,
        "can_decide": follower and task.state == TaskState.CHO_DUYET,
        "can_decide_extension": decider and pending is not None,
        "report_form": given.get("bao-cao") or forms.ReportForm(),
        "completion_form": given.get("de-nghi-hoan-thanh") or forms.CompletionForm(),
        "accept_form": given.get("duyet") or forms.AcceptForm(),
        "reason_form": given.get("tra-lai") or forms.ReasonForm(),
        "extension_form": given.get("xin-gia-han") or forms.ExtensionForm(),
        "decision_form": given.get("gia-han") or forms.DecisionForm(),
        "error": error,
    }


def _task(request, pk: int):
    task = selectors.task_detail(request.user, pk)
    if task is None:
        raise Http404
    return task


@login_required
@require_GET
def task_detail(request, pk: int):
    task = _task(request, pk)
    return render(request, "tasks/task_detail.html", _context(request, task))


@login_required
@require_GET
def attachment_download(request, pk: int, att: int):
    from django.contrib.contenttypes.models import ContentType

    from vanphong.core.attachments.selectors import attachment_response

    task = _task(request, pk)
    ct = ContentType.objects.get_for_model(TaskReport)
    attachment = get_object_or_404(
        Attachment,
        pk=att,
        case_type=ct,
        case_id__in=task.reports.values("pk"),
    )
    return attachment_response(attachment)


ACTION_FORMS = {
    "bao-cao": forms.ReportForm,
    "de-nghi-hoan-thanh": forms.CompletionForm,
    "duyet": forms.AcceptForm,
    "tra-lai": forms.ReasonForm,
    "xin-gia-han": forms.ExtensionForm,
    "gia-han": forms.DecisionForm,
}
SUCCESS = {
    "bao-cao": gettext_lazy("Đã gửi báo cáo tiến độ."),
    "de-nghi-hoan-thanh": gettext_lazy("Đã đề nghị hoàn thành nhiệm vụ."),
    "duyet": gettext_lazy("Đã duyệt hoàn thành nhiệm vụ."),
    "tra-lai": gettext_lazy("Đã trả lại, yêu cầu tiếp tục thực hiện."),
    "xin-gia-han": gettext_lazy("Đã gửi đề nghị gia hạn."),
    "gia-han": gettext_lazy("Đã quyết định về đề nghị gia hạn."),
}


def _run(request, task, action: str, data: dict) -> None:
    user = request.user
    files = request.FILES.getlist("files")
    if action == "bao-cao":
        services.task_report_progress(user, task, text=data["text"], files=files)
    elif action == "de-nghi-hoan-thanh":
        services.task_propose_completion(user, task, result=data["result"], files=files)
    elif action == "duyet":
        services.task_accept(user, task, note=data["note"])
    elif action == "tra-lai":
        services.task_send_back(user, task, reason=data["reason"])
    elif action == "xin-gia-han":
        services.task_request_extension(
            user, task, due_date=data["due_date"], reason=data["reason"]
        )
    else:
        req = task.extensions.filter(state=ExtensionRequest.State.CHO_XU_LY).first()
        if req is None:
            raise DomainError(
                "extension_missing", _("Không có đề nghị gia hạn đang chờ."), status=409
            )
        services.task_decide_extension(
            user, req, grant=request.POST.get("quyet_dinh") == "dong-y", note=data["note"]
        )


@login_required
@require_POST
def task_action(request, pk: int, action: str):
    """One action on a task; an HTMX request gets the refreshed panel back."""
    if action not in ACTION_FORMS:
        raise Http404
    task = _task(request, pk)
    form = ACTION_FORMS[action](request.POST)
    error = ""
    if form.is_valid():
        try:
            _run(request, task, action, form.cleaned_data)
        except DomainError as exc:
            error = exc.message
            for name, msgs in exc.fields.items():
                if name in form.fields:
                    for msg in msgs:
                        form.add_error(name, msg)
    else:
        error = _("Thông tin nhập chưa hợp lệ, vui lòng kiểm tra lại.")
    if not error:
        task = _task(request, pk)
        if _is_htmx(request):
            context = _context(request, task)
            context["success"] = SUCCESS[action]
            return render(request, "tasks/_panel.html", context)
        messages.success(request, SUCCESS[action])
        return redirect("tasks:task_detail", pk=task.pk)
    task = _task(request, pk)
    context = _context(request, task, error=error, forms_={action: form})
    if _is_htmx(request):
        # htmx swaps 2xx only: the panel comes back with the message and nothing was written.
        return render(request, "tasks/_panel.html", context)
    return render(request, "tasks/task_detail.html", context, status=400)


# --------------------------------------------------------------------------------------------
# Follow-up table and export


def _period(request) -> tuple[dt.date, dt.date, forms.PeriodForm]:
    form = forms.PeriodForm(request.GET or None)
    today = clock.today()
    start = today.replace(day=1)
    end = (start + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)
    if form.is_bound and form.is_valid():
        start = form.cleaned_data.get("start") or start
        end = form.cleaned_data.get("end") or end
    if end < start:
        start, end = end, start
    return start, end, form


@login_required
@require_GET
def follow_up(request):
    start, end, form = _period(request)
    rows = selectors.follow_up_table(request.user, start=start, end=end)
    return render(
        request,
        "tasks/follow_up.html",
        {
            "rows": rows,
            "total": selectors.follow_up_total(rows),
            "start": start,
            "end": end,
            "form": form,
            "export_url": reverse("tasks:follow_up_export")
            + f"?start={start:%d/%m/%Y}&end={end:%d/%m/%Y}",
        },
    )


@login_required
@require_GET
def follow_up_export(request):
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    start, end, _form = _period(request)
    rows = selectors.follow_up_table(request.user, start=start, end=end)
    total = selectors.follow_up_total(rows)
    wb = Workbook()
    ws = wb.active
    ws.title = _("Theo dõi nhiệm vụ")[:31]
    ws.append(
        [
            _("BẢNG THEO DÕI THỰC HIỆN NHIỆM VỤ (hạn từ %(s)s đến %(e)s)")
            % {"s": start.strftime("%d/%m/%Y"), "e": end.strftime("%d/%m/%Y")}
        ]
    )
    ws["A1"].font = Font(bold=True)
    header = [
        _("STT"),
        _("Đơn vị, cơ quan chủ trì"),
        _("Tổng số"),
        _("Hoàn thành đúng hạn"),
        _("Hoàn thành quá hạn"),
        _("Chưa hoàn thành, trong hạn"),
        _("Chưa hoàn thành, quá hạn"),
        _("Có gia hạn"),
        _("Tỷ lệ đúng hạn (%)"),
    ]
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="center")

    def line(n, r):
        return [
            n,
            r.label,
            r.total,
            r.on_time,
            r.late,
            r.in_progress,
            r.overdue,
            r.extended,
            r.on_time_rate if r.on_time_rate is not None else "",
        ]

    for i, r in enumerate(rows, start=1):
        ws.append(line(i, r))
    ws.append(line("", total)[:1] + [_("Tổng cộng")] + line("", total)[2:])
    for cell in ws[ws.max_row]:
        cell.font = Font(bold=True)
    ws.append([])
    ws.append(
        [
            "",
            _(
                "Tỷ lệ hoàn thành đúng hạn = Hoàn thành đúng hạn × 100 ÷ (Hoàn thành đúng hạn"
                " + Hoàn thành quá hạn + Chưa hoàn thành, quá hạn). Nhiệm vụ chưa hoàn thành mà"
                " còn trong hạn chưa được tính."
            ),
        ]
    )
    ws.column_dimensions["B"].width = 48
    for col in "CDEFGHI":
        ws.column_dimensions[col].width = 14
    buf = io.BytesIO()
    wb.save(buf)
    response = HttpResponse(
        buf.getvalue(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="theo-doi-nhiem-vu-{start:%Y%m%d}-{end:%Y%m%d}.xlsx"'
    )
    return response
