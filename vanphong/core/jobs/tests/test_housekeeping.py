"""Job housekeeping: jobs stuck in "running" fail with a Vietnamese message; old result files
are deleted (row and trail kept); the worker runs it at most once per interval."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.management import CommandError, call_command

from vanphong.core import clock, eventlog
from vanphong.core.attachments.models import Attachment
from vanphong.core.attachments.services import storage
from vanphong.core.errors import DomainError
from vanphong.core.jobs import services
from vanphong.core.jobs.models import Job, JobState
from vanphong.core.jobs.tests.test_jobs import sample_job
from vanphong.org.testing import make_agency, make_official

pytestmark = pytest.mark.django_db

START = dt.datetime(2026, 3, 10, 9, 0)


@pytest.fixture
def owner():
    clock.travel_to(START)
    return make_official(make_agency())


def _job(owner, n=1):
    job = services.job_enqueue(
        acting_user=owner, runner=sample_job, agency=owner.agency, title="Sổ", parameters={"n": n}
    )
    return job


def test_stuck_running_job_marked_failed_with_message(owner, client):
    stuck = _job(owner)
    services._mark_running(stuck.pk)
    clock.travel_to(START + dt.timedelta(minutes=100))
    recent = _job(owner)
    services._mark_running(recent.pk)
    queued = _job(owner)
    assert services.housekeep(stuck_minutes=120, result_days=30) == {"stuck": 0, "deleted": 0}
    clock.travel_to(START + dt.timedelta(minutes=121))
    assert services.housekeep(stuck_minutes=120, result_days=30)["stuck"] == 1
    states = dict(Job.objects.values_list("pk", "state"))
    assert states == {
        stuck.pk: JobState.FAILED,
        recent.pk: JobState.RUNNING,
        queued.pk: JobState.QUEUED,
    }
    stuck.refresh_from_db()
    assert "quá 120 phút" in stuck.message and stuck.finished_at is not None
    fail = eventlog.trail(stuck).get(action="jobs.fail")
    assert fail.payload["code"] == "stuck"
    # The owner's page shows the reason.
    client.force_login(owner)
    assert "quá 120 phút" in client.get(stuck.get_absolute_url()).content.decode()
    # A stuck job whose worker comes back later does not run twice.
    assert services.run(stuck.pk) == JobState.FAILED


def test_old_result_files_deleted_rows_and_trail_kept(
    owner, client, django_capture_on_commit_callbacks
):
    old = _job(owner)
    services.run(old.pk)
    clock.travel_to(START + dt.timedelta(days=20))
    fresh = _job(owner)
    services.run(fresh.pk)
    old.refresh_from_db()
    path, att_id = old.result.storage_path, old.result_id
    assert storage().exists(path)
    clock.travel_to(START + dt.timedelta(days=31))
    with django_capture_on_commit_callbacks(execute=True):
        counts = services.housekeep(stuck_minutes=120, result_days=30)
    assert counts == {"stuck": 0, "deleted": 1}
    old.refresh_from_db()
    fresh.refresh_from_db()
    assert old.result is None and old.state == JobState.DONE and "30 ngày" in old.message
    assert not Attachment.objects.filter(pk=att_id).exists() and not storage().exists(path)
    assert fresh.result is not None and storage().exists(fresh.result.storage_path)
    assert eventlog.trail(old).filter(action="jobs.result_deleted").exists()
    with pytest.raises(DomainError) as exc:
        services.job_result(acting_user=owner, job=old)
    assert exc.value.code == "result_deleted" and exc.value.status == 410
    client.force_login(owner)
    page = client.get(old.get_absolute_url()).content.decode()
    assert "30 ngày" in page and 'data-testid="job-download"' not in page
    assert client.get(old.download_url).status_code == 404
    assert services.housekeep(stuck_minutes=120, result_days=30)["deleted"] == 0


def test_command_and_worker_trigger(owner, settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    settings.JOBS_STUCK_MINUTES = 30
    job = _job(owner)
    services._mark_running(job.pk)
    clock.travel_to(START + dt.timedelta(minutes=31))
    out = io.StringIO()
    call_command("jobs_housekeeping", stdout=out)
    assert "1 stuck job(s)" in out.getvalue()
    assert Job.objects.get(pk=job.pk).state == JobState.FAILED
    with pytest.raises(CommandError):
        call_command("jobs_housekeeping", "--result-days", "0")
    # The worker's task runs housekeeping once per interval, not after every job.
    from django.core.cache import cache

    from vanphong.core.jobs.tasks import run_job

    cache.delete(services._HOUSEKEEPING_KEY)
    second = _job(owner)
    services._mark_running(second.pk)
    clock.travel_to(START + dt.timedelta(minutes=70))
    third = _job(owner)
    run_job.call(third.pk)
    assert Job.objects.get(pk=second.pk).state == JobState.FAILED  # housekept by the worker
    fourth = _job(owner)
    services._mark_running(fourth.pk)
    clock.travel_to(START + dt.timedelta(minutes=120))
    run_job.call(_job(owner).pk)
    assert Job.objects.get(pk=fourth.pk).state == JobState.RUNNING  # not due again yet
