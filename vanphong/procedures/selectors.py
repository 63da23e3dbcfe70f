"""Reads of the procedure catalogue: the public list, one procedure, its versions."""

from __future__ import annotations

import datetime as dt

from django.db.models import Prefetch, QuerySet

from vanphong.core import clock, search
from vanphong.procedures.models import (
    Procedure,
    ProcedureComponent,
    ProcedureStep,
    ProcedureVersion,
)


def public_procedures() -> QuerySet[Procedure]:
    """What citizens see: published procedures still in force."""
    return Procedure.objects.filter(is_active=True, published_at__isnull=False)


def catalogue(
    qs: QuerySet[Procedure] | None = None,
    *,
    q: str = "",
    field: int | None = None,
    level: str = "",
    agency: int | None = None,
    online_level: str = "",
) -> QuerySet[Procedure]:
    """``qs`` (default: the public catalogue) searched (any accents) and filtered, for a list
    page: field and agency joined, so a page costs a constant number of queries."""
    qs = public_procedures() if qs is None else qs
    if field:
        qs = qs.filter(field_id=field)
    if level:
        qs = qs.filter(level=level)
    if agency:
        qs = qs.filter(competent_agency_id=agency)
    if online_level:
        qs = qs.filter(online_level=online_level)
    qs = qs.select_related("field", "competent_agency").order_by("code")
    if q.strip():
        qs = search.search(qs, q)
    return qs


def public_detail(code: str) -> Procedure | None:
    """A public procedure by code, with what its page shows, or None."""
    return (
        public_procedures()
        .select_related("field", "competent_agency", "implementing_agency")
        .prefetch_related(
            "fees",
            Prefetch("components", queryset=ProcedureComponent.objects.select_related("template")),
        )
        .filter(code=(code or "").strip().upper())
        .first()
    )


def steps_of(procedure: Procedure) -> QuerySet[ProcedureStep]:
    return procedure.steps.select_related("unit")


def version(procedure: Procedure, number: int) -> ProcedureVersion | None:
    return procedure.versions.filter(number=number).first()


def version_in_force(
    procedure: Procedure, at: dt.datetime | None = None
) -> ProcedureVersion | None:
    """The version a dossier received at ``at`` (default now) is bound to."""
    at = at or clock.now()
    return procedure.versions.filter(valid_from__lte=at).order_by("-number").first()
