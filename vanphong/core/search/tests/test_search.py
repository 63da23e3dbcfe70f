"""Full-text search over the folded shadow column (SQLite FTS5 / PostgreSQL), ranking and
identifiers. Runs on whichever database the suite uses; CI runs both."""

from __future__ import annotations

import unicodedata

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from vanphong.core import search
from vanphong.core.search.models import SearchSample

pytestmark = pytest.mark.django_db


def titles(qs) -> list[str]:
    return [row.title for row in qs]


def make(title: str, body: str = "", identifier: str = "") -> SearchSample:
    return SearchSample.objects.create(title=title, body=body, identifier=identifier)


def test_unaccented_query_finds_accented_text():
    make("Quyết định khen thưởng")
    make("Công văn đôn đốc")
    found = search.filter(SearchSample.objects.all(), "quyet dinh")
    assert titles(found) == ["Quyết định khen thưởng"]


def test_words_are_anded_in_any_order_and_case():
    make("Quyết định khen thưởng tập thể")
    make("Quyết định kỷ luật")
    assert titles(search.filter(SearchSample.objects.all(), "THƯỞNG quyết")) == [
        "Quyết định khen thưởng tập thể"
    ]
    assert titles(search.filter(SearchSample.objects.all(), "quyet khong-co-tu-nay")) == []


def test_last_word_matches_as_prefix():
    make("Đường giao thông nông thôn")
    qs = SearchSample.objects.all()
    assert titles(search.filter(qs, "giao thô")) == ["Đường giao thông nông thôn"]
    assert titles(search.filter(qs, "giao thô", prefix=False)) == []
    # Only the last word is a prefix.
    assert titles(search.filter(qs, "gia thong")) == []


def test_d_with_stroke_folds_to_d():
    make("Đề án đô thị")
    assert titles(search.filter(SearchSample.objects.all(), "de an do thi")) == ["Đề án đô thị"]
    assert titles(search.filter(SearchSample.objects.all(), "ĐỀ ÁN")) == ["Đề án đô thị"]


def test_body_and_identifier_are_searched():
    make("Thông báo", body="Kết luận của Chủ tịch về phòng chống bão", identifier="15/TB-UBND")
    qs = SearchSample.objects.all()
    assert titles(search.filter(qs, "chong bao")) == ["Thông báo"]
    assert titles(search.filter(qs, "15 tb ubnd")) == ["Thông báo"]


def test_accented_query_ranks_exact_accent_matches_first():
    make("Báo cáo tình hình")
    make("Bảo vệ rừng")
    make("Phòng chống bão lũ")
    qs = SearchSample.objects.order_by("title")
    assert len(search.filter(qs, "bao")) == 3
    ranked = titles(search.search(qs, "bão"))
    assert ranked[0] == "Phòng chống bão lũ"
    assert ranked[1:] == ["Báo cáo tình hình", "Bảo vệ rừng"]  # then the queryset's order
    assert titles(search.search(qs, "báo"))[0] == "Báo cáo tình hình"
    assert titles(search.search(qs, "bảo"))[0] == "Bảo vệ rừng"
    # Without accents nothing is preferred: the queryset's own order stands.
    assert titles(search.search(qs, "bao")) == sorted(titles(qs))


def test_rank_counts_every_accented_word():
    make("bão và lũ")
    make("bão và lụ")
    make("bao va lu")
    ranked = search.search(SearchSample.objects.order_by("id"), "bão lũ")
    assert [(r.title, r.search_rank) for r in ranked] == [
        ("bão và lũ", 2),
        ("bão và lụ", 1),
        ("bao va lu", 0),
    ]


@pytest.mark.parametrize(
    "query",
    [
        '"',
        '"quyet',
        "quyet*",
        "*",
        "-quyet",
        "quyet OR dinh",
        "NEAR(quyet dinh)",
        "quyet AND NOT dinh",
        "title:quyet",
        "^quyet",
        "quyet + dinh",
        "(quyet",
        "quyet)",
        "'; DROP TABLE search_searchsample; --",
        "quyet & dinh | !x <-> y:*",
        "\\",
        "{a b}",
    ],
)
def test_query_syntax_characters_are_harmless(query):
    make("Quyết định OR kế hoạch")
    qs = SearchSample.objects.all()
    list(search.filter(qs, query))  # does not raise
    list(search.search(qs, query))
    assert SearchSample.objects.count() == 1


def test_operators_in_the_query_are_plain_words():
    make("quyết định")
    make("kế hoạch")
    qs = SearchSample.objects.all()
    # "OR" is not an operator: it is a word that no row contains.
    assert titles(search.filter(qs, "quyet OR hoach")) == []
    # "-" does not exclude.
    assert titles(search.filter(qs, "quyet -dinh")) == ["quyết định"]


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(st.text(max_size=40))
def test_any_query_text_is_accepted(query):
    list(search.search(SearchSample.objects.all(), query))


