"""Statistics from the fact columns; a rebuild from the event log gives the same figures."""

from __future__ import annotations

import pytest

from vanphong.core import clock
from vanphong.onestop import facts, services, statistics
from vanphong.onestop.models import Dossier
from vanphong.onestop.testing import at, office, procedure_for, process_to_last_step, receive

pytestmark = pytest.mark.django_db


def _month(o, **kw):
    return statistics.Filters(
        start=at(2026, 3, 1, 0), end=at(2026, 4, 1, 0), agency=o.agency.pk, **kw
    )


@pytest.fixture
def scenario():
    clock.travel_to(at(2026, 1, 5, 8))
    o = office()
    proc = procedure_for(o)  # 3 days
    spot = procedure_for(o, five_on_the_spot=True)
    # February, still open on 1 March: carried over.
    clock.travel_to(at(2026, 2, 26, 9))
    carried = receive(o, proc)
    clock.travel_to(at(2026, 3, 9, 9))
    early = receive(o, proc)
    on_time = receive(o, proc)
    late = receive(o, proc)
    online = services.dossier_receive(
        acting_user=None,
        procedure=proc,
        applicant={"name": "Vũ Minh Khang"},
        receiving_agency=o.agency,
        channel="truc_tuyen",
        portal_code="G22-1",
    )
    refused = receive(o, proc)
    stopped = receive(o, proc)
    waiting = receive(o, proc)
    on_spot = receive(o, spot)
    for d in (early, on_time, late, carried, on_spot):
        process_to_last_step(o, d)
    clock.travel_to(at(2026, 3, 9, 11))
    services.dossier_record_result(acting_user=o.leader_b, dossier=on_spot, outcome="chap_thuan")
    services.dossier_refuse(acting_user=o.desk, dossier=refused, reason="Không đủ điều kiện")
    services.dossier_stop(acting_user=o.desk, dossier=stopped, reason="Người nộp xin rút")
    services.dossier_request_supplement(
        acting_user=o.desk, dossier=waiting, items=["Bản sao giấy khai sinh"], reason="Thiếu"
    )
    clock.travel_to(at(2026, 3, 11, 9))
    services.dossier_record_result(acting_user=o.leader_b, dossier=early, outcome="chap_thuan")
    clock.travel_to(at(2026, 3, 12, 8))
    services.dossier_record_result(acting_user=o.leader_b, dossier=on_time, outcome="chap_thuan")
    clock.travel_to(at(2026, 3, 13, 9))
    services.dossier_record_result(
        acting_user=o.leader_b, dossier=late, outcome="khong_chap_thuan", note="Không đủ điều kiện"
    )
    early.refresh_from_db()
    services.dossier_return_result(acting_user=o.desk, dossier=early)
    services.dossier_rate(code=early.code, pin=early.pin, rating="rat_hai_long")
    services.dossier_rate(code=late.code, pin=late.pin, rating="khong_hai_long")
    return o, online


@pytest.mark.rule("ND118-THONG-KE")
def test_figures_of_the_month_and_a_rebuild_from_the_event_log_gives_the_same(scenario):
    o, _online = scenario
    clock.travel_to(at(2026, 4, 2, 9))
    figures = statistics.compute(Dossier.objects.all(), _month(o))
    expected = {
        "received_new": 8,
        "received_online": 1,
        "carried_over": 1,
        "settled_early": 2,  # early + on the spot
        "settled_on_time": 1,
        "settled_late": 1,
        "in_progress_in_time": 0,
        "in_progress_overdue": 2,  # carried, online (never processed)
        "waiting_supplement": 1,
        "supplement": 1,
        "refused": 1,
        "stopped": 1,
        "five_spot_total": 1,
        "five_spot_done": 1,
        "rated_very": 1,
        "rated_ok": 0,
        "rated_not": 1,
    }
    assert {k: figures[k] for k in expected} == expected
    assert figures["on_time_rate"] == 75.0
    assert figures["satisfaction_rate"] == 50.0
    # Wipe the fact columns, rebuild from the event log: identical figures.
    stored = {d.pk: facts.stored(d) for d in Dossier.objects.all()}
    Dossier.objects.update(
        fact_online=False,
        fact_due_at=None,
        fact_timeliness="",
        fact_settled_at=None,
        fact_closed_at=None,
        fact_rating="",
        fact_rated_at=None,
        fact_supplement_at=None,
        fact_supplement_count=0,
        fact_waiting_since=None,
        fact_refused_at=None,
        fact_stopped_at=None,
        fact_on_the_spot=False,
    )
    assert statistics.compute(Dossier.objects.all(), _month(o)) != figures
    facts.rebuild()
    assert {d.pk: facts.stored(d) for d in Dossier.objects.all()} == stored
    assert statistics.compute(Dossier.objects.all(), _month(o)) == figures
    assert facts.rebuild() == 0


def test_statistics_query_count_is_constant(scenario, django_assert_num_queries):
    o, _online = scenario
    with django_assert_num_queries(1):
        statistics.compute(Dossier.objects.all(), _month(o))
    with django_assert_num_queries(2):  # the figures, then the procedures' codes and names
        rows = statistics.by_procedure(Dossier.objects.all(), _month(o))
    assert sum(r["received_new"] for r in rows) == 8


@pytest.mark.rule("ND118-THONG-KE")
def test_only_dossiers_alive_in_the_period_are_read_and_the_figures_are_the_same(scenario):
    """scope() narrows to the dossiers whose span (receipt .. closing or rating) overlaps the
    period (a GiST index on PostgreSQL): for any period the figures equal those of an
    aggregate over every dossier, and report() totals equal compute()."""
    o, _online = scenario
    clock.travel_to(at(2026, 4, 2, 9))
    periods = [
        (at(2026, 2, 1, 0), at(2026, 3, 1, 0)),
        (at(2026, 3, 1, 0), at(2026, 4, 1, 0)),
        (at(2026, 3, 9, 0), at(2026, 3, 10, 0)),
        (at(2026, 3, 12, 0), at(2026, 3, 14, 0)),  # ratings after the closing of "early"
        (at(2026, 3, 13, 9), at(2026, 3, 13, 10)),  # starts exactly at closings
        (at(2026, 1, 1, 0), at(2026, 12, 31, 0)),
        (at(2025, 1, 1, 0), at(2025, 2, 1, 0)),  # before anything
        (at(2026, 5, 1, 0), at(2026, 6, 1, 0)),  # after: only the open ones
    ]
    seen_rating_only = False
    for start, end in periods:
        f = statistics.Filters(start=start, end=end, agency=o.agency.pk)
        everything = (
            Dossier.objects.filter(agency_id=o.agency.pk)
            .order_by()
            .aggregate(**statistics.expressions(start, end))
        )
        figures = statistics.compute(Dossier.objects.all(), f)
        assert {k: figures[k] for k in everything} == everything, (start, end)
        totals, rows = statistics.report(Dossier.objects.all(), f)
        assert totals == figures, (start, end)
        if everything["rated_very"] and not everything["settled_early"]:
            seen_rating_only = True
    assert seen_rating_only
    # A period after the last event still sees the open dossiers (carried over).
    later = statistics.Filters(start=at(2026, 5, 1, 0), end=at(2026, 6, 1, 0), agency=o.agency.pk)
    assert statistics.compute(Dossier.objects.all(), later)["carried_over"] == 3
