"""Benchmark of the per-unit follow-up table on PostgreSQL, through the real view.

    .venv/bin/python bench/tasks.py --rows 200000 --repeat 30

The database named in DATABASE_URL (default ``vp_bench_tasks``) is a scratch database: created
when missing, migrated, and loaded once per ``--rows`` (a marker agency records the size; a
different size empties the tasks and loads again). Bench rows are written with ``bulk_create``
(not through the services: no event log) — the view reads only stored columns.

Dataset: one provincial committee and its Office (8 units), 12 departments, 30 communes; tasks
assigned over 2025-01-01 .. 2027-12-31 by 4 leaders, led 40 % by Office units and 60 % by
departments and communes; deadlines 5-30 days after assignment; 70 % finished (80 % of them on
time), 10 % extended once; the rest open. The view is timed ``--repeat`` times after 3 warm-up
requests (Django test client, signed-in leader, full middleware stack) for a month, a quarter
and a year; printed: median, p95, number of queries, rows in the table. Target (issue 4):
p95 <= 300 ms at 200,000 tasks. Exit 1 when missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/vp_bench_tasks")
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("EVENTLOG_ANCHOR_KEY", "bench-only-anchor-key")
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "YmVuY2gtb25seS1maWVsZC1rZXktMzItYnl0ZXMhISE=")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("EMAIL_URL", "locmem://")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vanphong.settings")

VN = dt.timezone(dt.timedelta(hours=7))
MARKER = "bench-tasks-v1"
TARGET_MS = 300


def _ensure_database(url: str) -> None:
    from urllib.parse import urlparse

    import psycopg

    parts = urlparse(url)
    name = parts.path.lstrip("/")
    admin = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def _load(rows: int):
    from django.contrib.contenttypes.models import ContentType  # noqa: F401
    from django.db import transaction

    from vanphong.core import deadlines
    from vanphong.org.models import Agency, AgencyKind, Membership, Official, Role, RoleGrant, Unit
    from vanphong.tasks.models import Task

    marker = Agency.objects.filter(name=MARKER).first()
    leader = Official.objects.filter(username="bench.leader").first()
    if marker and marker.short_name == str(rows) and leader:
        return leader
    Task.objects.all().delete()
    with transaction.atomic():
        pc = Agency.objects.filter(identifier="B00.00.00.H31").first() or Agency.objects.create(
            name="UBND tỉnh (bench)", kind=AgencyKind.PROVINCE_PC, identifier="B00.00.00.H31"
        )
        office = Agency.objects.filter(identifier="B01.00.00.H31").first()
        if office is None:
            office = Agency.objects.create(
                name="Văn phòng UBND tỉnh (bench)",
                short_name="VP",
                kind=AgencyKind.PROVINCE_OFFICE,
                identifier="B01.00.00.H31",
                parent=pc,
            )
        units = list(Unit.objects.filter(agency=office))
        for n in range(len(units), 8):
            units.append(
                Unit.objects.create(agency=office, name=f"Phòng {n + 1}", abbreviation=f"P{n}")
            )
        others = list(Agency.objects.filter(parent=pc).exclude(pk=office.pk))
        for n in range(len(others), 42):
            kind = AgencyKind.DEPARTMENT if n < 12 else AgencyKind.COMMUNE_PC
            others.append(
                Agency.objects.create(
                    name=f"{'Sở' if n < 12 else 'UBND xã'} {n + 1} (bench)",
                    kind=kind,
                    identifier=f"B{n + 2:02d}.00.00.H31",
                    parent=pc,
                )
            )
        leaders = []
        for n in range(4):
            user = Official.objects.filter(username=f"bench.leader{n or ''}").first()
            if user is None:
                user = Official.objects.create_user(
                    username="bench.leader" if n == 0 else f"bench.leader{n}",
                    password="bench-Matkhau-2026",
                    full_name=f"Lãnh đạo {n + 1}",
                    agency=pc,
                )
                RoleGrant.objects.create(official=user, agency=pc, role=Role.LANH_DAO_UBND)
                Membership.objects.create(official=user, unit=units[0], is_primary=True)
            leaders.append(user)
        Agency.objects.filter(name=MARKER).delete()
        Agency.objects.create(
            name=MARKER, short_name=str(rows), identifier="BMARK.H31", is_active=False
        )
    rng = random.Random(4)
    start = dt.datetime(2025, 1, 1, 8, 0, tzinfo=VN)
    span = (dt.datetime(2027, 12, 31, 8, 0, tzinfo=VN) - start).total_seconds()
    batch: list[Task] = []
    for i in range(rows):
        assigned = start + dt.timedelta(seconds=rng.random() * span)
        due = (assigned + dt.timedelta(days=rng.randint(5, 30))).replace(hour=17, minute=30)
        task = Task(
            agency=pc,
            content=f"Nhiệm vụ bench số {i}",
            source_kind="chi_dao",
            assigned_by=leaders[i % 4],
            created_by=leaders[i % 4],
            assigned_at=assigned,
            assigned_date=assigned.date(),
        )
        if rng.random() < 0.4:
            task.lead_unit = units[i % len(units)]
        else:
            task.lead_agency = others[i % len(others)]
        task.due_at, task.due_date = due, due.date()
        task.soon_at = due - dt.timedelta(days=2)
        if rng.random() < 0.1:
            task.original_due_at = due - dt.timedelta(days=7)
            task.extension_count = 1
        if rng.random() < 0.7:
            done = (
                due - dt.timedelta(days=rng.randint(0, 5))
                if rng.random() < 0.8
                else (due + dt.timedelta(days=rng.randint(1, 10)))
            )
            task.finished_at, task.finished_date = done, done.date()
            task.state = "hoan_thanh"
        batch.append(task)
        if len(batch) == 5000:
            Task.objects.bulk_create(batch)
            batch = []
    if batch:
        Task.objects.bulk_create(batch)
    assert deadlines  # the status is computed by the view, from these columns
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("ANALYZE tasks_task")
    return leaders[0]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    _ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.conf import settings

    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from vanphong.core import clock
    from vanphong.tasks.models import Task

    call_command("migrate", verbosity=0)
    t0 = time.perf_counter()
    leader = _load(args.rows)
    print(f"tasks: {Task.objects.count()} (loaded in {time.perf_counter() - t0:.1f} s)")
    clock.travel_to(dt.datetime(2027, 4, 20, 9, 0, tzinfo=VN))
    client = Client()
    client.force_login(leader)
    failed = False
    for label, query in (
        ("month", "start=01/03/2027&end=31/03/2027"),
        ("quarter", "start=15/12/2026&end=14/03/2027"),
        ("year", "start=01/01/2026&end=31/12/2026"),
    ):
        url = f"/nhiem-vu/theo-doi/?{query}"
        for _ in range(3):
            assert client.get(url).status_code == 200
        times = []
        for _ in range(args.repeat):
            t = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - t) * 1000)
        with CaptureQueriesContext(connection) as q:
            client.get(url)
        times.sort()
        p95 = times[max(0, int(round(0.95 * len(times))) - 1)]
        rows = response.content.decode().count("data-lead=")
        print(
            f"{label:8s} median {statistics.median(times):6.1f} ms  p95 {p95:6.1f} ms  "
            f"queries {len(q)}  units in table {rows}"
        )
        failed |= p95 > TARGET_MS
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
