"""Pages of the petition register (thin: parse, call one service or selector, render)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from vanphong.core import deadlines, eventlog, permissions
from vanphong.core.attachments.selectors import attachment_response, attachments_for_case
from vanphong.core.errors import DomainError
from vanphong.org.selectors import agencies_of
from vanphong.reception import forms, selectors, services
from vanphong.reception.models import (
    Outcome,
    Petition,
    PetitionClass,
    Petitioner,
    PetitionStatus,
)
from vanphong.reception.protection import open_identity

PAGE_SIZE = 50
ACTION_LABELS = {
    "reception.petition_receive": gettext_lazy("Vào sổ xử lý đơn"),
    "reception.petition_classify": gettext_lazy("Phân loại đơn"),
    "reception.petition_split": gettext_lazy("Tách đơn"),
    "reception.petition_decide": gettext_lazy("Quyết định hướng xử lý"),
    "reception.petition_link_duplicate": gettext_lazy("Xác nhận đơn trùng"),
    "reception.petition_suspend": gettext_lazy("Tạm đình chỉ giải quyết"),
    "reception.petition_resume": gettext_lazy("Tiếp tục giải quyết"),
    "reception.petition_extend": gettext_lazy("Gia hạn giải quyết tố cáo"),
    "reception.petition_notify_denouncer": gettext_lazy("Thông báo cho người tố cáo"),
    "reception.petition_add_collaborator": gettext_lazy("Mời phối hợp xác minh"),
    eventlog.VIEW_ACTION: gettext_lazy("Xem danh tính người tố cáo"),
}
STATUS_LABELS = dict(PetitionStatus.choices)


def _trail(petition: Petition) -> list[dict]:
    return [
        {
            "at": ev.occurred_at,
            "actor": ev.actor_name,
            "label": ACTION_LABELS.get(ev.action, ev.action),
            "state": STATUS_LABELS.get(ev.to_state, ""),
        }
        for ev in eventlog.trail(petition)
    ]


def _petition(request, pk: int) -> Petition:
    qs = permissions.visible(request.user, selectors.KIND, Petition.objects.all())
    petition = get_object_or_404(qs.select_related("agency", "related_to", "parent"), pk=pk)
    return petition


@login_required
@require_GET
def petition_list(request):
    classification = request.GET.get("loai", "")
    outcome = request.GET.get("huong", "")
    status = request.GET.get("tinh_trang", "")
    query = request.GET.get("q", "")[:200]
    qs = selectors.petitions_for_list(
        request.user,
        classification=classification if classification in PetitionClass.values else "",
        outcome=outcome if outcome in (*Outcome.values, "none") else "",
        status=status if status in PetitionStatus.values else "",
        query=query,
    ).prefetch_related(Prefetch("petitioners", queryset=Petitioner.objects.order_by("order")))
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("trang"))
    receivable = [a for a in agencies_of(request.user) if selectors.can_receive(request.user, a)]
    return render(
        request,
        "reception/petition_list.html",
        {
            "page": page,
            "classes": PetitionClass.choices,
            "outcomes": Outcome.choices,
            "statuses": PetitionStatus.choices,
            "filters": {"loai": classification, "huong": outcome, "tinh_trang": status, "q": query},
            "can_receive": bool(receivable),
        },
    )


@login_required
def petition_create(request):
    agencies = [a for a in agencies_of(request.user) if selectors.can_receive(request.user, a)]
    if not agencies:
        raise PermissionDenied
    agency = agencies[0]
    form = forms.IntakeForm(request.POST or None, initial={"channel": "truc_tiep"})
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            try:
                petition = services.petition_receive(
                    acting_user=request.user,
                    agency=agency,
                    channel=data["channel"],
                    content=data["content"],
                    received_at=data["received_at"],
                    forwarded_by=data["forwarded_by"],
                    classification=data["classification"],
                    complaint_instance=data["complaint_instance"],
                    is_anonymous=data["is_anonymous"],
                    petitioners=[
                        {
                            name: data[name]
                            for name in (
                                "full_name",
                                "identity_number",
                                "address",
                                "commune_code",
                                "phone",
                            )
                        }
                    ],
                )
            except DomainError as exc:
                form.add_error(None, exc.message)
                for name, msgs in exc.fields.items():
                    if name in form.fields:
                        for msg in msgs:
                            form.add_error(name, msg)
            else:
                messages.success(
                    request, _("Đã vào sổ đơn số %(n)s.") % {"n": petition.number_label}
                )
                return redirect("reception:petition_detail", pk=petition.pk)
        status = 400
    return render(
        request, "reception/petition_form.html", {"form": form, "agency": agency}, status=status
    )


@login_required
@require_GET
def petition_detail(request, pk: int):
    petition = _petition(request, pk)
    can_handle = selectors.can_handle(request.user, petition)
    context = {
        "petition": petition,
        "petitioners": list(petition.petitioners.order_by("order")),
        "deadline_status": deadlines.status_of(petition),
        "can_handle": can_handle,
        "can_see_identity": selectors.can_see_identity(request.user, petition),
        "children": list(petition.children.order_by("number")),
        "suggestions": selectors.duplicate_suggestions(petition) if can_handle else [],
        "trail": _trail(petition),
        "open": petition.status == PetitionStatus.CHO_XU_LY and not petition.outcome,
        "collaborators": list(petition.collaborators.all()),
        "attachments": list(attachments_for_case(petition))
        if _may_see_papers(request.user, petition)
        else None,
        "entries": list(
            permissions.visible(
                request.user, selectors.ENTRY_KIND, petition.reception_entries.all()
            )
        ),
    }
    if can_handle:
        context.update(
            classify_form=forms.ClassifyForm(
                initial={
                    "classification": petition.classification,
                    "complaint_instance": petition.complaint_instance,
                    "multi_site_check": petition.multi_site_check,
                    "is_complex": petition.is_complex,
                    "is_remote": petition.is_remote,
                }
            ),
            decide_form=forms.DecideForm(),
            split_form=forms.SplitForm(),
            reason_form=forms.ReasonForm(),
            extend_form=forms.ExtendForm(),
            notice_form=forms.NoticeForm(),
            collaborator_form=forms.CollaboratorForm(officials=_officials(petition)),
        )
    return render(request, "reception/petition_detail.html", context)


def _may_see_papers(user, petition: Petition) -> bool:
    """The papers sent with a denunciation may carry the denouncer's name or handwriting
    (Luật Tố cáo 2018 Đ47): only those who may see the identity open them."""
    return not petition.is_protected or selectors.can_see_identity(user, petition)


@login_required
@require_GET
def petition_attachment(request, pk: int, att: int):
    """A file sent with the petition (online form); a denunciation's papers are logged like a
    view of the identity."""
    petition = _petition(request, pk)
    if not _may_see_papers(request.user, petition):
        raise PermissionDenied
    attachment = get_object_or_404(attachments_for_case(petition), pk=att)
    if petition.is_protected:
        eventlog.record_view(
            actor=request.user,
            case=petition,
            agency=petition.agency,
            payload={"attachment": attachment.pk, "reason": "denouncer_papers"},
        )
    return attachment_response(attachment, inline=True)


@login_required
@require_GET
def petition_identity(request, pk: int, person: int):
    """The sealed identity of a denouncer, for the named handlers and the agency's leaders;
    each view is written to the event log."""
    petition = _petition(request, pk)
    if not selectors.can_see_identity(request.user, petition):
        raise PermissionDenied
    petitioner = get_object_or_404(Petitioner, petition=petition, pk=person, protected=True)
    identity = open_identity(petitioner.sealed)
    eventlog.record_view(
        actor=request.user,
        case=petition,
        agency=petition.agency,
        payload={"petitioner": petitioner.order, "reason": "denouncer_identity"},
    )
    return render(
        request,
        "reception/_identity.html",
        {
            "identity": identity,
            "commune": Petitioner(commune_code=identity.get("commune_code")).commune_name,
        },
    )


def _officials(petition: Petition):
    """Officials of the agency who may be asked to help verify (not already on the case)."""
    from vanphong.org.models import Official

    taken = set(petition.handlers.values_list("pk", flat=True)) | set(
        petition.collaborators.values_list("pk", flat=True)
    )
    return [
        o
        for o in Official.objects.filter(agency=petition.agency, is_active=True).order_by(
            "full_name"
        )
        if o.pk not in taken
    ]


def _bool(value) -> bool:
    return value in ("on", "1", "true")


@login_required
@require_POST
def petition_action(request, pk: int, action: str):
    petition = _petition(request, pk)
    if not selectors.can_handle(request.user, petition):
        raise PermissionDenied
    form_class = {
        "phan-loai": forms.ClassifyForm,
        "xu-ly": forms.DecideForm,
        "tach": forms.SplitForm,
        "tam-dinh-chi": forms.ReasonForm,
        "tiep-tuc": forms.ReasonForm,
        "lien-ket": forms.ReasonForm,
        "gia-han": forms.ExtendForm,
        "thong-bao": forms.NoticeForm,
        "phoi-hop": None,
    }.get(action, False)
    if form_class is False:
        raise Http404
    if form_class is None:
        form = forms.CollaboratorForm(request.POST, officials=_officials(petition))
    else:
        form = form_class(request.POST)
    if not form.is_valid():
        messages.error(
            request, _("Thông tin nhập chưa hợp lệ: %(e)s") % {"e": form.errors.as_text()}
        )
        return redirect("reception:petition_detail", pk=petition.pk)
    data = form.cleaned_data
    user = request.user
    try:
        if action == "phan-loai":
            services.petition_classify(
                acting_user=user,
                petition=petition,
                classification=data["classification"],
                complaint_instance=data["complaint_instance"],
                eligible=forms.tri_state(data["eligible"]),
                ineligible_reason=data["ineligible_reason"],
                competent=forms.tri_state(data["competent"]),
                multi_site_check=data["multi_site_check"],
                is_complex=data["is_complex"],
                is_remote=data["is_remote"],
            )
        elif action == "xu-ly":
            services.petition_decide(
                acting_user=user,
                petition=petition,
                outcome=data["outcome"],
                target=data["target"],
                document=data["document"],
                note=data["note"],
            )
        elif action == "tach":
            children = services.petition_split(
                acting_user=user,
                petition=petition,
                parts=[
                    {"classification": data["class1"], "content": data["content1"]},
                    {"classification": data["class2"], "content": data["content2"]},
                ],
            )
            messages.success(
                request,
                _("Đã tách thành các đơn %(n)s.")
                % {"n": ", ".join(c.number_label for c in children)},
            )
            return redirect("reception:petition_detail", pk=petition.pk)
        elif action == "tam-dinh-chi":
            services.petition_suspend(acting_user=user, petition=petition, reason=data["reason"])
        elif action == "tiep-tuc":
            services.petition_resume(acting_user=user, petition=petition)
        elif action == "gia-han":
            services.petition_extend(
                acting_user=user,
                petition=petition,
                level=data["level"],
                days=data["days"],
                document=data["document"],
            )
        elif action == "thong-bao":
            services.petition_notify_denouncer(
                acting_user=user, petition=petition, document=data["document"]
            )
        elif action == "phoi-hop":
            from vanphong.org.models import Official

            services.petition_add_collaborator(
                acting_user=user,
                petition=petition,
                official=Official.objects.filter(pk=data["official"]).first(),
            )
        else:
            earlier = _petition(request, int(request.POST.get("earlier") or 0))
            services.petition_link_duplicate(acting_user=user, petition=petition, earlier=earlier)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("Đã cập nhật đơn."))
    return redirect("reception:petition_detail", pk=petition.pk)
