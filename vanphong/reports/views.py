"""The leaders' dashboard (trang tổng hợp) and the drill-down behind every number."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, QueryDict
from django.shortcuts import render
from django.utils.translation import gettext as _

from vanphong.core import clock
from vanphong.core.pagination import CappedPaginator
from vanphong.reports import figures, selectors, summary
from vanphong.reports.figures import Scope
from vanphong.reports.forms import ScopeForm


def _scope_from(request) -> tuple[ScopeForm, Scope, str | None]:
    agencies = selectors.dashboard_agencies(request.user)
    if not agencies.exists():
        raise PermissionDenied(_("Chỉ lãnh đạo cơ quan được xem trang tổng hợp."))
    form = ScopeForm(request.GET or None, agencies=agencies, units_of=selectors.units_for)
    if form.is_bound and form.is_valid():
        d = form.cleaned_data
        scope = Scope(d["start"], d["end"], d["co_quan"], d.get("don_vi"))
        label = d["label"]
    else:
        cleaned = ScopeForm({}, agencies=agencies, units_of=selectors.units_for)
        cleaned.is_valid()
        d = cleaned.cleaned_data
        scope = Scope(d["start"], d["end"], d["co_quan"])
        label = d["label"]
    return form, scope, label


def _query(scope: Scope, request) -> str:
    q = QueryDict(mutable=True)
    for name in ("ky", "ngay", "tu", "den"):
        if request.GET.get(name):
            q[name] = request.GET[name]
    q["co_quan"] = scope.agency.pk
    if scope.unit is not None:
        q["don_vi"] = scope.unit.pk
    return q.urlencode()


@login_required
def dashboard(request):
    form, scope, label = _scope_from(request)
    snap = summary.snapshot_for(scope)
    prev_scope = scope.previous()
    prev_snap = summary.snapshot_for(prev_scope) if snap is not None else None
    current = summary.read(scope, snap) if snap else figures.compute_all(scope)
    previous = summary.read(prev_scope, prev_snap) if prev_snap else figures.compute_all(prev_scope)
    at = snap.refreshed_at if snap else None
    drill_scope = Scope(scope.start, scope.end, scope.agency, scope.unit, at)
    units = list(selectors.units_for(scope.agency).select_related("agency"))
    if scope.unit is not None:
        units = [u for u in units if u.pk == scope.unit.pk]
    cached_units = summary.per_unit(snap, _unit_keys()) if snap else None
    groups = selectors.grouped(current, previous)
    task_rows = selectors.tasks_by_unit(drill_scope, units, cached_units)
    ranking = selectors.ranking(drill_scope, units, cached_units)
    query = _query(scope, request)
    charts = _charts(groups, task_rows, ranking)
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "scope": scope,
            "previous_scope": prev_scope,
            "period_label": label,
            "groups": groups,
            "task_rows": task_rows,
            "most_overdue": selectors.most_overdue_tasks(request.user, drill_scope),
            "ranking": ranking,
            "ranking_formula": selectors.RANKING_FORMULA,
            "as_of": at,
            "computed_at": clock.now(),
            "query": query,
            "at_param": at.isoformat() if at else "",
            "charts": charts,
        },
    )


def _unit_keys() -> list[str]:
    return [f.key for f in figures.all_figures() if f.kind == "count" and f.unit_field]


def _charts(groups, task_rows, ranking) -> dict:
    """Chart.js data (each chart also has its table on the page)."""
    out = {"groups": [], "tasks": None, "ranking": None}
    for g in groups:
        rows = [r for r in g.rows if r.figure.kind == "count"]
        if not rows:
            continue
        out["groups"].append(
            {
                "id": f"chart-{g.key}",
                "labels": [str(r.figure.label) for r in rows],
                "current": [r.value or 0 for r in rows],
                "previous": [r.previous or 0 for r in rows],
            }
        )
    if task_rows:
        out["tasks"] = {
            "labels": [r.unit.name for r in task_rows],
            "series": [
                [r.get("tasks.done_on_time") for r in task_rows],
                [r.get("tasks.done_late") for r in task_rows],
                [r.get("tasks.in_progress") for r in task_rows],
                [r.get("tasks.overdue") for r in task_rows],
            ],
        }
    if ranking:
        out["ranking"] = {
            "labels": [r.unit.name for r in ranking],
            "rates": [float(r.rate) if r.rate is not None else 0 for r in ranking],
        }
    return out


def _at(request) -> dt.datetime | None:
    raw = request.GET.get("at")
    if not raw:
        return None
    try:
        moment = dt.datetime.fromisoformat(raw)
    except ValueError as exc:
        raise Http404 from exc
    if moment.tzinfo is None:
        raise Http404
    return clock.local(moment)


@login_required
def drill(request, key: str):
    try:
        figure = figures.get(key)
    except KeyError as exc:
        raise Http404 from exc
    if figure.drill is None:
        raise Http404
    form, scope, label = _scope_from(request)
    at = _at(request)
    scope = Scope(scope.start, scope.end, scope.agency, scope.unit, at)
    qs = selectors.drill_rows(request.user, figure, scope)
    paginator = CappedPaginator(qs, 50)
    page = paginator.get_page(request.GET.get("trang"))
    rows = [
        {"obj": obj, "url": selectors.detail_url(obj), "date": selectors.drill_date(obj)}
        for obj in page.object_list
    ]
    return render(
        request,
        "reports/drill.html",
        {
            "figure": figure,
            "scope": scope,
            "period_label": label,
            "page": page,
            "rows": rows,
            "as_of": at,
            "query": _query(scope, request),
            "at_param": request.GET.get("at", ""),
            "model_label": selectors.model_label(qs.model),
        },
    )
