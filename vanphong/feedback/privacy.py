"""Personal data of feedback: masking for lists, the API, e-mails and the admin; redaction of
contact details written into a description before it is published (Luật Bảo vệ dữ liệu cá
nhân 2025); photos re-encoded without their metadata (EXIF, GPS) before publishing."""

from __future__ import annotations

import io
import re

from django.utils.translation import gettext as _

REDACTED = "[…]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Phone numbers (0xx…, +84…, with spaces, dots or dashes) and identity numbers (9 or 12 digits).
_PHONE = re.compile(r"(?<![\w])(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?![\w])")
_DIGITS = re.compile(r"(?<!\d)\d{9,12}(?!\d)")


def mask_name(name: str) -> str:
    """ "Nguyễn Văn An" → "Nguyễn V. A." (family name and initials)."""
    words = (name or "").split()
    if not words:
        return ""
    if len(words) == 1:
        return words[0][0] + "***"
    return " ".join([words[0], *(w[0] + "." for w in words[1:])])


def mask_phone(phone: str) -> str:
    """ "0912345678" → "09******78"."""
    digits = re.sub(r"\D", "", phone or "")
    if not digits:
        return ""
    if len(digits) <= 4:
        return "*" * len(digits)
    return digits[:2] + "*" * (len(digits) - 4) + digits[-2:]


def mask_email(email: str) -> str:
    """ "an.nguyen@example.vn" → "a***@example.vn"."""
    local, sep, domain = (email or "").partition("@")
    if not sep:
        return ""
    return f"{local[:1]}***@{domain}"


def redact(text: str, *, names: tuple[str, ...] = ()) -> str:
    """``text`` with e-mail addresses, phone and identity numbers and the given names replaced
    by "[…]" — the default public version of a description."""
    out = _EMAIL.sub(REDACTED, text or "")
    out = _PHONE.sub(REDACTED, out)
    out = _DIGITS.sub(REDACTED, out)
    for name in names:
        name = (name or "").strip()
        if len(name) >= 3:
            out = re.sub(re.escape(name), REDACTED, out, flags=re.IGNORECASE)
    return out


class ImageError(ValueError):
    pass


def strip_metadata(data: bytes) -> tuple[bytes, str]:
    """Re-encode an image from its pixels only: no EXIF (GPS, camera, dates), no XMP, no
    comments. The orientation written in EXIF is applied first, so the picture stays upright.
    Returns (bytes, "jpeg" | "png"). Raises :class:`ImageError` for bytes Pillow cannot read."""
    from PIL import Image, ImageOps, UnidentifiedImageError

    try:
        with Image.open(io.BytesIO(data)) as img:
            fmt = (img.format or "").upper()
            img.load()
            upright = ImageOps.exif_transpose(img)
    except (UnidentifiedImageError, OSError, Image.DecompressionBombError, ValueError) as exc:
        raise ImageError(_("Tệp ảnh không đọc được.")) from exc
    kind = "png" if fmt == "PNG" else "jpeg"
    mode = upright.mode
    if kind == "jpeg" and mode not in ("RGB", "L"):
        upright = upright.convert("RGB")
        mode = "RGB"
    clean = Image.frombytes(mode, upright.size, upright.tobytes())
    if mode == "P":
        clean.putpalette(upright.getpalette() or [])
    out = io.BytesIO()
    if kind == "png":
        clean.save(out, format="PNG")
    else:
        clean.save(out, format="JPEG", quality=88)
    return out.getvalue(), kind
