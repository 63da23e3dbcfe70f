"""A background job (tác vụ nền) run by the django-tasks worker, with progress and a result file."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class JobState(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang chạy")
    DONE = "done", _("Hoàn thành")
    FAILED = "failed", _("Thất bại")


FINAL_STATES = frozenset({JobState.DONE, JobState.FAILED})


class Job(models.Model):
    """One run of a registered job kind for its owner; only the owner sees and downloads it."""

    kind = models.CharField(_("loại tác vụ"), max_length=100)
    runner = models.CharField(max_length=200, editable=False)  # dotted path of the function
    title = models.CharField(_("tên tác vụ"), max_length=300)
    owner = models.ForeignKey(
        "org.Official", verbose_name=_("người yêu cầu"), on_delete=models.PROTECT, related_name="+"
    )
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan"), on_delete=models.PROTECT, related_name="+"
    )
    parameters = models.JSONField(_("tham số"), default=dict, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=JobState.choices, default=JobState.QUEUED
    )
    done = models.PositiveIntegerField(_("đã xử lý"), default=0)
    total = models.PositiveIntegerField(_("tổng số"), default=0)
    message = models.CharField(_("thông báo"), max_length=500, blank=True)
    result = models.ForeignKey(
        "attachments.Attachment",
        verbose_name=_("tệp kết quả"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    task_id = models.CharField(max_length=64, blank=True, editable=False)
    created_at = models.DateTimeField(_("tạo lúc"))
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("kết thúc lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("tác vụ nền")
        verbose_name_plural = _("tác vụ nền")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["owner", "-created_at"], name="jobs_owner_created_idx")]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        from vanphong.core.jobs.links import url_for

        return url_for("detail", self.pk)

    @property
    def is_finished(self) -> bool:
        return self.state in FINAL_STATES

    @property
    def percent(self) -> int:
        if self.state == JobState.DONE:
            return 100
        if not self.total:
            return 0
        return min(100, int(self.done * 100 / self.total))

    @property
    def progress_url(self) -> str:
        from vanphong.core.jobs.links import url_for

        return url_for("progress", self.pk)

    @property
    def download_url(self) -> str:
        from vanphong.core.jobs.links import url_for

        return url_for("download", self.pk)
