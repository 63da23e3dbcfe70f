"""REST API of the tasks module (mounted at /api/v1/tasks/ by vanphong/api.py)."""

from ninja import Router

router = Router(tags=["Nhiệm vụ"])
