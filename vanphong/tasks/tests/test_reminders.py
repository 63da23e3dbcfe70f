"""Reminders: a configurable number of working days before the deadline, and when it is missed;
each sent once (in-app row and e-mail)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command

from vanphong.core import clock
from vanphong.tasks import selectors, services
from vanphong.tasks.models import Reminder
from vanphong.tasks.tasks import send_reminders
from vanphong.tasks.tests.builders import at, create, province

pytestmark = [pytest.mark.django_db(transaction=False), pytest.mark.rule("TASKS-NHAC-VIEC")]


def run(moment, django_capture_on_commit_callbacks):
    clock.travel_to(moment)
    with django_capture_on_commit_callbacks(execute=True):
        return services.reminders_send()


def test_reminder_two_working_days_before_the_deadline_then_on_the_day_it_is_missed_once_each(
    settings, django_capture_on_commit_callbacks
):
    settings.TASK_REMINDER_WORKING_DAYS = 2
    p = province()
    clock.travel_to(at(2027, 3, 1, 9))
    task = create(p, due_date=dt.date(2027, 3, 12))  # Friday
    assert run(at(2027, 3, 9, 8), django_capture_on_commit_callbacks) == []  # Tue: 3 days left
    [soon] = run(at(2027, 3, 10, 8), django_capture_on_commit_callbacks)  # Wed: Thu, Fri left
    assert soon.kind == Reminder.Kind.SAP_DEN_HAN and soon.task == task
    assert soon.recipients == p.economy_head.email
    assert len(mail.outbox) == 1 and task.code in mail.outbox[0].subject
    assert run(at(2027, 3, 11, 8), django_capture_on_commit_callbacks) == []  # once
    assert run(at(2027, 3, 12, 17, 30), django_capture_on_commit_callbacks) == []  # still on time
    [late] = run(at(2027, 3, 12, 17, 31), django_capture_on_commit_callbacks)
    assert late.kind == Reminder.Kind.QUA_HAN
    assert run(at(2027, 3, 15, 8), django_capture_on_commit_callbacks) == []
    assert len(mail.outbox) == 2
    assert list(selectors.reminders_for(p.economy_head)) == [late, soon]
    assert list(selectors.reminders_for(p.outsider)) == []


def test_the_number_of_working_days_is_configurable_and_weekends_are_skipped(
    settings, django_capture_on_commit_callbacks
):
    settings.TASK_REMINDER_WORKING_DAYS = 3
    p = province()
    clock.travel_to(at(2027, 3, 1, 9))
    create(p, due_date=dt.date(2027, 3, 15))  # Monday
    assert run(at(2027, 3, 9, 8), django_capture_on_commit_callbacks) == []  # Tue
    [r] = run(at(2027, 3, 10, 8), django_capture_on_commit_callbacks)  # Wed + Thu, Fri, Mon
    assert r.kind == Reminder.Kind.SAP_DEN_HAN


def test_an_extension_gives_new_reminders_and_finished_tasks_get_none(
    settings, django_capture_on_commit_callbacks
):
    settings.TASK_REMINDER_WORKING_DAYS = 1
    p = province()
    clock.travel_to(at(2027, 3, 1, 9))
    extended = create(p, due_date=dt.date(2027, 3, 5))
    done = create(p, due_date=dt.date(2027, 3, 5))
    services.task_propose_completion(p.economy_head, done, result="Xong")
    services.task_accept(p.leader, done)
    [r] = run(at(2027, 3, 4, 8), django_capture_on_commit_callbacks)
    assert r.task == extended
    req = services.task_request_extension(
        p.economy_head, extended, due_date=dt.date(2027, 3, 10), reason="Chờ số liệu"
    )
    services.task_decide_extension(p.leader, req, grant=True)
    [r2] = run(at(2027, 3, 9, 8), django_capture_on_commit_callbacks)
    assert r2.task == extended and r2.due_at == at(2027, 3, 10, 17, 30)


@pytest.mark.django_db(transaction=True)
def test_the_background_job_sends_them_through_the_worker():
    p = province()
    clock.travel_to(at(2027, 3, 1, 9))
    create(p, due_date=dt.date(2027, 3, 2))
    clock.travel_to(at(2027, 3, 3, 9))
    result = send_reminders.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    result.refresh()
    assert result.status == "SUCCESSFUL", result.errors
    assert result.return_value == 1
    assert Reminder.objects.filter(kind=Reminder.Kind.QUA_HAN).count() == 1
