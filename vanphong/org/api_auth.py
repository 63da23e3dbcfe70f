"""Bearer-token authentication of the REST API (``Authorization: Bearer vp_...``)."""

from __future__ import annotations

import datetime as dt

from ninja.security import HttpBearer

from vanphong.core import clock
from vanphong.org.models import ApiToken
from vanphong.org.selectors import api_token_lookup

LAST_USED_GRANULARITY = dt.timedelta(minutes=1)  # at most one write per token per minute


class BearerAuth(HttpBearer):
    """Finds the official of a live token; sets ``request.user`` and ``request.api_token``."""

    openapi_description = "Mã truy cập lấy từ POST /api/v1/auth/token"

    def authenticate(self, request, token: str):
        api_token = api_token_lookup(token.strip())
        if api_token is None:
            return None
        now = clock.now()
        if api_token.last_used_at is None or now - api_token.last_used_at > LAST_USED_GRANULARITY:
            ApiToken.objects.filter(pk=api_token.pk).update(last_used_at=now)
            api_token.last_used_at = now
        request.user = api_token.official
        request.api_token = api_token
        return api_token.official


bearer_auth = BearerAuth()
