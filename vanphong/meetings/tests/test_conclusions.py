"""After the meeting: the conclusion notice issued through the documents module, then each
conclusion item becomes a task in ONE step, linked to the meeting; the page shows each task."""

from __future__ import annotations

import types

import pytest

from vanphong.core import clock, eventlog
from vanphong.core.errors import DomainError
from vanphong.meetings import receivers, services
from vanphong.meetings.models import DocumentPurpose, MeetingDocument
from vanphong.meetings.tests.builders import at, meeting, world
from vanphong.tasks import selectors as task_selectors
from vanphong.tasks.models import Task

pytestmark = [pytest.mark.django_db, pytest.mark.rule("MEETINGS-KETLUAN-NHIEMVU")]


@pytest.fixture(autouse=True)
def _today():
    clock.travel_to(at(2026, 7, 6, 10))


def _held_with_conclusions(w):
    m = meeting(w, people=[w.chief], schedule=True)
    clock.travel_to(at(2026, 7, 8, 11))
    services.minutes_save(w.clerk, m, text="Biên bản họp")
    a = services.conclusion_add(
        w.clerk,
        m,
        content="Tổng hợp báo cáo giải ngân",
        lead_unit=w.economy,
        due_date=at(2026, 7, 20).date(),
    )
    b = services.conclusion_add(
        w.clerk,
        m,
        content="Bố trí vốn đối ứng",
        lead_agency=w.committee,
        due_date=at(2026, 7, 31).date(),
    )
    return m, a, b


def _issue_stub(m, number="15/TB-UBND"):
    """What the documents module does when its clerk issues the notice: the signal."""
    record = MeetingDocument.objects.create(
        meeting=m, purpose=DocumentPurpose.CONCLUSION, document_id=910000 + m.pk, trich_yeu="TB"
    )
    doc = types.SimpleNamespace(pk=record.document_id, code=number, issued_at=clock.now())
    receivers.on_outgoing_issued(sender=None, document=doc)
    return record


def test_each_conclusion_becomes_a_task_in_one_step_linked_to_the_meeting(client):
    w = world()
    m, a, b = _held_with_conclusions(w)
    with pytest.raises(DomainError) as excinfo:
        services.conclusions_to_tasks(w.clerk, m)
    assert excinfo.value.code == "notice_not_issued"
    assert Task.objects.count() == 0
    record = _issue_stub(m)
    record.refresh_from_db()
    assert record.number == "15/TB-UBND" and record.issued_at is not None
    assert eventlog.trail(m).filter(action="meetings.conclusion_issued").exists()
    tasks = services.conclusions_to_tasks(w.clerk, m)
    assert len(tasks) == 2
    a.refresh_from_db()
    b.refresh_from_db()
    ta = task_selectors.for_source(a).get()
    tb = task_selectors.for_source(b).get()
    assert (a.task_id, b.task_id) == (ta.pk, tb.pk)
    assert ta.lead_unit == w.economy and tb.lead_agency == w.committee
    assert ta.assigned_by == w.chairman and ta.agency == w.committee
    assert "15/TB-UBND" in ta.source_label
    assert clock.local(ta.due_at).date() == at(2026, 7, 20).date()
    with pytest.raises(DomainError) as excinfo:
        services.conclusions_to_tasks(w.clerk, m)
    assert excinfo.value.code == "no_new_tasks"
    assert Task.objects.count() == 2
    client.force_login(w.clerk)
    page = client.get(f"/cuoc-hop/{m.pk}/").content.decode()
    assert page.count('data-testid="task-status"') == 2
    assert "Chưa giao" not in page
    assert ta.get_state_display() in page


def test_task_creation_is_all_or_nothing(client):
    w = world()
    m, a, b = _held_with_conclusions(w)
    _issue_stub(m)
    w.committee.is_active = False  # the second lead is no longer valid
    w.committee.save()
    with pytest.raises(DomainError):
        services.conclusions_to_tasks(w.clerk, m)
    assert Task.objects.count() == 0
    a.refresh_from_db()
    assert a.task_id is None


def test_conclusion_needs_exactly_one_lead_and_no_more_after_the_notice():
    w = world()
    m, a, b = _held_with_conclusions(w)
    with pytest.raises(DomainError) as excinfo:
        services.conclusion_add(
            w.clerk, m, content="Hai chủ trì", lead_unit=w.economy, lead_agency=w.committee
        )
    assert excinfo.value.code == "lead_required"
    _issue_stub(m)
    with pytest.raises(DomainError) as excinfo:
        services.conclusion_add(w.clerk, m, content="Muộn", lead_unit=w.economy)
    assert excinfo.value.code == "notice_drafted"


def test_an_unrelated_issued_document_is_ignored():
    w = world()
    m, a, b = _held_with_conclusions(w)
    doc = types.SimpleNamespace(pk=123456789, code="1/CV", issued_at=clock.now())
    assert receivers.on_outgoing_issued(sender=None, document=doc) is None
    assert not MeetingDocument.objects.exists()
