"""Pages of the hotline: the public side (submit, receipt, lookup and reopen, published
answers) and the staff side (queue, intake, detail with HTMX actions, answer templates).
Thin: parse a form, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from vanphong.core import deadlines, eventlog, permissions, ratelimit
from vanphong.core.attachments.models import Attachment
from vanphong.core.attachments.selectors import attachment_response, attachments_for_case
from vanphong.core.errors import DomainError
from vanphong.feedback import forms, places, selectors, services
from vanphong.feedback.models import AnswerTemplate, Category, Feedback, Status
from vanphong.org.models import Agency, Unit

PAGE_SIZE = 50
PUBLIC_PAGE_SIZE = 20
RECEIPT_SESSION_KEY = "feedback_receipt"
#: Public forms per client address (``vanphong.core.ratelimit``; ``settings.RATELIMITS``).
SUBMIT_LIMIT = 10  # feedback sent per hour
LOOKUP_LIMIT = 60  # look-ups per 10 minutes
REOPEN_LIMIT = 5  # reopen attempts (secret typed) per 10 minutes
ACTION_LABELS = {
    "feedback.submit": gettext_lazy("Tiếp nhận phản ánh"),
    "feedback.route": gettext_lazy("Chuyển đơn vị xử lý"),
    "feedback.draft_answer": gettext_lazy("Soạn trả lời"),
    "feedback.return": gettext_lazy("Trả lại để soạn lại"),
    "feedback.publish": gettext_lazy("Duyệt, công khai trả lời"),
    "feedback.reopen": gettext_lazy("Người phản ánh mở lại"),
    "feedback.merge": gettext_lazy("Gộp vào phản ánh chính"),
    "feedback.merge_primary": gettext_lazy("Gộp phản ánh trùng"),
    "feedback.convert_to_petition": gettext_lazy("Chuyển thành đơn"),
    "attachments.store": gettext_lazy("Đính kèm ảnh"),
    "attachments.store_derived": gettext_lazy("Tạo bản ảnh đã xóa siêu dữ liệu"),
    eventlog.VIEW_ACTION: gettext_lazy("Xem thông tin liên hệ"),
}
STATUS_LABELS = dict(Status.choices)


def _apply_errors(form, exc: DomainError) -> None:
    placed = False
    for name, msgs in (exc.fields or {}).items():
        if name in form.fields:
            for msg in msgs:
                form.add_error(name, msg)
                placed = True
    if not placed:
        form.add_error(None, exc.message)


def _category(code: str) -> Category | None:
    return Category.objects.filter(code=code or "", active=True).select_related("agency").first()


# --------------------------------------------------------------------------------------------
# Public pages


@require_GET
def public_list(request):
    query = request.GET.get("q", "")[:200]
    category = request.GET.get("linh_vuc", "")[:40]
    page = Paginator(selectors.published(query, category), PUBLIC_PAGE_SIZE).get_page(
        request.GET.get("trang")
    )
    return render(
        request,
        "feedback/public_list.html",
        {
            "page": page,
            "filters": {"q": query, "linh_vuc": category},
            "categories": selectors.public_categories(),
        },
    )


@require_http_methods(["GET", "POST"])
@ratelimit.limit("feedback.submit", limit=SUBMIT_LIMIT, window=3600)
def public_submit(request):
    form = forms.SubmitForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                item, secret = services.feedback_submit(
                    acting_user=request.user,
                    category=_category(data["category"]),
                    channel="web",
                    description=data["description"],
                    commune_code=data["commune_code"],
                    location_text=data["location_text"],
                    contact_name=data["contact_name"],
                    contact_phone=data["contact_phone"],
                    contact_email=data["contact_email"],
                    consent_publish=data["consent_publish"],
                    photos=data["photos"],
                )
            except DomainError as exc:
                _apply_errors(form, exc)
            else:
                request.session[RECEIPT_SESSION_KEY] = {"code": item.code, "secret": secret}
                return redirect("feedback:public_receipt")
        status = 400
    return render(request, "feedback/public_submit.html", {"form": form}, status=status)


@require_GET
def public_receipt(request):
    receipt = request.session.pop(RECEIPT_SESSION_KEY, None)
    if not receipt:
        return redirect("feedback:public_lookup")
    item = get_object_or_404(Feedback.objects.select_related("category"), code=receipt["code"])
    return render(
        request,
        "feedback/public_receipt.html",
        {"item": item, "secret": receipt["secret"], "window_days": services.reopen_working_days()},
    )


@require_http_methods(["GET", "POST"])
@ratelimit.limit("feedback.lookup", limit=LOOKUP_LIMIT, window=600, methods=("GET", "POST"))
@ratelimit.limit("feedback.reopen", limit=REOPEN_LIMIT, window=600)
def public_lookup(request):
    code = (request.GET.get("ma") or request.POST.get("code") or "").strip().upper()[:30]
    item = (
        Feedback.objects.select_related("category", "responsible_agency", "responsible_unit")
        .filter(code=code)
        .first()
        if code
        else None
    )
    reopen_form = forms.ReopenForm(request.POST or None, initial={"code": code})
    status = 200
    if request.method == "POST":
        if reopen_form.is_valid():
            data = reopen_form.cleaned_data
            try:
                item = services.feedback_reopen(
                    code=data["code"], secret=data["secret"], reason=data["reason"]
                )
            except DomainError as exc:
                _apply_errors(reopen_form, exc)
                status = exc.status if exc.status in (400, 403, 409) else 400
            else:
                messages.success(
                    request, _("Đã mở lại phản ánh; đơn vị sẽ xem xét và trả lời lại.")
                )
                return redirect(f"{request.path}?ma={item.code}")
        else:
            status = 400
    return render(
        request,
        "feedback/public_lookup.html",
        {
            "code": code,
            "item": item,
            "reopen_form": reopen_form,
            "reopen_until": services.reopen_deadline(item) if item else None,
            "window_days": services.reopen_working_days(),
        },
        status=status,
    )


def _published_or_404(code: str) -> Feedback:
    return get_object_or_404(
        Feedback.objects.select_related("category", "responsible_agency", "responsible_unit"),
        code=code.upper(),
        published_at__isnull=False,
    )


@require_GET
def public_detail(request, code: str):
    item = _published_or_404(code)
    photos = Attachment.objects.filter(
        case_type__app_label="feedback",
        case_type__model="feedback",
        case_id=item.pk,
        derived_kind="preview",
    ).order_by("pk")
    return render(request, "feedback/public_detail.html", {"item": item, "photos": photos})


@require_GET
def public_photo(request, pk: int):
    """A photo of a published item: only the copy without metadata, never the original."""
    att = get_object_or_404(
        Attachment,
        pk=pk,
        derived_kind="preview",
        case_type__app_label="feedback",
        case_type__model="feedback",
    )
    if not Feedback.objects.filter(pk=att.case_id, published_at__isnull=False).exists():
        raise Http404
    return attachment_response(att, inline=True)


# --------------------------------------------------------------------------------------------
# Staff pages


def _item(request, pk: int) -> Feedback:
    qs = permissions.visible(request.user, selectors.KIND, Feedback.objects.all())
    return get_object_or_404(
        qs.select_related(
            "agency",
            "category",
            "responsible_agency",
            "responsible_unit",
            "merged_into",
            "petition",
            "answered_by",
            "published_by",
        ),
        pk=pk,
    )


@login_required
@require_GET
def queue(request):
    status = request.GET.get("tinh_trang", "open")
    valid = {"open", *Status.values}
    filters = {
        "tinh_trang": status if status in valid else "",
        "linh_vuc": request.GET.get("linh_vuc", "")[:40],
        "don_vi": request.GET.get("don_vi", "")[:10],
        "q": request.GET.get("q", "")[:200],
        "cua_toi": "1" if request.GET.get("cua_toi") == "1" else "",
    }
    qs = selectors.items_for_queue(
        request.user,
        status=filters["tinh_trang"],
        category=filters["linh_vuc"],
        unit=filters["don_vi"],
        mine=bool(filters["cua_toi"]),
        query=filters["q"],
    )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    operator_of = selectors.operator_agencies(request.user)
    units = Unit.objects.filter(agency__in=operator_of).order_by("agency_id", "name")
    return render(
        request,
        "feedback/queue.html",
        {
            "page": page,
            "filters": filters,
            "statuses": forms.STATUS_FILTERS,
            "categories": selectors.public_categories(),
            "units": units,
            "can_intake": bool(operator_of),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def intake(request):
    """The hotline staff enter a call or an e-mail."""
    if not selectors.operator_agencies(request.user):
        raise PermissionDenied
    form = forms.IntakeForm(request.POST or None, request.FILES or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                item, secret = services.feedback_submit(
                    acting_user=request.user,
                    category=_category(data["category"]),
                    channel=data["channel"],
                    description=data["description"],
                    commune_code=data["commune_code"],
                    location_text=data["location_text"],
                    contact_name=data["contact_name"],
                    contact_phone=data["contact_phone"],
                    contact_email=data["contact_email"],
                    consent_publish=data["consent_publish"],
                    photos=data["photos"],
                )
            except DomainError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(
                    request,
                    _("Đã tiếp nhận phản ánh %(code)s. Mã bí mật đọc cho người dân: %(secret)s")
                    % {"code": item.code, "secret": secret},
                )
                return redirect("feedback:detail", pk=item.pk)
        status = 400
    return render(request, "feedback/intake.html", {"form": form}, status=status)


def _trail(item: Feedback) -> list[dict]:
    return [
        {
            "at": ev.occurred_at,
            "actor": ev.actor_name,
            "label": ACTION_LABELS.get(ev.action, ev.action),
            "state": STATUS_LABELS.get(ev.to_state, ""),
        }
        for ev in eventlog.trail(item)
    ]


def _panel_context(request, item: Feedback) -> dict:
    user = request.user
    operator = selectors.is_operator(user, item.agency)
    handler = selectors.is_handler(user, item)
    approver = selectors.is_approver(user, item)
    templates = (
        AnswerTemplate.objects.filter(agency_id=item.agency_id, active=True)
        .filter(Q(category__isnull=True) | Q(category_id=item.category_id))
        .order_by("title")
    )
    context = {
        "item": item,
        "deadline_status": deadlines.status_of(item),
        "is_operator": operator,
        "is_handler": handler,
        "is_approver": approver,
        "similar": selectors.similar_open(item) if (operator or handler) and item.is_open else [],
        "templates": list(templates) if handler else [],
        "reopen_until": services.reopen_deadline(item),
    }
    if operator and item.is_open:
        context["agencies"] = Agency.objects.order_by("name")
        context["units"] = Unit.objects.select_related("agency").order_by("agency_id", "name")
        context["convert_form"] = forms.ConvertForm()
    return context


@login_required
@require_GET
def detail(request, pk: int):
    item = _item(request, pk)
    photos = list(attachments_for_case(item))
    context = _panel_context(request, item)
    context.update(
        photos=photos,
        trail=_trail(item),
        duplicates=list(item.duplicates.order_by("received_at")),
        commune=places.commune_name(item.commune_code),
    )
    return render(request, "feedback/detail.html", context)


@login_required
@require_GET
def contact(request, pk: int):
    """The citizen's contact in clear, for the people who can see the item; logged."""
    item = _item(request, pk)
    services.record_contact_view(acting_user=request.user, item=item)
    return render(request, "feedback/_contact.html", {"item": item})


