"""Denouncer protection (Luật Tố cáo 2018 Đ8, Đ47): the identity is sealed with Fernet keys
from ``settings.FIELD_ENCRYPTION_KEY`` (MultiFernet: the first key encrypts, every key decrypts,
so keys can be rotated), and identity numbers are compared through a keyed digest only.
Masking (identity numbers, addresses) is the kernel's: ``vanphong.core.privacy``."""

from __future__ import annotations

import hashlib
import hmac
import json
from functools import cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings

from vanphong.core.text import normalize_identifier

__all__ = ["identity_digest", "open_identity", "seal_identity"]


@cache
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    return MultiFernet([Fernet(k.encode("ascii")) for k in keys])


def _keys() -> tuple[str, ...]:
    keys = settings.FIELD_ENCRYPTION_KEY
    return tuple([keys] if isinstance(keys, str) else keys)


def seal_identity(identity: dict) -> str:
    """Encrypt an identity (name, identity number, address, commune, phone) as a Fernet token."""
    data = json.dumps(identity, ensure_ascii=False, sort_keys=True).encode("utf-8")
    return _fernet(_keys()).encrypt(data).decode("ascii")


def open_identity(token: str) -> dict:
    """Decrypt a sealed identity; an unreadable token gives an empty identity, never an error
    page (a key removed too early must not crash the case)."""
    if not token:
        return {}
    try:
        return json.loads(_fernet(_keys()).decrypt(token.encode("ascii")))
    except (InvalidToken, ValueError):
        return {}


def identity_digest(number: str) -> str:
    """A keyed digest of a normalised identity number: duplicates are found without storing
    or comparing the number itself. Empty for an empty number."""
    norm = normalize_identifier(number or "")
    if not norm:
        return ""
    key = hashlib.sha256(("reception.identity|" + _keys()[-1]).encode()).digest()
    return hmac.new(key, norm.encode("utf-8"), hashlib.sha256).hexdigest()
