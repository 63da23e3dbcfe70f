"""REST API of the feedback module (mounted at /api/v1/feedback/ by vanphong/api.py)."""

from ninja import Router

router = Router(tags=["Phản ánh, kiến nghị"])
