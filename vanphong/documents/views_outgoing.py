"""Screens of văn bản đi: the specialist's drafts and draft form, the detail page with its
in-page actions (HTMX: version, submit, comment, return, approve, recall), the reviewer's
queue, the clerk's documents to issue, issue form and outgoing list, and the recipient clerk's
recall requests. Thin: parse, call one service or selector, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from vanphong.core import eventlog
from vanphong.core.attachments.services import attachment_open
from vanphong.core.errors import DomainError
from vanphong.documents import selectors, services
from vanphong.documents.forms import ApproveForm, OutgoingDraftForm, OutgoingFilterForm
from vanphong.documents.models import (
    AuthorityMark,
    OutgoingState,
    RecipientKind,
    ReviewRole,
)
from vanphong.documents.package import outgoing_package

PAGE_SIZE = 50

OUT_ACTION_LABELS = {
    "documents.outgoing.draft": gettext_lazy("Tạo dự thảo"),
    "documents.outgoing.update": gettext_lazy("Sửa dự thảo"),
    "documents.outgoing.version": gettext_lazy("Tải lên phiên bản mới"),
    "documents.outgoing.attachment": gettext_lazy("Thêm tệp kèm theo"),
    "documents.outgoing.submit": gettext_lazy("Trình duyệt"),
    "documents.outgoing.comment": gettext_lazy("Góp ý"),
    "documents.outgoing.return": gettext_lazy("Trả lại để sửa"),
    "documents.outgoing.approve": gettext_lazy("Duyệt"),
    "documents.outgoing.issue": gettext_lazy("Cấp số, phát hành"),
    "documents.outgoing.deliver": gettext_lazy("Gửi văn bản"),
    "documents.outgoing.recall": gettext_lazy("Thu hồi văn bản"),
    "documents.outgoing.recall_accepted": gettext_lazy("Nơi nhận đồng ý thu hồi"),
    "documents.outgoing.recall_refused": gettext_lazy("Nơi nhận từ chối thu hồi"),
    "attachments.store": gettext_lazy("Lưu tệp"),
}


def _agency(user):
    return user.agency if user.agency_id else None


def _visible_or_404(request, pk: int):
    return get_object_or_404(
        selectors.visible_outgoing(request.user).select_related(
            "doc_type",
            "drafting_unit",
            "author",
            "agency",
            "signer",
            "issued_file",
            "issued_by",
            "register",
        ),
        pk=pk,
    )


def _without_page(params) -> str:
    params = params.copy()
    params.pop("page", None)
    return params.urlencode()


@login_required
def outgoing_list(request):
    form = OutgoingFilterForm(request.GET or None)
    qs = selectors.outgoing_list(request.user, **form.selector_kwargs())
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "query": _without_page(request.GET)}
    if request.headers.get("HX-Request"):
        return render(request, "documents/_outgoing_table.html", context)
    return render(request, "documents/outgoing_list.html", context)


@login_required
def outgoing_mine(request):
    page = Paginator(selectors.my_drafts(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/outgoing_simple_list.html",
        {
            "page": page,
            "title": _("Dự thảo của tôi"),
            "empty": _("Bạn chưa có dự thảo nào đang xử lý."),
            "new_link": True,
        },
    )


@login_required
def outgoing_queue(request):
    page = Paginator(selectors.review_queue(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "documents/outgoing_simple_list.html",
        {
            "page": page,
            "title": _("Văn bản đi chờ duyệt"),
            "empty": _("Không có dự thảo nào chờ bạn duyệt."),
        },
    )


@login_required
def outgoing_to_issue(request):
    page = Paginator(selectors.to_issue(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "documents/outgoing_simple_list.html",
        {
            "page": page,
            "title": _("Văn bản chờ phát hành"),
            "empty": _("Không có văn bản nào chờ phát hành."),
            "issue_links": True,
        },
    )


@login_required
def outgoing_new(request):
    agency = _agency(request.user)
    if agency is None:
        raise Http404
    if request.method == "POST":
        form = OutgoingDraftForm(request.POST, request.FILES, agency=agency)
        if form.is_valid():
            try:
                document = services.outgoing_draft_create(
                    request.user, agency=agency, **form.service_kwargs()
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                for name, msgs in exc.fields.items():
                    target = "units" if name == "recipients" else name
                    if target in form.fields:
                        for msg in msgs:
                            form.add_error(target, msg)
            else:
                messages.success(request, _("Đã tạo dự thảo."))
                return redirect(document)
    else:
        form = OutgoingDraftForm(agency=agency)
    return render(request, "documents/outgoing_form.html", {"form": form})


@login_required
def outgoing_edit(request, pk: int):
    """Sửa dự thảo: metadata and a new version, while the draft is a draft or returned."""
    document = _visible_or_404(request, pk)
    if not (
        document.author_id == request.user.pk
        and document.state in (OutgoingState.DRAFT, OutgoingState.RETURNED)
    ):
        raise Http404
    if request.method == "POST":
        form = OutgoingDraftForm.for_document(document, request.POST, request.FILES)
        if form.is_valid():
            kwargs = form.update_kwargs(document)
            try:
                services.outgoing_revise(
                    request.user,
                    document,
                    version_note=request.POST.get("version_note", "")[:1000],
                    **kwargs,
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                for name, msgs in exc.fields.items():
                    target = "units" if name == "recipients" else name
                    if target in form.fields:
                        for msg in msgs:
                            form.add_error(target, msg)
            else:
                messages.success(request, _("Đã lưu dự thảo."))
                return redirect(document)
    else:
        form = OutgoingDraftForm.for_document(document)
    versions = list(document.versions.select_related("file").order_by("-number"))
    return render(
        request,
        "documents/outgoing_form.html",
        {"form": form, "document": document, "versions": versions},
    )


def _detail_context(request, document) -> dict:
    user = request.user
    versions = list(document.versions.select_related("file", "author").order_by("-number"))
    reviews = list(document.reviews.select_related("reviewer", "version").order_by("id"))
    trail = [
        {"event": e, "label": OUT_ACTION_LABELS.get(e.action, e.action)}
        for e in eventlog.trail(document).select_related("actor")
    ]
    is_clerk = services.is_clerk(user, document.agency)
    recipients = selectors.outgoing_recipients(document)
    return {
        "document": document,
        "versions": versions,
        "reviews": reviews,
        "attachments": list(document.attachments.select_related("file")),
        "recipients": recipients,
        "signatures": list(document.signatures.all()),
        "trail": trail,
        "can_revise": services.may_revise(user, document)
        and document.state != OutgoingState.ISSUED,
        "can_submit": document.author_id == user.pk
        and document.state in (OutgoingState.DRAFT, OutgoingState.RETURNED),
        "can_edit": document.author_id == user.pk
        and document.state in (OutgoingState.DRAFT, OutgoingState.RETURNED),
        "can_review": services.may_review(user, document),
        "can_return_approved": is_clerk and document.state == OutgoingState.APPROVED,
        "can_issue": is_clerk and document.state == OutgoingState.APPROVED,
        "can_recall": document.state == OutgoingState.ISSUED
        and services.may_recall(user, document),
        "htmx": bool(request.headers.get("HX-Request")),
        "has_external": any(r.kind == RecipientKind.EXTERNAL for r in recipients),
        "review_role_label": ReviewRole(document.review_role).label if document.review_role else "",
        "approve_form": ApproveForm(),
        "authority_marks": AuthorityMark.choices,
    }


def _render_detail(request, document, status: int = 200):
    context = _detail_context(request, document)
    template = (
        "documents/_outgoing_body.html"
        if request.headers.get("HX-Request")
        else "documents/outgoing_detail.html"
    )
    return render(request, template, context, status=status)


@login_required
def outgoing_detail(request, pk: int):
    return _render_detail(request, _visible_or_404(request, pk))


def _act(request, pk: int, func, success: str, **kwargs):
    """Run one service on the document; HTMX: re-render the body in place (messages inside),
    otherwise redirect to the detail page."""
    document = _visible_or_404(request, pk)
    try:
        func(request.user, document, **kwargs)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    try:
        document = _visible_or_404(request, pk)
    except Http404:
        # The actor no longer sees it (e.g. a reviewer's step has passed): back to the queue.
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=204)
            response["HX-Redirect"] = "/"
            return response
        return redirect("/")
    if request.headers.get("HX-Request"):
        return _render_detail(request, document)
    return redirect(document)


@login_required
@require_POST
def outgoing_version(request, pk: int):
    return _act(
        request,
        pk,
        services.outgoing_version_add,
        _("Đã tải lên phiên bản mới."),
        file=request.FILES.get("file"),
        note=request.POST.get("note", ""),
    )


@login_required
@require_POST
def outgoing_submit(request, pk: int):
    return _act(request, pk, services.outgoing_submit, _("Đã trình duyệt."))


@login_required
@require_POST
def outgoing_comment(request, pk: int):
    return _act(
        request,
        pk,
        services.outgoing_comment,
        _("Đã ghi ý kiến góp ý."),
        comment=request.POST.get("comment", ""),
    )


@login_required
@require_POST
def outgoing_return(request, pk: int):
    return _act(
        request,
        pk,
        services.outgoing_return,
        _("Đã trả lại để sửa."),
        comment=request.POST.get("comment", ""),
    )


@login_required
@require_POST
def outgoing_approve(request, pk: int):
    form = ApproveForm(request.POST)
    form.is_valid()
    d = form.cleaned_data
    return _act(
        request,
        pk,
        services.outgoing_approve,
        _("Đã duyệt."),
        comment=d.get("comment", ""),
        authority_mark=d.get("authority_mark", ""),
        authority_title=d.get("authority_title", ""),
        signer_position=d.get("signer_position", ""),
    )


@login_required
@require_POST
def outgoing_recall(request, pk: int):
    return _act(
        request,
        pk,
        services.outgoing_recall,
        _("Đã thu hồi văn bản; các nơi nhận trên hệ thống đã nhận yêu cầu thu hồi."),
        reason=request.POST.get("reason", ""),
    )


@login_required
def outgoing_issue(request, pk: int):
    document = _visible_or_404(request, pk)
    if not services.is_clerk(request.user, document.agency):
        raise Http404
    error = None
    if request.method == "POST":
        try:
            services.outgoing_issue(request.user, document, file=request.FILES.get("file"))
        except DomainError as exc:
            error = exc
        else:
            document.refresh_from_db()
            messages.success(
                request, _("Đã phát hành văn bản %(so)s.") % {"so": document.so_display}
            )
            return redirect(document)
    preview = None
    if document.state == OutgoingState.APPROVED:
        try:
            preview = services.issue_preview(document)
        except DomainError as exc:
            error = error or exc
    return render(
        request,
        "documents/outgoing_issue.html",
        {
            "document": document,
            "preview": preview,
            "error": error,
            "recipients": selectors.outgoing_recipients(document),
            "latest": document.versions.select_related("file").order_by("-number").first(),
        },
        status=(error.status if error and request.method == "POST" else 200),
    )


@login_required
def outgoing_file(request, pk: int, file_id: int):
    document = _visible_or_404(request, pk)
    allowed = (
        Q(pk=document.issued_file_id)
        | Q(pk__in=document.versions.values("file_id"))
        | Q(pk__in=document.attachments.values("file_id"))
    )
    from vanphong.core.attachments.models import Attachment

    att = Attachment.objects.filter(allowed, pk=file_id).first()
    if att is None:
        raise Http404
    return FileResponse(
        attachment_open(att),
        as_attachment=False,
        filename=att.original_name,
        content_type=att.content_type,
    )


@login_required
def outgoing_package_download(request, pk: int):
    document = _visible_or_404(request, pk)
    if document.state not in (OutgoingState.ISSUED, OutgoingState.RECALLED) or not (
        services.is_clerk(request.user, document.agency)
        or services.is_agency_leader(request.user, document.agency)
    ):
        raise Http404
    name, content = outgoing_package(document)
    response = HttpResponse(content, content_type="application/zip")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- recipient clerk: recall requests ------------------------------------------------------------


@login_required
def recall_requests(request):
    rows = list(selectors.recall_requests(request.user)[:200])
    return render(request, "documents/recall_requests.html", {"rows": rows})


def _recall_answer(request, pk: int, func, success: str):
    row = selectors.recall_request_for(request.user, pk)
    if row is None:
        raise Http404
    try:
        func(request.user, row, answer=request.POST.get("answer", ""))
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("documents:recall_requests")


@login_required
@require_POST
def recall_accept(request, pk: int):
    return _recall_answer(
        request, pk, services.recall_accept, _("Đã đồng ý thu hồi; văn bản đến đã được hủy.")
    )


@login_required
@require_POST
def recall_refuse(request, pk: int):
    return _recall_answer(request, pk, services.recall_refuse, _("Đã từ chối yêu cầu thu hồi."))
