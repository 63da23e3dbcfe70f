"""Reading the event log."""

from __future__ import annotations

from django.db.models import QuerySet

from vanphong.core.eventlog.models import Event
from vanphong.core.eventlog.services import CaseLike, case_ref


def trail(case: CaseLike) -> QuerySet[Event]:
    """Every event about ``case`` ("vết xử lý"), oldest first (time, then order of writing)."""
    case_type, case_id = case_ref(case)
    return (
        Event.objects.filter(case_type=case_type, case_id=case_id)
        .select_related("actor", "agency", "unit")
        .order_by("occurred_at", "id")
    )


def stream_events(stream: str) -> QuerySet[Event]:
    """The events of one stream in chain order."""
    return Event.objects.filter(stream=stream).order_by("seq")
