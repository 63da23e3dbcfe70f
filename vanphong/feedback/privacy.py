"""Photos of feedback re-encoded without their metadata (EXIF, GPS) before publishing (Luật Bảo
vệ dữ liệu cá nhân 2025). Masking of contacts and redaction of published texts are the
kernel's: ``vanphong.core.privacy``."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _


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
