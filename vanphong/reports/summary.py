"""Summary snapshots: compute every figure of an agency's usual periods once, store them, read
them back on the dashboard.

Which periods: for each agency, the NĐ 09/2019 reporting month, quarter, half-year and year
that contain today and the ones before them, each with its :meth:`Scope.previous` (the trend).
A snapshot stores the moment it was computed (``refreshed_at``); the figures read from it carry
that moment (``Value.as_of``) and the drill-down is computed with ``Scope(at=refreshed_at)`` —
the records that had begun, finished or been issued by then — so the list matches the number
unless a record was back-dated or withdrawn after the refresh.
Freshness bound: a snapshot older than ``REPORTS_SUMMARY_MAX_AGE_MINUTES`` (default 30) is not
used and the figures are computed live; the job runs every ``REPORTS_SUMMARY_EVERY_MINUTES``
(default 10, by the scheduler of the deployment: ``manage.py reports_refresh``)."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

from django.conf import settings
from django.db import transaction

from vanphong.core import clock
from vanphong.org.models import Agency, AgencyKind
from vanphong.reports import figures
from vanphong.reports.figures import Scope, Value
from vanphong.reports.models import FigureSnapshot
from vanphong.tasks import periods


def max_age() -> dt.timedelta:
    return dt.timedelta(minutes=int(getattr(settings, "REPORTS_SUMMARY_MAX_AGE_MINUTES", 30)))


def _dump(value) -> str | None:
    return None if value is None else str(value)


def _load(figure: figures.Figure, raw):
    if raw is None:
        return None
    return Decimal(raw) if figure.kind == "percent" else int(raw)


def usual_scopes(agency: Agency, today: dt.date | None = None) -> list[Scope]:
    today = today or clock.today()
    out: list[Scope] = []
    for kind in (periods.MONTH, periods.QUARTER, periods.HALF, periods.YEAR):
        current = periods.period_containing(kind, today)
        before = periods.period_containing(kind, current.start - dt.timedelta(days=1))
        for p in (current, before):
            scope = Scope(p.start, p.end, agency)
            for s in (scope, scope.previous()):
                if s not in out:
                    out.append(s)
    return out


def refresh_scope(scope: Scope) -> FigureSnapshot:
    """Compute and store the snapshot of ``scope`` (agency-wide)."""
    from vanphong.reports import selectors

    begin = time.monotonic()
    moment = clock.now()
    at = Scope(scope.start, scope.end, scope.agency, None, moment)
    values = figures.compute_all(at)
    unit_keys = [f.key for f in figures.all_figures() if f.kind == "count" and f.unit_field]
    per_unit = selectors.per_unit(at, unit_keys)
    with transaction.atomic():
        snap, _ = FigureSnapshot.objects.update_or_create(
            agency=scope.agency,
            start=scope.start,
            end=scope.end,
            defaults={
                "refreshed_at": moment,
                "values": {k: _dump(v.value) for k, v in values.items()},
                "per_unit": {k: {str(u): n for u, n in d.items()} for k, d in per_unit.items()},
                "duration_ms": int((time.monotonic() - begin) * 1000),
            },
        )
    return snap


def refresh(agencies=None, today: dt.date | None = None) -> int:
    """Refresh the usual snapshots of ``agencies`` (default: every agency). Returns how many."""
    if agencies is None:
        agencies = Agency.objects.exclude(kind=AgencyKind.PROVINCE_OFFICE)
    n = 0
    for agency in agencies:
        for scope in usual_scopes(agency, today):
            refresh_scope(scope)
            n += 1
    return n


def snapshot_for(scope: Scope) -> FigureSnapshot | None:
    if scope.unit is not None:
        return None
    snap = (
        FigureSnapshot.objects.filter(agency=scope.agency, start=scope.start, end=scope.end)
        .only("refreshed_at", "values", "per_unit")
        .first()
    )
    if snap is None or snap.refreshed_at < clock.now() - max_age():
        return None
    return snap


def read(scope: Scope, snap: FigureSnapshot | None = None) -> dict[str, Value] | None:
    """The figures of ``scope`` from its snapshot, or None (no fresh snapshot: compute live).
    A figure registered after the snapshot was taken is computed live at the snapshot's
    moment, so the page never lacks a number."""
    snap = snap or snapshot_for(scope)
    if snap is None:
        return None
    out: dict[str, Value] = {}
    missing = []
    for f in figures.all_figures():
        if f.key in snap.values:
            out[f.key] = Value(f, _load(f, snap.values[f.key]), snap.refreshed_at)
        else:
            missing.append(f.key)
    if missing:
        at = Scope(scope.start, scope.end, scope.agency, None, snap.refreshed_at)
        for k, v in figures.compute_all(at, missing).items():
            out[k] = Value(v.figure, v.value, snap.refreshed_at)
    return out


def per_unit(snap: FigureSnapshot, keys) -> dict[str, dict[int, int]] | None:
    if any(k not in snap.per_unit for k in keys):
        return None
    return {k: {int(u): n for u, n in snap.per_unit[k].items()} for k in keys}
