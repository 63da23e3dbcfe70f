"""Reading the event log."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from django.db.models import QuerySet

from vanphong.core.eventlog.models import Event
from vanphong.core.eventlog.services import CaseLike, case_ref


def trail(case: CaseLike) -> QuerySet[Event]:
    """Every event about ``case`` ("vết xử lý"), oldest first: by time, then by place in the
    chain (hashed columns only, so the order itself is tamper-evident)."""
    case_type, case_id = case_ref(case)
    return (
        Event.objects.filter(case_type=case_type, case_id=case_id)
        .select_related("actor", "agency", "unit")
        .order_by("occurred_at", "stream", "seq")
    )


def stream_events(stream: str) -> QuerySet[Event]:
    """The events of one stream in chain order."""
    return Event.objects.filter(stream=stream).order_by("seq")


def events(
    *,
    agency: Any = None,
    actions: Iterable[str] | None = None,
    case_type: str | None = None,
    actor: Any = None,
    since: dt.datetime | None = None,
    until: dt.datetime | None = None,
) -> QuerySet[Event]:
    """Events for control forms and statistics, oldest first; every filter optional.
    ``since`` is inclusive, ``until`` exclusive; ``agency``/``actor`` are instances or ids."""
    qs = Event.objects.all()
    if agency is not None:
        qs = qs.filter(agency_id=getattr(agency, "pk", agency))
    if actions is not None:
        qs = qs.filter(action__in=list(actions))
    if case_type is not None:
        qs = qs.filter(case_type=case_type.lower())
    if actor is not None:
        qs = qs.filter(actor_id=getattr(actor, "pk", actor))
    if since is not None:
        qs = qs.filter(occurred_at__gte=since)
    if until is not None:
        qs = qs.filter(occurred_at__lt=until)
    return qs.order_by("occurred_at", "id")
