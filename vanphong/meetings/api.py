"""REST API of the meetings module (mounted at /api/v1/meetings/ by vanphong/api.py)."""

from ninja import Router

router = Router(tags=["Cuộc họp"])
