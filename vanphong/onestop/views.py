"""Pages of the one-stop module (thin: parse, call one service or selector, render)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vanphong.core import clock, deadlines, eventlog, permissions
from vanphong.core.errors import DomainError
from vanphong.onestop import control, exports, forms, printing, selectors, services, statistics
from vanphong.onestop.models import (
    RATING_CRITERIA,
    RESULT_STATUSES,
    Channel,
    Dossier,
    DossierNotice,
    Rating,
    Status,
)
from vanphong.org.models import Unit
from vanphong.procedures.selectors import public_procedures

PAGE_SIZE = 50
LOOKUP_LIMIT = 20  # look-ups per client address per window
LOOKUP_CODE_FAILURES = 5  # wrong PINs per dossier code per window
LOOKUP_WINDOW = 600  # seconds

ACTION_LABELS = {
    "onestop.receive": gettext_lazy("Tiếp nhận hồ sơ"),
    "onestop.handover": gettext_lazy("Chuyển bước xử lý"),
    "onestop.return_step": gettext_lazy("Trả lại bước trước"),
    "onestop.supplement_request": gettext_lazy("Yêu cầu bổ sung hồ sơ"),
    "onestop.supplement_received": gettext_lazy("Nhận hồ sơ bổ sung"),
    "onestop.refuse": gettext_lazy("Từ chối giải quyết"),
    "onestop.stop": gettext_lazy("Dừng giải quyết theo đề nghị"),
    "onestop.apology": gettext_lazy("Xin lỗi, hẹn lại ngày trả kết quả"),
    "onestop.result": gettext_lazy("Có kết quả giải quyết"),
    "onestop.returned": gettext_lazy("Trả kết quả"),
    "onestop.rate": gettext_lazy("Người nộp đánh giá"),
    "onestop.scan": gettext_lazy("Số hóa thành phần hồ sơ"),
    "onestop.result_draft": gettext_lazy("Dự thảo văn bản kết quả"),
    "onestop.result_document": gettext_lazy("Văn bản kết quả đã phát hành"),
}
STATUS_LABELS = dict(Status.choices)


def _history(dossier: Dossier, *, public: bool) -> list[dict]:
    rows = []
    for ev in eventlog.trail(dossier):
        if not ev.action.startswith("onestop."):
            continue
        rows.append(
            {
                "at": ev.occurred_at,
                "label": ACTION_LABELS.get(ev.action, ev.action),
                "actor": "" if public else ev.actor_name,
                "state": STATUS_LABELS.get(ev.to_state, ""),
                "receiver": "" if public else (ev.payload or {}).get("receiver", ""),
            }
        )
    return rows


def _dossier(request, pk: int) -> Dossier:
    qs = permissions.visible(request.user, selectors.KIND, Dossier.objects.all())
    return get_object_or_404(
        qs.select_related(
            "agency", "receiving_agency", "support_point", "procedure_version", "received_by"
        ),
        pk=pk,
    )


def _error_into(form, exc: DomainError) -> None:
    form.add_error(None, exc.message)
    for name, msgs in exc.fields.items():
        if name in form.fields and name != "__all__":
            for msg in msgs:
                if msg != exc.message:
                    form.add_error(name, msg)


# --------------------------------------------------------------------------------------------
# Staff: reception, list, detail, actions


@login_required
@require_http_methods(["GET", "POST"])
def dossier_create(request):
    agencies = selectors.receiving_agencies(request.user)
    if not agencies:
        raise PermissionDenied
    agency = agencies[0]
    form = forms.ReceiveForm(
        request.POST or None, initial={"channel": Channel.TRUC_TIEP, "return_method": "tai_quay"}
    )
    chosen = request.POST.getlist("components")
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                dossier = services.dossier_receive(
                    acting_user=request.user,
                    procedure=data["procedure"],
                    competent_agency=data["competent_agency"],
                    receiving_agency=agency,
                    support_point=agency,
                    channel=data["channel"],
                    applicant={
                        k: data[k] for k in ("name", "identity_number", "address", "phone", "email")
                    },
                    components=chosen,
                    copies=data["copies"],
                    return_method=data["return_method"],
                )
            except DomainError as exc:
                _error_into(form, exc)
            else:
                request.session[f"onestop_pin_{dossier.pk}"] = dossier.pin
                messages.success(
                    request,
                    _("Đã tiếp nhận hồ sơ %(code)s. Mã tra cứu (PIN): %(pin)s — in Giấy tiếp nhận.")
                    % {"code": dossier.code, "pin": dossier.pin},
                )
                return redirect("onestop:dossier_detail", pk=dossier.pk)
        status = 400
    procedure = form.cleaned_data.get("procedure") if form.is_bound and form.is_valid() else None
    if procedure is None and form.is_bound:
        procedure = public_procedures().filter(pk=request.POST.get("procedure") or 0).first()
    return render(
        request,
        "onestop/receive.html",
        {
            "form": form,
            "agency": agency,
            "components": _components(procedure),
            "chosen": chosen,
        },
        status=status,
    )


def _components(procedure) -> list[dict]:
    if procedure is None:
        return []
    from vanphong.procedures.selectors import version_in_force

    version = version_in_force(procedure)
    return list((version.snapshot if version else {}).get("components", []))


@login_required
@require_GET
def components_partial(request):
    """HTMX: the checklist of the chosen procedure's components (version in force now)."""
    if not selectors.receiving_agencies(request.user):
        raise PermissionDenied
    try:
        pk = int(request.GET.get("procedure") or 0)
    except ValueError:
        pk = 0
    procedure = public_procedures().filter(pk=pk).first()
    return render(
        request,
        "onestop/_components.html",
        {"components": _components(procedure), "chosen": [], "procedure": procedure},
    )


