"""Public catalogue pages (no sign-in) and the staff pages that manage the catalogue."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from vanphong.core import clock
from vanphong.core.attachments.services import attachment_open
from vanphong.core.errors import DomainError
from vanphong.org.models import Agency, Role
from vanphong.procedures import diff, excel, forms, selectors, services
from vanphong.procedures.models import (
    Field,
    Level,
    OnlineLevel,
    Procedure,
    ProcedureComponent,
    SupplementClock,
)

PAGE_SIZE = 20
MAX_IMPORT_BYTES = 10 * 1024 * 1024


def _int_param(request, name: str) -> int | None:
    value = request.GET.get(name, "").strip()
    return int(value) if value.isdigit() and len(value) < 12 else None


def _choice_param(request, name: str, choices) -> str:
    value = request.GET.get(name, "")
    return value if value in choices.values else ""


def _filters(request) -> dict:
    return {
        "q": request.GET.get("q", "")[:200],
        "field": _int_param(request, "linh_vuc"),
        "level": _choice_param(request, "cap", Level),
        "agency": _int_param(request, "co_quan"),
        "online_level": _choice_param(request, "muc", OnlineLevel),
    }


def _page(request, qs):
    return Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))


def _query_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
def public_list(request):
    filters = _filters(request)
    page = _page(request, selectors.catalogue(**filters))
    agency_ids = selectors.public_procedures().values("competent_agency_id")
    return render(
        request,
        "procedures/public_list.html",
        {
            "page": page,
            "filters": filters,
            "fields": Field.objects.filter(procedures__in=selectors.public_procedures())
            .distinct()
            .order_by("name"),
            "agencies": Agency.objects.filter(id__in=agency_ids).order_by("name"),
            "levels": Level.choices,
            "online_levels": OnlineLevel.choices,
            "query": _query_without_page(request),
        },
    )


@require_GET
def public_detail(request, code: str):
    procedure = selectors.public_detail(code)
    if procedure is None:
        raise Http404
    return render(request, "procedures/public_detail.html", {"p": procedure})


def _require_manager(request) -> None:
    if not services.can_manage(request.user):
        raise PermissionDenied(_("Bạn không có quyền quản lý danh mục thủ tục hành chính."))


@login_required
@require_GET
def manage_list(request, import_error: DomainError | None = None):
    _require_manager(request)
    q = request.GET.get("q", "")[:200]
    qs = selectors.catalogue(Procedure.objects.all(), q=q)
    return render(
        request,
        "procedures/manage_list.html",
        {
            "page": _page(request, qs),
            "q": q,
            "query": _query_without_page(request),
            "import_error": import_error,
        },
        status=400 if import_error else 200,
    )


@login_required
@require_GET
def manage_export(request):
    _require_manager(request)
    content = excel.export_catalogue()
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    name = f"danh-muc-thu-tuc-{clock.today():%Y%m%d}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_POST
def manage_import(request):
    _require_manager(request)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise DomainError("import_file_missing", _("Chưa chọn tệp Excel để nhập."))
        if upload.size > MAX_IMPORT_BYTES:
            raise DomainError("import_file_too_large", _("Tệp lớn quá 10 MB."))
        result = excel.import_catalogue(acting_user=request.user, content=upload.read())
    except DomainError as exc:
        request.method = "GET"
        return manage_list(request, import_error=exc)
    messages.success(
        request,
        _("Đã nhập danh mục: %(c)s thủ tục mới, %(u)s thủ tục cập nhật, %(n)s không đổi.")
        % {"c": len(result.created), "u": len(result.updated), "n": len(result.unchanged)},
    )
    return redirect("procedures:manage_list")


@login_required
@require_POST
def manage_action(request, pk: int, action: str):
    _require_manager(request)
    procedure = get_object_or_404(Procedure, pk=pk)
    try:
        if action == "cong-bo":
            services.procedure_publish(acting_user=request.user, procedure=procedure)
            messages.success(request, _("Đã công bố thủ tục %(c)s.") % {"c": procedure.code})
        elif action == "ngung":
            services.procedure_deactivate(
                acting_user=request.user, procedure=procedure, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Đã ngừng áp dụng thủ tục %(c)s.") % {"c": procedure.code})
        elif action == "ap-dung-lai":
            services.procedure_reactivate(
                acting_user=request.user, procedure=procedure, reason=request.POST.get("reason", "")
            )
            messages.success(request, _("Đã áp dụng lại thủ tục %(c)s.") % {"c": procedure.code})
        else:
            raise Http404
    except DomainError as exc:
        messages.error(request, exc.message)
    if request.POST.get("next") == "detail":
        return redirect("procedures:manage_detail", pk=procedure.pk)
    return redirect("procedures:manage_list")


@require_GET
def public_template(request, code: str, component_id: int):
    """Download the form template of a component of a public procedure."""
    procedure = selectors.public_detail(code)
    component = (
        ProcedureComponent.objects.select_related("template")
        .filter(procedure=procedure, pk=component_id, template__isnull=False)
        .first()
        if procedure is not None
        else None
    )
    if component is None:
        raise Http404
    att = component.template
    return FileResponse(
        attachment_open(att),
        as_attachment=True,
        filename=att.original_name,
        content_type=att.content_type,
    )


ROLE_LABELS = dict(Role.choices)


def _display(data: dict) -> dict:
    """A snapshot made readable by the template (labels for codes)."""
    return {
        **data,
        "level_label": dict(Level.choices).get(data["level"], data["level"]),
        "online_label": dict(OnlineLevel.choices).get(data["online_level"], data["online_level"]),
        "max_supplement_requests": services.supplement_rule(data)[0],
        "supplement_clock_label": dict(SupplementClock.choices).get(
            services.supplement_rule(data)[1], services.supplement_rule(data)[1]
        ),
        "steps": [
            {**s, "role_label": ROLE_LABELS.get(s["role"], s["role"])} for s in data["steps"]
        ],
        "total_hours": sum(Decimal(s["budget_hours"]) for s in data["steps"]),
    }


@login_required
@require_GET
def manage_detail(request, pk: int, number: int | None = None):
    """The procedure as it is now (with its internal steps and note), or one of its versions."""
    _require_manager(request)
    procedure = get_object_or_404(Procedure.objects.select_related("field"), pk=pk)
    version = None
    if number is None:
        data = services.snapshot(procedure)
    else:
        version = selectors.version(procedure, number)
        if version is None:
            raise Http404
        data = version.snapshot
    components = list(procedure.components.select_related("template")) if number is None else []
    return render(
        request,
        "procedures/manage_detail.html",
        {
            "p": procedure,
            "data": _display(data),
            "version": version,
            "versions": procedure.versions.select_related("created_by").order_by("-number"),
            "components": components,
            "tab": "detail" if number is None else "versions",
        },
    )


@login_required
@require_POST
def manage_template(request, pk: int, component_id: int):
    _require_manager(request)
    component = get_object_or_404(ProcedureComponent, procedure_id=pk, pk=component_id)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise DomainError("procedure_template_missing", _("Chưa chọn tệp mẫu đơn, tờ khai."))
        services.component_set_template(acting_user=request.user, component=component, file=upload)
        messages.success(request, _("Đã cập nhật mẫu đơn, tờ khai."))
    except DomainError as exc:
        messages.error(request, exc.message)
    return redirect("procedures:manage_detail", pk=pk)


# --- the staff form -------------------------------------------------------------------------

ROW_TEMPLATES = {
    "phi": "procedures/_row_fee.html",
    "thanh-phan": "procedures/_row_component.html",
    "buoc": "procedures/_row_step.html",
}


def _render_form(request, state: forms.FormState, procedure: Procedure | None, status=200):
    return render(
        request,
        "procedures/manage_form.html",
        {
            "p": procedure,
            "state": state,
            "v": state.values,
            "errors": state.errors,
            "roles": Role.choices,
            "levels": Level.choices,
            "online_levels": OnlineLevel.choices,
            "supplement_clocks": SupplementClock.choices,
            "tab": "edit",
            **forms.choices(state, procedure),
        },
        status=status,
    )


def _save(request, procedure: Procedure | None):
    state = forms.parse(request.POST, request.FILES, procedure)
    if state.errors:  # show every problem at once: the parse ones and the content ones
        for name, _code, message in services.validate_input(state.data):
            state.add_error(name, message)
        return _render_form(request, state, procedure, status=400)
    try:
        saved, version = services.procedure_save(
            acting_user=request.user,
            data=state.data,
            procedure=procedure,
            valid_from=state.valid_from,
            templates=state.templates,
            publish=state.publish,
        )
    except DomainError as exc:
        for name, msgs in (exc.fields or {"form": [exc.message]}).items():
            for message in msgs:
                state.add_error(name, message)
        return _render_form(request, state, procedure, status=exc.status or 400)
    if procedure is None:
        messages.success(request, _("Đã thêm thủ tục %(c)s.") % {"c": saved.code})
    elif version is not None:
        messages.success(
            request,
            _("Đã lưu thủ tục %(c)s: phiên bản %(n)s.") % {"c": saved.code, "n": version.number},
        )
        return redirect("procedures:manage_versions", pk=saved.pk)
    elif saved.is_published:
        messages.info(request, _("Nội dung không thay đổi: không tạo phiên bản mới."))
    else:
        messages.success(request, _("Đã lưu dự thảo thủ tục %(c)s.") % {"c": saved.code})
    return redirect("procedures:manage_detail", pk=saved.pk)


@login_required
def manage_create(request):
    _require_manager(request)
    if request.method == "POST":
        return _save(request, None)
    return _render_form(request, forms.initial_state(None), None)


@login_required
def manage_edit(request, pk: int):
    _require_manager(request)
    procedure = get_object_or_404(
        Procedure.objects.select_related("field", "competent_agency", "implementing_agency"), pk=pk
    )
    if request.method == "POST":
        return _save(request, procedure)
    return _render_form(request, forms.initial_state(procedure), procedure)


@login_required
@require_GET
def manage_row(request, kind: str):
    """HTMX: one empty row of fees, components or steps (steps: units of the chosen agencies)."""
    _require_manager(request)
    if kind not in ROW_TEMPLATES:
        raise Http404
    agency_ids = [
        int(v)
        for v in (
            request.GET.get("competent_agency", ""),
            request.GET.get("implementing_agency", ""),
        )
        if v.isdigit() and len(v) < 12
    ]
    return render(
        request,
        ROW_TEMPLATES[kind],
        {
            "row": {"key": forms.new_key(), "mandatory": True, "originals": "1", "copies": "0"},
            "roles": Role.choices,
            "units": forms.unit_options(agency_ids) if kind == "buoc" else [],
        },
    )


@login_required
@require_GET
def manage_versions(request, pk: int):
    """The versions tab: every published version with what changed since the one before."""
    _require_manager(request)
    procedure = get_object_or_404(Procedure.objects.select_related("field"), pk=pk)
    versions = list(procedure.versions.select_related("created_by").order_by("number"))
    history = diff.version_history(versions)
    history.reverse()
    return render(
        request,
        "procedures/manage_versions.html",
        {"p": procedure, "history": history, "tab": "versions", "now": clock.now()},
    )
