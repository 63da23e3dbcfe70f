"""The one REST API of VănPhòng at /api/v1/: per-app routers, one error shape for every 4xx."""

from __future__ import annotations

from ninja import NinjaAPI

api = NinjaAPI(
    title="VănPhòng API",
    version="1",
    description="API REST của VănPhòng (văn bản, nhiệm vụ, một cửa, tiếp công dân...).",
    urls_namespace="api",
)
