"""Concurrent writers: one chain per stream, no gaps or forks, and (PostgreSQL) writes to
different streams do not wait for each other."""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from vanphong.core import eventlog
from vanphong.core.eventlog.models import Event, StreamHead

pytestmark = pytest.mark.django_db(transaction=True)


def _in_thread(target: Callable[[], None], errors: list) -> threading.Thread:
    def run():
        try:
            target()
        except Exception as exc:  # reported by the test
            errors.append(exc)
        finally:
            connection.close()

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread


def test_many_writers_on_one_new_stream_make_one_gapless_chain():
    writers, per_writer = 6, 5
    barrier = threading.Barrier(writers)
    errors: list = []

    def write():
        barrier.wait(timeout=30)
        for i in range(per_writer):
            with transaction.atomic():
                eventlog.record(action="test.race", stream="race:1", payload={"i": i})

    threads = [_in_thread(write, errors) for _ in range(writers)]
    for thread in threads:
        thread.join(timeout=120)
    assert not errors, errors
    seqs = list(Event.objects.filter(stream="race:1").order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, writers * per_writer + 1))
    assert StreamHead.objects.get(stream="race:1").last_seq == writers * per_writer
    assert eventlog.verify().ok


@pytest.mark.skipif(
    "connection.vendor != 'postgresql'", reason="SQLite serialises every write transaction"
)
def test_two_streams_written_concurrently_do_not_block_each_other():
    holding = threading.Event()
    release = threading.Event()
    other_done = threading.Event()
    same_done = threading.Event()
    errors: list = []

    def hold_stream_a():
        with transaction.atomic():
            eventlog.record(action="test.slow", stream="case:A")
            holding.set()
            assert release.wait(timeout=30)

    def write_stream_b():
        with transaction.atomic():
            eventlog.record(action="test.fast", stream="case:B")
        other_done.set()

    def write_stream_a():
        with transaction.atomic():
            eventlog.record(action="test.queued", stream="case:A")
        same_done.set()

    slow = _in_thread(hold_stream_a, errors)
    assert holding.wait(timeout=30)
    fast = _in_thread(write_stream_b, errors)
    queued = _in_thread(write_stream_a, errors)
    assert other_done.wait(timeout=10), "a write to another stream waited for case:A"
    assert not same_done.wait(timeout=0.5), "the same stream must queue behind its lock"
    release.set()
    for thread in (slow, fast, queued):
        thread.join(timeout=30)
    assert not errors, errors
    assert same_done.is_set()
    assert list(
        Event.objects.filter(stream="case:A").order_by("seq").values_list("action", "seq")
    ) == [("test.slow", 1), ("test.queued", 2)]
    assert eventlog.verify().ok
