"""Progress, completion, acceptance, send-back and extensions, through the services."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from vanphong.core import clock, eventlog
from vanphong.core.attachments.selectors import attachments_for_case
from vanphong.core.deadlines import DeadlineStatus, status_of
from vanphong.core.errors import DomainError
from vanphong.tasks import selectors, services
from vanphong.tasks.models import ExtensionRequest, TaskReport, TaskState
from vanphong.tasks.tests.builders import at, create, province

pytestmark = pytest.mark.django_db


def pdf(name="bao-cao.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj\n<<>>\nendobj\n%%EOF\n", "application/pdf")


def test_progress_report_with_a_file_then_completion_accepted_on_time():
    p = province()
    clock.travel_to(at(2027, 3, 1, 9))
    task = create(p, due_date=dt.date(2027, 3, 12), coordinating_units=[p.culture])
    report = services.task_report_progress(
        p.culture_head, task, text="Đã phối hợp rà soát số liệu", files=[pdf()]
    )
    assert report.unit == p.culture
    assert [a.original_name for a in attachments_for_case(report)] == ["bao-cao.pdf"]
    clock.travel_to(at(2027, 3, 10, 15))
    task = services.task_propose_completion(p.economy_staff, task, result="Đã có báo cáo số 5")
    assert task.state == TaskState.CHO_DUYET
    clock.travel_to(at(2027, 3, 15, 9))  # accepted after the deadline: the report moment counts
    task = services.task_accept(p.leader, task)
    assert task.state == TaskState.HOAN_THANH
    assert task.finished_at == at(2027, 3, 10, 15)
    assert status_of(task) == DeadlineStatus.HOAN_THANH_TRUOC_HAN
    actions = [e.action for e in eventlog.trail(task) if e.action.startswith("task.")]
    assert actions == ["task.create", "task.progress", "task.propose_completion", "task.accept"]


def test_send_back_reopens_the_task_and_only_the_lead_proposes_completion():
    p = province()
    task = create(p)
    with pytest.raises(DomainError) as e:
        services.task_propose_completion(p.culture_head, task, result="x")
    assert e.value.status == 403
    services.task_propose_completion(p.economy_head, task, result="Xong")
    with pytest.raises(DomainError) as e:
        services.task_accept(p.economy_head, task)
    assert e.value.status == 403
    with pytest.raises(DomainError) as e:
        services.task_send_back(p.leader, task, reason=" ")
    assert e.value.code == "required"
    task = services.task_send_back(p.leader, task, reason="Bổ sung số liệu quý I")
    assert task.state == TaskState.DANG_THUC_HIEN and task.completion_proposed_at is None
    with pytest.raises(DomainError) as e:
        services.task_accept(p.leader, task)
    assert e.value.status == 409


def test_a_report_on_a_closed_task_is_refused_and_nothing_written():
    p = province()
    task = create(p)
    services.task_propose_completion(p.economy_head, task, result="Xong")
    task = services.task_accept(p.leader, task)
    reports, events = TaskReport.objects.count(), eventlog.events().count()
    with pytest.raises(DomainError) as e:
        services.task_report_progress(p.economy_head, task, text="Báo cáo thêm", files=[pdf()])
    assert e.value.status == 409
    assert "đã hoàn thành" in e.value.message
    assert TaskReport.objects.count() == reports
    assert eventlog.events().count() == events


@pytest.mark.rule("TASKS-GIA-HAN")
def test_extension_keeps_the_original_deadline_and_finished_within_it_counts_on_time_and_extended():
    p = province()
    clock.travel_to(at(2027, 3, 1, 9))
    task = create(p, due_date=dt.date(2027, 3, 12))
    req = services.task_request_extension(
        p.economy_head, task, due_date=dt.date(2027, 3, 26), reason="Chờ số liệu của các sở"
    )
    with pytest.raises(DomainError) as e:  # only one pending request
        services.task_request_extension(
            p.economy_head, task, due_date=dt.date(2027, 3, 30), reason="x"
        )
    assert e.value.code == "extension_pending"
    with pytest.raises(DomainError) as e:  # not the assigning leader
        services.task_decide_extension(p.economy_head, req, grant=True)
    assert e.value.status == 403
    req = services.task_decide_extension(p.leader, req, grant=True, note="Đồng ý")
    assert req.state == ExtensionRequest.State.DONG_Y
    task.refresh_from_db()
    assert task.due_at == at(2027, 3, 26, 17, 30)
    assert task.original_due_at == at(2027, 3, 12, 17, 30)
    assert task.extension_count == 1
    clock.travel_to(at(2027, 3, 20, 9))  # after the original deadline, within the extension
    services.task_propose_completion(p.economy_head, task, result="Đã báo cáo")
    task = services.task_accept(p.leader, task)
    assert status_of(task) in (
        DeadlineStatus.HOAN_THANH_TRUOC_HAN,
        DeadlineStatus.HOAN_THANH_DUNG_HAN,
    )
    [row] = selectors.follow_up_table(p.leader, start=dt.date(2027, 3, 1), end=dt.date(2027, 3, 31))
    assert (row.total, row.on_time, row.late, row.extended) == (1, 1, 0, 1)
    assert row.on_time_rate == 100.0


@pytest.mark.rule("TASKS-GIA-HAN")
def test_an_extension_must_be_later_and_a_refusal_needs_a_reason():
    p = province()
    clock.travel_to(at(2027, 3, 1, 9))
    task = create(p, due_date=dt.date(2027, 3, 12))
    with pytest.raises(DomainError) as e:
        services.task_request_extension(
            p.economy_head, task, due_date=dt.date(2027, 3, 12), reason="x"
        )
    assert e.value.code == "extension_not_later"
    assert ExtensionRequest.objects.count() == 0
    req = services.task_request_extension(
        p.economy_head, task, due_date=dt.date(2027, 3, 19), reason="Chờ ý kiến"
    )
    with pytest.raises(DomainError):
        services.task_decide_extension(p.leader, req, grant=False)
    req = services.task_decide_extension(p.leader, req, grant=False, note="Không có căn cứ")
    task.refresh_from_db()
    assert req.state == ExtensionRequest.State.TU_CHOI
    assert task.due_at == at(2027, 3, 12, 17, 30) and task.original_due_at is None


def test_follow_up_table_counts_by_unit_and_status_for_tasks_due_in_the_period():
    p = province()
    clock.travel_to(at(2027, 3, 1, 9))
    on_time = create(p, due_date=dt.date(2027, 3, 10))
    late = create(p, due_date=dt.date(2027, 3, 10))
    overdue = create(p, lead_unit=p.culture, due_date=dt.date(2027, 3, 12))
    create(p, lead_unit=p.culture, due_date=dt.date(2027, 3, 25))  # in progress, in time
    create(p, lead_agency=p.commune, lead_unit=None, due_date=dt.date(2027, 4, 20))  # not due
    services.task_propose_completion(p.economy_head, on_time, result="Xong")
    services.task_accept(p.leader, on_time)
    clock.travel_to(at(2027, 3, 16, 9))
    services.task_propose_completion(p.economy_head, late, result="Xong muộn")
    services.task_accept(p.leader, late)
    assert overdue
    rows = selectors.follow_up_table(p.leader, start=dt.date(2027, 3, 1), end=dt.date(2027, 3, 31))
    by_unit = {r.lead_unit_id: r for r in rows}
    assert set(by_unit) == {p.economy.pk, p.culture.pk}
    kt, vx = by_unit[p.economy.pk], by_unit[p.culture.pk]
    assert (kt.total, kt.on_time, kt.late, kt.in_progress, kt.overdue) == (2, 1, 1, 0, 0)
    assert kt.on_time_rate == 50.0
    assert (vx.total, vx.on_time, vx.late, vx.in_progress, vx.overdue) == (2, 0, 0, 1, 1)
    assert vx.on_time_rate == 0.0  # its overdue task counts; the one in progress does not
