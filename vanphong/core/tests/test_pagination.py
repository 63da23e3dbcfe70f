"""CappedPaginator: exact counts up to the cap, no full COUNT(*) beyond it."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vanphong.core.pagination import CappedPaginator
from vanphong.core.search.models import SearchSample


@pytest.mark.django_db
def test_exact_below_the_cap_and_capped_above():
    SearchSample.objects.bulk_create(SearchSample(title=f"Mẫu {n}") for n in range(12))
    qs = SearchSample.objects.order_by("pk")
    exact = CappedPaginator(qs, 5, cap=20)
    assert (exact.count, exact.capped, exact.num_pages) == (12, False, 3)
    assert exact.count_display == "12"
    capped = CappedPaginator(qs, 5, cap=10)
    assert (capped.count, capped.capped, capped.num_pages) == (10, True, 2)
    assert capped.count_display == "10+"
    assert [o.title for o in capped.get_page(2)] == [f"Mẫu {n}" for n in range(5, 10)]


@pytest.mark.django_db
def test_the_count_query_is_limited():
    qs = SearchSample.objects.order_by("pk")
    with CaptureQueriesContext(connection) as ctx:
        assert CappedPaginator(qs, 5, cap=10).count == 0
    assert "LIMIT 11" in ctx.captured_queries[0]["sql"]
