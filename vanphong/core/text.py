"""Text normalisation for Vietnamese: NFC storage, folding for search, identifier normalisation.

Vietnamese text often arrives decomposed (NFD) from macOS, Word or PDF copy-paste: "ế" as
"e" + U+0302 + U+0301. Two strings that look identical then compare unequal, sort apart and
miss each other in searches. The rules of VănPhòng:

* everything stored is NFC (:func:`nfc`, :func:`clean_text`, and the model fields
  :class:`NFCCharField` / :class:`NFCTextField`, which normalise on assignment from forms, on
  save and in lookups);
* full-text search compares *folded* text (:func:`fold`): no accents, ``đ`` → ``d``, lower case,
  so "quyet dinh" finds "Quyết định";
* identifiers such as số ký hiệu compare on :func:`normalize_identifier`.
"""

from __future__ import annotations

import re
import unicodedata

from django import forms
from django.db import models

__all__ = [
    "NFCCharField",
    "NFCFormField",
    "NFCFormMixin",
    "NFCTextField",
    "clean_multiline",
    "clean_text",
    "fold",
    "nfc",
    "normalize_identifier",
    "plain_tokens",
    "fold_tokens",
]

# Control characters (Cc) other than the whitespace kept as separators, plus format characters
# that break matching when pasted from Word/PDF (zero-width space/joiners, BOM, soft hyphen).
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u00ad\u200b-\u200d\u2060\ufeff]")
_WS_RE = re.compile(r"\s+")
# A word for search: letters and digits only (what SQLite FTS5's unicode61 tokenizer and
# PostgreSQL's parser both treat as word characters); everything else separates words.
_WORD_RE = re.compile(r"[^\W_]+")


def nfc(s: str | None) -> str:
    """``s`` in Unicode NFC ("" for None). Idempotent."""
    if not s:
        return ""
    return unicodedata.normalize("NFC", s)


def clean_text(s: str | None) -> str:
    """NFC, control and zero-width characters removed, whitespace runs collapsed to one space,
    trimmed. For one-line inputs (titles, names); see :func:`clean_multiline` for bodies."""
    s = _CONTROL_RE.sub(" ", nfc(s))
    return _WS_RE.sub(" ", s).strip()


def clean_multiline(s: str | None) -> str:
    """Like :func:`clean_text` but keeps line breaks (``\\r\\n`` → ``\\n``, spaces collapsed per
    line, at most one blank line in a row)."""
    s = nfc(s).replace("\r\n", "\n").replace("\r", "\n")
    lines = [_WS_RE.sub(" ", _CONTROL_RE.sub(" ", line)).strip() for line in s.split("\n")]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _strip_marks(s: str) -> str:
    return "".join(c for c in s if unicodedata.category(c) not in ("Mn", "Me"))


def fold(s: str | None) -> str:
    """Vietnamese folding for search: NFD, combining marks dropped, ``đ``/``Đ`` → ``d``,
    lower case, whitespace collapsed. Idempotent; ``fold(nfc(x)) == fold(nfd(x))``.

    >>> fold("Quyết  định")
    'quyet dinh'
    >>> fold("bão báo bảo")
    'bao bao bao'
    """
    if not s:
        return ""
    s = _strip_marks(unicodedata.normalize("NFD", s))
    # Lower-casing may produce new decomposable letters (e.g. "İ" → "i̇"): decompose again.
    s = _strip_marks(unicodedata.normalize("NFD", s.lower()))
    s = s.replace("đ", "d").replace("Đ", "d")
    return _WS_RE.sub(" ", s).strip()


def plain_tokens(s: str | None) -> list[str]:
    """The words of ``s`` as written (NFC, lower case), punctuation dropped: what the accent-aware
    ranking of search compares."""
    return _WORD_RE.findall(nfc(s).lower())


def fold_tokens(s: str | None) -> list[str]:
    """The folded words of ``s`` (letters and digits only): what full-text search indexes and
    queries."""
    return _WORD_RE.findall(fold(s))


# --- identifiers (số ký hiệu) ------------------------------------------------------------------

# Every dash and minus sign → "-"; every slash-like character → "/".
_DASHES = "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\u2043\ufe58\ufe63\uff0d\u2e3a\u2e3b"
_SLASHES = "\u2044\u2215\u29f8\uff0f\\"
_ID_TRANSLATE = str.maketrans({**dict.fromkeys(_DASHES, "-"), **dict.fromkeys(_SLASHES, "/")})
# A leading label: "Số:", "Số.", "SỐ 05/…", "So: …" (without accents only with ":" or ".").
_ID_LABEL_RE = re.compile(r"^(?:SỐ\s*[:.]|SỐ(?=\s|\d)|SO\s*[:.])\s*")


def normalize_identifier(s: str | None) -> str:
    """The comparable form of an identifier such as a số ký hiệu.

    NFC; control characters dropped; upper case (Vietnamese-aware: ``đ`` → ``Đ``); a leading
    "Số:" label removed; every kind of dash (hyphen, en dash, em dash, minus) becomes ``-`` and
    every slash-like character ``/``; all whitespace removed.

    Equal after normalisation: ``"Số: 05/QĐ-UBND"``, ``"05 / qđ – ubnd"``, ``"05/QĐ—UBND"``,
    ``"05/Q\\u0110-UBND"`` written decomposed or composed.

    **Not** equal (different identifiers, on purpose): ``"05/QĐ-UBND"`` vs ``"05/QD-UBND"``
    (Đ is its own letter in an identifier; full-text search finds the folded form), ``"5/QĐ"`` vs
    ``"05/QĐ"`` (leading zeros are kept), ``"05/QĐ-UBND"`` vs ``"05.QĐ-UBND"`` (other punctuation
    is kept as written).
    """
    s = _CONTROL_RE.sub("", nfc(s)).upper().translate(_ID_TRANSLATE)
    s = _ID_LABEL_RE.sub("", s.strip())
    # upper() may decompose nothing, but keep the result canonical.
    return nfc(_WS_RE.sub("", s))


# --- Django helpers: NFC on the way in -------------------------------------------------------------


class _NFCFieldMixin:
    """Model field mixin: values are NFC-normalised when cleaned, saved and used in lookups."""

    def to_python(self, value):
        value = super().to_python(value)
        return nfc(value) if isinstance(value, str) else value

    def pre_save(self, model_instance, add):
        value = super().pre_save(model_instance, add)
        if isinstance(value, str):
            value = nfc(value)
            setattr(model_instance, self.attname, value)
        return value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return nfc(value) if isinstance(value, str) else value


class NFCCharField(_NFCFieldMixin, models.CharField):
    """A CharField whose stored value is always NFC (also in filters: ``title="Quyết"`` written
    decomposed still matches)."""


class NFCTextField(_NFCFieldMixin, models.TextField):
    """A TextField whose stored value is always NFC."""


class NFCFormMixin:
    """Form mixin: every string in ``cleaned_data`` is NFC-normalised (add it before
    ``forms.Form``/``forms.ModelForm`` in the bases)."""

    def clean(self):
        cleaned_data = super().clean()
        for name, value in list(cleaned_data.items()):
            if isinstance(value, str):
                cleaned_data[name] = nfc(value)
        return cleaned_data


class NFCFormField(forms.CharField):
    """A form CharField that returns NFC text (whitespace stripped as CharField does)."""

    def to_python(self, value):
        return nfc(super().to_python(value))
