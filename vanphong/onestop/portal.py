"""Sync adapter with the national public service portal (Cổng Dịch vụ công quốc gia).

The transport is pluggable (:class:`Transport`): the real one speaks the portal's API (later);
:class:`FileTransport` is a file-based fake for tests and the demo — one JSON file per portal
dossier in ``<dir>/inbox/``, processed files moved to ``<dir>/processed/``, status changes
written to ``<dir>/outbox/``.

* Idempotent and replayable (rule ND118-DONG-BO-CONG): a portal dossier is received once,
  keyed by the portal's dossier code (kept on the dossier); pulling the same file again (or
  after a crash) makes no second dossier. A file that fails stays in the inbox and is retried.
* Each status change of a portal dossier is queued in the same transaction (:class:`PortalLink`
  outbox, direction ``out``) and pushed by :func:`push_pending`; failures are kept with their
  error for the monitor page and retried.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from vanphong.core import clock
from vanphong.core.errors import DomainError
from vanphong.onestop.models import Channel, Dossier, PortalLink

MAX_ATTEMPTS = 10


class TransportError(Exception):
    pass


class Transport:
    """What the adapter needs from the portal."""

    def fetch(self) -> list[dict]:  # pragma: no cover - interface
        raise NotImplementedError

    def ack(self, record: dict) -> None:  # pragma: no cover - interface
        raise NotImplementedError

    def push(self, update: dict) -> None:  # pragma: no cover - interface
        raise NotImplementedError


class FileTransport(Transport):
    def __init__(self, directory: str | Path):
        self.dir = Path(directory)
        for sub in ("inbox", "processed", "outbox"):
            (self.dir / sub).mkdir(parents=True, exist_ok=True)

    def fetch(self) -> list[dict]:
        records = []
        for path in sorted((self.dir / "inbox").glob("*.json")):
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                data = {"_error": str(exc)}
            if not isinstance(data, dict):
                data = {"_error": "not an object"}
            data["_file"] = path.name
            records.append(data)
        return records

    def ack(self, record: dict) -> None:
        name = record.get("_file")
        if name and (self.dir / "inbox" / name).exists():
            os.replace(self.dir / "inbox" / name, self.dir / "processed" / name)

    def push(self, update: dict) -> None:
        if (self.dir / "outbox" / "FAIL").exists():  # a switch for tests and the demo
            raise TransportError(_("Cổng Dịch vụ công không phản hồi (mô phỏng)."))
        name = f"{update['portal_code']}-{update['seq']:06d}.json"
        (self.dir / "outbox" / name).write_text(
            json.dumps(update, ensure_ascii=False, indent=1), encoding="utf-8"
        )

    def submit(self, record: dict) -> Path:
        """Drop a portal dossier into the inbox (what the portal would send)."""
        path = self.dir / "inbox" / f"{record['portal_code']}.json"
        path.write_text(json.dumps(record, ensure_ascii=False, indent=1), encoding="utf-8")
        return path


def transport(directory: str | Path | None = None) -> Transport:
    directory = directory or getattr(settings, "ONESTOP_PORTAL_DIR", None)
    if directory is None:
        directory = Path(settings.BASE_DIR) / "var" / "portal"
    return FileTransport(directory)


@dataclass
class PullResult:
    created: int = 0
    duplicates: int = 0
    failed: int = 0


def _parse_moment(value) -> dt.datetime | None:
    if not value:
        return None
    try:
        moment = dt.datetime.fromisoformat(str(value))
    except ValueError:
        raise DomainError(
            "portal_bad_time", _("Thời điểm nộp trên Cổng không hợp lệ: %(v)s") % {"v": value}
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=clock.VN_TZ)
    return moment


def receive_record(record: dict) -> tuple[Dossier, bool]:
    """One portal dossier → (dossier, created). Same portal code → the existing dossier."""
    from vanphong.onestop import services
    from vanphong.org.models import Agency

    if record.get("_error"):
        raise DomainError(
            "portal_bad_file", _("Tệp dữ liệu không đọc được: %(e)s") % {"e": record["_error"]}
        )
    code = str(record.get("portal_code") or "").strip()[:60]
    if not code:
        raise DomainError("portal_code_missing", _("Thiếu mã hồ sơ của Cổng."))
    existing = Dossier.objects.filter(portal_code=code).first()
    if existing is not None:
        return existing, False
    receiving = Agency.objects.filter(identifier=record.get("receiving_agency") or "").first()
    competent = Agency.objects.filter(identifier=record.get("competent_agency") or "").first()
    if receiving is None:
        receiving = competent
    if receiving is None:
        raise DomainError(
            "portal_agency_unknown",
            _("Không tìm thấy cơ quan tiếp nhận %(a)s trên hệ thống.")
            % {"a": record.get("receiving_agency") or record.get("competent_agency") or "—"},
        )
    dossier = services.dossier_receive(
        acting_user=None,
        procedure=str(record.get("procedure_code") or ""),
        applicant=record.get("applicant") or {},
        receiving_agency=receiving,
        competent_agency=competent,
        channel=Channel.TRUC_TUYEN,
        received_at=_parse_moment(record.get("submitted_at")),
        components=list(record.get("components") or []),
        return_method=str(record.get("return_method") or "dien_tu"),
        portal_code=code,
    )
    return dossier, True


def pull(tr: Transport) -> PullResult:
    result = PullResult()
    for record in tr.fetch():
        code = str(record.get("portal_code") or record.get("_file") or "")[:60]
        try:
            with transaction.atomic():
                _dossier, created = receive_record(record)
                PortalLink.objects.filter(
                    direction="in", portal_code=code, state=PortalLink.State.FAILED
                ).update(state=PortalLink.State.SENT, updated_at=clock.now(), last_error="")
        except DomainError as exc:
            result.failed += 1
            _fail_inbound(code, record, exc.message)
            continue
        tr.ack(record)
        if created:
            result.created += 1
        else:
            result.duplicates += 1
    return result


def _fail_inbound(code: str, record: dict, error: str) -> None:
    link = PortalLink.objects.filter(
        direction="in", portal_code=code, state=PortalLink.State.FAILED
    ).first()
    payload = {k: v for k, v in record.items() if k != "applicant"}  # no personal data
    if link is None:
        PortalLink.objects.create(
            direction="in",
            portal_code=code,
            payload=payload,
            state=PortalLink.State.FAILED,
            attempts=1,
            last_error=str(error),
        )
    else:
        link.attempts += 1
        link.last_error = str(error)
        link.updated_at = clock.now()
        link.save(update_fields=["attempts", "last_error", "updated_at"])


def queue_status(dossier: Dossier, event: str) -> PortalLink | None:
    """In the caller's transaction: a status change of a portal dossier to push back."""
    if not dossier.portal_code:
        return None
    return PortalLink.objects.create(
        dossier=dossier,
        direction="out",
        portal_code=dossier.portal_code,
        payload={
            "portal_code": dossier.portal_code,
            "dossier_code": dossier.code,
            "event": event,
            "status": dossier.status,
            "due_at": dossier.due_at.isoformat() if dossier.due_at else None,
            "at": clock.now().isoformat(),
        },
    )


def push_pending(tr: Transport) -> int:
    """Push queued status changes in order; returns how many were sent."""
    sent = 0
    links = PortalLink.objects.filter(
        direction="out",
        state__in=[PortalLink.State.PENDING, PortalLink.State.FAILED],
        attempts__lt=MAX_ATTEMPTS,
    ).order_by("created_at", "id")
    for link in links:
        link.attempts += 1
        link.updated_at = clock.now()
        try:
            tr.push({**link.payload, "seq": link.pk})
        except (TransportError, OSError) as exc:
            link.state = PortalLink.State.FAILED
            link.last_error = str(exc)
        else:
            link.state = PortalLink.State.SENT
            link.last_error = ""
            sent += 1
        link.save(update_fields=["attempts", "updated_at", "state", "last_error"])
    return sent


def failures():
    return PortalLink.objects.filter(state=PortalLink.State.FAILED).select_related("dossier")