def _list_filters(request) -> dict:
    status = request.GET.get("tinh_trang", "")
    deadline = request.GET.get("han", "")
    channel = request.GET.get("kenh", "")
    try:
        procedure = int(request.GET.get("thu_tuc") or 0) or None
    except ValueError:
        procedure = None
    return {
        "status": status if status in Status.values else "",
        "deadline": deadline if deadline in deadlines.DeadlineStatus.values else "",
        "channel": channel if channel in Channel.values else "",
        "procedure": procedure,
        "query": request.GET.get("q", "")[:200],
    }


@login_required
@require_GET
def dossier_list(request):
    filters = _list_filters(request)
    qs = selectors.dossiers_for_list(request.user, **filters)
    if request.GET.get("xuat") == "xlsx":
        content = exports.register_xlsx(qs[:5000])
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="so-theo-doi-ho-so-mau-07.xlsx"'
        return response
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "onestop/dossier_list.html",
        {
            "page": page,
            "filters": {
                "tinh_trang": filters["status"],
                "han": filters["deadline"],
                "kenh": filters["channel"],
                "thu_tuc": filters["procedure"] or "",
                "q": filters["query"],
            },
            "statuses": Status.choices,
            "deadline_statuses": deadlines.DeadlineStatus.choices,
            "channels": Channel.choices,
            "can_receive": bool(selectors.receiving_agencies(request.user)),
        },
    )


def _detail_context(request, dossier: Dossier) -> dict:
    current = selectors.current_assignment(dossier)
    can_handle = selectors.can_handle(request.user, dossier)
    steps = dossier.steps
    next_step = steps[dossier.current_step] if dossier.current_step < len(steps) else None
    from vanphong.core.assignments.selectors import for_case
    from vanphong.core.attachments.selectors import attachments_for_case

    return {
        "d": dossier,
        "deadline_status": deadlines.status_of(dossier),
        "current": current,
        "steps": steps,
        "next_step": next_step,
        "next_unit": services.step_unit(next_step) if next_step else None,
        "units": Unit.objects.filter(agency=dossier.agency, is_active=True).order_by("name"),
        "assignments": list(for_case(dossier)),
        "notices": list(dossier.notices.select_related("issued_by")),
        "attachments": list(attachments_for_case(dossier)),
        "history": _history(dossier, public=False),
        "control_rows": control.rows(dossier),
        "can_handle": can_handle,
        "is_desk": selectors.is_desk(request.user, dossier),
        "is_open": dossier.status == Status.DANG_XU_LY,
        "is_waiting": dossier.status == Status.CHO_BO_SUNG,
        "has_result": dossier.status in RESULT_STATUSES,
        "pin": request.session.get(f"onestop_pin_{dossier.pk}", ""),
        "apology_form": forms.ApologyForm(),
        "result_form": forms.ResultForm(initial={"outcome": "chap_thuan"}),
        "draft_form": forms.ResultDraftForm(
            initial={"trich_yeu": _result_subject(dossier), "doc_type": _default_result_type()}
        ),
        "result_documents": list(services.result_documents(dossier)),
        "return_form": forms.ReturnForm(initial={"method": dossier.return_method}),
        "last_step": not steps or dossier.current_step >= len(steps),
    }


def _result_subject(dossier: Dossier) -> str:
    return _("Về việc giải quyết hồ sơ %(code)s: %(name)s") % {
        "code": dossier.code,
        "name": dossier.procedure_name,
    }


