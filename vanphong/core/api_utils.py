"""Shared pieces for the per-app API routers: bounded pagination and object ids.

Bounds keep absurd numbers (page 10^27, id 2^70) from reaching the database, where they would
overflow its integers: they are refused with 422 and the error shape instead.
"""

from __future__ import annotations

import json
from typing import Annotated, Any

from ninja import Field, Path, Schema
from ninja.pagination import PageNumberPagination
from ninja.parser import Parser

ID_MAX = 2**63 - 1  # the largest bigint (SQLite INTEGER, PostgreSQL bigint)
#: An id inside a body or a list: ``unit_ids: list[Id]``.
Id = Annotated[int, Field(ge=1, le=ID_MAX)]
PAGE_MAX = 1_000_000
PAGE_SIZE_MAX = 200


def IdPath(description: str = "") -> Any:
    """A path parameter holding a database id: ``def f(request, agency_id: int = IdPath())``."""
    return Path(..., ge=1, le=ID_MAX, description=description)


class Pagination(PageNumberPagination):
    """``?page=N&page_size=M`` (bounded) → ``{"items": [...], "count": total}``."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=PAGE_MAX, description="Trang, bắt đầu từ 1")
        page_size: int | None = Field(None, ge=1, le=PAGE_SIZE_MAX, description="Số mục mỗi trang")

    def __init__(self, page_size: int = 50, max_page_size: int = PAGE_SIZE_MAX, **kwargs):
        super().__init__(page_size=page_size, max_page_size=max_page_size, **kwargs)


def unsafe_text(value: Any) -> bool:
    """Does ``value`` (any JSON value) hold a string the databases cannot store: a NUL character
    (PostgreSQL refuses it) or a lone surrogate (not encodable as UTF-8)?"""
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if "\x00" in item:
                return True
            try:
                item.encode("utf-8")
            except UnicodeEncodeError:
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False


class StrictJSONParser(Parser):
    """JSON bodies whose strings the databases can store; anything else is a malformed body
    (400 in the error shape) before it reaches a service."""

    def parse_body(self, request):
        data = json.loads(request.body)
        if unsafe_text(data):
            raise ValueError("unsafe text in JSON body")
        return data
