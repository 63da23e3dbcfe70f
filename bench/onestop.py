"""Benchmark of the one-stop statistics and the public look-up on PostgreSQL: real views beside
the same SQL alone.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vp_bench_onestop \
        .venv/bin/python bench/onestop.py --rows 1000000 --repeat 30

The database named in DATABASE_URL is a scratch database: it is created when missing and, when
it does not hold the requested dataset, emptied (DROP/CREATE), migrated and loaded with COPY
(dossiers and their events).

Dataset shape (printed at the start): 33 agencies — the provincial Public Administrative Service
Center (receives every provincial dossier), 12 departments (competent agencies, 4 units each)
and 20 communes (receive and settle their own dossiers, 3 units each); 15 fields; 60 published
procedures (48 provincial, 4 per department; 12 commune-level), limits of 0.5-20 working days,
20 % "5 tại chỗ"; dossiers received evenly over 01/01/2022 .. 27/11/2026 (about 205,000 a
year, 17,000 a month), 60 % provincial (received at the center), 40 % commune; 35 % online
(portal code). Status mix: dossiers older than twice their limit are closed (93 % result — 75 %
early, 18 % on time, 7 % late; "5 tại chỗ" procedures settled at the desk on the day 70 % of
the time —, 2 % refused, 1 % stopped, 4 % still waiting to be returned) except 0.2 % stale
ones left open; recent ones are half open; 6 % had a supplement request (a third of the open
ones wait for it); 30 % of the returned ones are rated. Events: receive, supplement request,
result / refusal / stop, return and rating, as the services write them (2-5 per dossier; the
hashes are not a verifiable chain: the bench only reads).

Scenarios, each through the real view (Django test client, full middleware stack) ``--repeat``
times after 3 warm-up requests, then every SQL statement the view ran replayed alone through
psycopg: the statistics page of the center's leader (visibility: the dossiers received by the
center or due from it) for the last full month, a month two years back, the current year to
date and the year 2025 (with a field filter for a month too); the public look-up by dossier
code with the right PIN (a different dossier and client address each time: the rate limit is
per address) and with an unknown code. Printed: median and p95 of both, the number of queries,
and the plan (EXPLAIN ANALYZE, BUFFERS) of the slowest statement, saved under
``bench/results/onestop-<rows>/`` with the output and ``uptime`` (the machine is shared).

Targets (issue 5): statistics for a month p95 <= 300 ms, for a year p95 <= 1 s; the public
look-up p95 <= 50 ms; a constant number of queries per scenario. Exit 1 when a target is missed.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/vp_bench_onestop"
os.environ.setdefault("DATABASE_URL", DEFAULT_URL)
os.environ.setdefault("SECRET_KEY", "bench-only-secret-key")
os.environ.setdefault("EVENTLOG_ANCHOR_KEY", "bench-only-anchor-key")
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "YmVuY2gtb25seS1maWVsZC1rZXktMzItYnl0ZXMhISE=")
os.environ.setdefault("ALLOWED_HOSTS", "testserver")
os.environ.setdefault("SESSION_COOKIE_SECURE", "false")
os.environ.setdefault("EMAIL_URL", "locmem://")
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "vanphong.settings")

MARKER = "bench-onestop-v1"
VN = dt.timezone(dt.timedelta(hours=7))
START = dt.datetime(2022, 1, 1, 7, 30, tzinfo=VN)
END = dt.datetime(2026, 11, 27, 17, 0, tzinfo=VN)
NOW = dt.datetime(2026, 11, 28, 12, 0, tzinfo=VN)  # the moment the dataset describes
DAY = dt.timedelta(days=1)

FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Ngô"]
MIDDLE = ["Văn", "Thị", "Minh", "Thu", "Đức", "Ngọc", "Quang", "Hữu"]
GIVEN = ["Hoa", "Nam", "Lan", "Hùng", "Mai", "Tuấn", "Hương", "Dũng", "Thảo", "Long", "Yến"]
DEPARTMENTS = [
    "Sở Tư pháp", "Sở Xây dựng", "Sở Nông nghiệp và Môi trường", "Sở Tài chính", "Sở Y tế",
    "Sở Giáo dục và Đào tạo", "Sở Công Thương", "Sở Nội vụ", "Sở Văn hóa, Thể thao và Du lịch",
    "Sở Khoa học và Công nghệ", "Sở Dân tộc và Tôn giáo", "Công an tỉnh",
]  # fmt: skip
COMMUNE_FIELDS = [("HT", "Hộ tịch"), ("CT", "Chứng thực"), ("DD", "Đất đai")]
LIMITS = [0.5, 1, 2, 3, 5, 7, 10, 12, 15, 20]


def _setup_django():
    import django
    from django.conf import settings

    django.setup()
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


def _admin_url(url: str) -> str:
    return url.rsplit("/", 1)[0] + "/postgres"


def _ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _drop_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    name = url.rsplit("/", 1)[1]
    with psycopg.connect(_admin_url(url), autocommit=True) as conn:
        conn.execute(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = %s", [name]
        )
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _dataset_ok(rows: int) -> bool:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute("SELECT to_regclass('bench_marker')")
        if cur.fetchone()[0] is None:
            return False
        cur.execute("SELECT rows FROM bench_marker WHERE marker = %s", [MARKER])
        found = cur.fetchone()
    return bool(found and found[0] == rows)


def _pin(i: int) -> str:
    return f"{(i * 7919 + 12345) % 1_000_000:06d}"


def _catalogue(rng: random.Random) -> dict:
    """Agencies, units, the center's leader and the 60 published procedures."""
    from decimal import Decimal

    from vanphong.org.models import AgencyKind, Role
    from vanphong.org.testing import make_agency, make_official, make_unit
    from vanphong.procedures.models import Level
    from vanphong.procedures.services import StepInput
    from vanphong.procedures.testing import make_procedure

    center = make_agency(
        name="Trung tâm Phục vụ hành chính công tỉnh Hưng Yên",
        short_name="TTPVHCC",
        kind=AgencyKind.PROVINCE_OFFICE,
        identifier="BENCH.TT",
    )
    desk_unit = make_unit(center, name="Bộ phận tiếp nhận và trả kết quả", abbreviation="TNTKQ")
    leader = make_official(
        center,
        unit=desk_unit,
        roles=(Role.LANH_DAO_VAN_PHONG,),
        username="bench_center_leader",
        is_head=True,
    )
    desk = make_official(
        center, unit=desk_unit, roles=(Role.CAN_BO_MOT_CUA,), username="bench_desk"
    )
    departments, communes = [], []
    for n, name in enumerate(DEPARTMENTS, start=1):
        agency = make_agency(name=f"{name} tỉnh Hưng Yên", identifier=f"BENCH.S{n:02d}")
        units = [
            make_unit(agency, name=f"Phòng {u + 1} - {name}", abbreviation=f"P{u + 1}")
            for u in range(4)
        ]
        departments.append((agency, units))
    for n in range(1, 21):
        agency = make_agency(name=f"UBND xã Bench {n:02d}", identifier=f"BENCH.X{n:02d}")
        units = [
            make_unit(agency, name=f"Bộ phận {u + 1} - xã {n:02d}", abbreviation=f"B{u + 1}")
            for u in range(3)
        ]
        communes.append((agency, units))
    provincial, commune_level = [], []
    for d, (agency, units) in enumerate(departments, start=1):
        for k in range(4):
            days = LIMITS[rng.randrange(len(LIMITS))]
            total = Decimal(str(days)) * 8
            proc = make_procedure(
                code=f"1.{700000 + d * 10 + k:06d}",
                name=f"Thủ tục cấp tỉnh {d:02d}.{k + 1} của {agency.name}",
                field_code=f"F{d:02d}",
                field_name=f"Lĩnh vực {DEPARTMENTS[d - 1]}",
                level=Level.CAP_TINH,
                competent_agency=agency,
                competent_agency_name=agency.name,
                time_limit_days=Decimal(str(days)),
                five_on_the_spot=rng.random() < 0.2,
                steps=[
                    StepInput("Tiếp nhận", total / 4, desk_unit.name, desk_unit),
                    StepInput("Thẩm định", total / 2, units[k].name, units[k]),
                    StepInput("Phê duyệt", total / 4, units[0].name, units[0]),
                ],
            )
            provincial.append(proc)
    for k in range(12):
        code, name = COMMUNE_FIELDS[k % 3]
        days = LIMITS[rng.randrange(0, 6)]
        total = Decimal(str(days)) * 8
        proc = make_procedure(
            code=f"1.{800000 + k:06d}",
            name=f"Thủ tục cấp xã {k + 1} ({name})",
            field_code=code,
            field_name=name,
            level=Level.CAP_XA,
            competent_agency_name="Ủy ban nhân dân cấp xã",
            time_limit_days=Decimal(str(days)),
            five_on_the_spot=rng.random() < 0.2,
            steps=[
                StepInput("Tiếp nhận", total / 2, "Bộ phận Một cửa"),
                StepInput("Giải quyết", total / 2, "Công chức chuyên môn"),
            ],
        )
        commune_level.append(proc)
    return {
        "center": center,
        "leader": leader,
        "desk": desk,
        "departments": departments,
        "communes": communes,
        "provincial": provincial,
        "commune_level": commune_level,
    }