def _default_result_type():
    from vanphong.documents.models import DocumentType

    found = DocumentType.objects.filter(abbreviation="QĐ").order_by("pk").first()
    return found.pk if found else None


@login_required
@require_GET
def dossier_detail(request, pk: int):
    dossier = _dossier(request, pk)
    return render(request, "onestop/dossier_detail.html", _detail_context(request, dossier))


ACTIONS = {
    "chuyen-buoc": forms.HandoverForm,
    "tra-lai-buoc": forms.ReasonForm,
    "yeu-cau-bo-sung": forms.SupplementForm,
    "nhan-bo-sung": forms.NoteForm,
    "tu-choi": forms.ReasonForm,
    "dung": forms.ReasonForm,
    "xin-loi": forms.ApologyForm,
    "ket-qua": forms.ResultForm,
    "du-thao-ket-qua": forms.ResultDraftForm,
    "tra-ket-qua": forms.ReturnForm,
}


def _run_action(request, dossier: Dossier, action: str, data: dict, form) -> str:
    user = request.user
    if action == "chuyen-buoc":
        services.dossier_handover(
            acting_user=user, dossier=dossier, to_unit=data["to_unit"], note=data["note"]
        )
        return _("Đã chuyển hồ sơ sang bước tiếp theo.")
    if action == "tra-lai-buoc":
        services.dossier_return_step(acting_user=user, dossier=dossier, reason=data["reason"])
        return _("Đã trả hồ sơ về bước trước.")
    if action == "yeu-cau-bo-sung":
        services.dossier_request_supplement(
            acting_user=user, dossier=dossier, items=form.item_list(), reason=data["reason"]
        )
        return _("Đã lập phiếu yêu cầu bổ sung (Mẫu 02); thời hạn tạm dừng.")
    if action == "nhan-bo-sung":
        services.dossier_supplement(acting_user=user, dossier=dossier, note=data["note"])
        return _("Đã nhận hồ sơ bổ sung; thời hạn tiếp tục được tính.")
    if action == "tu-choi":
        services.dossier_refuse(acting_user=user, dossier=dossier, reason=data["reason"])
        return _("Đã lập phiếu từ chối (Mẫu 03).")
    if action == "dung":
        services.dossier_stop(acting_user=user, dossier=dossier, reason=data["reason"])
        return _("Đã dừng giải quyết hồ sơ (Mẫu 05).")
    if action == "xin-loi":
        services.dossier_apologise(
            acting_user=user, dossier=dossier, reason=data["reason"], new_due_at=data["new_due_at"]
        )
        return _("Đã lập văn bản xin lỗi và hẹn lại ngày trả (Mẫu 04).")
    if action == "ket-qua":
        services.dossier_record_result(
            acting_user=user,
            dossier=dossier,
            outcome=data["outcome"],
            note=data["note"],
            files=request.FILES.getlist("files"),
            fee_amount=data["fee_amount"] or 0,
            fee_receipt_number=data["fee_receipt_number"],
            fee_paid_online=data["fee_paid_online"],
        )
        return _("Đã ghi nhận kết quả giải quyết.")
    if action == "du-thao-ket-qua":
        document = services.dossier_result_draft(
            acting_user=user,
            dossier=dossier,
            doc_type=data["doc_type"],
            trich_yeu=data["trich_yeu"],
            file=data["file"],
            fee_amount=data["fee_amount"] or 0,
            fee_receipt_number=data["fee_receipt_number"],
            fee_paid_online=data["fee_paid_online"],
        )
        return (
            _(
                "Đã tạo dự thảo văn bản kết quả; trình duyệt, ký và phát hành ở phân hệ văn bản đi. "
                "Khi phát hành, hồ sơ có kết quả."
            )
            + f" (#{document.pk})"
        )
    services.dossier_return_result(acting_user=user, dossier=dossier, method=data["method"])
    return _("Đã trả kết quả cho người nộp.")


@login_required
@require_POST
def dossier_action(request, pk: int, action: str):
    dossier = _dossier(request, pk)
    form_class = ACTIONS.get(action)
    if form_class is None:
        raise Http404
    form = form_class(request.POST, request.FILES)
    status = 200
    if not form.is_valid():
        messages.error(
            request, _("Thông tin nhập chưa hợp lệ: %(e)s") % {"e": form.errors.as_text()}
        )
        status = 400
    else:
        try:
            messages.success(
                request, _run_action(request, dossier, action, form.cleaned_data, form)
            )
        except DomainError as exc:
            messages.error(request, exc.message)
            status = exc.status if 400 <= exc.status < 500 else 400
    if request.headers.get("HX-Request"):
        dossier = _dossier(request, pk)
        context = {**_detail_context(request, dossier), "htmx": True}
        return render(request, "onestop/_detail_body.html", context, status=200)
    del status
    return redirect("onestop:dossier_detail", pk=pk)


