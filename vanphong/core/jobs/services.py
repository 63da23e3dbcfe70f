"""Queueing and running background jobs.

* :func:`job_enqueue` (in the caller's transaction) creates the :class:`Job` row and, once the
  transaction commits, queues the django-tasks task :func:`~vanphong.core.jobs.tasks.run_job`
  (database backend; ``manage.py db_worker`` runs it).
* :func:`run` (in the worker) marks the job running, calls the registered function with a
  :class:`Progress`, stores the file it returns through the attachments kernel and marks the job
  done — or failed, with the Vietnamese message of the ``DomainError`` it raised (any other
  error: a generic message; the details go to the log).
* :func:`job_result` hands the file to its owner only.

Every state change is written to the event log (case = the job).
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from typing import Any

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from vanphong.core import clock, eventlog
from vanphong.core.attachments.services import attachment_open, attachment_store
from vanphong.core.errors import DomainError
from vanphong.core.jobs import registry
from vanphong.core.jobs.models import Job, JobState

logger = logging.getLogger(__name__)

#: Progress is written at most this often (seconds), besides the first and last step.
PROGRESS_INTERVAL = 0.5


def _record(action: str, job: Job, *, actor=None, from_state: str = "", **payload) -> None:
    eventlog.record(
        action=action,
        actor=actor if actor is not None else job.owner,
        agency=job.agency_id,
        case=job,
        from_state=from_state,
        to_state=job.state,
        payload={"kind": job.kind, **payload},
    )


@transaction.atomic
def job_enqueue(
    *,
    acting_user: Any,
    runner: registry.Runner,
    agency: Any,
    title: str,
    parameters: dict | None = None,
) -> Job:
    """Queue ``runner`` (a function registered with ``@registry.job_kind``) for ``acting_user``.

    ``parameters`` must be JSON-serialisable; the runner receives the job and reads them from
    ``job.parameters``. The task is queued when the caller's transaction commits.
    """
    kind = registry.kind_of(runner)
    job = Job.objects.create(
        kind=kind,
        runner=registry.path_of(runner),
        title=title[:300],
        owner=acting_user,
        agency_id=getattr(agency, "pk", agency),
        parameters=parameters or {},
        state=JobState.QUEUED,
        created_at=clock.now(),
    )
    _record("jobs.enqueue", job, parameters=job.parameters)
    transaction.on_commit(lambda: _queue(job.pk))
    return job


def _queue(job_id: int) -> None:
    from vanphong.core.jobs.tasks import run_job

    result = run_job.enqueue(job_id)
    Job.objects.filter(pk=job_id, task_id="").update(task_id=str(result.id)[:64])


class Progress:
    """Handed to a runner: ``start(total)``, ``advance(n=1)``, ``note(message)``.

    Writes go straight to the job row (outside any transaction of the runner), throttled, so
    the owner's page polling every second sees them."""

    def __init__(self, job: Job):
        self.job = job
        self.done = 0
        self.total = 0
        self._written_at = 0.0

    def start(self, total: int, message: str = "") -> None:
        self.total = max(0, int(total))
        self.done = 0
        self._write(force=True, message=message)

    def advance(self, n: int = 1) -> None:
        self.done = min(self.done + n, self.total) if self.total else self.done + n
        self._write(force=self.done == self.total)

    def note(self, message: str) -> None:
        self._write(force=True, message=message)

    def _write(self, *, force: bool = False, message: str | None = None) -> None:
        now = time.monotonic()
        if not force and now - self._written_at < PROGRESS_INTERVAL:
            return
        self._written_at = now
        fields: dict[str, Any] = {"done": self.done, "total": self.total}
        if message is not None:
            fields["message"] = message[:500]
        Job.objects.filter(pk=self.job.pk).update(**fields)


