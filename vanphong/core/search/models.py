"""Search columns every searchable model carries, and the kernel's own sample model."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import models
from django.utils.translation import gettext_lazy as _

from vanphong.core import clock
from vanphong.core.text import (
    NFCCharField,
    NFCTextField,
    fold_tokens,
    nfc,
    normalize_identifier,
    plain_tokens,
)

# Indexed text per row is capped: PostgreSQL refuses a tsvector over 1 MB (the INSERT itself
# would fail through the index), and the first 200,000 characters (≈ 60 pages) of a text are
# plenty to find it. Parts are taken in order, so put short, important fields first.
MAX_INDEX_CHARS = 200_000


def _joined(words_per_part: Iterable[list[str]]) -> str:
    out: list[str] = []
    length = 0
    for words in words_per_part:
        for w in words:
            length += len(w) + 1
            if length > MAX_INDEX_CHARS:
                return " ".join(out)
            out.append(w)
    return " ".join(out)


def index_text(*parts: object) -> str:
    """The folded text stored in ``search_folded``: the folded words of every non-empty part,
    separated by single spaces (both engines then tokenize it the same way); at most
    ``MAX_INDEX_CHARS`` characters, cut between words."""
    return _joined(fold_tokens(str(p)) for p in parts if p not in (None, ""))


def plain_text(*parts: object) -> str:
    """The accent-preserving text stored in ``search_text`` (NFC, lower case, words only, padded
    with one space each side so `` word `` matches whole words), capped like :func:`index_text`."""
    text = _joined(plain_tokens(str(p)) for p in parts if p not in (None, ""))
    return f" {text} " if text else ""


def index_values(*parts: object) -> dict[str, str]:
    """``{"search_folded": ..., "search_text": ...}`` for ``parts``: for services that write with
    ``bulk_create``/``QuerySet.update`` (which bypass ``save()``)."""
    return {"search_folded": index_text(*parts), "search_text": plain_text(*parts)}


class Searchable(models.Model):
    """Mixin for a model found by full-text search.

    Declare ``search_fields`` (names of attributes, e.g. ``("identifier", "summary")``) or
    override :meth:`get_search_parts`; ``save()`` then keeps both search columns current (also
    when ``update_fields`` is given). Writes that bypass ``save()`` (``bulk_create``,
    ``QuerySet.update``) must set them with :func:`index_values`, or call
    ``vanphong.core.search.reindex(queryset)`` afterwards.

    The model also needs the engine's index: add ``CreateSearchIndex("<model_name>")`` to a
    migration after the model's ``CreateModel`` (see :mod:`vanphong.core.search.operations`).
    On SQLite the model's primary key must be its integer rowid (the default ``BigAutoField``).
    """

    search_fields: tuple[str, ...] = ()

    search_folded = models.TextField(_("văn bản tìm kiếm"), blank=True, default="", editable=False)
    search_text = models.TextField(
        _("văn bản tìm kiếm có dấu"), blank=True, default="", editable=False
    )

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        self.update_search_columns()
        update_fields = kwargs.get("update_fields")
        if update_fields is not None:
            kwargs["update_fields"] = {*update_fields, "search_folded", "search_text"}
        super().save(*args, **kwargs)

    def get_search_parts(self) -> Iterable[object]:
        return [getattr(self, name) for name in self.search_fields]

    def update_search_columns(self) -> None:
        parts = list(self.get_search_parts())
        self.search_folded = index_text(*parts)
        self.search_text = plain_text(*parts)


class SearchSample(Searchable):
    """A small real model used by the kernel's own tests and benchmarks of search; no module
    stores business data in it."""

    search_fields = ("identifier", "title", "body")

    title = NFCCharField(_("tiêu đề"), max_length=500)
    body = NFCTextField(_("nội dung"), blank=True)
    identifier = NFCCharField(_("số ký hiệu"), max_length=100, blank=True)
    identifier_norm = models.CharField(
        _("số ký hiệu chuẩn hóa"), max_length=100, blank=True, db_index=True, editable=False
    )
    created_at = models.DateTimeField(_("thời điểm tạo"), default=clock.now, db_index=True)

    class Meta:
        verbose_name = _("mẫu tìm kiếm")
        verbose_name_plural = _("mẫu tìm kiếm")

    def __str__(self) -> str:
        return self.title

    def save(self, *args, **kwargs):
        self.identifier_norm = normalize_identifier(nfc(self.identifier))
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and "identifier" in update_fields:
            kwargs["update_fields"] = {*update_fields, "identifier_norm"}
        super().save(*args, **kwargs)
