"""Screens of danh mục hồ sơ and work files, and the "Hồ sơ công việc" panel of a document.
Thin: parse a form, call one service or selector, render (HTMX partial for the panel)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.contenttypes.models import ContentType
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from vanphong.core import clock, eventlog
from vanphong.core.errors import DomainError
from vanphong.workfiles import selectors, services
from vanphong.workfiles.forms import CatalogForm, HeadingForm, WorkfileForm
from vanphong.workfiles.models import Catalog, FiledDocument

ACTION_LABELS = {
    "workfiles.workfile.create": _("Thêm vào danh mục"),
    "workfiles.workfile.update": _("Sửa thông tin hồ sơ"),
    "workfiles.workfile.open": _("Mở hồ sơ"),
    "workfiles.workfile.close": _("Kết thúc hồ sơ"),
    "workfiles.file": _("Đưa văn bản vào hồ sơ"),
    "workfiles.unfile": _("Rút văn bản khỏi hồ sơ"),
}


def _errors_to_form(form, exc: DomainError) -> None:
    for name, errors in (exc.fields or {}).items():
        for error in errors:
            form.add_error(name if name in form.fields else None, error)
    if not exc.fields:
        form.add_error(None, exc.message)


def _year(request) -> int:
    try:
        year = int(request.GET.get("nam") or clock.today().year)
    except ValueError:
        year = clock.today().year
    return year if 2000 <= year <= 2100 else clock.today().year


def _workfile(request, pk: int):
    return get_object_or_404(
        selectors.visible_workfiles(request.user).select_related("catalog", "heading", "creator"),
        pk=pk,
    )


@login_required
def catalog(request):
    """Danh mục hồ sơ of the user's agency for a year (?nam=2026)."""
    year = _year(request)
    cat = selectors.catalog_for(request.user, year)
    agency_id = request.user.agency_id
    office = bool(agency_id) and services.is_office(request.user, agency_id)
    context = {
        "year": year,
        "catalog": cat,
        "headings": selectors.catalog_headings(request.user, cat) if cat else [],
        "years": selectors.catalog_years(request.user),
        "office": office,
        "create_form": CatalogForm(initial={"year": year, "copy_previous": True}),
    }
    if cat and office:
        context["heading_form"] = HeadingForm(agency_id)
        context["workfile_form"] = WorkfileForm(cat)
        context["retentions"] = services.RETENTION_SUGGESTIONS
    return render(request, "workfiles/catalog.html", context)


@login_required
@require_POST
def catalog_create(request):
    form = CatalogForm(request.POST)
    if form.is_valid():
        try:
            cat = services.catalog_create(
                acting_user=request.user,
                agency=request.user.agency_id,
                year=form.cleaned_data["year"],
                title=form.cleaned_data["title"],
                copy_previous=form.cleaned_data["copy_previous"],
            )
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("Đã lập %(title)s.") % {"title": cat.title})
            return redirect(cat.get_absolute_url())
    else:
        messages.error(request, _("Năm không hợp lệ."))
    return redirect(reverse("workfiles:catalog"))


def _own_catalog(request, pk: int) -> Catalog:
    return get_object_or_404(Catalog, pk=pk, agency_id=request.user.agency_id)


@login_required
@require_POST
def heading_create(request, pk: int):
    cat = _own_catalog(request, pk)
    form = HeadingForm(cat.agency_id, request.POST)
    if form.is_valid():
        try:
            services.heading_create(acting_user=request.user, catalog=cat, **form.cleaned_data)
        except DomainError as exc:
            messages.error(request, "; ".join(sum((exc.fields or {}).values(), [])) or exc.message)
        else:
            messages.success(request, _("Đã thêm đề mục."))
    else:
        messages.error(request, _("Nhập tên và ký hiệu đề mục."))
    return redirect(cat.get_absolute_url())


@login_required
def workfile_create(request, pk: int):
    cat = _own_catalog(request, pk)
    form = WorkfileForm(cat, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            wf = services.workfile_create(acting_user=request.user, **form.cleaned_data)
        except DomainError as exc:
            if exc.status == 403:
                raise Http404 from None
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã thêm hồ sơ %(n)s.") % {"n": wf.notation})
            return redirect(cat.get_absolute_url())
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "workfiles/workfile_form.html",
        {"form": form, "catalog": cat, "retentions": services.RETENTION_SUGGESTIONS},
        status=status,
    )


