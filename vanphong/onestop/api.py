"""REST API of the onestop module (mounted at /api/v1/onestop/ by vanphong/api.py)."""

from ninja import Router

router = Router(tags=["Một cửa"])
