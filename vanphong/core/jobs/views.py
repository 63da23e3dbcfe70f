"""The owner's job pages. Another person's job is a 404 (its existence is not revealed); its
download is refused."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import render

from vanphong.core.errors import DomainError
from vanphong.core.jobs import services
from vanphong.core.jobs.links import url_for
from vanphong.core.jobs.models import Job


def _job(request, pk: int) -> Job:
    try:
        return services.job_for_owner(request.user, pk)
    except DomainError:
        raise Http404 from None


@login_required
def job_list(request):
    jobs = Job.objects.filter(owner=request.user).select_related("result")[:50]
    return render(request, "jobs/job_list.html", {"jobs": jobs})


@login_required
def job_detail(request, pk: int):
    return render(
        request, "jobs/job_detail.html", {"job": _job(request, pk), "list_url": url_for("list")}
    )


@login_required
def job_progress(request, pk: int):
    """The progress block; it stops polling once the job is finished (HTMX ``every 1s``)."""
    return render(request, "jobs/_progress.html", {"job": _job(request, pk)})


@login_required
def job_download(request, pk: int):
    job = Job.objects.select_related("result").filter(pk=pk).first()
    if job is None:
        raise Http404
    try:
        file, name, mime = services.job_result(acting_user=request.user, job=job)
    except DomainError as exc:
        if exc.status == 403:
            raise PermissionDenied(exc.message) from None
        raise Http404 from None
    return FileResponse(file, as_attachment=True, filename=name, content_type=mime)
