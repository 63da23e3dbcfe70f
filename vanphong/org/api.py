"""REST endpoints of org: token issuance (``/auth/``) and the caller, agencies, units (``/org/``)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import authenticate
from django.contrib.auth.signals import user_logged_in, user_login_failed
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from vanphong.core import permissions
from vanphong.core.api_errors import ERROR_RESPONSES, ErrorOut
from vanphong.core.api_utils import IdPath, Pagination
from vanphong.core.errors import DomainError
from vanphong.org import selectors, services
from vanphong.org.models import Official

# --- /auth/ ---------------------------------------------------------------------------------

auth_router = Router(tags=["Xác thực"])


class TokenIn(Schema):
    username: str = Field(..., min_length=1, max_length=150)
    password: str = Field(..., min_length=1, max_length=4096)
    otp: str | None = Field(
        None, max_length=8, description="Mã TOTP, bắt buộc với tài khoản cần xác thực hai bước"
    )
    name: str = Field("", max_length=100, description="Tên gợi nhớ của mã truy cập")


class TokenOut(Schema):
    token: str
    token_type: str = "Bearer"
    expires_at: dt.datetime
    official_id: int


def _login_failed(request, username: str) -> None:
    """Count a failure for the lockout (django-axes listens to this signal)."""
    user_login_failed.send(sender=Official, credentials={"username": username}, request=request)


@auth_router.post(
    "/token",
    auth=None,
    response={200: TokenOut, **{s: ErrorOut for s in (400, 401, 403, 405, 415, 422, 429)}},
    summary="Cấp mã truy cập (Bearer token)",
)
def issue_token(request, payload: TokenIn):
    """Exchange user name + password (+ TOTP code for administrators and for officials who set up
    an authenticator app) for a bearer token. Repeated failures lock the account like the sign-in page."""
    if request.content_type != "application/json":
        raise DomainError(
            "unsupported_media_type",
            _("Nội dung phải gửi dạng JSON (application/json)."),
            status=415,
        )
    user = authenticate(request, username=payload.username, password=payload.password)
    if getattr(request, "axes_locked_out", False):
        raise DomainError(
            "locked_out", _("Tài khoản tạm bị khóa do đăng nhập sai nhiều lần."), status=429
        )
    if user is None:
        raise DomainError(
            "invalid_credentials", _("Tên đăng nhập hoặc mật khẩu không đúng."), status=401
        )
    device = TOTPDevice.objects.devices_for_user(user, confirmed=True).order_by("-id").first()
    if device is not None or selectors.second_factor_required(user):
        if device is None:
            raise DomainError(
                "second_factor_setup_required",
                _("Tài khoản này phải cài đặt xác thực hai bước trên giao diện web trước."),
                status=403,
            )
        code = "".join((payload.otp or "").split())
        if not code:
            raise DomainError(
                "second_factor_required",
                _("Cần nhập mã xác thực hai bước."),
                fields={"otp": [_("Cần nhập mã xác thực hai bước.")]},
                status=401,
            )
        if not code.isdigit() or not device.verify_token(code):
            _login_failed(request, payload.username)
            raise DomainError(
                "invalid_second_factor",
                _("Mã xác thực hai bước không đúng hoặc đã hết hạn."),
                fields={"otp": [_("Mã xác thực hai bước không đúng hoặc đã hết hạn.")]},
                status=401,
            )
    token, raw = services.api_token_issue(official=user, name=payload.name)
    # A successful sign-in: resets the failure count (axes) and updates last_login.
    user_logged_in.send(sender=Official, request=request, user=user)
    return {"token": raw, "expires_at": token.expires_at, "official_id": user.pk}


@auth_router.delete(
    "/token", response={204: None, **ERROR_RESPONSES}, summary="Thu hồi mã truy cập đang dùng"
)
def revoke_token(request):
    services.api_token_revoke(acting_user=request.auth, token=request.api_token)
    return 204, None


# --- /org/ ----------------------------------------------------------------------------------

router = Router(tags=["Cơ quan và cán bộ"])


class AgencyOut(Schema):
    id: int
    name: str
    short_name: str
    kind: str
    identifier: str
    legacy_identifier: str
    parent_id: int | None
    is_active: bool


class UnitOut(Schema):
    id: int
    agency_id: int
    parent_id: int | None
    name: str
    abbreviation: str
    kind: str
    order: int
    is_active: bool


class MeOut(Schema):
    id: int
    username: str
    full_name: str
    email: str
    agency: AgencyOut | None
    units: list[UnitOut]
    roles: list[str]
    second_factor_required: bool


@router.get("/me", response={200: MeOut, **ERROR_RESPONSES}, summary="Cán bộ đang gọi API")
def me(request):
    user = request.auth
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "email": user.email,
        "agency": user.agency,
        "units": list(selectors.units_of(user)),
        "roles": sorted(r.value for r in selectors.effective_roles(user)),
        "second_factor_required": selectors.second_factor_required(user),
    }


@router.get("/agencies", response={200: list[AgencyOut], **ERROR_RESPONSES}, summary="Các cơ quan")
@paginate(Pagination, page_size=50)
def agencies(request):
    return permissions.visible(request.auth, "org.agency").order_by("name", "pk")


@router.get(
    "/agencies/{agency_id}/units",
    response={200: list[UnitOut], **ERROR_RESPONSES},
    summary="Các đơn vị của một cơ quan",
)
@paginate(Pagination, page_size=100)
def agency_units(request, agency_id: int = IdPath("Mã số cơ quan")):
    agency = get_object_or_404(permissions.visible(request.auth, "org.agency"), pk=agency_id)
    return permissions.visible(request.auth, "org.unit", agency.units.all()).order_by(
        "order", "name", "pk"
    )
