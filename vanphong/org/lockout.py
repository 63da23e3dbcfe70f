"""The lockout answer of django-axes (``AXES_LOCKOUT_CALLABLE``): JSON for the API, a page else."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

LOCKOUT_STATUS = 429


def _minutes() -> int:
    hours = getattr(settings, "AXES_COOLOFF_TIME", None)
    return int(float(hours) * 60) if isinstance(hours, int | float) else 0


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    minutes = _minutes()
    if request.path.startswith("/api/"):
        message = _(
            "Tài khoản tạm bị khóa do đăng nhập sai quá %(limit)s lần. Hãy thử lại sau %(minutes)s phút."
        ) % {"limit": settings.AXES_FAILURE_LIMIT, "minutes": minutes}
        return JsonResponse(
            {"code": "locked_out", "message": message, "fields": {}}, status=LOCKOUT_STATUS
        )
    return render(
        request,
        "registration/locked_out.html",
        {"failure_limit": settings.AXES_FAILURE_LIMIT, "cooloff_minutes": minutes},
        status=LOCKOUT_STATUS,
    )