def test_empty_query_filters_nothing():
    make("Một")
    make("Hai")
    qs = SearchSample.objects.all()
    assert search.filter(qs, "").count() == 2
    assert search.filter(qs, '  -*"  ').count() == 2
    assert search.filter(qs, None).count() == 2


def test_update_reindexes_the_row():
    row = make("Kế hoạch năm")
    qs = SearchSample.objects.all()
    assert search.filter(qs, "ke hoach").count() == 1
    row.title = "Báo cáo quý"
    row.save()
    assert search.filter(qs, "ke hoach").count() == 0
    assert titles(search.filter(qs, "bao cao")) == ["Báo cáo quý"]
    row.body = "phụ lục"
    row.save(update_fields=["body"])
    assert titles(search.filter(qs, "phu luc")) == ["Báo cáo quý"]


def test_delete_removes_the_row_from_the_index():
    row = make("Kế hoạch năm")
    keep = make("Kế hoạch quý")
    row.delete()
    assert [r.pk for r in search.filter(SearchSample.objects.all(), "ke hoach")] == [keep.pk]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT rowid FROM search_searchsample_fts WHERE search_searchsample_fts MATCH 'hoach'"
            )
            assert [r[0] for r in cursor.fetchall()] == [keep.pk]


def test_decomposed_input_is_found_by_composed_query():
    make(unicodedata.normalize("NFD", "Thông báo kết luận"))
    qs = SearchSample.objects.all()
    assert titles(search.filter(qs, "kết luận")) == ["Thông báo kết luận"]
    assert search.search(qs, "kết luận")[0].search_rank == 2
    assert search.search(qs, unicodedata.normalize("NFD", "kết luận"))[0].search_rank == 2


def test_search_combines_with_filters_and_ordering():
    import datetime as dt

    from vanphong.core import clock

    base = clock.now()
    for i in range(5):
        SearchSample.objects.create(
            title=f"Công văn số {i}", created_at=base + dt.timedelta(days=i)
        )
    make("Quyết định")
    qs = SearchSample.objects.filter(created_at__gte=base + dt.timedelta(days=2)).order_by(
        "-created_at"
    )
    assert titles(search.search(qs, "công văn")) == [
        "Công văn số 4",
        "Công văn số 3",
        "Công văn số 2",
    ]
    assert search.filter(qs, "cong van").count() == 3


def test_bulk_writes_are_indexed_after_reindex():
    SearchSample.objects.bulk_create([SearchSample(title="Tờ trình dự án")])
    qs = SearchSample.objects.all()
    assert search.filter(qs, "to trinh").count() == 0  # bulk_create bypasses save()
    assert search.reindex(qs) == 1
    assert titles(search.filter(qs, "to trinh")) == ["Tờ trình dự án"]
    assert search.reindex(qs) == 0


def test_index_values_for_bulk_writes():
    values = search.index_values("Tờ trình", None, "Số 5/TTr-UBND")
    assert values == {
        "search_folded": "to trinh so 5 ttr ubnd",
        "search_text": " tờ trình số 5 ttr ubnd ",
    }
    SearchSample.objects.bulk_create([SearchSample(title="Tờ trình", **values)])
    assert search.filter(SearchSample.objects.all(), "ttr ubnd").count() == 1


def test_filter_requires_a_searchable_model():
    from vanphong.org.models import Agency

    with pytest.raises(TypeError):
        search.filter(Agency.objects.all(), "x")


# --- identifiers -----------------------------------------------------------------------------------


def test_identifier_exact_and_prefix():
    a = make("A", identifier="05/QĐ-UBND")
    b = make("B", identifier="05/QĐ-UBND-VP")
    c = make("C", identifier="051/QĐ-UBND")
    make("D", identifier="12/TB-UBND")
    qs = SearchSample.objects.order_by("pk")

    def ids(query, prefix=True):
        return [r.pk for r in search.filter_identifier(qs, "identifier_norm", query, prefix=prefix)]

    assert ids("Số: 05 / qđ – ubnd", prefix=False) == [a.pk]
    assert ids("05/QĐ-UBND") == [a.pk, b.pk]
    assert ids("05") == [a.pk, b.pk, c.pk]
    assert ids("05/qđ") == [a.pk, b.pk]
    assert ids("05/QD") == []  # Đ is not D in an identifier
    assert ids("") == [r.pk for r in qs]
    assert ids(unicodedata.normalize("NFD", "05/QĐ-UBND"), prefix=False) == [a.pk]


