"""search.planned_search: the plan chosen by a word's frequency (rare: every match ranked;
frequent: the list's order walked, exact accented matches first), its results and its
constant number of queries. Runs on whichever database the suite uses; CI runs both."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from vanphong.core import search
from vanphong.core.pagination import CappedPaginator
from vanphong.core.search.models import SearchSample
from vanphong.core.search.query import PlannedResults

pytestmark = pytest.mark.django_db

BASE = dt.datetime(2026, 1, 5, 8, 0, tzinfo=dt.UTC)


def make(title: str, day: int) -> SearchSample:
    return SearchSample.objects.create(title=title, created_at=BASE + dt.timedelta(days=day))


def titles(rows) -> list[str]:
    return [r.title for r in rows]


@pytest.fixture
def rows():
    # Newest first in the list order: day 9 .. day 0.
    return [
        make("Báo cáo quý 1", 0),
        make("Phòng chống bão số 1", 1),
        make("Bảo vệ rừng", 2),
        make("Báo cáo quý 2", 3),
        make("Phòng chống bão số 2", 4),
        make("Báo cáo quý 3", 5),
        make("Bảo hiểm xã hội", 6),
        make("Phòng chống bão số 3", 7),
        make("Kế hoạch hươu sao", 8),
        make("Báo cáo quý 4", 9),
    ]


def listing():
    return SearchSample.objects.order_by("-created_at", "-id")


def test_rare_word_ranks_every_match_exact_accent_first(rows):
    results = search.planned_search(listing(), "bão", cap=5)  # bão: 3 rows exact, 3 ≤ 5
    # "bao" folds bão/báo/bảo: 9 matches > 5 → not rare; a narrower query is.
    assert results.plan != "rank-all"
    results = search.planned_search(listing(), "bão số", cap=5)
    assert isinstance(results, PlannedResults)
    assert (results.plan, results.order, len(results)) == ("rank-all", "rank", 3)
    assert titles(results) == [
        "Phòng chống bão số 3",
        "Phòng chống bão số 2",
        "Phòng chống bão số 1",
    ]
    results = search.planned_search(listing(), "bảo", cap=20)  # 9 matches ≤ 20: all ranked
    assert results.plan == "rank-all" and len(results) == 9
    assert titles(results)[:2] == ["Bảo hiểm xã hội", "Bảo vệ rừng"]  # exact, newest first
    assert titles(results)[2:] == [  # then the list's order (newest first)
        "Báo cáo quý 4",
        "Phòng chống bão số 3",
        "Báo cáo quý 3",
        "Phòng chống bão số 2",
        "Báo cáo quý 2",
        "Phòng chống bão số 1",
        "Báo cáo quý 1",
    ]


def test_rare_word_without_accents_keeps_the_list_order(rows):
    results = search.planned_search(listing(), "huou", cap=5)
    assert (results.plan, titles(results)) == ("rank-all", ["Kế hoạch hươu sao"])
    results = search.planned_search(listing(), "khong co tu nay", cap=5)
    assert (results.plan, len(results), list(results), bool(results)) == ("rank-all", 0, [], False)


def test_frequent_word_walks_the_list_order_without_ranking(rows):
    results = search.planned_search(listing(), "bao", cap=5)  # 9 matches > 5
    assert (results.plan, results.order, results.exact_first) == ("walk", "list", False)
    assert len(results) == 6  # cap + 1: "more than 5", nothing counted beyond
    expected = [r.title for r in reversed(rows) if "hươu" not in r.title]
    assert titles(results[0:6]) == expected[:6]
    assert titles(results[2:4]) == expected[2:4]
    assert results[1].title == expected[1]


def test_frequent_accented_word_exact_matches_first_then_the_list_order(rows):
    results = search.planned_search(listing(), "báo", cap=5)  # 9 matches, 4 exact
    assert (results.plan, results.order, results.exact_first) == (
        "exact-then-walk",
        "list",
        True,
    )
    exact = ["Báo cáo quý 4", "Báo cáo quý 3", "Báo cáo quý 2", "Báo cáo quý 1"]
    others = ["Phòng chống bão số 3", "Bảo hiểm xã hội", "Phòng chống bão số 2"]
    assert titles(results[0:6]) == exact + others[:2]
    # A slice straddling the two segments, and one inside the second.
    assert titles(results[3:6]) == exact[3:] + others[:2]
    assert titles(results[4:6]) == others[:2]
    assert titles(list(results)) == exact + others[:2]


def test_frequent_accented_word_with_more_exact_matches_than_the_cap(rows):
    results = search.planned_search(listing(), "báo", cap=3)  # 4 exact > 3
    assert (results.plan, results.exact_first) == ("walk-exact", True)
    assert titles(results[0:4]) == [
        "Báo cáo quý 4",
        "Báo cáo quý 3",
        "Báo cáo quý 2",
        "Báo cáo quý 1",
    ]


def test_exact_index_gives_the_same_results(rows):
    for query in ["báo", "bão số", "bảo"]:
        for cap in (3, 5, 20):
            plain = search.planned_search(listing(), query, cap=cap)
            indexed = search.planned_search(listing(), query, cap=cap, exact_index=True)
            assert (indexed.plan, titles(indexed)) == (plain.plan, titles(plain))


def test_postgresql_exact_condition_is_the_indexed_expression(rows):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    from django.db.models import QuerySet

    from vanphong.core.search.query import exact_condition

    qs: QuerySet = SearchSample.objects.filter(
        exact_condition(["bão"], connection=connection, exact_index=True)
    )
    assert 'to_tsvector(\'simple\'::regconfig, "search_searchsample"."search_text")' in str(
        qs.query
    )
    assert titles(qs.order_by("created_at")) == [
        "Phòng chống bão số 1",
        "Phòng chống bão số 2",
        "Phòng chống bão số 3",
    ]


def test_empty_query_returns_the_queryset(rows):
    qs = listing()
    assert search.planned_search(qs, " -- ") is qs


def test_paginated_with_a_constant_number_of_queries(rows):
    queries = {}
    for query, page_number in [("báo", 1), ("báo", 2), ("bao", 1), ("bao", 3), ("hươu", 1)]:
        with CaptureQueriesContext(connection) as ctx:
            results = search.planned_search(listing(), query, cap=5)
            page = CappedPaginator(results, 2, cap=5).get_page(page_number)
            shown = titles(page.object_list)
        queries[(query, page_number)] = len(ctx.captured_queries)
        assert shown and len(shown) <= 2
    # the first cap + 1 ids (1) + exact ids (accented, frequent) or the ranking (accented, rare)
    # (1) + the page, read by id (1), whatever the page
    assert queries[("bao", 1)] == queries[("bao", 3)] == 2
    assert queries[("báo", 1)] == queries[("báo", 2)] == 3
    assert queries[("hươu", 1)] == 3
    page = CappedPaginator(search.planned_search(listing(), "bao", cap=5), 2, cap=5).get_page(1)
    assert page.paginator.capped and page.paginator.count_display == "5+"


def test_plan_is_the_same_on_a_filtered_list(rows):
    since = BASE + dt.timedelta(days=5)
    qs = listing().filter(created_at__gte=since)
    results = search.planned_search(qs, "báo", cap=5)
    assert results.plan == "rank-all"
    assert titles(results) == [
        "Báo cáo quý 4",
        "Báo cáo quý 3",
        "Phòng chống bão số 3",
        "Bảo hiểm xã hội",
    ]
