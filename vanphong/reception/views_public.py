"""Public pages of petitions (no sign-in): the online form, its receipt (shown once) and the
status page by tracking code and secret. Thin: parse, call one service, render."""

from __future__ import annotations

from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from vanphong.core import ratelimit
from vanphong.core.errors import DomainError
from vanphong.reception import forms, services_online
from vanphong.reception.models import PetitionClass

RECEIPT_SESSION_KEY = "reception_petition_receipt"
#: Per client address (``vanphong.core.ratelimit``; ``settings.RATELIMITS`` overrides).
SUBMIT_LIMIT = 10  # petitions sent per hour
STATUS_LIMIT = 30  # status look-ups per 10 minutes


def _apply_errors(form, exc: DomainError) -> None:
    placed = False
    for name, msgs in (exc.fields or {}).items():
        if name in form.fields:
            for msg in msgs:
                form.add_error(name, msg)
                placed = True
    if not placed:
        form.add_error(None, exc.message)


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit.limit("reception.petition_submit", limit=SUBMIT_LIMIT, window=3600)
def public_petition(request):
    agencies = list(services_online.online_agencies())
    form = forms.OnlinePetitionForm(request.POST or None, request.FILES or None, agencies=agencies)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            data = form.cleaned_data
            agency = next((a for a in agencies if str(a.pk) == data["agency"]), None)
            try:
                petition, secret = services_online.petition_submit_online(
                    agency=agency,
                    classification=data["classification"],
                    content=data["content"],
                    petitioner={
                        "full_name": data["full_name"],
                        "identity_number": data["identity_number"],
                        "address": data["address"],
                        "commune_code": data["commune_code"] or None,
                        "phone": data["phone"],
                        "email": data["email"],
                    },
                    consent=data["consent"],
                    files=data["files"],
                )
            except DomainError as exc:
                _apply_errors(form, exc)
                status = 413 if exc.status == 413 else 400
            else:
                request.session[RECEIPT_SESSION_KEY] = {
                    "code": petition.tracking_code,
                    "secret": secret,
                }
                return redirect("reception:public_petition_receipt")
        else:
            status = 400
    return render(
        request,
        "reception/public_petition.html",
        {"form": form, "denunciation": PetitionClass.TO_CAO.value},
        status=status,
    )


@never_cache
@require_GET
def public_petition_receipt(request):
    receipt = request.session.pop(RECEIPT_SESSION_KEY, None)
    if not receipt:
        return redirect("reception:public_petition_status")
    info = services_online.petition_public_status(receipt["code"], receipt["secret"])
    if info is None:
        return redirect("reception:public_petition_status")
    return render(
        request,
        "reception/public_petition_receipt.html",
        {"info": info, "secret": receipt["secret"]},
    )


@never_cache
@require_http_methods(["GET", "POST"])
@ratelimit.limit("reception.petition_status", limit=STATUS_LIMIT, window=600, methods=("POST",))
def public_petition_status(request):
    form = forms.PetitionStatusForm(
        request.POST or None, initial={"code": request.GET.get("ma", "")[:30]}
    )
    info = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            info = services_online.petition_public_status(
                form.cleaned_data["code"], form.cleaned_data["secret"]
            )
        if info is None:
            form.add_error(None, _("Mã tra cứu hoặc mã bí mật không đúng."))
            status = 404
    return render(
        request,
        "reception/public_petition_status.html",
        {"form": form, "info": info},
        status=status,
    )
