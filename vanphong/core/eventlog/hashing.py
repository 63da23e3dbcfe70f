"""Canonical serialisation and keyed hashes of the event log (no model imports here).

Canonical form: JSON with sorted keys, no spaces, UTF-8, strings in Unicode NFC, datetimes as ISO
8601 (event columns in UTC with microseconds; payload datetimes in Vietnam time), integral floats
as integers (PostgreSQL ``jsonb`` would otherwise change ``1.0`` or ``1e20`` on the way back).
Values are normalised once, when written; verification hashes exactly what the database returns,
so a later edit — even one that only changes the Unicode normal form — breaks the hash.
"""

from __future__ import annotations

import datetime as dt
import decimal
import enum
import hashlib
import hmac
import json
import math
import unicodedata
import uuid
from typing import Any

HASH_VERSION = 1


def nfc(value: str) -> str:
    return unicodedata.normalize("NFC", str(value))


def normalise_payload(value: Any, _path: str = "payload") -> Any:
    """A JSON-native, canonical copy of ``value``; TypeError/ValueError for what cannot be stored.

    Accepted: None, bool, int, finite float, str, date/datetime/time, Decimal, UUID, enums,
    lists/tuples and dicts (keys become NFC strings).
    """
    from vanphong.core import clock

    if value is None or isinstance(value, bool):
        return value
    if isinstance(value, enum.Enum):
        return normalise_payload(value.value, _path)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        if not math.isfinite(value):
            raise ValueError(f"{_path}: số không hữu hạn không ghi được vào sổ sự kiện")
        return int(value) if value.is_integer() else value
    if isinstance(value, str):
        text = nfc(value)
        if "\x00" in text:
            raise ValueError(f"{_path}: ký tự NUL không ghi được vào sổ sự kiện")
        return text
    if isinstance(value, dt.datetime):
        return clock.local(value).isoformat()
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        if not value.is_finite():
            raise ValueError(f"{_path}: số không hữu hạn không ghi được vào sổ sự kiện")
        return str(value)
    if isinstance(value, uuid.UUID):
        return str(value)
    if isinstance(value, list | tuple):
        return [normalise_payload(item, f"{_path}[{i}]") for i, item in enumerate(value)]
    if isinstance(value, dict):
        out: dict[str, Any] = {}
        for key, item in value.items():
            if not isinstance(key, str | int) or isinstance(key, bool):
                raise TypeError(f"{_path}: khóa {key!r} phải là chuỗi")
            k = normalise_payload(str(key), _path)
            if k in out:
                raise ValueError(f"{_path}: khóa {k!r} bị trùng sau khi chuẩn hóa")
            out[k] = normalise_payload(item, f"{_path}.{k}")
        return out
    raise TypeError(f"{_path}: kiểu {type(value).__name__} không ghi được vào sổ sự kiện")


def canonical_json(value: Any) -> bytes:
    return json.dumps(
        value, sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
    ).encode("utf-8")


def iso_utc(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    return moment.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _key() -> bytes:
    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    key = getattr(settings, "EVENTLOG_ANCHOR_KEY", "")
    if not key:
        raise ImproperlyConfigured("EVENTLOG_ANCHOR_KEY is empty: the event log cannot be signed.")
    return key.encode("utf-8")


def sign(value: Any) -> str:
    """HMAC-SHA256 (hex) of the canonical JSON of ``value`` with the anchor key."""
    return hmac.new(_key(), canonical_json(value), hashlib.sha256).hexdigest()


def verify_signature(value: Any, signature: str) -> bool:
    return hmac.compare_digest(sign(value), signature or "")


def event_content(
    *,
    stream: str,
    seq: int,
    occurred_at: dt.datetime,
    actor_id: int | None,
    actor_name: str,
    agency_id: int | None,
    unit_id: int | None,
    case_type: str,
    case_id: str,
    action: str,
    from_state: str,
    to_state: str,
    due_at: dt.datetime | None,
    payload: Any,
    prev_hash: str,
) -> dict[str, Any]:
    """Everything an event's hash covers, as a canonical dict (``id`` is not known before the
    insert; ``stream`` + ``seq`` identify the row instead)."""
    return {
        "v": HASH_VERSION,
        "stream": stream,
        "seq": seq,
        "occurred_at": iso_utc(occurred_at),
        "actor_id": actor_id,
        "actor_name": actor_name,
        "agency_id": agency_id,
        "unit_id": unit_id,
        "case_type": case_type,
        "case_id": case_id,
        "action": action,
        "from_state": from_state,
        "to_state": to_state,
        "due_at": iso_utc(due_at),
        "payload": payload,
        "prev_hash": prev_hash,
    }


def hash_event(event: Any) -> str:
    """The keyed hash an Event row must carry (computed from its stored values)."""
    return sign(
        event_content(
            stream=event.stream,
            seq=event.seq,
            occurred_at=event.occurred_at,
            actor_id=event.actor_id,
            actor_name=event.actor_name,
            agency_id=event.agency_id,
            unit_id=event.unit_id,
            case_type=event.case_type,
            case_id=event.case_id,
            action=event.action,
            from_state=event.from_state,
            to_state=event.to_state,
            due_at=event.due_at,
            payload=event.payload,
            prev_hash=event.prev_hash,
        )
    )


def head_mac(stream: str, last_seq: int, last_hash: str) -> str:
    return sign({"v": HASH_VERSION, "head": stream, "last_seq": last_seq, "last_hash": last_hash})