def _pdf_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


@login_required
@require_GET
def receipt_pdf(request, pk: int):
    dossier = _dossier(request, pk)
    pin = request.session.get(f"onestop_pin_{dossier.pk}", "")
    return _pdf_response(
        printing.receipt_pdf(dossier, pin=pin, request=request), f"mau-01-{dossier.code}.pdf"
    )


@login_required
@require_GET
def control_pdf(request, pk: int):
    dossier = _dossier(request, pk)
    return _pdf_response(printing.control_pdf(dossier), f"mau-06-{dossier.code}.pdf")


@login_required
@require_GET
def notice_pdf(request, pk: int, notice: int):
    dossier = _dossier(request, pk)
    n = get_object_or_404(
        DossierNotice.objects.select_related("issued_by"), dossier=dossier, pk=notice
    )
    n.dossier = dossier
    return _pdf_response(printing.notice_pdf(n), f"{n.kind}-{n.number}.pdf")


@login_required
@require_POST
def component_scan(request, pk: int):
    dossier = _dossier(request, pk)
    try:
        services.dossier_attach_scan(
            acting_user=request.user,
            dossier=dossier,
            component=request.POST.get("component", "")[:1000],
            file=request.FILES.get("file"),
        )
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã lưu bản quét thành phần hồ sơ."))
    return redirect("onestop:dossier_detail", pk=pk)


@login_required
@require_GET
def attachment_download(request, pk: int, attachment: int):
    from vanphong.core.attachments.selectors import attachment_response, attachments_for_case

    dossier = _dossier(request, pk)
    att = get_object_or_404(attachments_for_case(dossier), pk=attachment)
    return attachment_response(att, inline=True)


@login_required
@require_GET
def my_steps(request):
    steps = list(selectors.my_steps(request.user)[:200])
    dossiers = Dossier.objects.in_bulk([s.case_id for s in steps])
    rows = [{"a": s, "d": dossiers.get(s.case_id)} for s in steps if s.case_id in dossiers]
    return render(request, "onestop/my_steps.html", {"rows": rows})


# --------------------------------------------------------------------------------------------
# Statistics


def _period(form) -> tuple[dt.datetime, dt.datetime]:
    today = clock.today()
    data = form.cleaned_data if form.is_valid() else {}
    start = data.get("tu_ngay") or today.replace(day=1)
    end = data.get("den_ngay") or today
    if end < start:
        start, end = end, start
    to_moment = lambda d: dt.datetime.combine(d, dt.time(0), tzinfo=clock.VN_TZ)  # noqa: E731
    return to_moment(start), to_moment(end + dt.timedelta(days=1))


