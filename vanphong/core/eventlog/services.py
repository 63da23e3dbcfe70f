"""Writing the event log: ``record`` (state changes) and ``record_view`` (protected views)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import models, transaction
from django.db.transaction import TransactionManagementError

from vanphong.core import clock
from vanphong.core.eventlog.hashing import hash_event, head_mac, nfc, normalise_payload
from vanphong.core.eventlog.models import GENESIS_HASH, Event, StreamHead

VIEW_ACTION = "view"
SYSTEM_STREAM = "system"

CaseLike = models.Model | tuple[str, Any] | None


def case_ref(case: CaseLike) -> tuple[str, str]:
    """``("app_label.model", "pk")`` for a saved model instance or a ``(case_type, case_id)``
    pair; ``("", "")`` for None."""
    if case is None:
        return "", ""
    if isinstance(case, tuple):
        case_type, case_id = case
        return str(case_type).lower(), str(case_id)
    if isinstance(case, models.Model):
        if case.pk is None:
            raise ValueError("eventlog: the case must be saved before it is logged")
        return case._meta.label_lower, str(case.pk)
    raise TypeError(f"eventlog: case must be a model instance or (type, id), not {case!r}")


def default_stream(*, case_type: str, case_id: str, agency_id: int | None) -> str:
    if case_type:
        return f"{case_type}:{case_id}"
    if agency_id is not None:
        return f"agency:{agency_id}"
    return SYSTEM_STREAM


def _pk(obj: Any) -> int | None:
    if obj is None:
        return None
    if isinstance(obj, models.Model):
        return obj.pk
    return int(obj)


def _aware(moment: dt.datetime | None) -> dt.datetime | None:
    if moment is None:
        return None
    if isinstance(moment, dt.datetime):
        return clock.local(moment)
    raise TypeError(f"eventlog: due_at must be a datetime, not {moment!r}")


def _check_lengths(**fields: tuple[str, int]) -> None:
    """Same answer on SQLite (which would store anything) and PostgreSQL (which would refuse)."""
    for name, (value, limit) in fields.items():
        if len(value) > limit:
            raise ValueError(f"eventlog: {name} longer than {limit} characters: {value[:40]!r}…")


def _lock_head(stream: str) -> StreamHead:
    """Lock the stream's head row, creating it first if needed (race-safe: INSERT … ON CONFLICT
    DO NOTHING on PostgreSQL, INSERT OR IGNORE on SQLite, then SELECT … FOR UPDATE)."""
    head = StreamHead.objects.select_for_update().filter(stream=stream).first()
    if head is None:
        StreamHead.objects.bulk_create(
            [
                StreamHead(
                    stream=stream,
                    last_seq=0,
                    last_hash=GENESIS_HASH,
                    mac=head_mac(stream, 0, GENESIS_HASH),
                )
            ],
            ignore_conflicts=True,
        )
        head = StreamHead.objects.select_for_update().get(stream=stream)
    return head


def record(
    *,
    action: str,
    actor: Any = None,
    agency: Any = None,
    unit: Any = None,
    case: CaseLike = None,
    from_state: str = "",
    to_state: str = "",
    due_at: dt.datetime | None = None,
    payload: dict | None = None,
    stream: str | None = None,
) -> Event:
    """Append one event, inside the caller's transaction (never commits on its own).

    ``actor``: an Official (or None / anonymous for the system); ``agency``/``unit``: instances or
    ids (``agency`` defaults to ``case.agency_id`` when the case has one, or to the case itself
    when it is an agency); ``case``: a saved model
    instance or ``(case_type, case_id)``; ``stream`` defaults to the case (``"app.model:pk"``),
    else ``"agency:<id>"``, else ``"system"``. Raises TransactionManagementError outside
    ``transaction.atomic``.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        raise TransactionManagementError(
            "eventlog.record() must run inside the caller's transaction.atomic() block, "
            "so the event commits or rolls back with the change it records."
        )
    action = nfc(action).strip()
    if not action:
        raise ValueError("eventlog: action is required")
    if actor is not None and not getattr(actor, "is_authenticated", True):
        actor = None  # AnonymousUser
    case_type, case_id = case_ref(case)
    if agency is None and isinstance(case, models.Model):
        # the case's agency; an agency's own events belong to it
        agency = (
            case.pk if case._meta.label_lower == "org.agency" else getattr(case, "agency_id", None)
        )
    agency_id = _pk(agency)
    unit_id = _pk(unit)
    if stream is None:
        stream = default_stream(case_type=case_type, case_id=case_id, agency_id=agency_id)
    stream = nfc(stream).strip()
    if not stream or len(stream) > 200:
        raise ValueError("eventlog: stream must be 1..200 characters")
    actor_name = ""
    if isinstance(actor, models.Model):
        actor_name = nfc(actor.get_full_name() if hasattr(actor, "get_full_name") else str(actor))
    payload = normalise_payload(payload if payload is not None else {})
    if not isinstance(payload, dict):
        raise TypeError("eventlog: payload must be a dict")
    # Stored as the database returns it: aware, microsecond precision.
    occurred_at = clock.now().astimezone(dt.UTC)
    due = _aware(due_at)
    due = due.astimezone(dt.UTC) if due is not None else None
    from_state, to_state = nfc(from_state or ""), nfc(to_state or "")
    _check_lengths(
        action=(action, 100),
        case_type=(case_type, 100),
        case_id=(case_id, 64),
        from_state=(from_state, 64),
        to_state=(to_state, 64),
    )

    with transaction.atomic(savepoint=False):
        head = _lock_head(stream)
        event = Event(
            stream=stream,
            seq=head.last_seq + 1,
            occurred_at=occurred_at,
            actor_id=_pk(actor),
            actor_name=actor_name[:150],
            agency_id=agency_id,
            unit_id=unit_id,
            case_type=case_type,
            case_id=case_id,
            action=action,
            from_state=from_state,
            to_state=to_state,
            due_at=due,
            payload=payload,
            prev_hash=head.last_hash,
        )
        event.hash = hash_event(event)
        event.save(force_insert=True)
        updated = StreamHead.objects.filter(
            stream=stream, last_seq=head.last_seq, last_hash=head.last_hash
        ).update(
            last_seq=event.seq,
            last_hash=event.hash,
            mac=head_mac(stream, event.seq, event.hash),
        )
        if updated != 1:  # cannot happen while the row is locked; refuse rather than fork
            raise TransactionManagementError(f"eventlog: stream head {stream!r} moved under lock")
    return event


def record_view(
    *,
    actor: Any,
    case: CaseLike,
    agency: Any = None,
    unit: Any = None,
    payload: dict | None = None,
    action: str = VIEW_ACTION,
    stream: str | None = None,
) -> Event:
    """Log that ``actor`` viewed a protected record (a secret document, a denouncer's identity…).

    A view changes nothing else, so this opens its own transaction when called outside one
    (inside one it joins the caller's).
    """
    with transaction.atomic():
        return record(
            action=action,
            actor=actor,
            agency=agency,
            unit=unit,
            case=case,
            payload=payload,
            stream=stream,
        )
