"""The event log: one append-only, hash-chained table of every state change and protected view.

Rows are never updated or deleted (database triggers refuse it, see migration 0002). Each row
belongs to one *stream* (by default the case it is about) and carries ``seq`` 1, 2, 3 … within
it, the ``hash`` of the previous row of the stream and its own keyed hash (HMAC-SHA256 with
``settings.EVENTLOG_ANCHOR_KEY``, which is kept outside the database). ``StreamHead`` holds the
last ``seq``/``hash`` of every stream: it is the row locked to take the next ``seq`` and an
in-database cross-check that the last rows are still there.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

GENESIS_HASH = "0" * 64


class Event(models.Model):
    """One entry of the log. Trails ("vết xử lý"), control forms and statistics read this."""

    stream = models.CharField(_("luồng"), max_length=200)
    seq = models.PositiveBigIntegerField(_("số thứ tự trong luồng"))
    occurred_at = models.DateTimeField(_("thời điểm"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người thực hiện"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    actor_name = models.CharField(_("tên người thực hiện"), max_length=150, blank=True)
    agency = models.ForeignKey(
        "org.Agency",
        verbose_name=_("cơ quan"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    unit = models.ForeignKey(
        "org.Unit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        related_name="+",
    )
    case_type = models.CharField(_("loại hồ sơ"), max_length=100, blank=True)
    case_id = models.CharField(_("mã hồ sơ"), max_length=64, blank=True)
    action = models.CharField(_("hành động"), max_length=100)
    from_state = models.CharField(_("trạng thái trước"), max_length=64, blank=True)
    to_state = models.CharField(_("trạng thái sau"), max_length=64, blank=True)
    due_at = models.DateTimeField(_("hạn xử lý"), null=True, blank=True)
    payload = models.JSONField(_("dữ liệu"), default=dict, blank=True)
    prev_hash = models.CharField(_("mã băm trước"), max_length=64)
    hash = models.CharField(_("mã băm"), max_length=64)

    class Meta:
        verbose_name = _("sự kiện")
        verbose_name_plural = _("sổ sự kiện")
        ordering = ["stream", "seq"]
        constraints = [
            models.UniqueConstraint(fields=["stream", "seq"], name="eventlog_event_stream_seq"),
            models.CheckConstraint(condition=models.Q(seq__gte=1), name="eventlog_event_seq_gte_1"),
        ]
        indexes = [
            models.Index(fields=["case_type", "case_id", "occurred_at"], name="eventlog_case_idx"),
            models.Index(fields=["agency", "occurred_at"], name="eventlog_agency_time_idx"),
            models.Index(fields=["action", "occurred_at"], name="eventlog_action_time_idx"),
            models.Index(fields=["actor", "occurred_at"], name="eventlog_actor_time_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.stream}#{self.seq} {self.action}"


class StreamHead(models.Model):
    """The last entry of one stream, signed. Locked (select_for_update) to take the next seq."""

    stream = models.CharField(_("luồng"), max_length=200, primary_key=True)
    last_seq = models.PositiveBigIntegerField(_("số thứ tự cuối"), default=0)
    last_hash = models.CharField(_("mã băm cuối"), max_length=64, default=GENESIS_HASH)
    mac = models.CharField(_("chữ ký"), max_length=64)

    class Meta:
        verbose_name = _("đầu luồng")
        verbose_name_plural = _("đầu luồng")
        ordering = ["stream"]

    def __str__(self) -> str:
        return f"{self.stream}@{self.last_seq}"