def _mark_running(job_id: int) -> Job | None:
    with transaction.atomic():
        job = Job.objects.select_for_update().select_related("owner").filter(pk=job_id).first()
        if job is None or job.state != JobState.QUEUED:
            return None
        job.state = JobState.RUNNING
        job.started_at = clock.now()
        job.save(update_fields=["state", "started_at"])
        _record("jobs.start", job, from_state=JobState.QUEUED)
    return job


def _fail(job: Job, message: str, code: str) -> None:
    with transaction.atomic():
        job = Job.objects.select_for_update().get(pk=job.pk)
        before = job.state
        job.state = JobState.FAILED
        job.message = message[:500]
        job.finished_at = clock.now()
        job.save(update_fields=["state", "message", "finished_at"])
        _record("jobs.fail", job, from_state=before, code=code, message=job.message)


def run(job_id: int) -> str:
    """Run a queued job (called by the worker task; tests may call it directly)."""
    job = _mark_running(job_id)
    if job is None:
        current = Job.objects.filter(pk=job_id).values_list("state", flat=True).first()
        return current or "missing"
    progress = Progress(job)
    try:
        runner = registry.resolve(job.runner)
        output = runner(job, progress)
        with transaction.atomic():
            locked = Job.objects.select_for_update().get(pk=job.pk)
            attachment = attachment_store(
                acting_user=job.owner,
                file=ContentFile(output.content, name=output.name),
                kinds=output.kinds,
                agency=job.agency_id,
                case=locked,
                name=output.name,
            )
            locked.result = attachment
            locked.state = JobState.DONE
            locked.done = max(progress.done, locked.done)
            locked.total = max(progress.total, locked.total)
            locked.message = ""
            locked.finished_at = clock.now()
            locked.save()
            _record("jobs.done", locked, from_state=JobState.RUNNING, file=output.name)
        return JobState.DONE
    except DomainError as exc:
        _fail(job, str(exc.message), exc.code)
    except Exception:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _fail(
            job,
            _("Không thực hiện được tác vụ do lỗi hệ thống; hãy thử lại hoặc báo quản trị."),
            "internal_error",
        )
    return JobState.FAILED


def job_for_owner(user, pk: int) -> Job:
    """The job ``pk`` if ``user`` owns it; otherwise ``DomainError("not_found", 404)`` (another
    person's job is not revealed)."""
    job = Job.objects.select_related("result").filter(pk=pk, owner_id=user.pk).first()
    if job is None or not getattr(user, "is_active", False):
        raise DomainError("not_found", _("Không tìm thấy tác vụ."), status=404)
    return job


def job_result(*, acting_user, job: Job):
    """The result file of a finished job, for its owner only (``(file, name, mime)``)."""
    if job.owner_id != acting_user.pk:
        raise DomainError("forbidden", _("Chỉ người yêu cầu được tải tệp này."), status=403)
    if job.state == JobState.DONE and job.result is None:
        raise DomainError(
            "result_deleted",
            job.message or _("Tệp kết quả đã được xóa; hãy tạo lại tác vụ."),
            status=410,
        )
    if job.state != JobState.DONE or job.result is None:
        raise DomainError("not_ready", _("Tác vụ chưa hoàn thành."), status=409)
    with transaction.atomic():
        _record("jobs.download", job, actor=acting_user)
    return attachment_open(job.result), job.result.original_name, job.result.content_type


# --- housekeeping --------------------------------------------------------------------------------

#: Defaults of the settings ``JOBS_STUCK_MINUTES``, ``JOBS_RESULT_DAYS`` and
#: ``JOBS_HOUSEKEEPING_INTERVAL`` (seconds between two automatic runs in the worker).
STUCK_MINUTES = 120
RESULT_DAYS = 30
HOUSEKEEPING_INTERVAL = 3600
_HOUSEKEEPING_KEY = "jobs.housekeeping"


def _setting(name: str, default: int) -> int:
    from django.conf import settings

    return int(getattr(settings, name, default))


