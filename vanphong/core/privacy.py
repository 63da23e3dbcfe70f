"""Personal data shown where it is not needed (Luật Bảo vệ dữ liệu cá nhân 2025, NĐ 13/2023):
one set of masking helpers for every module — lists, exports, the API, e-mails, the admin.

* ``mask_identity_number("001203004589")`` → ``0012******89`` (``head``/``tail`` adjustable:
  the one-stop desk shows ``001******589``);
* ``mask_name("Nguyễn Văn An")`` → ``Nguyễn V. A.``;
* ``mask_phone("0912345678")`` → ``09******78``;
* ``mask_email("an.nguyen@example.vn")`` → ``a***@example.vn``;
* ``mask_address(address, commune_code)`` → the commune and province only (national list of
  administrative units, ``vietnam_provinces``): the house number and street are dropped;
* ``redact(text, names=...)`` → a free text with its e-mail addresses, phone and identity
  numbers and the given names replaced by ``[…]`` (what may be published).

Every helper takes ``None`` or an empty value and returns ``""``; none raises.
"""

from __future__ import annotations

import re
from functools import lru_cache

__all__ = [
    "REDACTED",
    "commune_label",
    "mask_address",
    "mask_email",
    "mask_identity_number",
    "mask_name",
    "mask_phone",
    "redact",
]

REDACTED = "[…]"

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Phone numbers (0xx…, +84…, with spaces, dots or dashes) and identity numbers (9 or 12 digits).
_PHONE = re.compile(r"(?<![\w])(?:\+?84|0)(?:[\s.\-]?\d){8,10}(?![\w])")
_DIGITS = re.compile(r"(?<!\d)\d{9,12}(?!\d)")


def mask_identity_number(number: str | None, *, head: int = 4, tail: int = 2) -> str:
    """``001203004589`` → ``0012******89``. Spaces are dropped; numbers too short to keep
    ``head + tail`` characters and still hide at least three are masked entirely."""
    value = "".join((number or "").split())
    if not value:
        return ""
    if len(value) <= head + tail + 2:
        return "*" * len(value)
    return value[:head] + "*" * (len(value) - head - tail) + value[-tail:]


def mask_name(name: str | None) -> str:
    """ "Nguyễn Văn An" → "Nguyễn V. A." (family name and initials); one word → "A***"."""
    words = (name or "").split()
    if not words:
        return ""
    if len(words) == 1:
        return words[0][0] + "***"
    return " ".join([words[0], *(w[0] + "." for w in words[1:])])


def mask_phone(phone: str | None) -> str:
    """ "0912 345 678" → "09******78" (digits only)."""
    digits = re.sub(r"\D", "", phone or "")
    if not digits:
        return ""
    if len(digits) <= 4:
        return "*" * len(digits)
    return digits[:2] + "*" * (len(digits) - 4) + digits[-2:]


def mask_email(email: str | None) -> str:
    """ "an.nguyen@example.vn" → "a***@example.vn"; not an address → ""."""
    local, sep, domain = (email or "").strip().partition("@")
    if not sep or not local or not domain:
        return ""
    return f"{local[:1]}***@{domain}"


@lru_cache(maxsize=4096)
def _commune_label(code: int) -> str:
    from vietnam_provinces import Province, Ward

    try:
        ward = Ward.from_code(code)
        province = Province.from_code(ward.province_code)
    except (ValueError, KeyError, LookupError):
        return ""
    return f"{' '.join(str(ward.name).split())}, {' '.join(str(province.name).split())}"


def commune_label(commune_code) -> str:
    """ "Phường Phố Hiến, Tỉnh Hưng Yên" for a commune code of the national list; "" for an
    empty or unknown code."""
    if commune_code in (None, ""):
        return ""
    try:
        code = int(commune_code)
    except (TypeError, ValueError):
        return ""
    return _commune_label(code)


def mask_address(address: str | None = "", commune_code=None) -> str:
    """The masked form of an address: its commune and province only. The free-text part
    (house number, street, hamlet) is never shown, so without a known commune the result is
    ""."""
    del address  # the point: the free text is personal data and is dropped
    return commune_label(commune_code)


def redact(text: str | None, *, names: tuple[str, ...] = ()) -> str:
    """``text`` with e-mail addresses, phone and identity numbers and the given names replaced
    by "[…]" — the default public version of a description written by a citizen."""
    out = _EMAIL.sub(REDACTED, text or "")
    out = _PHONE.sub(REDACTED, out)
    out = _DIGITS.sub(REDACTED, out)
    for name in names:
        name = (name or "").strip()
        if len(name) >= 3:
            out = re.sub(re.escape(name), REDACTED, out, flags=re.IGNORECASE)
    return out
