"""Communes (xã, phường) from the national list of administrative units
(``vietnam_provinces``), as the reception app uses them."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings

#: The demo province (Hưng Yên); ``FEEDBACK_PROVINCE_CODE`` picks another installation's.
DEFAULT_PROVINCE_CODE = 33


def province_code() -> int:
    return int(getattr(settings, "FEEDBACK_PROVINCE_CODE", DEFAULT_PROVINCE_CODE))


@lru_cache(maxsize=8)
def _communes(province: int) -> tuple[tuple[int, str], ...]:
    from vietnam_provinces import Ward

    rows = [
        (int(w.code), " ".join(str(w.name).split()))
        for w in Ward.iter_all()
        if int(w.province_code) == province
    ]
    return tuple(sorted(rows, key=lambda r: r[1]))


def communes() -> tuple[tuple[int, str], ...]:
    """(code, name) of the communes of the installation's province, by name."""
    return _communes(province_code())


def is_commune(code) -> bool:
    try:
        code = int(code)
    except (TypeError, ValueError):
        return False
    return any(c == code for c, _n in communes())


def commune_name(code) -> str:
    if code in (None, ""):
        return ""
    try:
        code = int(code)
    except (TypeError, ValueError):
        return ""
    for c, name in communes():
        if c == code:
            return name
    return ""