def test_identifier_prefix_with_like_wildcards_is_literal():
    make("A", identifier="5%/X")
    make("B", identifier="55/X")
    qs = SearchSample.objects.all()
    assert titles(search.filter_identifier(qs, "identifier_norm", "5%")) == ["A"]
    assert titles(search.filter_identifier(qs, "identifier_norm", "5_")) == []


# --- the engine index itself -----------------------------------------------------------------------


def test_postgresql_query_uses_the_gin_index_on_the_stored_vector():
    if connection.vendor != "postgresql":
        pytest.skip("PostgreSQL only")
    sql = str(search.filter(SearchSample.objects.all(), "quyet").query)
    assert '"search_searchsample"."search_vector" @@ to_tsquery' in sql
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexdef FROM pg_indexes WHERE indexname = 'search_searchsample_search_gin'"
        )
        (indexdef,) = cursor.fetchone()
        assert "USING gin (search_vector)" in indexdef
        cursor.execute(
            "SELECT generation_expression FROM information_schema.columns "
            "WHERE table_name = 'search_searchsample' AND column_name = 'search_vector'"
        )
        (generated,) = cursor.fetchone()
        assert "to_tsvector('simple'::regconfig" in generated
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        qs_sql, params = search.filter(
            SearchSample.objects.all(), "quyet dinh"
        ).query.sql_with_params()
        cursor.execute("EXPLAIN " + qs_sql, params)
        plan = "\n".join(r[0] for r in cursor.fetchall())
    assert "search_searchsample_search_gin" in plan


def test_search_through_a_join_uses_the_right_table_alias():
    row = make("Kế hoạch tuyển dụng")
    qs = SearchSample.objects.filter(pk__in=search.filter(SearchSample.objects.all(), "tuyen"))
    assert list(search.filter(qs, "ke hoach")) == [row]


def test_sqlite_lost_triggers_are_repaired():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    from vanphong.core.search.operations import ensure_sqlite_indexes

    make("Trước khi sửa bảng")
    with connection.cursor() as cursor:
        for suffix in ("_fts_ai", "_fts_ad", "_fts_au"):
            cursor.execute(f'DROP TRIGGER "search_searchsample{suffix}"')
    make("Sau khi sửa bảng")  # not indexed: no trigger
    qs = SearchSample.objects.all()
    assert search.filter(qs, "sau khi").count() == 0
    assert ensure_sqlite_indexes() == ["search_searchsample"]
    assert search.filter(qs, "sau khi").count() == 1
    make("Lần nữa")
    assert search.filter(qs, "lan nua").count() == 1
    assert ensure_sqlite_indexes() == []


def test_very_long_text_is_indexed_up_to_the_cap():
    from vanphong.core.search.models import MAX_INDEX_CHARS

    words = [f"tu{i}" for i in range(MAX_INDEX_CHARS // 4)]  # ≈ 1.2 × the cap, all unique
    row = make("Văn bản rất dài", body=" ".join(words))
    assert len(row.search_folded) <= MAX_INDEX_CHARS
    assert len(row.search_text) <= MAX_INDEX_CHARS + 2
    qs = SearchSample.objects.all()
    assert search.filter(qs, "van ban rat dai tu1", prefix=False).count() == 1
    assert search.filter(qs, words[-1], prefix=False).count() == 0  # beyond the cap


@pytest.mark.django_db(transaction=True)
def test_sqlite_table_rebuild_by_a_later_migration_keeps_search_working():
    """Django rebuilds a SQLite table for some AlterFields, dropping its triggers; the
    post_migrate repair puts them back."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    from django.db import models

    from vanphong.core.search.operations import ensure_sqlite_indexes

    make("Trước khi đổi cột")
    old_field = SearchSample._meta.get_field("title")
    new_field = models.CharField(max_length=600)
    new_field.set_attributes_from_name("title")
    new_field.model = SearchSample
    with connection.schema_editor() as editor:
        editor.alter_field(SearchSample, old_field, new_field)
    try:
        with connection.cursor() as cursor:
            cursor.execute(  # this table's triggers (other apps' searchable tables keep theirs)
                "SELECT count(*) FROM sqlite_master WHERE name LIKE 'search_searchsample_fts_a_'"
            )
            assert cursor.fetchone()[0] == 0  # the rebuild dropped the triggers
        assert ensure_sqlite_indexes() == ["search_searchsample"]
        make("Sau khi đổi cột")
        qs = SearchSample.objects.all()
        assert search.filter(qs, "truoc khi").count() == 1
        assert search.filter(qs, "sau khi").count() == 1
    finally:
        with connection.schema_editor() as editor:
            editor.alter_field(SearchSample, new_field, old_field)
        ensure_sqlite_indexes()
