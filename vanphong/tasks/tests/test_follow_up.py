"""The per-unit follow-up table: what each column counts, the on-time rate at its boundaries,
and the indexed visibility split (access.visible_parts) agreeing with the visibility rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from vanphong.core import clock
from vanphong.org.models import Role
from vanphong.org.testing import login_verified, make_official, make_unit
from vanphong.tasks import access, selectors, services
from vanphong.tasks.models import Task
from vanphong.tasks.tests.builders import at, create, province

pytestmark = pytest.mark.django_db

MARCH = {"start": dt.date(2027, 3, 1), "end": dt.date(2027, 3, 31)}


def _finish(p, task, moment):
    clock.travel_to(moment)
    services.task_propose_completion(p.economy_head, task, result="Đã thực hiện")
    return services.task_accept(p.leader, task)


def _extend(p, task, due_date):
    req = services.task_request_extension(
        p.economy_head, task, due_date=due_date, reason="Chờ số liệu của các sở"
    )
    services.task_decide_extension(p.leader, req, grant=True, note="Đồng ý")
    task.refresh_from_db()
    return task


def _six_tasks(p):
    """a on the deadline moment, b the next morning, c within its extension, d overdue,
    e still in time, f late even after an extension — all due (current deadline) in March."""
    clock.travel_to(at(2027, 3, 1, 9))
    a = create(p, due_date=dt.date(2027, 3, 10))
    b = create(p, due_date=dt.date(2027, 3, 10))
    c = _extend(p, create(p, due_date=dt.date(2027, 3, 12)), dt.date(2027, 3, 26))
    create(p, due_date=dt.date(2027, 3, 12))  # d: never finished
    create(p, due_date=dt.date(2027, 3, 25))  # e: in progress, deadline not reached
    f = _extend(p, create(p, due_date=dt.date(2027, 3, 12)), dt.date(2027, 3, 19))
    _finish(p, a, at(2027, 3, 10, 17, 30))  # the due moment itself: on time
    _finish(p, b, at(2027, 3, 11, 8, 0))  # next working morning: late
    _finish(p, c, at(2027, 3, 20, 9))  # after the original deadline, within the extension
    _finish(p, f, at(2027, 3, 22, 9))  # after the extended deadline
    clock.travel_to(at(2027, 3, 23, 9))


@pytest.mark.rule("TASKS-GIA-HAN")
def test_on_time_rate_counts_finished_and_overdue_tasks_not_those_still_in_time():
    p = province()
    _six_tasks(p)
    [row] = selectors.follow_up_table(p.leader, **MARCH)
    assert (row.total, row.on_time, row.late, row.in_progress, row.overdue) == (6, 2, 2, 1, 1)
    assert row.extended == 2  # c (on time) and f (late) were both extended
    assert row.assessed == 5
    assert row.on_time_rate == 40.0  # 2 × 100 ÷ (2 + 2 + 1)
    total = selectors.follow_up_total([row])
    assert (total.total, total.on_time_rate) == (6, 40.0)


def test_finished_on_the_deadline_day_is_on_time_and_the_rate_waits_for_open_tasks_in_time():
    p = province()
    clock.travel_to(at(2027, 3, 1, 9))
    done = create(p, due_date=dt.date(2027, 3, 10))
    create(p, due_date=dt.date(2027, 3, 25))
    _finish(p, done, at(2027, 3, 10, 16, 0))
    clock.travel_to(at(2027, 3, 12, 9))
    [row] = selectors.follow_up_table(p.leader, **MARCH)
    assert (row.on_time, row.in_progress, row.on_time_rate) == (1, 1, 100.0)
    clock.travel_to(at(2027, 3, 26, 9))  # the open task's deadline has now passed
    [row] = selectors.follow_up_table(p.leader, **MARCH)
    assert (row.on_time, row.overdue, row.on_time_rate) == (1, 1, 50.0)


def test_no_rate_while_nothing_has_a_known_outcome():
    p = province()
    clock.travel_to(at(2027, 3, 1, 9))
    create(p, due_date=dt.date(2027, 3, 25))
    [row] = selectors.follow_up_table(p.leader, **MARCH)
    assert (row.total, row.in_progress, row.assessed, row.on_time_rate) == (1, 1, 0, None)


def test_the_page_shows_the_formula_and_the_rate_over_known_outcomes(client):
    p = province()
    _six_tasks(p)
    login_verified(client, p.leader)
    body = client.get(
        reverse("tasks:follow_up") + "?start=01/03/2027&end=31/03/2027"
    ).content.decode()
    assert 'data-testid="rate-formula"' in body
    assert "Hoàn thành đúng hạn × 100 ÷ (Hoàn thành đúng hạn + Hoàn thành quá hạn" in body
    assert 'data-col="rate" title="2 / 5">40,0%' in body


def test_the_indexed_split_equals_the_visibility_rule_for_every_kind_of_user():
    p = province()
    clock.travel_to(at(2027, 3, 1, 9))
    commune_unit = make_unit(p.commune, name="Công chức Văn phòng - Thống kê")
    commune_leader = make_official(p.commune, roles=(Role.LANH_DAO_UBND,))
    create(
        p,
        due_date=dt.date(2027, 3, 10),
        coordinating_units=[p.culture],
        coordinating_agencies=[p.department],
    )
    create(p, lead_agency=p.commune, lead_unit=None, due_date=dt.date(2027, 3, 11))
    create(p, actor=p.clerk, assigned_by=p.leader, due_date=dt.date(2027, 3, 12))
    create(p, lead_unit=p.culture, due_date=dt.date(2027, 4, 20))  # outside the period
    create(
        p,
        actor=p.commune_staff,
        agency=p.commune,
        assigned_by=commune_leader,
        lead_unit=commune_unit,
        coordinating_agencies=[p.department],
        due_date=dt.date(2027, 3, 15),
    )
    create(
        p,
        actor=commune_leader,
        agency=p.commune,
        lead_agency=p.department,
        lead_unit=None,
        due_date=dt.date(2027, 3, 16),
    )
    # A task of the commune entered long ago by someone who now works in the province.
    moved = create(
        p,
        actor=commune_leader,
        agency=p.commune,
        lead_unit=commune_unit,
        due_date=dt.date(2027, 3, 17),
    )
    Task.objects.filter(pk=moved.pk).update(created_by=p.clerk)
    users = [
        p.leader,
        p.office_leader,
        p.clerk,
        p.economy_head,
        p.economy_staff,
        p.culture_head,
        p.department_staff,
        p.commune_staff,
        commune_leader,
        p.outsider,
    ]
    seen = set()
    for user in users:
        rule = set(
            Task.objects.filter(access.visible_q(user))
            .filter(due_date__gte=MARCH["start"], due_date__lte=MARCH["end"])
            .values_list("pk", flat=True)
        )
        whole, branches = access.visible_parts(
            user, due_date__gte=MARCH["start"], due_date__lte=MARCH["end"]
        )
        whole_ids = set(whole.values_list("pk", flat=True))
        rest_ids = set()
        for qs, prefix in branches:
            rest_ids |= set(qs.values_list(f"{prefix}id", flat=True))
        assert not whole_ids & rest_ids, user
        assert whole_ids | rest_ids == rule, user
        table = selectors.follow_up_table(user, **MARCH)
        assert sum(r.total for r in table) == len(rule), user
        seen.add(len(rule))
    assert len(seen) > 3  # the users really see different sets
    assert 0 in seen  # the outsider