@login_required
def workfile_edit(request, pk: int):
    wf = _workfile(request, pk)
    initial = {"title": wf.title, "retention": wf.retention, "creator": wf.creator, "note": wf.note}
    form = WorkfileForm(wf.catalog, request.POST or None, initial=initial, with_heading=False)
    if request.method == "POST" and form.is_valid():
        try:
            services.workfile_update(acting_user=request.user, workfile=wf, **form.cleaned_data)
        except DomainError as exc:
            if exc.status == 403:
                raise Http404 from None
            _errors_to_form(form, exc)
        else:
            messages.success(request, _("Đã lưu hồ sơ."))
            return redirect(wf)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "workfiles/workfile_form.html",
        {
            "form": form,
            "catalog": wf.catalog,
            "workfile": wf,
            "retentions": services.RETENTION_SUGGESTIONS,
        },
        status=status,
    )


@login_required
def workfile_detail(request, pk: int):
    wf = _workfile(request, pk)
    rows, hidden = selectors.documents_in(request.user, wf)
    # The trail names a document only when the reader may see it (a confidential one's number
    # is not shown to the others who see the file).
    codes = {(r.case_type.model, r.case_id): r.code for r in rows}
    trail = [
        (
            e,
            ACTION_LABELS.get(e.action, e.action),
            codes.get((e.payload.get("document_type"), e.payload.get("document_id")), ""),
        )
        for e in eventlog.trail(wf)
    ]
    return render(
        request,
        "workfiles/workfile_detail.html",
        {
            "workfile": wf,
            "rows": rows,
            "hidden": hidden,
            "trail": trail,
            "may_keep": services._may_keep(request.user, wf),
            "office": services.is_office(request.user, wf.agency_id),
        },
    )


@login_required
@require_POST
def workfile_state(request, pk: int, action: str):
    wf = _workfile(request, pk)
    service = {"mo": services.workfile_open, "dong": services.workfile_close}.get(action)
    if service is None:
        raise Http404
    try:
        service(acting_user=request.user, workfile=wf)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã mở hồ sơ.") if action == "mo" else _("Đã kết thúc hồ sơ."))
    return redirect(wf)


@login_required
def my_workfiles(request):
    return render(
        request,
        "workfiles/my_workfiles.html",
        {"workfiles": selectors.my_workfiles(request.user)},
    )


# --- the panel on a document's page ----------------------------------------------------------------


def _case(request, ct_id: int, pk: int):
    try:
        ct = ContentType.objects.get_for_id(ct_id)
    except ContentType.DoesNotExist:
        raise Http404 from None
    model = ct.model_class()
    if model is None or services.visibility_kind(model) is None:
        raise Http404
    case = model._default_manager.filter(pk=pk).first()
    if case is None or not services.may_see_case(request.user, case):
        raise Http404
    return case


def _panel(request, case, *, error: str = "", status: int = 200):
    filed = list(selectors.files_of_case(request.user, case))
    inside = {f.workfile_id for f in filed}
    choices = [
        w for w in selectors.fileable_workfiles(request.user, case.agency_id) if w.pk not in inside
    ]
    ct = ContentType.objects.get_for_model(case)
    return render(
        request,
        "workfiles/_panel_body.html",
        {
            "case": case,
            "ct_id": ct.pk,
            "filed": filed,
            "choices": choices,
            "error": error,
            "keeper_ids": {f.pk for f in filed if services._may_keep(request.user, f.workfile)},
        },
        status=status,
    )


@login_required
def panel(request, ct_id: int, pk: int):
    """GET: the panel; POST (HTMX): "Lập hồ sơ" — file the document into the chosen file."""
    case = _case(request, ct_id, pk)
    if request.method != "POST":
        return _panel(request, case)
    raw = str(request.POST.get("workfile", ""))
    wf = None
    if raw.isdigit() and len(raw) < 19:
        wf = selectors.visible_workfiles(request.user).filter(pk=int(raw)).first()
    if wf is None:
        return _panel(request, case, error=_("Chọn một hồ sơ đang lập."), status=400)
    try:
        services.file_document(acting_user=request.user, workfile=wf, case=case)
    except DomainError as exc:
        return _panel(request, case, error=exc.message, status=exc.status)
    return _panel(request, case)


@login_required
@require_POST
def unfile(request, pk: int):
    filed = get_object_or_404(
        FiledDocument.objects.select_related("workfile", "case_type"),
        pk=pk,
        workfile__in=selectors.visible_workfiles(request.user),
    )
    workfile = filed.workfile
    from_panel = request.POST.get("from") == "panel"
    case = filed.case_type.get_object_for_this_type(pk=filed.case_id) if from_panel else None
    try:
        services.unfile_document(acting_user=request.user, filed=filed)
    except DomainError as exc:
        if from_panel:
            return _panel(request, case, error=exc.message, status=exc.status)
        messages.error(request, exc.message)
    else:
        if from_panel:
            return _panel(request, case)
        messages.success(request, _("Đã rút văn bản khỏi hồ sơ."))
    return redirect(workfile)