@login_required
@require_GET
def staff_photo(request, pk: int, att: int):
    item = _item(request, pk)
    attachment = get_object_or_404(
        Attachment,
        pk=att,
        case_type__app_label="feedback",
        case_type__model="feedback",
        case_id=item.pk,
    )
    return attachment_response(attachment, inline=True)


def _picked(request, name: str) -> list[Feedback]:
    ids = [int(v) for v in request.POST.getlist(name) if v.isdigit()][:50]
    if not ids:
        return []
    qs = permissions.visible(request.user, selectors.KIND, Feedback.objects.filter(pk__in=ids))
    return list(qs.select_related("agency", "category", "responsible_unit"))


@login_required
@require_POST
def action(request, pk: int, action: str):
    item = _item(request, pk)
    user = request.user
    handlers = {
        "chuyen": forms.RouteForm,
        "tra-loi": forms.AnswerForm,
        "tra-loi-mau": forms.AnswerForm,
        "tra-lai": forms.ReasonForm,
        "cong-khai": forms.AnswerForm,
        "gop": forms.ReasonForm,
        "chuyen-don": forms.ConvertForm,
    }
    form_class = handlers.get(action)
    if form_class is None:
        raise Http404
    form = form_class(request.POST)
    error = ""
    if not form.is_valid():
        error = _("Thông tin nhập chưa hợp lệ: %(e)s") % {"e": form.errors.as_text()}
    else:
        data = form.cleaned_data
        try:
            if action == "chuyen":
                agency = Agency.objects.filter(pk=data["agency"] or 0).first()
                unit = Unit.objects.filter(pk=data["unit"]).first() if data["unit"] else None
                if unit is not None and agency is None:
                    agency = unit.agency
                services.feedback_route(
                    acting_user=user, item=item, agency=agency, unit=unit, note=data["note"]
                )
            elif action == "tra-loi":
                template = (
                    AnswerTemplate.objects.filter(pk=data["template"]).first()
                    if data["template"]
                    else None
                )
                services.feedback_draft_answer(
                    acting_user=user,
                    item=item,
                    answer=data["answer"],
                    public_question=data["public_question"] or None,
                    template=template,
                )
            elif action == "tra-loi-mau":
                template = AnswerTemplate.objects.filter(pk=data["template"] or 0).first()
                if template is None:
                    raise DomainError("invalid_template", _("Chọn mẫu trả lời."))
                services.feedback_draft_from_template(
                    acting_user=user,
                    items=[item, *_picked(request, "similar")],
                    template=template,
                )
            elif action == "tra-lai":
                services.feedback_return(acting_user=user, item=item, reason=data["reason"])
            elif action == "cong-khai":
                services.feedback_publish(
                    acting_user=user,
                    item=item,
                    public_question=data["public_question"] or None,
                    answer=data["answer"] or None,
                )
            elif action == "gop":
                services.feedback_merge(
                    acting_user=user, primary=item, duplicates=_picked(request, "similar")
                )
            else:
                services.feedback_convert_to_petition(
                    acting_user=user, item=item, classification=data["classification"]
                )
        except DomainError as exc:
            error = exc.message
    if request.headers.get("HX-Request"):
        item = _item(request, pk)
        context = _panel_context(request, item)
        context.update(error=error, done="" if error else _("Đã cập nhật phản ánh."))
        return render(request, "feedback/_panel.html", context)
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("Đã cập nhật phản ánh."))
    return redirect("feedback:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def templates(request):
    agencies = selectors.operator_agencies(request.user)
    agency = agencies[0] if agencies else request.user.agency
    form = forms.TemplateForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.template_create(
                    acting_user=request.user,
                    agency=agency,
                    title=data["title"],
                    body=data["body"],
                    category=_category(data["category"]),
                )
            except DomainError as exc:
                _apply_errors(form, exc)
            else:
                messages.success(request, _("Đã lưu mẫu trả lời."))
                return redirect("feedback:templates")
        status = 400
    rows = AnswerTemplate.objects.filter(agency=agency).select_related("category")
    return render(request, "feedback/templates.html", {"form": form, "rows": rows}, status=status)
