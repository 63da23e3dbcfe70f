"""The register's search is planned by the words' frequency (search.planned_search): a rare
word's matches are all ranked (exact accented words first), a frequent word walks the
register's order (urgent first, newest), exact accented matches first; the number of queries
of a search page does not depend on the page or on how many documents match. Runs on the
suite's database (CI: SQLite and PostgreSQL)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from vanphong.core import clock
from vanphong.core.search import query as search_query
from vanphong.documents import selectors, views
from vanphong.documents.tests.factories import make_office, register

pytestmark = pytest.mark.django_db


@pytest.fixture
def office():
    start = dt.datetime(2026, 3, 10, 9, 0)
    clock.travel_to(start)
    office = make_office()
    # Registered in this order: later ones are newer (the register's order: newest first).
    for title in [
        "Báo cáo tình hình quý I",
        "Phòng chống bão số 1",
        "Bảo vệ rừng đầu nguồn",
        "Báo cáo tình hình quý II",
        "Phòng chống bão số 2",
        "Bảo hiểm xã hội",
    ]:
        start += dt.timedelta(minutes=5)
        clock.travel_to(start)
        register(office, trich_yeu=title)
    clock.travel_to(start + dt.timedelta(minutes=5))
    register(office, trich_yeu="Hỏa tốc: báo cáo thiệt hại", urgency="hoa_toc")
    return office


def titles(rows) -> list[str]:
    return [d.trich_yeu for d in rows]


def search(office, q):
    return selectors.incoming_list(office.clerk, agency=office.agency, q=q)


def test_rare_word_every_match_ranked_exact_first(office, monkeypatch):
    monkeypatch.setattr(search_query, "PLAN_CAP", 20)
    results = search(office, "bão")  # folds to "bao": 7 matches, all ranked
    assert (results.plan, results.order, len(results)) == ("rank-all", "rank", 7)
    assert titles(results) == [
        "Phòng chống bão số 2",
        "Phòng chống bão số 1",
        "Hỏa tốc: báo cáo thiệt hại",  # then the register's order: urgent first, newest
        "Bảo hiểm xã hội",
        "Báo cáo tình hình quý II",
        "Bảo vệ rừng đầu nguồn",
        "Báo cáo tình hình quý I",
    ]
    assert titles(search(office, "bao"))[0] == "Hỏa tốc: báo cáo thiệt hại"  # no accent: list
    assert titles(search(office, "hiểm")) == ["Bảo hiểm xã hội"]


def test_frequent_word_walks_the_register_order(office, monkeypatch):
    monkeypatch.setattr(search_query, "PLAN_CAP", 3)
    results = search(office, "bao")
    assert (results.plan, results.order, results.exact_first, len(results)) == (
        "walk",
        "list",
        False,
        4,  # cap + 1: "more than 3"
    )
    assert titles(results) == [
        "Hỏa tốc: báo cáo thiệt hại",
        "Bảo hiểm xã hội",
        "Phòng chống bão số 2",
        "Báo cáo tình hình quý II",
    ]


def test_frequent_accented_word_exact_matches_first(office, monkeypatch):
    monkeypatch.setattr(search_query, "PLAN_CAP", 3)
    results = search(office, "bão")  # 2 exact ≤ 3 < 7 matches
    assert (results.plan, results.exact_first) == ("exact-then-walk", True)
    assert titles(results) == [
        "Phòng chống bão số 2",
        "Phòng chống bão số 1",
        "Hỏa tốc: báo cáo thiệt hại",
        "Bảo hiểm xã hội",
    ]
    results = search(office, "báo")  # 3 exact (hỏa tốc first) ≤ 3
    assert titles(results)[:3] == [
        "Hỏa tốc: báo cáo thiệt hại",
        "Báo cáo tình hình quý II",
        "Báo cáo tình hình quý I",
    ]
    monkeypatch.setattr(search_query, "PLAN_CAP", 2)
    results = search(office, "báo")  # 3 exact > 2: only exact matches are reachable
    assert (results.plan, titles(results)) == (
        "walk-exact",
        ["Hỏa tốc: báo cáo thiệt hại", "Báo cáo tình hình quý II", "Báo cáo tình hình quý I"],
    )


def test_search_page_constant_queries_and_order_shown(client, office, monkeypatch):
    monkeypatch.setattr(search_query, "PLAN_CAP", 5)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)
    client.force_login(office.clerk)
    url = reverse("documents:incoming_list")
    client.get(url, {"q": "bão"})  # warm caches
    counts = {}
    for q, page in [("bão", 1), ("bão", 3), ("bao", 1), ("bao", 2), ("hươu", 1)]:
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url, {"q": q, "page": page})
        assert response.status_code == 200
        counts[(q, page)] = len(ctx)
    assert counts[("bão", 1)] == counts[("bão", 3)]
    assert counts[("bao", 1)] == counts[("bao", 2)]
    html = client.get(url, {"q": "bão"}).content.decode()  # exact matches first
    assert html.index("Phòng chống bão số 2") < html.index("Phòng chống bão số 1")
    assert "Hỏa tốc: báo cáo thiệt hại" not in html
    assert "văn bản có đúng từ có dấu xếp trước" in html  # 7 matches > 5: the order is said
    html = client.get(url, {"q": "bao"}).content.decode()
    assert "Nhiều kết quả: xếp theo thứ tự sổ" in html
    html = client.get(url, {"q": "hiểm"}).content.decode()  # 1 match: ranked, nothing said
    assert 'data-testid="search-order-note"' not in html and "Bảo hiểm xã hội" in html
    html = client.get(url, {"q": "bão", "page": 2}).content.decode()
    assert html.index("Hỏa tốc: báo cáo thiệt hại") < html.index("Bảo hiểm xã hội")


def test_postgresql_exact_index_exists_and_is_used(office):
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    from vanphong.documents.models import IncomingDocument

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = %s",
            ["documents_incomingdocument_exact_gin"],
        )
        (indexdef,) = cursor.fetchone()
    assert "gin (to_tsvector('simple'::regconfig, search_text))" in indexdef
    qs = IncomingDocument.objects.filter(
        search_query.exact_condition(["bão"], connection=connection, exact_index=True)
    )
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        sql, params = qs.query.sql_with_params()
        cursor.execute("EXPLAIN " + sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert "documents_incomingdocument_exact_gin" in plan
    assert titles(qs.order_by("received_at")) == ["Phòng chống bão số 1", "Phòng chống bão số 2"]
