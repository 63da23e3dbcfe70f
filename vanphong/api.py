"""The one REST API of VănPhòng at /api/v1/: per-app routers, one error shape for every 4xx.

Every operation requires a bearer token (``Authorization: Bearer ...``, from
``POST /api/v1/auth/token``) unless it says ``auth=None``. To add an app's endpoints, append
``(prefix, "dotted.path.to.router")`` to :data:`ROUTERS` (not ``api.add_router`` elsewhere:
the 404 fallback must stay last). Errors: raise
``vanphong.core.errors.DomainError`` (or Django's ValidationError / PermissionDenied, Http404)
and the client gets ``{"code", "message", "fields"}`` (see ``vanphong/core/api_errors.py``).
"""

from __future__ import annotations

from django.http import Http404
from django.utils.module_loading import import_string
from ninja import NinjaAPI, Router

from vanphong.core import api_errors
from vanphong.core.api_utils import StrictJSONParser
from vanphong.org.api_auth import bearer_auth

# (URL prefix under /api/v1/, router) — one line per app.
ROUTERS: list[tuple[str, str]] = [
    ("/auth/", "vanphong.org.api.auth_router"),
    ("/org/", "vanphong.org.api.router"),
    ("/documents/", "vanphong.documents.api.router"),
    ("/reception/", "vanphong.reception.api.router"),
    ("/procedures/", "vanphong.procedures.api.router"),
    ("/workfiles/", "vanphong.workfiles.api.router"),
    ("/tasks/", "vanphong.tasks.api.router"),
    ("/meetings/", "vanphong.meetings.api.router"),
    ("/onestop/", "vanphong.onestop.api.router"),
    ("/feedback/", "vanphong.feedback.api.router"),
]


class VanPhongAPI(NinjaAPI):
    def _get_urls(self):
        return api_errors.method_not_allowed_shaped(super()._get_urls())


api = VanPhongAPI(
    title="VănPhòng API",
    version="1",
    description="API REST của VănPhòng (văn bản, nhiệm vụ, một cửa, tiếp công dân...).",
    urls_namespace="api",
    auth=bearer_auth,
    parser=StrictJSONParser(),
)
api_errors.install(api)

for prefix, dotted in ROUTERS:
    api.add_router(prefix, import_string(dotted))

# Last: any other path under /api/v1/ answers 404 in the error shape (not Django's HTML page).
_fallback = Router()


@_fallback.api_operation(
    ["GET", "POST", "PUT", "PATCH", "DELETE"], "/{path:rest}", auth=None, include_in_schema=False
)
def _not_found(request, rest: str):
    raise Http404


api.add_router("/", _fallback)
