"""Printable forms (TT 03/2025/TT-VPCP): Mẫu 01 receipt with the QR code of the public look-up
page and the PIN, Mẫu 02–05 notices, Mẫu 06 control form (from the event log). PDF through
weasyprint with Liberation Serif."""

from __future__ import annotations

import base64
import io

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import override

from vanphong.core import clock
from vanphong.onestop import control


def lookup_url(dossier, request=None) -> str:
    path = reverse("onestop:public_lookup") + f"?ma={dossier.code}"
    if request is not None:
        return request.build_absolute_uri(path)
    base = getattr(settings, "PUBLIC_BASE_URL", "") or "http://localhost:8000"
    return base.rstrip("/") + path


def qr_data_uri(text: str) -> str:
    import qrcode
    from qrcode.image.svg import SvgPathImage

    img = qrcode.make(text, image_factory=SvgPathImage, box_size=8, border=1)
    out = io.BytesIO()
    img.save(out)
    return "data:image/svg+xml;base64," + base64.b64encode(out.getvalue()).decode("ascii")


def _pdf(template: str, context: dict) -> bytes:
    from weasyprint import HTML

    with override("vi"):
        html = render_to_string(template, {"now": clock.now(), **context})
    return HTML(string=html).write_pdf()


def receipt_context(dossier, *, pin: str = "", request=None) -> dict:
    url = lookup_url(dossier, request)
    return {
        "d": dossier,
        "pin": pin,
        "url": url,
        "qr": qr_data_uri(url),
        "received_at": clock.local(dossier.received_at),
        "due_at": clock.local(dossier.due_at) if dossier.due_at else None,
        "limit_days": dossier.limit_hours_at_receipt / 8,
        "components": dossier.snapshot.get("components", []),
    }


def receipt_pdf(dossier, *, pin: str = "", request=None) -> bytes:
    """Mẫu 01. The PIN is printed only when given (right after receipt); a reprint shows
    where to ask for a new one."""
    return _pdf("onestop/print/mau01.html", receipt_context(dossier, pin=pin, request=request))


def control_pdf(dossier) -> bytes:
    return _pdf("onestop/print/mau06.html", {"d": dossier, "rows": control.rows(dossier)})


def notice_pdf(notice) -> bytes:
    return _pdf("onestop/print/notice.html", {"n": notice, "d": notice.dossier})
