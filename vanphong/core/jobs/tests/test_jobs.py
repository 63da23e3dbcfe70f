from __future__ import annotations

import datetime as dt

import pytest

from vanphong.core import clock, eventlog
from vanphong.core.errors import DomainError
from vanphong.core.jobs import registry, services
from vanphong.core.jobs.links import url_for
from vanphong.core.jobs.models import Job, JobState
from vanphong.org.testing import make_agency, make_official

pytestmark = pytest.mark.django_db

SEEN: list[tuple[int, int]] = []


@registry.job_kind("tests.sample")
def sample_job(job, progress) -> registry.Output:
    n = job.parameters["n"]
    progress.start(n)
    for _ in range(n):
        progress.advance()
        SEEN.append(tuple(Job.objects.filter(pk=job.pk).values_list("done", "total").get()))
    if job.parameters.get("refuse"):
        raise DomainError("forbidden", "Bạn không còn quyền xem sổ này.", status=403)
    if job.parameters.get("crash"):
        raise RuntimeError("boom")
    return registry.Output(name="ket-qua.txt", content=b"xin chao\n" * n, kinds=("txt",))


@pytest.fixture
def people():
    clock.travel_to(dt.datetime(2026, 3, 10, 9, 0))
    agency = make_agency()
    return make_official(agency), make_official(agency)


def _enqueue(user, **params):
    return services.job_enqueue(
        acting_user=user, runner=sample_job, agency=user.agency, title="Thử", parameters=params
    )


def test_enqueue_queues_the_task_on_commit_and_runs(
    people, settings, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    owner, _ = people
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        job = _enqueue(owner, n=3)
        assert Job.objects.get(pk=job.pk).state == JobState.QUEUED
    assert callbacks  # queued only once the transaction commits
    job.refresh_from_db()
    assert job.state == JobState.DONE
    assert (job.done, job.total, job.percent) == (3, 3, 100)
    assert job.task_id
    assert job.result.original_name == "ket-qua.txt"
    assert int(job.result.case_id) == job.pk
    actions = [e.action for e in eventlog.trail(job)]
    assert actions[0] == "jobs.enqueue"
    assert "jobs.start" in actions and actions[-1] == "jobs.done"


def test_progress_is_visible_while_running(people, monkeypatch):
    monkeypatch.setattr(services, "PROGRESS_INTERVAL", 0)
    owner, _ = people
    job = _enqueue(owner, n=4)
    SEEN.clear()
    assert services.run(job.pk) == JobState.DONE
    assert SEEN == [(1, 4), (2, 4), (3, 4), (4, 4)]


def test_domain_refusal_fails_with_its_vietnamese_message(people):
    owner, _ = people
    job = _enqueue(owner, n=1, refuse=True)
    assert services.run(job.pk) == JobState.FAILED
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert job.message == "Bạn không còn quyền xem sổ này."
    assert job.result is None and job.finished_at is not None
    assert [e.action for e in eventlog.trail(job)][-1] == "jobs.fail"


def test_unexpected_error_fails_with_generic_message(people):
    owner, _ = people
    job = _enqueue(owner, n=1, crash=True)
    services.run(job.pk)
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "lỗi hệ thống" in job.message
    assert "boom" not in job.message


def test_a_job_runs_once(people):
    owner, _ = people
    job = _enqueue(owner, n=1)
    assert services.run(job.pk) == JobState.DONE
    assert services.run(job.pk) == JobState.DONE
    from vanphong.core.attachments.models import Attachment

    assert Attachment.objects.filter(agency=owner.agency).count() == 1


def test_unregistered_runner_is_refused(people):
    owner, _ = people
    with pytest.raises(LookupError):
        services.job_enqueue(
            acting_user=owner, runner=lambda j, p: None, agency=owner.agency, title="x"
        )
    assert Job.objects.count() == 0


def test_pages_progress_and_download_only_for_owner(client, people):
    owner, other = people
    job = _enqueue(owner, n=2)
    client.force_login(owner)
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200
    body = page.content.decode()
    assert 'hx-trigger="every 1s"' in body and "Đang chờ" in body
    assert client.get(job.download_url).status_code == 404  # not ready yet
    services.run(job.pk)
    part = client.get(url_for("progress", job.pk)).content.decode()
    assert "every 1s" not in part  # polling stops
    assert "Tải về ket-qua.txt" in part
    download = client.get(job.download_url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"xin chao\n" * 2
    assert "jobs.download" in [e.action for e in eventlog.trail(job)]

    client.force_login(other)
    assert client.get(job.get_absolute_url()).status_code == 404
    assert client.get(url_for("progress", job.pk)).status_code == 404
    assert client.get(job.download_url).status_code == 403
    with pytest.raises(DomainError) as exc:
        services.job_result(acting_user=other, job=job)
    assert exc.value.status == 403
    client.logout()
    assert client.get(job.download_url).status_code == 302  # to the sign-in page


def test_failed_job_page_shows_the_message(client, people):
    owner, _ = people
    job = _enqueue(owner, n=1, refuse=True)
    services.run(job.pk)
    client.force_login(owner)
    body = client.get(job.get_absolute_url()).content.decode()
    assert "Thất bại" in body and "Bạn không còn quyền xem sổ này." in body
    assert 'data-testid="job-download"' not in body


def test_job_list_shows_only_mine(client, people):
    owner, other = people
    _enqueue(owner, n=1)
    client.force_login(other)
    assert "Thử" not in client.get(url_for("list")).content.decode().split("job-list")[1]
    client.force_login(owner)
    assert "Thử" in client.get(url_for("list")).content.decode()


def test_url_names_resolve():
    assert url_for("detail", 5).endswith("/tac-vu/5/")
    assert url_for("download", 5).endswith("/tac-vu/5/tai-ve/")
