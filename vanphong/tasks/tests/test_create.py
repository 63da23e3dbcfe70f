"""Creating tasks: the public service other modules call, its checks and deadlines."""

from __future__ import annotations

import datetime as dt

import pytest

from vanphong.core import clock, eventlog
from vanphong.core.deadlines import DeadlineStatus, status_of
from vanphong.core.errors import DomainError
from vanphong.tasks import selectors
from vanphong.tasks.models import Coordinator, SourceKind, Task
from vanphong.tasks.tests.builders import at, create, province

pytestmark = pytest.mark.django_db


@pytest.mark.rule("TASKS-HAN-NGAY-LAM-VIEC")
def test_deadline_in_working_days_skips_weekend_and_ends_at_office_closing():
    p = province()
    clock.travel_to(at(2027, 3, 4, 10))  # Thursday
    task = create(p, due_working_days=3)
    assert task.due_at == at(2027, 3, 9, 17, 30)  # Fri, Mon, Tue
    assert task.limit_working_days == 3
    assert task.assigned_date == dt.date(2027, 3, 4)


def test_deadline_as_a_date_is_the_office_closing_of_that_date():
    p = province()
    clock.travel_to(at(2027, 3, 4, 10))
    task = create(p, due_date=dt.date(2027, 3, 31))
    assert task.due_at == at(2027, 3, 31, 17, 30)
    assert status_of(task) == DeadlineStatus.CHUA_DEN_HAN


@pytest.mark.rule("TASKS-HAN-KHONG-TRUOC-NGAY-GIAO")
def test_deadline_before_the_assignment_date_is_refused_and_nothing_written():
    p = province()
    clock.travel_to(at(2027, 3, 4, 10))
    events = eventlog.events().count()
    with pytest.raises(DomainError) as e:
        create(p, due_date=dt.date(2027, 3, 3))
    assert e.value.code == "due_before_assignment"
    assert e.value.status == 400
    assert "không được trước ngày giao" in e.value.message
    assert Task.objects.count() == 0
    assert eventlog.events().count() == events


def test_exactly_one_deadline_kind_and_one_lead():
    p = province()
    with pytest.raises(DomainError) as e:
        create(p, due_date=dt.date(2030, 1, 1), due_working_days=3)
    assert e.value.code == "deadline_required"
    with pytest.raises(DomainError) as e:
        create(p, lead_agency=p.department, lead_unit=p.economy)
    assert e.value.code == "lead_required"
    with pytest.raises(DomainError) as e:
        create(p, content="   ")
    assert e.value.code == "required"
    assert Task.objects.count() == 0


def test_only_the_assigning_agency_desk_may_create_and_the_assigner_must_lead():
    p = province()
    with pytest.raises(DomainError) as e:
        create(p, actor=p.outsider)
    assert e.value.status == 403
    with pytest.raises(DomainError) as e:
        create(p, actor=p.clerk, assigned_by=p.clerk)
    assert e.value.code == "assigned_by_not_leader"
    # The Office's follow-up officer enters a committee leader's instruction.
    task = create(p, actor=p.clerk, assigned_by=p.leader)
    assert task.assigned_by == p.leader and task.created_by == p.clerk


def test_source_is_a_generic_link_and_for_source_lists_its_tasks():
    p = province()
    source = p.commune  # any saved model instance
    t1 = create(p, source=source, source_label="Kết luận số 12")
    t2 = create(p, source=source, lead_agency=p.department, lead_unit=None)
    create(p)
    assert list(selectors.for_source(source)) == [t1, t2]
    assert t1.source_kind == SourceKind.VAN_BAN
    assert t1.source_label == "Kết luận số 12"
    assert t2.source_label == str(source)
    direct = create(p)
    assert direct.source_kind == SourceKind.CHI_DAO_TRUC_TIEP and direct.source_id is None


def test_coordinators_are_stored_without_the_lead_and_logged():
    p = province()
    task = create(
        p,
        coordinating_units=[p.culture, p.economy, p.culture],
        coordinating_agencies=[p.department, p.commune],
    )
    coords = Coordinator.objects.filter(task=task)
    assert {c.unit_id for c in coords if c.unit_id} == {p.culture.pk}
    assert {c.agency_id for c in coords if c.agency_id} == {p.department.pk, p.commune.pk}
    [event] = eventlog.trail(task)
    assert event.action == "task.create"
    assert event.payload["lead"] == str(p.economy)