def _drop_indexes(cur, table: str) -> list[tuple[str, str]]:
    cur.execute(
        "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = %s "
        "AND indexname NOT IN (SELECT conname FROM pg_constraint)",
        [table],
    )
    indexes = cur.fetchall()
    for name, _def in indexes:
        cur.execute(f'DROP INDEX "{name}"')
    return indexes


def _load(rows: int) -> None:
    import psycopg
    from django.core.management import call_command
    from django.db import connection

    from vanphong.core.search.models import index_values
    from vanphong.onestop.models import Dossier
    from vanphong.onestop.selectors import pin_digest

    call_command("migrate", verbosity=0, interactive=False, skip_checks=True)
    rng = random.Random(20261128)
    cat = _catalogue(rng)
    desk = cat["desk"]
    table, events_table = Dossier._meta.db_table, "eventlog_event"
    with connection.cursor() as cur:
        dropped = {t: _drop_indexes(cur, t) for t in (table, events_table)}

    columns = [
        "id", "due_at", "due_date", "soon_at", "extension_count", "limit_working_hours",
        "suspended_total", "finished_at", "finished_date", "search_folded", "search_text",
        "code", "portal_code", "procedure_code", "procedure_name", "channel", "received_at",
        "applicant_name", "applicant_identity", "applicant_address", "applicant_phone",
        "applicant_email", "copies", "components", "return_method", "status", "pin_hash",
        "limit_hours_at_receipt", "cutoff_time", "five_on_the_spot", "max_supplement_requests",
        "supplement_clock", "current_step", "outcome", "result_note", "result_at", "fee_amount",
        "fee_receipt_number", "fee_paid_online", "returned_at", "returned_by_method", "rating",
        "rating_criteria", "rating_comment", "rated_at", "fact_online", "fact_due_at",
        "fact_apologised", "fact_supplement_at", "fact_supplement_count", "fact_waiting_since",
        "fact_settled_at", "fact_timeliness", "fact_on_the_spot", "fact_refused_at",
        "fact_stopped_at", "fact_closed_at", "fact_rating", "fact_rated_at", "created_at",
        "agency_id", "field_id", "handling_unit_id", "procedure_id", "procedure_version_id",
        "received_by_id", "receiving_agency_id", "support_point_id", "step_holders",
    ]  # fmt: skip
    ev_columns = [
        "stream", "seq", "occurred_at", "actor_id", "actor_name", "agency_id", "unit_id",
        "case_type", "case_id", "action", "from_state", "to_state", "due_at", "payload",
        "prev_hash", "hash",
    ]  # fmt: skip
    procs = []
    for proc in cat["provincial"] + cat["commune_level"]:
        version = proc.versions.order_by("-number").first()
        procs.append(
            {
                "p": proc,
                "version_id": version.pk,
                "hours": float(proc.limit_hours),
                "provincial": proc.competent_agency_id is not None,
                "units": [s.unit_id for s in proc.steps.order_by("order")],
                "components": json.dumps(
                    [c["name"] for c in version.snapshot.get("components", [])],
                    ensure_ascii=False,
                ),
            }
        )
    provincial = [p for p in procs if p["provincial"]]
    commune_level = [p for p in procs if not p["provincial"]]
    weights_p = [1 / (k + 1) for k in range(len(provincial))]
    weights_c = [1 / (k + 1) for k in range(len(commune_level))]
    communes = [a for a, _units in cat["communes"]]
    center = cat["center"]
    span = (END - START).total_seconds()
    daily: dict[tuple[int, dt.date], int] = {}
    t0 = time.perf_counter()
    ev_count = 0
    hexes = [f"{k:064x}" for k in range(16)]

    def event(copy, pk, seq, at, agency_id, action, frm, to, due, payload):
        copy.write_row(
            [
                f"onestop.dossier:{pk}", seq, at, desk.pk, "Cán bộ một cửa", agency_id, None,
                "onestop.dossier", str(pk), action, frm, to, due,
                json.dumps(payload, ensure_ascii=False), hexes[seq - 1], hexes[seq],
            ]
        )  # fmt: skip

    dsn = os.environ["DATABASE_URL"]
    with psycopg.connect(dsn) as pg, pg.cursor() as cur, psycopg.connect(dsn) as pg2:
        ev_cur = pg2.cursor()
        with (
            cur.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy,
            ev_cur.copy(f"COPY {events_table} ({', '.join(ev_columns)}) FROM STDIN") as ev_copy,
        ):
            for i in range(rows):
                pk = i + 1
                received = START + dt.timedelta(seconds=span * i / rows)
                if rng.random() < 0.6:
                    p = rng.choices(provincial, weights_p)[0]
                    agency_id, receiving_id = p["p"].competent_agency_id, center.pk
                    identifier = p["p"].competent_agency.identifier
                else:
                    p = rng.choices(commune_level, weights_c)[0]
                    commune = communes[rng.randrange(len(communes))]
                    agency_id = receiving_id = commune.pk
                    identifier = commune.identifier
                key = (agency_id, received.date())
                daily[key] = daily.get(key, 0) + 1
                code = f"{identifier}-{received:%y%m%d}-{daily[key]:04d}"
                online = rng.random() < 0.35
                hours = p["hours"]
                duration = dt.timedelta(days=max(1.0, hours / 8 * 1.4))
                due = received + duration
                age = NOW - received
                if age > 2 * duration:
                    closed = rng.random() >= 0.002  # else a stale dossier left open (overdue)
                else:
                    closed = rng.random() < 0.5
                supplement_at = waiting = None
                if rng.random() < 0.06:
                    supplement_at = received + duration * 0.3
                    if supplement_at > NOW:
                        supplement_at = None
                    elif not closed and rng.random() < 0.33:
                        waiting = supplement_at
                settled = refused = stopped = returned = rated = None
                timeliness, on_spot, rating, status = "", False, "", "dang_xu_ly"
                if waiting:
                    status = "cho_bo_sung"
                if closed:
                    r = rng.random()
                    if r < 0.02:
                        refused = received + duration * rng.uniform(0.1, 0.9)
                        status = "tu_choi"
                    elif r < 0.03:
                        stopped = received + duration * rng.uniform(0.1, 0.9)
                        status = "dung_xu_ly"
                    else:
                        if p["p"].five_on_the_spot and rng.random() < 0.7:
                            settled, on_spot, timeliness = (
                                received + dt.timedelta(minutes=40),
                                True,
                                "truoc_han",
                            )
                        else:
                            t = rng.random()
                            if t < 0.75:
                                settled = received + duration * rng.uniform(0.2, 0.8)
                                timeliness = "truoc_han"
                            elif t < 0.93:
                                settled = due - dt.timedelta(hours=rng.uniform(0, 2))
                                timeliness = "dung_han"
                            else:
                                settled = due + dt.timedelta(days=rng.uniform(1, 5))
                                timeliness = "qua_han"
                        settled = min(settled, NOW - dt.timedelta(hours=1))
                        status = "co_ket_qua"
                        if rng.random() < 0.96:
                            returned = settled + dt.timedelta(days=rng.uniform(0.1, 3))
                            if returned < NOW:
                                status = "da_tra_ket_qua"
                                if rng.random() < 0.3:
                                    rated = returned + dt.timedelta(days=rng.uniform(0, 5))
                                    rated = rated if rated < NOW else None
                                    rating = (
                                        rng.choices(
                                            ["rat_hai_long", "hai_long", "khong_hai_long"],
                                            [70, 27, 3],
                                        )[0]
                                        if rated
                                        else ""
                                    )
                            else:
                                returned = None
                closed_at = settled or refused or stopped
                name = f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
                units = p["units"]
                unit_id = next((u for u in reversed(units) if u), None) if units else None
                search = index_values(code, f"{i:09d}.G22" if online else "", name, p["p"].name)
                copy.write_row(
                    [
                        pk, due, due.date(), due - 2 * DAY, 0, hours, dt.timedelta(0), closed_at,
                        closed_at.date() if closed_at else None, search["search_folded"],
                        search["search_text"], code, f"{i:09d}.G22" if online else "",
                        p["p"].code, p["p"].name, "truc_tuyen" if online else "truc_tiep",
                        received, name, f"0{rng.randint(10, 99)}{rng.randint(0, 10**9 - 1):09d}",
                        "Hưng Yên", f"09{rng.randint(0, 10**8 - 1):08d}", "", 1,
                        p["components"], "tai_quay", status, pin_digest(code, _pin(i)), hours,
                        dt.time(15, 0), p["p"].five_on_the_spot, 1, "resume",
                        3 if closed else 2, "chap_thuan" if settled else "", "", settled, 0, "",
                        False, returned, "tai_quay" if returned else "", rating, "{}", "", rated,
                        online, due, False, supplement_at, 1 if supplement_at else 0, waiting,
                        settled, timeliness, on_spot, refused, stopped, closed_at, rating, rated,
                        received, agency_id, p["p"].field_id, unit_id, p["p"].pk,
                        p["version_id"], desk.pk if not online else None, receiving_id, None, "{}",
                    ]
                )  # fmt: skip
                evs = [
                    (
                        "onestop.receive",
                        received,
                        "",
                        "dang_xu_ly",
                        {"online": online, "due_at": due.isoformat()},
                    )
                ]
                if supplement_at:
                    evs.append(
                        (
                            "onestop.supplement_request",
                            supplement_at,
                            "dang_xu_ly",
                            "cho_bo_sung",
                            {"at": supplement_at.isoformat()},
                        )
                    )
                    if not waiting:
                        evs.append(
                            (
                                "onestop.supplement_received",
                                supplement_at + DAY,
                                "cho_bo_sung",
                                "dang_xu_ly",
                                {"due_at": due.isoformat()},
                            )
                        )
                if settled:
                    evs.append(
                        (
                            "onestop.result",
                            settled,
                            "dang_xu_ly",
                            "co_ket_qua",
                            {
                                "settled_at": settled.isoformat(),
                                "timeliness": timeliness,
                                "on_the_spot": on_spot,
                            },
                        )
                    )
                if refused:
                    evs.append(
                        (
                            "onestop.refuse",
                            refused,
                            "dang_xu_ly",
                            "tu_choi",
                            {"at": refused.isoformat()},
                        )
                    )
                if stopped:
                    evs.append(
                        (
                            "onestop.stop",
                            stopped,
                            "dang_xu_ly",
                            "dung_xu_ly",
                            {"at": stopped.isoformat()},
                        )
                    )
                if returned:
                    evs.append(("onestop.returned", returned, "co_ket_qua", "da_tra_ket_qua", {}))
                if rated:
                    evs.append(("onestop.rate", rated, "da_tra_ket_qua", "da_tra_ket_qua", {"rating": rating}))  # fmt: skip
                for seq, (action, at, frm, to, payload) in enumerate(evs, start=1):
                    event(ev_copy, pk, seq, at, agency_id, action, frm, to, due, payload)
                    ev_count += 1
                if i and i % 100_000 == 0:
                    print(f"  … {i:,} dossiers ({time.perf_counter() - t0:.0f} s)", flush=True)
        pg.commit()
        pg2.commit()
    print(
        f"  COPY {rows:,} dossiers, {ev_count:,} events in {time.perf_counter() - t0:.1f} s",
        flush=True,
    )
    t1 = time.perf_counter()
    with connection.cursor() as cur:
        for t, indexes in dropped.items():
            for _name, definition in indexes:
                cur.execute(definition)
            cur.execute(f"VACUUM ANALYZE {t}")  # the visibility map: index-only scans
        cur.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), {rows})")
        cur.execute("CREATE TABLE IF NOT EXISTS bench_marker (marker text primary key, rows int)")
        cur.execute(
            "INSERT INTO bench_marker VALUES (%s, %s) ON CONFLICT (marker) DO UPDATE "
            "SET rows = EXCLUDED.rows",
            [MARKER, rows],
        )
    print(f"  indexes and ANALYZE in {time.perf_counter() - t1:.1f} s", flush=True)


