"""Second factor enforcement.

Administrators (``second_factor_required``: superusers, role quản trị, or the per-official flag)
must pass TOTP before using any page, and so must any official who chose to set up an
authenticator app; every staff member must pass it before entering the Django admin. The admin's own login page is replaced by the site's.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.shortcuts import redirect
from django.urls import reverse
from django_otp import user_has_device

EXEMPT_PREFIXES = ("/static/", "/media/", "/api/", "/i18n/")


class AdminSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        path = request.path
        if path.startswith(EXEMPT_PREFIXES):
            return self.get_response(request)
        admin_prefix = reverse("admin:index")
        if path == reverse("admin:login"):
            target = request.GET.get("next") or admin_prefix
            return redirect(f"{reverse('login')}?{urlencode({'next': target})}")
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not user.is_verified():
            from vanphong.org.selectors import second_factor_required

            in_admin = path.startswith(admin_prefix) and user.is_staff
            if in_admin or second_factor_required(user) or user_has_device(user, confirmed=True):
                allowed = {reverse("otp_verify"), reverse("otp_setup"), reverse("logout")}
                if path not in allowed:
                    query = urlencode({"next": request.get_full_path()})
                    return redirect(f"{reverse('otp_verify')}?{query}")
        return self.get_response(request)
