"""NFC model fields: decomposed input is stored and matched composed."""

from __future__ import annotations

import unicodedata

import pytest

from vanphong.core.search.models import SearchSample

pytestmark = pytest.mark.django_db


def test_nfc_fields_store_composed_text_and_match_decomposed_lookups():
    title = unicodedata.normalize("NFD", "Quyết định khen thưởng")
    row = SearchSample.objects.create(
        title=title, identifier=unicodedata.normalize("NFD", "Số: 12/QĐ-UBND")
    )
    assert row.title == "Quyết định khen thưởng"
    stored = SearchSample.objects.values_list("title", flat=True).get(pk=row.pk)
    assert stored == "Quyết định khen thưởng"
    assert SearchSample.objects.filter(title=title).exists()
    assert row.identifier_norm == "12/QĐ-UBND"