def _percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(pct / 100 * (len(ordered) - 1))))
    return ordered[k]


class _Timer:
    """A connection.execute_wrapper summing the database time of each statement."""

    def __init__(self):
        self.total = 0.0
        self.count = 0

    def __call__(self, execute, sql, params, many, context):
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.total += time.perf_counter() - t
            self.count += 1


def _run_view(client, method: str, url: str, repeat: int, request_fn=None, expect=(200,)) -> dict:
    """``request_fn()`` → (data, extra request headers) for each POST."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def one():
        timer = _Timer()
        with connection.execute_wrapper(timer):
            t = time.perf_counter()
            if method == "GET":
                response = client.get(url)
            else:
                data, extra = request_fn()
                response = client.post(url, data, **extra)
            elapsed = time.perf_counter() - t
        if response.status_code not in expect:
            raise SystemExit(f"{method} {url}: HTTP {response.status_code}")
        return elapsed, timer.total, timer.count

    for _ in range(3):
        one()
    runs = [one() for _ in range(repeat)]
    with CaptureQueriesContext(connection) as ctx:
        one()
    return {
        "view": [r[0] * 1000 for r in runs],
        "db": [r[1] * 1000 for r in runs],
        "queries": sorted({r[2] for r in runs}),
        "sql": [q["sql"] for q in ctx.captured_queries],
    }


def _replay(sqls: list[str], repeat: int) -> tuple[list[float], str, str]:
    """Run the reads alone through psycopg; per-run totals in ms, slowest statement, its plan."""
    import psycopg

    reads = [s for s in sqls if s.lstrip().upper().startswith(("SELECT", "WITH"))]
    totals = []
    per_stmt = [0.0] * len(reads)
    with psycopg.connect(os.environ["DATABASE_URL"], options="-c jit=off") as pg:
        for _ in range(3):
            for s in reads:
                pg.execute(s).fetchall()
        for _ in range(repeat):
            total = 0.0
            for k, s in enumerate(reads):
                t = time.perf_counter()
                pg.execute(s).fetchall()
                d = time.perf_counter() - t
                total += d
                per_stmt[k] += d
            totals.append(total * 1000)
        slowest = reads[per_stmt.index(max(per_stmt))] if reads else ""
        plan = ""
        if slowest:
            rows = pg.execute("EXPLAIN (ANALYZE, BUFFERS) " + slowest).fetchall()
            plan = "\n".join(r[0] for r in rows)
        pg.rollback()
    return totals, slowest, plan


def _uptime() -> str:
    try:
        return subprocess.run(["uptime"], capture_output=True, text=True).stdout.strip()
    except OSError:
        return ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--reload", action="store_true", help="drop and load the dataset again")
    args = parser.parse_args()
    url = os.environ["DATABASE_URL"]
    if not url.startswith(("postgres://", "postgresql://")):
        print("bench/onestop.py: PostgreSQL only (DATABASE_URL=postgres://…)", file=sys.stderr)
        return 2
    _ensure_database(url)
    _setup_django()
    from django.core.management import call_command
    from django.db import connection

    if args.reload or not _dataset_ok(args.rows):
        connection.close()
        _drop_database(url)
        print(f"Loading {args.rows:,} dossiers into {url.rsplit('/', 1)[1]} …", flush=True)
        _load(args.rows)
    else:  # indexes added since the load
        call_command("migrate", verbosity=0, interactive=False, skip_checks=True)

    import logging

    from django.core.cache import cache
    from django.db.models import Count
    from django.test import Client

    from vanphong.core.eventlog.models import Event
    from vanphong.onestop.models import Dossier
    from vanphong.org.models import Agency, Official
    from vanphong.procedures.models import Field, Procedure

    logging.getLogger("django.request").setLevel(logging.ERROR)  # the 404s of unknown codes
    leader = Official.objects.get(username="bench_center_leader")
    mix = dict(Dossier.objects.values_list("status").annotate(n=Count("id")).order_by("status"))
    per_year = dict(
        Dossier.objects.values_list("received_at__year").annotate(n=Count("id")).order_by()
    )
    shape = [
        "Dataset shape:",
        f"  dossiers: {args.rows:,}; events: {Event.objects.count():,}",
        f"  agencies: {Agency.objects.count()} (1 center, 12 departments, 20 communes); "
        f"fields: {Field.objects.count()}; procedures: {Procedure.objects.count()}",
        f"  received {START:%d/%m/%Y} .. {END:%d/%m/%Y}; per year: {per_year}",
        f"  status mix: {mix}",
        f"  online: {Dossier.objects.filter(fact_online=True).count():,}; "
        f"visible to the center's leader: {Dossier.objects.filter(receiving_agency=leader.agency).count():,}",
    ]
    print("\n".join(shape), flush=True)

    client = Client()
    client.force_login(leader)
    field = Field.objects.get(code="F01")
    sample = list(
        Dossier.objects.filter(
            pk__in=[1 + (k * 9973) % args.rows for k in range(2000)]
        ).values_list("pk", "code")
    )
    rng = random.Random(7)
    counter = iter(range(10**9))

    def lookup():
        pk, code = sample[rng.randrange(len(sample))]
        n = next(counter)
        extra = {"REMOTE_ADDR": f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"}
        return {"ma": code, "pin": _pin(pk - 1)}, extra

    def unknown():
        n = next(counter)
        extra = {"REMOTE_ADDR": f"10.{(n >> 16) & 255}.{(n >> 8) & 255}.{n & 255}"}
        return {"ma": f"BENCH.S01-991231-{n % 10000:04d}", "pin": "000000"}, extra

    month, year = 300.0, 1000.0
    scenarios = [
        ("statistics, last month (10/2026)", "GET", "/mot-cua/thong-ke/?tu_ngay=01/10/2026&den_ngay=31/10/2026", None, month, (200,)),
        ("statistics, a past month (03/2024)", "GET", "/mot-cua/thong-ke/?tu_ngay=01/03/2024&den_ngay=31/03/2024", None, month, (200,)),
        ("statistics, month, one field (10/2026)", "GET", f"/mot-cua/thong-ke/?tu_ngay=01/10/2026&den_ngay=31/10/2026&linh_vuc={field.pk}", None, month, (200,)),
        ("statistics, year 2025", "GET", "/mot-cua/thong-ke/?tu_ngay=01/01/2025&den_ngay=31/12/2025", None, year, (200,)),
        ("statistics, year to date (2026)", "GET", "/mot-cua/thong-ke/?tu_ngay=01/01/2026&den_ngay=28/11/2026", None, year, (200,)),
        ("public look-up by code + PIN", "POST", "/tra-cuu-ho-so/", lookup, 50.0, (200,)),
        ("public look-up, unknown code", "POST", "/tra-cuu-ho-so/", unknown, 50.0, (404,)),
    ]  # fmt: skip

    out_dir = ROOT / "bench" / "results" / f"onestop-{args.rows}"
    out_dir.mkdir(parents=True, exist_ok=True)
    failures = []
    lines = [
        f"{'scenario':42} {'view p50':>9} {'view p95':>9} {'db p50':>8} {'sql p50':>8} "
        f"{'sql p95':>8} {'queries':>8} {'target':>7}"
    ]
    print(lines[0], flush=True)
    load_before = _uptime()
    for name, method, url_, fn, target, expect in scenarios:
        cache.clear()
        res = _run_view(
            client if method == "GET" else Client(), method, url_, args.repeat, fn, expect
        )
        sql_totals, slowest, plan = _replay(res["sql"], args.repeat)
        v50, v95 = statistics.median(res["view"]), _percentile(res["view"], 95)
        d50 = statistics.median(res["db"])
        s50, s95 = statistics.median(sql_totals), _percentile(sql_totals, 95)
        nq = res["queries"]
        line = (
            f"{name:42} {v50:9.1f} {v95:9.1f} {d50:8.1f} {s50:8.1f} {s95:8.1f} {nq!s:>8} "
            f"{target:7.0f}"
        )
        lines.append(line)
        print(line, flush=True)
        slug = "".join(c if c.isalnum() else "-" for c in name.lower()).strip("-")[:60]
        (out_dir / f"{slug}.txt").write_text(
            f"{name}\n{method} {url_}\n\nslowest statement:\n{slowest}\n\n"
            f"EXPLAIN (ANALYZE, BUFFERS):\n{plan}\n"
        )
        if v95 > target:
            failures.append(f"{name}: view p95 {v95:.1f} ms > {target:.0f} ms")
        if len(nq) != 1:
            failures.append(f"{name}: query count varies between requests {nq}")
    load_after = _uptime()
    summary = "\n".join(lines)
    text = (
        f"bench/onestop.py --rows {args.rows} --repeat {args.repeat} (ms)\n"
        f"uptime before: {load_before}\nuptime after:  {load_after}\n\n"
        + "\n".join(shape)
        + f"\n\n{summary}\n\n"
        + ("\n".join(failures) if failures else "all targets met")
        + "\n"
    )
    (out_dir / "summary.txt").write_text(text)
    print(f"\nuptime before: {load_before}\nuptime after:  {load_after}")
    if failures:
        print("\nMISSED:\n  " + "\n  ".join(failures))
        return 1
    print("\nAll targets met (statistics month p95 <= 300 ms, year <= 1 s; look-up <= 50 ms).")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