def _delete_result(job: Job, days: int) -> str:
    """Detach and delete the result file of ``job`` (locked); the bytes go once committed."""
    from vanphong.core.attachments.models import Attachment
    from vanphong.core.attachments.services import storage

    attachment = job.result
    name, path = attachment.original_name, attachment.storage_path
    job.result = None
    job.message = (
        _("Tệp kết quả đã được xóa sau %(days)s ngày; hãy tạo lại nếu cần.") % {"days": days}
    )[:500]
    job.save(update_fields=["result", "message"])
    if not Attachment.objects.filter(derived_from=attachment).exists():
        Attachment.objects.filter(pk=attachment.pk).delete()
        store = storage()
        transaction.on_commit(lambda: store.delete(path))
    _record("jobs.result_deleted", job, actor=None, from_state=job.state, file=name, days=days)
    return name


def housekeep(
    *, stuck_minutes: int | None = None, result_days: int | None = None
) -> dict[str, int]:
    """Dọn tác vụ nền: a job still "running" ``stuck_minutes`` after it started (its worker
    died) is marked failed with a Vietnamese message; the result file of a job finished more
    than ``result_days`` days ago is deleted (the job row and its trail stay). Settings
    ``JOBS_STUCK_MINUTES`` (120) and ``JOBS_RESULT_DAYS`` (30) give the defaults. Each job in
    its own transaction; returns ``{"stuck": n, "deleted": m}``."""
    stuck_minutes = (
        stuck_minutes
        if stuck_minutes is not None
        else _setting("JOBS_STUCK_MINUTES", STUCK_MINUTES)
    )
    result_days = (
        result_days if result_days is not None else _setting("JOBS_RESULT_DAYS", RESULT_DAYS)
    )
    if stuck_minutes < 1 or result_days < 1:
        raise ValueError("jobs: stuck_minutes and result_days must be at least 1")
    now = clock.now()
    stuck = 0
    stuck_ids = Job.objects.filter(
        state=JobState.RUNNING, started_at__lt=now - dt.timedelta(minutes=stuck_minutes)
    ).values_list("pk", flat=True)
    message = _(
        "Tác vụ đã chạy quá %(minutes)s phút mà không kết thúc (tiến trình nền có thể đã dừng); "
        "hãy tạo lại tác vụ."
    ) % {"minutes": stuck_minutes}
    for pk in list(stuck_ids):
        with transaction.atomic():
            job = Job.objects.select_for_update().filter(pk=pk, state=JobState.RUNNING).first()
            if job is None:
                continue
            job.state = JobState.FAILED
            job.message = message[:500]
            job.finished_at = now
            job.save(update_fields=["state", "message", "finished_at"])
            _record(
                "jobs.fail",
                job,
                actor=None,
                from_state=JobState.RUNNING,
                code="stuck",
                message=job.message,
            )
            stuck += 1
    deleted = 0
    old_ids = Job.objects.filter(
        result__isnull=False, finished_at__lt=now - dt.timedelta(days=result_days)
    ).values_list("pk", flat=True)
    for pk in list(old_ids):
        with transaction.atomic():
            job = (
                Job.objects.select_for_update()
                .select_related("result")
                .filter(pk=pk, result__isnull=False)
                .first()
            )
            if job is None:
                continue
            _delete_result(job, result_days)
            deleted += 1
    return {"stuck": stuck, "deleted": deleted}


def housekeep_if_due() -> dict[str, int] | None:
    """:func:`housekeep` at most once per ``JOBS_HOUSEKEEPING_INTERVAL`` seconds (3,600) per
    cache: the worker calls it after each job, so housekeeping runs wherever the worker runs."""
    from django.core.cache import cache

    interval = _setting("JOBS_HOUSEKEEPING_INTERVAL", HOUSEKEEPING_INTERVAL)
    if not cache.add(_HOUSEKEEPING_KEY, clock.now().isoformat(), timeout=interval):
        return None
    try:
        return housekeep()
    except Exception:  # housekeeping must never fail the job that triggered it
        logger.exception("jobs: housekeeping failed")
        return None
