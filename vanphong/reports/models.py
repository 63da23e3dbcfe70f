"""Summary tables of the dashboard: a snapshot of every registered figure per agency and
period, refreshed by a background job (``reports.tasks.refresh_summaries``, the command
``reports_refresh``). The dashboard reads a snapshot when one covers the scope asked, shows its
moment ("số liệu cập nhật lúc ..."), and its drill-down lists the records as of that moment."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class FigureSnapshot(models.Model):
    agency = models.ForeignKey(
        "org.Agency", verbose_name=_("cơ quan"), on_delete=models.CASCADE, related_name="+"
    )
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    refreshed_at = models.DateTimeField(_("số liệu tính lúc"))
    #: {figure key: value as a string, or null}
    values = models.JSONField(_("số liệu"), default=dict)
    #: {figure key: {unit id: count}} for the count figures that have a unit
    per_unit = models.JSONField(_("số liệu theo đơn vị"), default=dict)
    duration_ms = models.PositiveIntegerField(_("thời gian tính (ms)"), default=0)

    class Meta:
        verbose_name = _("bảng tổng hợp số liệu")
        verbose_name_plural = _("bảng tổng hợp số liệu")
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "start", "end"], name="reports_snapshot_scope_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency_id} {self.start:%d/%m/%Y}–{self.end:%d/%m/%Y}"
