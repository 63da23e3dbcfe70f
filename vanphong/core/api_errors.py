"""One error shape for every 4xx answer of the REST API::

    {"code": "validation_error", "message": "<Vietnamese>", "fields": {"field": ["..."]}}

:func:`install` registers the handlers on a ``NinjaAPI``: ninja's ValidationError (422),
HttpError / AuthenticationError / AuthorizationError, Http404, Django's ValidationError (400),
PermissionDenied (403), an unreadable multipart body (400) and
:class:`vanphong.core.errors.DomainError` (its own status); :func:`method_not_allowed_shaped`
gives ninja's 405 answers the shape too.
"""

from __future__ import annotations

import functools

from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja import NinjaAPI, Schema
from ninja.errors import AuthenticationError, AuthorizationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from vanphong.core.errors import DomainError, fields_from_validation_error, first_code


class ErrorOut(Schema):
    """The error shape of every 4xx answer."""

    code: str
    message: str
    fields: dict[str, list[str]] = {}


# The statuses every authenticated operation may answer with the error shape (for OpenAPI).
ERROR_RESPONSES = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    405: ErrorOut,
    422: ErrorOut,
    429: ErrorOut,
}


def error_body(code: str, message: str, fields: dict | None = None) -> dict:
    return {"code": code, "message": str(message), "fields": fields or {}}


def _status_defaults() -> dict[int, tuple[str, str]]:
    return {
        400: ("bad_request", _("Yêu cầu không hợp lệ.")),
        401: ("not_authenticated", _("Cần đăng nhập: thiếu hoặc sai mã truy cập (Bearer token).")),
        403: ("forbidden", _("Bạn không có quyền thực hiện thao tác này.")),
        404: ("not_found", _("Không tìm thấy đối tượng yêu cầu.")),
        405: ("method_not_allowed", _("Phương thức không được hỗ trợ.")),
        409: ("conflict", _("Xung đột dữ liệu, hãy tải lại và thử lại.")),
        413: ("too_large", _("Dữ liệu gửi lên quá lớn.")),
        415: ("unsupported_media_type", _("Nội dung phải gửi dạng JSON (application/json).")),
        429: ("too_many_requests", _("Quá nhiều yêu cầu, hãy thử lại sau.")),
    }


def _pydantic_message(err: dict) -> str:
    kind = err.get("type", "")
    ctx = err.get("ctx") or {}
    if kind == "missing":
        return _("Trường này là bắt buộc.")
    if kind in ("string_type", "string_unicode"):
        return _("Phải là chuỗi ký tự.")
    if kind in ("int_type", "int_parsing", "int_from_float"):
        return _("Phải là số nguyên.")
    if kind in ("float_type", "float_parsing", "decimal_parsing", "decimal_type"):
        return _("Phải là số.")
    if kind in ("bool_type", "bool_parsing"):
        return _("Phải là true hoặc false.")
    if kind == "string_too_short":
        return _("Quá ngắn: tối thiểu %(n)s ký tự.") % {"n": ctx.get("min_length", "?")}
    if kind == "string_too_long":
        return _("Quá dài: tối đa %(n)s ký tự.") % {"n": ctx.get("max_length", "?")}
    if kind in ("too_short",):
        return _("Cần ít nhất %(n)s phần tử.") % {"n": ctx.get("min_length", "?")}
    if kind in ("too_long",):
        return _("Nhiều nhất %(n)s phần tử.") % {"n": ctx.get("max_length", "?")}
    if kind.startswith(("datetime_", "date_", "time_")):
        return _(
            "Ngày giờ không hợp lệ (dùng định dạng ISO 8601, ví dụ 2026-07-01T08:00:00+07:00)."
        )
    if kind in ("greater_than", "greater_than_equal"):
        return _("Giá trị quá nhỏ.")
    if kind in ("less_than", "less_than_equal"):
        return _("Giá trị quá lớn.")
    if kind in ("enum", "literal_error"):
        return _("Giá trị không nằm trong danh sách cho phép.")
    if kind in ("model_type", "model_attributes_type", "dict_type"):
        return _("Phải là một đối tượng JSON.")
    if kind in ("list_type", "tuple_type", "set_type"):
        return _("Phải là một danh sách.")
    if kind in ("uuid_type", "uuid_parsing"):
        return _("Phải là một UUID.")
    if kind == "json_invalid":
        return _("JSON không hợp lệ.")
    if kind == "value_error":
        message = str(err.get("msg", ""))
        return message.removeprefix("Value error, ") or _("Giá trị không hợp lệ.")
    return _("Giá trị không hợp lệ.")


