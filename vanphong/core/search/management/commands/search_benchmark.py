"""manage.py search_benchmark [--rows N] [--output FILE] — time the search interface.

Dataset shape: ``SearchSample`` rows (kept between runs; topped up to ``--rows``), each with a
12-word title and a 40-word body drawn from a 150-word vocabulary of office Vietnamese (so every
common word is in ~30 % of rows: harsher than real text), one row in 1,000 with a rare word,
identifiers ``<1..5000>/<type>``, one row every 3 minutes from 2020-01-01. Each query is run
once to warm up, then 3 times; the best time is compared with its target. Prints the figures and
the query plans, writes them to ``--output``, and exits 1 when a target is missed.

Only the kernel's ``search_searchsample`` table is written. Run it on a scratch database.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from vanphong.core import search
from vanphong.core.search.models import SearchSample, index_values
from vanphong.core.text import normalize_identifier

VOCABULARY = (
    "quyết định công văn tờ trình thông báo kế hoạch báo cáo bão lũ bảo vệ rừng giao thông "
    "nông thôn xây dựng đô thị đất đai tài chính ngân sách giáo dục y tế dân cư thủ tục hành "
    "chính một cửa khen thưởng kỷ luật cán bộ công chức viên chức tuyển dụng đào tạo bồi dưỡng "
    "phòng chống dịch bệnh cải cách chuyển đổi số điện tử văn phòng ủy ban nhân dân tỉnh huyện "
    "xã phường thị trấn sở nội vụ tư pháp đầu tư công thương nông nghiệp phát triển môi trường "
    "tài nguyên khoa học công nghệ văn hóa thể thao du lịch lao động thương binh xã hội thanh "
    "tra điều chỉnh phê duyệt dự án quy hoạch sử dụng giải phóng mặt bằng bồi thường hỗ trợ tái "
    "định cư"
).split()
RARE = ["hươu", "sao", "vượn", "gấu", "ngựa", "voi", "giác", "trâu"]
TYPES = ["QĐ-UBND", "UBND-VP", "TB-UBND", "KH-UBND", "BC-UBND", "TTr-SNV"]
START = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)

# (name, target in ms on SQLite, on PostgreSQL, query)
P2022 = {"created_at__gte": dt.datetime(2022, 1, 1, tzinfo=dt.UTC),
         "created_at__lt": dt.datetime(2023, 1, 1, tzinfo=dt.UTC)}  # fmt: skip
CASES = [
    ("common words, page 1 by date", 1500, 100,
     lambda qs: search.filter(qs, "quyết định").order_by("-created_at")[:20]),
    ("common words + period, page 1", 1500, 100,
     lambda qs: search.filter(qs.filter(**P2022), "quyet dinh").order_by("-created_at")[:20]),
    ("rare word, all rows by date", 100, 100,
     lambda qs: search.filter(qs, "hươu").order_by("-created_at")),
    ("rare + common word, ranked, page 1", 200, 200,
     lambda qs: search.search(qs.order_by("-created_at"), "hươu quyết")[:20]),
    ("prefix of the last word, page 1", 2000, 100,
     lambda qs: search.filter(qs, "phe duy").order_by("-created_at")[:20]),
    ("identifier exact", 20, 20,
     lambda qs: search.filter_identifier(qs, "identifier_norm", "05/QĐ-UBND", prefix=False)[:20]),
    ("identifier prefix", 20, 20,
     lambda qs: search.filter_identifier(qs, "identifier_norm", "123/")[:20]),
    ("common accented words, ranked, page 1 (worst case)", 6000, 3000,
     lambda qs: search.search(qs.order_by("-created_at"), "bão lũ")[:20]),
]  # fmt: skip


class Command(BaseCommand):
    help = "Đo thời gian tìm kiếm trên bảng mẫu SearchSample. / Benchmark the search interface."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=100_000)
        parser.add_argument("--output", default="var/search_benchmark.txt")

    def handle(self, *args, rows: int, output: str, **options):
        if connection.vendor not in ("sqlite", "postgresql"):
            raise CommandError("search_benchmark: SQLite or PostgreSQL only")
        self._seed(rows)
        lines = [f"search_benchmark on {connection.vendor}, {rows} rows"]
        missed = []
        qs = SearchSample.objects.all()
        for name, target_sqlite, target_pg, build in CASES:
            target = target_sqlite if connection.vendor == "sqlite" else target_pg
            list(build(qs).values_list("pk", flat=True))
            times = []
            for _ in range(3):
                t0 = time.perf_counter()
                list(build(qs).values_list("pk", flat=True))
                times.append((time.perf_counter() - t0) * 1000)
            best = min(times)
            ok = best <= target
            if not ok:
                missed.append(name)
            lines.append(
                f"{'ok  ' if ok else 'MISS'} {name:52s} {best:9.1f} ms (target {target} ms)"
            )
            lines.extend("      " + p for p in self._plan(build(qs)))
        text = "\n".join(lines) + "\n"
        self.stdout.write(text)
        Path(output).parent.mkdir(parents=True, exist_ok=True)
        Path(output).write_text(text, encoding="utf-8")
        if missed:
            raise CommandError(f"targets missed: {', '.join(missed)}", returncode=1)

    def _seed(self, rows: int) -> None:
        have = SearchSample.objects.count()
        rnd = random.Random(have)
        t0 = time.perf_counter()
        for start in range(have, rows, 5000):
            batch = []
            for i in range(start, min(start + 5000, rows)):
                title = " ".join(rnd.choice(VOCABULARY) for _ in range(12))
                if i % 1000 == 0:
                    title += " " + rnd.choice(RARE)
                body = " ".join(rnd.choice(VOCABULARY) for _ in range(40))
                ident = f"{i % 5000 + 1:02d}/{rnd.choice(TYPES)}"
                batch.append(
                    SearchSample(
                        title=title,
                        body=body,
                        identifier=ident,
                        identifier_norm=normalize_identifier(ident),
                        created_at=START + dt.timedelta(minutes=3 * i),
                        **index_values(ident, title, body),
                    )
                )
            with transaction.atomic():
                SearchSample.objects.bulk_create(batch)
        if rows > have:
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            self.stdout.write(f"seeded {rows - have} rows in {time.perf_counter() - t0:.0f} s")

    def _plan(self, qs) -> list[str]:
        sql, params = qs.values_list("pk", flat=True).query.sql_with_params()
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                cursor.execute("EXPLAIN QUERY PLAN " + sql, params)
                return [row[-1] for row in cursor.fetchall()]
            cursor.execute("EXPLAIN ANALYZE " + sql, params)
            return [row[0] for row in cursor.fetchall()]