@login_required
@require_GET
def statistics_page(request):
    form = forms.StatisticsForm(request.GET or None)
    start, end = _period(form)
    data = form.cleaned_data if form.is_bound and form.is_valid() else {}
    filters = statistics.Filters(
        start=start,
        end=end,
        agency=data["co_quan"].pk if data.get("co_quan") else None,
        unit=data["don_vi"].pk if data.get("don_vi") else None,
        field=data["linh_vuc"].pk if data.get("linh_vuc") else None,
        procedure=data["thu_tuc"].pk if data.get("thu_tuc") else None,
    )
    visible = permissions.visible(request.user, selectors.KIND, Dossier.objects.all())
    figures, rows = statistics.report(visible, filters)
    if request.GET.get("xuat") == "xlsx":
        content = exports.statistics_xlsx(figures, rows, filters)
        response = HttpResponse(
            content,
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = 'attachment; filename="thong-ke-mot-cua.xlsx"'
        return response
    return render(
        request,
        "onestop/statistics.html",
        {
            "form": form,
            "figures": figures,
            "labels": statistics.FIGURES,
            "qd766": statistics.QD766,
            "rows": rows,
            "start": start,
            "end": end - dt.timedelta(days=1),
            "query": request.GET.urlencode(),
        },
    )


# --------------------------------------------------------------------------------------------
# Portal sync monitor


@login_required
@require_http_methods(["GET", "POST"])
def portal_monitor(request):
    from vanphong.onestop import portal

    if not selectors.receiving_agencies(request.user) and not request.user.is_superuser:
        raise PermissionDenied
    if request.method == "POST":
        tr = portal.transport()
        result = portal.pull(tr)
        pushed = portal.push_pending(tr)
        messages.success(
            request,
            _("Đồng bộ xong: %(c)s hồ sơ mới, %(d)s trùng, %(f)s lỗi; đã gửi %(p)s cập nhật.")
            % {"c": result.created, "d": result.duplicates, "f": result.failed, "p": pushed},
        )
        return redirect("onestop:portal_monitor")
    return render(
        request,
        "onestop/portal_monitor.html",
        {"failures": list(portal.failures()[:200])},
    )


# --------------------------------------------------------------------------------------------
# Public look-up and rating (no sign-in)


def _client(request) -> str:
    return request.META.get("REMOTE_ADDR", "")[:64]


def _code_key(code: str) -> str:
    import hashlib

    return "onestop:lookup:code:" + hashlib.sha256(code.encode("utf-8", "replace")).hexdigest()


def _throttled(request, code: str) -> bool:
    """Count this attempt; True when the address or the code is over its limit."""
    key = f"onestop:lookup:ip:{_client(request)}"
    cache.add(key, 0, LOOKUP_WINDOW)
    try:
        count = cache.incr(key)
    except ValueError:
        cache.set(key, 1, LOOKUP_WINDOW)
        count = 1
    failures = cache.get(_code_key(code), 0)
    return count > LOOKUP_LIMIT or failures >= LOOKUP_CODE_FAILURES


def _failed(code: str) -> None:
    key = _code_key(code)
    cache.add(key, 0, LOOKUP_WINDOW)
    try:
        cache.incr(key)
    except ValueError:
        cache.set(key, 1, LOOKUP_WINDOW)


def _public_context(dossier: Dossier, pin: str) -> dict:
    return {
        "d": dossier,
        "pin": pin,
        "history": _history(dossier, public=True),
        "deadline_status": deadlines.status_of(dossier),
        "can_rate": dossier.status in RESULT_STATUSES and not dossier.rating,
        "ratings": Rating.choices,
        "criteria": RATING_CRITERIA,
    }


@never_cache
@require_http_methods(["GET", "POST"])
def public_lookup(request):
    form = forms.LookupForm(request.POST or None, initial={"ma": request.GET.get("ma", "")[:60]})
    context: dict = {"form": form}
    status = 200
    if request.method == "POST" and form.is_valid():
        code = form.cleaned_data["ma"].strip().upper()
        if _throttled(request, code):
            context["error"] = _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.")
            status = 429
        else:
            dossier = selectors.public_dossier(code, form.cleaned_data["pin"])
            if dossier is None:
                _failed(code)
                context["error"] = services.lookup_refused().message
                status = 404
            else:
                context.update(_public_context(dossier, form.cleaned_data["pin"]))
    elif request.method == "POST":
        status = 400
    return render(request, "onestop/public_lookup.html", context, status=status)


@never_cache
@require_POST
def public_rate(request):
    form = forms.RatingForm(request.POST)
    context: dict = {"form": forms.LookupForm(initial={"ma": request.POST.get("ma", "")[:60]})}
    status = 200
    code = (request.POST.get("ma") or "").strip().upper()[:60]
    if _throttled(request, code):
        context["error"] = _("Bạn đã tra cứu quá nhiều lần. Vui lòng thử lại sau ít phút.")
        return render(request, "onestop/public_lookup.html", context, status=429)
    if not form.is_valid():
        context["error"] = _("Chọn mức độ hài lòng.")
        status = 400
        dossier = selectors.public_dossier(code, request.POST.get("pin", ""))
        if dossier is not None:
            context.update(_public_context(dossier, request.POST.get("pin", "")))
        return render(request, "onestop/public_lookup.html", context, status=status)
    criteria = {k: request.POST.get(f"tieu_chi_{k}", "") for k, _label in RATING_CRITERIA}
    try:
        with transaction.atomic():
            dossier = services.dossier_rate(
                code=code,
                pin=form.cleaned_data["pin"],
                rating=form.cleaned_data["rating"],
                criteria=criteria,
                comment=form.cleaned_data["comment"],
            )
    except DomainError as exc:
        if exc.code == "lookup_failed":
            _failed(code)
        context["error"] = exc.message
        status = exc.status
        dossier = selectors.public_dossier(code, form.cleaned_data["pin"])
        if dossier is not None:
            context.update(_public_context(dossier, form.cleaned_data["pin"]))
    else:
        context.update(_public_context(dossier, form.cleaned_data["pin"]))
        context["thanks"] = _("Cảm ơn ông/bà đã đánh giá.")
    return render(request, "onestop/public_lookup.html", context, status=status)
