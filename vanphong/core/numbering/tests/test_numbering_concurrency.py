"""Gapless numbering under concurrency: 8 processes, each with its own database connection,
take numbers from several sequences at once and roll back at random. The numbers that survive
are exactly 1..n per sequence, on file-based SQLite and on PostgreSQL alike."""

from __future__ import annotations

import datetime as dt
import multiprocessing
import queue
from collections import defaultdict

import pytest
from django.db import connection

from vanphong.core import clock
from vanphong.core.numbering.models import IssuedNumber, Sequence
from vanphong.core.numbering.services import period_key
from vanphong.core.numbering.tests._workers import take_numbers
from vanphong.org.testing import make_agency

PROCESSES = 8
ITERATIONS = 40
# All workers number at one moment, so the daily sequence cannot split at midnight mid-test.
AT = dt.datetime(2026, 3, 9, 10, 0, tzinfo=clock.VN_TZ)


@pytest.mark.rule("ND30-D15-GAPLESS")
@pytest.mark.django_db(transaction=True)
def test_nd30_d15_gapless_under_eight_processes_with_random_rollbacks():
    if connection.vendor == "sqlite":
        # The point of the test is separate connections to one database file.
        assert connection.settings_dict["NAME"] not in ("", ":memory:")
        assert "mode=memory" not in str(connection.settings_dict["NAME"])
    first, second = make_agency(), make_agency()
    sequences = [
        (first.pk, "van-ban-di", "year"),
        (first.pk, "van-ban-den", "year"),
        (second.pk, "van-ban-di", "year"),
        (second.pk, "mot-cua", "day"),
    ]
    db_name = connection.settings_dict["NAME"]
    connection.close()  # nothing shared with the workers

    ctx = multiprocessing.get_context("spawn")
    barrier = ctx.Barrier(PROCESSES)
    results = ctx.Queue()
    workers = [
        ctx.Process(
            target=take_numbers,
            args=(db_name, sequences, AT, ITERATIONS, seed, barrier, results),
            daemon=True,
        )
        for seed in range(PROCESSES)
    ]
    for worker in workers:
        worker.start()
    reports = []
    try:
        for _ in workers:
            reports.append(results.get(timeout=90))
    except queue.Empty:
        pytest.fail(f"workers did not finish: {len(reports)} of {PROCESSES} reported")
    finally:
        for worker in workers:
            worker.join(timeout=30)
            if worker.is_alive():
                worker.kill()

    errors = [r for r in reports if r[0] != "ok"]
    assert not errors, errors

    committed: dict[int, list[int]] = defaultdict(list)
    rolled_back: dict[int, list[int]] = defaultdict(list)
    for _status, _seed, kept, lost in reports:
        for index, value in kept:
            committed[index].append(value)
        for index, value in lost:
            rolled_back[index].append(value)

    total_rolled_back = sum(len(v) for v in rolled_back.values())
    assert total_rolled_back > 0, "the random rollbacks did not happen; the test proves nothing"
    reused = 0
    for index, (agency_id, register, period) in enumerate(sequences):
        numbers = sorted(committed[index])
        n = len(numbers)
        assert n > 0
        # Every committed number is distinct and they form 1..n: no gap, no duplicate.
        assert numbers == list(range(1, n + 1)), (sequences[index], numbers)
        in_db = list(
            IssuedNumber.objects.filter(agency_id=agency_id, register=register)
            .order_by("number")
            .values_list("number", flat=True)
        )
        assert in_db == numbers
        key = period_key(period, AT)
        assert (
            Sequence.objects.get(agency_id=agency_id, register=register, period_key=key).last_value
            == n
        )
        # A rolled-back number went back to the sequence and was handed out again.
        reused += len(set(rolled_back[index]) & set(numbers))
    assert reused > 0
