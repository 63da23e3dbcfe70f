"""REST API of the workfiles module (mounted at /api/v1/workfiles/ by vanphong/api.py)."""

from ninja import Router

router = Router(tags=["Hồ sơ công việc"])
