"""Second factor enforcement: administrators must pass TOTP before using the site."""

from __future__ import annotations

from django.shortcuts import redirect
from django.urls import reverse


class AdminSecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(("/static/", "/api/"))
        ):
            from vanphong.org.selectors import second_factor_required

            if second_factor_required(user) and not user.is_verified():
                allowed = {reverse("otp_verify"), reverse("otp_setup"), reverse("logout")}
                if request.path not in allowed:
                    return redirect(f"{reverse('otp_verify')}?next={request.get_full_path()}")
        return self.get_response(request)
