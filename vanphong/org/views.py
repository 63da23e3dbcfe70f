"""Sign-in pages: login, logout, password change (Django's views) and the TOTP second factor."""

from __future__ import annotations

import base64
import io
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from vanphong.org.forms import LoginForm, TokenForm
from vanphong.org.selectors import second_factor_required

DEVICE_NAME = "Ứng dụng xác thực"


class LoginView(auth_views.LoginView):
    form_class = LoginForm
    template_name = "registration/login.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "org/password_change_form.html"

    def get_form(self, form_class=None):
        form = super().get_form(form_class)
        for field in form.fields.values():
            field.widget.attrs.setdefault("class", "form-control")
        return form


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("home")


def _confirmed_device(user) -> TOTPDevice | None:
    return TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-id").first()


def _qr_svg(url: str) -> str:
    import qrcode
    import qrcode.image.svg

    img = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    out = io.BytesIO()
    img.save(out)
    svg = out.getvalue().decode()
    return svg[svg.index("<svg") :]  # drop the XML declaration, to inline it in the page


@never_cache
@login_required
def otp_verify(request):
    """Ask for the current code of the official's authenticator app."""
    next_url = _next_url(request)
    if request.user.is_verified():
        return redirect(next_url)
    device = _confirmed_device(request.user)
    if device is None:
        return redirect(f"{reverse('otp_setup')}?{urlencode({'next': next_url})}")
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        otp_login(request, device)
        return redirect(next_url)
    return render(
        request,
        "org/otp_verify.html",
        {"form": form, "next": next_url, "required": second_factor_required(request.user)},
    )


@never_cache
@login_required
def otp_setup(request):
    """Pair an authenticator app: QR code + secret, confirmed with a code.

    An official who already has a confirmed device must pass it first (a stolen password alone
    cannot replace the device); after confirmation the older devices are removed.
    """
    user = request.user
    next_url = _next_url(request)
    if _confirmed_device(user) is not None and not user.is_verified():
        return redirect(f"{reverse('otp_verify')}?{urlencode({'next': next_url})}")
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("-id").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    form = TokenForm(request.POST or None, device=device)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
            device.confirmed = True
            device.save(update_fields=["confirmed"])
        otp_login(request, device)
        messages.success(request, _("Đã bật xác thực hai bước."))
        return redirect(next_url)
    secret = base64.b32encode(device.bin_key).decode()
    return render(
        request,
        "org/otp_setup.html",
        {
            "form": form,
            "next": next_url,
            "qr_svg": mark_safe(_qr_svg(device.config_url)),  # SVG made by qrcode
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "required": second_factor_required(user),
        },
    )