def _field_name(loc: list | tuple) -> str:
    parts = [str(p) for p in loc]
    if parts and parts[0] == "body":
        parts = parts[2:]  # "body", <parameter name>, field...
    elif parts and parts[0] in ("query", "path", "header", "cookie", "form", "file"):
        parts = parts[1:]
    return ".".join(parts) or NON_FIELD_ERRORS


def validation_fields(errors: list[dict]) -> dict[str, list[str]]:
    fields: dict[str, list[str]] = {}
    for err in errors:
        fields.setdefault(_field_name(err.get("loc", ())), []).append(_pydantic_message(err))
    return fields


def method_not_allowed_shaped(patterns: list) -> list:
    """Wrap ninja's URL patterns so its plain-text 405 answers get the error shape too (the
    ``Allow`` header is kept), and a NUL character in the path or query (which PostgreSQL
    cannot store or compare) is a 400 in the error shape."""
    from django.urls import URLPattern

    def wrap(view):
        @functools.wraps(view)  # keeps csrf_exempt
        def wrapper(request, *args, **kwargs):
            if "\x00" in request.path or any(
                "\x00" in key or "\x00" in value
                for key, values in request.GET.lists()
                for value in values
            ):
                _code, message = _status_defaults()[400]
                return JsonResponse(error_body("malformed_request", message), status=400)
            response = view(request, *args, **kwargs)
            if response.status_code == 405 and not response.get("Content-Type", "").startswith(
                "application/json"
            ):
                code, message = _status_defaults()[405]
                shaped = JsonResponse(error_body(code, message), status=405)
                if response.has_header("Allow"):
                    shaped["Allow"] = response["Allow"]
                return shaped
            return response

        return wrapper

    return [
        URLPattern(p.pattern, wrap(p.callback), p.default_args, p.name)
        if isinstance(p, URLPattern)
        else p
        for p in patterns
    ]


def install(api: NinjaAPI) -> None:
    """Register the handlers that give every 4xx the one error shape."""

    def respond(request: HttpRequest, status: int, body: dict) -> HttpResponse:
        return api.create_response(request, body, status=status)

    @api.exception_handler(NinjaValidationError)
    def on_validation(request, exc: NinjaValidationError):
        return respond(
            request,
            422,
            error_body(
                "validation_error",
                _("Dữ liệu gửi lên không hợp lệ, hãy kiểm tra các trường được nêu."),
                validation_fields(exc.errors),
            ),
        )

    @api.exception_handler(HttpError)
    def on_http_error(request, exc: HttpError):
        status = exc.status_code
        code, message = _status_defaults().get(
            status,
            ("error" if status < 500 else "server_error", _("Yêu cầu không thực hiện được.")),
        )
        if status == 400 and str(exc.message).startswith("Cannot parse request body"):
            code, message = (
                "malformed_body",
                _("Không đọc được nội dung yêu cầu: JSON không hợp lệ."),
            )
        return respond(request, status, error_body(code, message))

    @api.exception_handler(AuthenticationError)
    def on_authentication(request, exc: AuthenticationError):
        code, message = _status_defaults()[401]
        return respond(request, 401, error_body(code, message))

    @api.exception_handler(AuthorizationError)
    def on_authorization(request, exc: AuthorizationError):
        code, message = _status_defaults()[403]
        return respond(request, 403, error_body(code, message))

    @api.exception_handler(Http404)
    def on_404(request, exc: Http404):
        code, message = _status_defaults()[404]
        return respond(request, 404, error_body(code, message))

    @api.exception_handler(PermissionDenied)
    def on_permission_denied(request, exc: PermissionDenied):
        code, default = _status_defaults()[403]
        return respond(request, 403, error_body(code, str(exc) or default))

    @api.exception_handler(DjangoValidationError)
    def on_django_validation(request, exc: DjangoValidationError):
        fields = fields_from_validation_error(exc)
        messages = [m for msgs in fields.values() for m in msgs]
        message = messages[0] if len(messages) == 1 else _("Dữ liệu không hợp lệ.")
        return respond(request, 400, error_body(first_code(exc), message, fields))

    @api.exception_handler(MultiPartParserError)
    def on_bad_multipart(request, exc: MultiPartParserError):
        return respond(
            request,
            400,
            error_body(
                "malformed_body", _("Không đọc được nội dung yêu cầu: định dạng không hợp lệ.")
            ),
        )

    @api.exception_handler(DomainError)
    def on_domain_error(request, exc: DomainError):
        return respond(request, exc.status, exc.as_dict())
