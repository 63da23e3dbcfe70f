"""Kernel part: the append-only, hash-chained, anchored event log.

Public interface (importable before the app registry is ready; models load lazily)::

    from vanphong.core import eventlog
    ev = eventlog.record(action="documents.register", actor=user, agency=agency, unit=None,
                         case=doc, from_state="", to_state="registered", due_at=None,
                         payload={...}, stream=None)      # inside the caller's transaction
    eventlog.record_view(actor=user, case=petition, agency=None, payload={...})
    eventlog.trail(doc)                                   # QuerySet[Event], oldest first
    eventlog.events(agency=a, actions=[...], since=..., until=...)   # for forms, statistics
    eventlog.verify()                                     # VerifyReport (.ok, .problems)
    eventlog.write_checkpoint()                           # Path of the signed checkpoint file

Command line: ``manage.py eventlog verify`` / ``manage.py eventlog checkpoint``.
See README.md in this folder.
"""

from __future__ import annotations

import datetime as _dt
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    from collections.abc import Iterable
    from pathlib import Path

    from django.db.models import Model, QuerySet

    from vanphong.core.eventlog.integrity import VerifyReport
    from vanphong.core.eventlog.models import Event

__all__ = [
    "events",
    "VIEW_ACTION",
    "case_ref",
    "record",
    "record_view",
    "trail",
    "verify",
    "write_checkpoint",
]

VIEW_ACTION = "view"


def record(
    *,
    action: str,
    actor: Any = None,
    agency: Any = None,
    unit: Any = None,
    case: Model | tuple[str, Any] | None = None,
    from_state: str = "",
    to_state: str = "",
    due_at: _dt.datetime | None = None,
    payload: dict | None = None,
    stream: str | None = None,
) -> Event:
    """Append one event in the caller's transaction; see ``services.record``."""
    from vanphong.core.eventlog import services

    return services.record(
        action=action,
        actor=actor,
        agency=agency,
        unit=unit,
        case=case,
        from_state=from_state,
        to_state=to_state,
        due_at=due_at,
        payload=payload,
        stream=stream,
    )


def record_view(
    *,
    actor: Any,
    case: Model | tuple[str, Any] | None,
    agency: Any = None,
    unit: Any = None,
    payload: dict | None = None,
    action: str = VIEW_ACTION,
    stream: str | None = None,
) -> Event:
    """Log a view of a protected record; see ``services.record_view``."""
    from vanphong.core.eventlog import services

    return services.record_view(
        actor=actor,
        case=case,
        agency=agency,
        unit=unit,
        payload=payload,
        action=action,
        stream=stream,
    )


def trail(case: Model | tuple[str, Any]) -> QuerySet[Event]:
    """Every event about ``case``, oldest first ("vết xử lý")."""
    from vanphong.core.eventlog import selectors

    return selectors.trail(case)


def events(
    *,
    agency: Any = None,
    actions: Iterable[str] | None = None,
    case_type: str | None = None,
    actor: Any = None,
    since: _dt.datetime | None = None,
    until: _dt.datetime | None = None,
) -> QuerySet[Event]:
    """Events for control forms and statistics, oldest first; see ``selectors.events``."""
    from vanphong.core.eventlog import selectors

    return selectors.events(
        agency=agency, actions=actions, case_type=case_type, actor=actor, since=since, until=until
    )


def case_ref(case: Model | tuple[str, Any] | None) -> tuple[str, str]:
    """``(case_type, case_id)`` as stored on events, e.g. ``("documents.incomingdocument", "42")``."""
    from vanphong.core.eventlog import services

    return services.case_ref(case)


def verify(*, use_checkpoint: bool = True) -> VerifyReport:
    """Check the whole log (chains, heads, latest checkpoint); see ``integrity.verify``."""
    from vanphong.core.eventlog import integrity

    return integrity.verify(use_checkpoint=use_checkpoint)


def write_checkpoint(*, keep: int | None = None) -> Path:
    """Verify the log, then write a signed checkpoint file (keeping the newest ``keep`` files if
    given); see ``integrity.write_checkpoint``."""
    from vanphong.core.eventlog import integrity

    return integrity.write_checkpoint(keep=keep)
