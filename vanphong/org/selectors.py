"""Reads about officials, roles and agencies."""

from __future__ import annotations

from vanphong.org.models import Official, Role


def second_factor_required(user: Official) -> bool:
    if user.is_superuser or user.require_second_factor:
        return True
    return user.role_grants.filter(role=Role.QUAN_TRI).exists()
