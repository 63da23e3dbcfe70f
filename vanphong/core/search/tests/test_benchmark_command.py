"""The benchmark command runs on a small dataset and writes its figures."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from vanphong.core.search.models import SearchSample

pytestmark = pytest.mark.django_db


def test_search_benchmark_small(tmp_path):
    out = StringIO()
    target = tmp_path / "bench.txt"
    call_command("search_benchmark", "--rows", "300", "--output", str(target), stdout=out)
    assert SearchSample.objects.count() == 300
    text = target.read_text(encoding="utf-8")
    assert "300 rows" in text and "identifier prefix" in text
    assert "MISS" not in text
