"""Mẫu 06 (Phiếu kiểm soát quá trình giải quyết hồ sơ), built from the event log only.

One row per hand-over: the agency/unit, the time, the giver and the receiver, and the result
of the step handed over (early / on time / late against its own budget)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from vanphong.core import clock, eventlog
from vanphong.onestop.models import Timeliness

TIMELINESS = dict(Timeliness.choices)


@dataclass
class Row:
    at: object
    agency: str
    giver: str
    receiver: str
    result: str
    note: str


def rows(dossier) -> list[Row]:
    out: list[Row] = []
    for ev in eventlog.trail(dossier).select_related("agency", "unit"):
        action = ev.action.removeprefix("onestop.")
        p = ev.payload or {}
        agency = ev.agency.name if ev.agency_id else ""
        if action == "receive":
            out.append(
                Row(
                    clock.local(ev.occurred_at),
                    agency,
                    str(_("Người nộp hồ sơ")),
                    ev.actor_name or str(_("Cổng Dịch vụ công quốc gia")),
                    "",
                    str(_("Tiếp nhận hồ sơ")),
                )
            )
        elif action in ("handover", "return_step"):
            note = (
                str(_("Trả lại bước trước: %(r)s")) % {"r": p.get("reason", "")}
                if action == "return_step"
                else p.get("note", "")
            )
            out.append(
                Row(
                    clock.local(ev.occurred_at),
                    p.get("from_unit") or agency,
                    ev.actor_name,
                    p.get("receiver", ""),
                    str(TIMELINESS.get(p.get("step_timeliness", ""), "")),
                    note,
                )
            )
        elif action == "supplement_request":
            out.append(
                Row(
                    clock.local(ev.occurred_at),
                    agency,
                    ev.actor_name,
                    str(_("Người nộp hồ sơ")),
                    "",
                    str(_("Yêu cầu bổ sung (Mẫu 02)")),
                )
            )
        elif action == "supplement_received":
            out.append(
                Row(
                    clock.local(ev.occurred_at),
                    agency,
                    str(_("Người nộp hồ sơ")),
                    ev.actor_name,
                    "",
                    str(_("Nhận hồ sơ bổ sung")),
                )
            )
        elif action == "result":
            out.append(
                Row(
                    clock.local(ev.occurred_at),
                    p.get("from_unit") or agency,
                    ev.actor_name,
                    str(_("Bộ phận Một cửa")),
                    str(TIMELINESS.get(p.get("step_timeliness", ""), "")),
                    str(_("Có kết quả giải quyết (hồ sơ: %(t)s)"))
                    % {"t": TIMELINESS.get(p.get("timeliness", ""), "")},
                )
            )
        elif action == "returned":
            out.append(
                Row(
                    clock.local(ev.occurred_at),
                    agency,
                    ev.actor_name,
                    str(_("Người nộp hồ sơ")),
                    "",
                    str(_("Trả kết quả")),
                )
            )
    return out
