"""Per-dossier fact columns, and their rebuild from the event log.

The services write the ``fact_*`` columns in the same transaction as the events; the
statistics read only those columns (one aggregate query). :func:`replay` derives the same
values from a dossier's events alone, so :func:`rebuild` can recompute them (after a fix of a
formula, or to audit them): a test checks that a rebuild gives the same figures.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from vanphong.onestop.models import Dossier

FACT_FIELDS = (
    "fact_online",
    "fact_due_at",
    "fact_apologised",
    "fact_supplement_at",
    "fact_supplement_count",
    "fact_waiting_since",
    "fact_settled_at",
    "fact_timeliness",
    "fact_on_the_spot",
    "fact_refused_at",
    "fact_stopped_at",
    "fact_closed_at",
    "fact_rating",
    "fact_rated_at",
)


def empty() -> dict:
    return {
        "fact_online": False,
        "fact_due_at": None,
        "fact_apologised": False,
        "fact_supplement_at": None,
        "fact_supplement_count": 0,
        "fact_waiting_since": None,
        "fact_settled_at": None,
        "fact_timeliness": "",
        "fact_on_the_spot": False,
        "fact_refused_at": None,
        "fact_stopped_at": None,
        "fact_closed_at": None,
        "fact_rating": "",
        "fact_rated_at": None,
    }


def _moment(value) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


def replay(events) -> dict:
    """The fact values implied by one dossier's events (oldest first)."""
    f = empty()
    for ev in events:
        action = ev.action.removeprefix("onestop.")
        p = ev.payload or {}
        if action == "receive":
            f["fact_online"] = bool(p.get("online"))
            f["fact_due_at"] = _moment(p.get("due_at"))
        elif action == "supplement_request":
            f["fact_supplement_at"] = f["fact_supplement_at"] or _moment(p.get("at"))
            f["fact_supplement_count"] += 1
            f["fact_waiting_since"] = _moment(p.get("at"))
        elif action == "supplement_received":
            f["fact_due_at"] = _moment(p.get("due_at"))
            f["fact_waiting_since"] = None
        elif action == "apology":
            f["fact_apologised"] = True
        elif action == "result":
            f["fact_settled_at"] = f["fact_closed_at"] = _moment(p.get("settled_at"))
            f["fact_timeliness"] = p.get("timeliness", "")
            f["fact_on_the_spot"] = bool(p.get("on_the_spot"))
        elif action == "refuse":
            f["fact_refused_at"] = f["fact_closed_at"] = _moment(p.get("at"))
        elif action == "stop":
            f["fact_stopped_at"] = f["fact_closed_at"] = _moment(p.get("at"))
        elif action == "rate":
            f["fact_rating"] = p.get("rating", "")
            f["fact_rated_at"] = ev.occurred_at
    return f


def stored(dossier: Dossier) -> dict:
    return {name: getattr(dossier, name) for name in FACT_FIELDS}


@transaction.atomic
def rebuild(qs=None, *, batch: int = 500) -> int:
    """Recompute the fact columns of ``qs`` (default: every dossier) from the event log."""
    from vanphong.core.eventlog.models import Event

    qs = (qs if qs is not None else Dossier.objects.all()).order_by("pk")
    changed = 0
    ids = list(qs.values_list("pk", flat=True))
    case_type = "onestop.dossier"
    for start in range(0, len(ids), batch):
        chunk = ids[start : start + batch]
        events: dict[str, list] = {}
        for ev in Event.objects.filter(
            case_type=case_type,
            case_id__in=[str(i) for i in chunk],
            action__startswith="onestop.",
        ).order_by("occurred_at", "seq", "id"):
            events.setdefault(ev.case_id, []).append(ev)
        rows = []
        for dossier in Dossier.objects.filter(pk__in=chunk):
            values = replay(events.get(str(dossier.pk), []))
            if values != stored(dossier):
                changed += 1
            for name, value in values.items():
                setattr(dossier, name, value)
            rows.append(dossier)
        Dossier.objects.bulk_update(rows, FACT_FIELDS)
    return changed
