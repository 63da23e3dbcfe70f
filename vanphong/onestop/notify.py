"""Notifications to the citizen through a pluggable provider (e-mail and SMS).

``settings.ONESTOP_NOTIFY_PROVIDERS`` (optional) lists dotted paths of provider classes; the
default is the log provider (development) and the e-mail provider. A provider implements
:class:`Provider`: ``send(dossier, message) -> bool``. An SMS gateway implements
:class:`SmsProvider` (``send_sms``). Messages carry the dossier code and status only, never
personal data beyond the recipient's own address. Sending runs as a background task
(django_tasks) after the transaction commits; a failed send never undoes the dossier change.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import send_mail
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import override

logger = logging.getLogger("vanphong.onestop.notify")

DEFAULT_PROVIDERS = (
    "vanphong.onestop.notify.LogProvider",
    "vanphong.onestop.notify.EmailProvider",
)

#: Events the citizen is told about.
EVENTS = ("receive", "supplement_request", "apology", "result", "refuse", "stop")


@dataclass
class Message:
    event: str
    subject: str
    body: str


class Provider:
    """Base class of a notification channel."""

    name = "base"

    def send(self, dossier, message: Message) -> bool:  # pragma: no cover - interface
        raise NotImplementedError


class LogProvider(Provider):
    """Writes the message to the log (development, tests, the demo)."""

    name = "log"
    sent: list[tuple[str, str]] = []

    def send(self, dossier, message: Message) -> bool:
        logger.info("[%s] %s: %s", dossier.code, message.subject, message.body)
        LogProvider.sent.append((dossier.code, message.event))
        return True


class EmailProvider(Provider):
    name = "email"

    def send(self, dossier, message: Message) -> bool:
        if not dossier.applicant_email:
            return False
        send_mail(
            message.subject,
            message.body,
            settings.DEFAULT_FROM_EMAIL,
            [dossier.applicant_email],
            fail_silently=False,
        )
        return True


class SmsProvider(Provider):
    """Interface of an SMS gateway: subclass and implement ``send_sms(phone, text)``."""

    name = "sms"

    def send_sms(self, phone: str, text: str) -> bool:  # pragma: no cover - interface
        raise NotImplementedError

    def send(self, dossier, message: Message) -> bool:
        if not dossier.applicant_phone:
            return False
        return self.send_sms(dossier.applicant_phone, f"{message.subject}. {message.body}"[:320])


def providers() -> list[Provider]:
    paths = getattr(settings, "ONESTOP_NOTIFY_PROVIDERS", DEFAULT_PROVIDERS)
    return [import_string(p)() for p in paths]


def compose(dossier, event: str) -> Message:
    from vanphong.core import clock

    with override("vi"):
        subjects = {
            "receive": _("Đã tiếp nhận hồ sơ %(code)s"),
            "supplement_request": _("Hồ sơ %(code)s cần bổ sung"),
            "apology": _("Hồ sơ %(code)s được hẹn lại ngày trả kết quả"),
            "result": _("Hồ sơ %(code)s đã có kết quả"),
            "refuse": _("Hồ sơ %(code)s bị từ chối giải quyết"),
            "stop": _("Hồ sơ %(code)s đã dừng giải quyết"),
        }
        subject = subjects[event] % {"code": dossier.code}
        due = clock.local(dossier.due_at).strftime("%H:%M %d/%m/%Y") if dossier.due_at else ""
        body = _(
            "Thủ tục: %(proc)s. Tình trạng: %(status)s. Hẹn trả: %(due)s. Tra cứu bằng mã hồ sơ "
            "và mã tra cứu (PIN) trên giấy tiếp nhận."
        ) % {"proc": dossier.procedure_name, "status": dossier.get_status_display(), "due": due}
    return Message(event=event, subject=subject, body=body)


def send_now(dossier_id: int, event: str) -> int:
    """Send through every provider; returns how many accepted it. Errors are logged."""
    from vanphong.onestop.models import Dossier

    dossier = Dossier.objects.filter(pk=dossier_id).first()
    if dossier is None or event not in EVENTS:
        return 0
    message = compose(dossier, event)
    sent = 0
    for provider in providers():
        try:
            sent += bool(provider.send(dossier, message))
        except Exception:  # a broken gateway must not stop the other channels
            logger.exception("notification %s via %s failed", dossier.code, provider.name)
    return sent


def dossier_event(dossier_id: int, event: str) -> None:
    """Called after commit: enqueue the background task (or send inline without a worker)."""
    if event not in EVENTS:
        return
    from vanphong.onestop import tasks

    if getattr(settings, "ONESTOP_NOTIFY_INLINE", False):
        send_now(dossier_id, event)
        return
    try:
        tasks.send_notification.enqueue(dossier_id, event)
    except Exception:
        logger.exception("could not enqueue the notification of dossier %s", dossier_id)
