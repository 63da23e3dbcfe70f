"""Tampering with the log is detected: verify() and ``manage.py eventlog verify`` name the first
bad entry (stream, seq, id) and exit non-zero. The triggers are lifted on purpose here
(``testing.tampering``) to play the attacker who has raw database access but not the key."""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from vanphong.core import clock, eventlog
from vanphong.core.eventlog import integrity
from vanphong.core.eventlog.hashing import canonical_json, event_content, head_mac
from vanphong.core.eventlog.models import Event, StreamHead
from vanphong.core.eventlog.testing import tampering
from vanphong.org.testing import make_agency, make_unit

pytestmark = pytest.mark.django_db


@pytest.fixture
def log():
    """Two case streams of three events each and one agency stream; returns (stream, events)."""
    agency = make_agency()
    unit_a, unit_b = make_unit(agency), make_unit(agency)
    with clock.frozen_at(dt.datetime(2026, 6, 1, 8, 0)), transaction.atomic():
        events_a = []
        for i, (frm, to) in enumerate(
            [("", "received"), ("received", "assigned"), ("assigned", "done")]
        ):
            events_a.append(
                eventlog.record(
                    action=f"test.step{i}",
                    case=unit_a,
                    from_state=frm,
                    to_state=to,
                    payload={"i": i},
                )
            )
            eventlog.record(action=f"test.step{i}", case=unit_b, payload={"i": i})
            clock.advance(dt.timedelta(minutes=5))
        eventlog.record(action="test.agency", agency=agency)
    return events_a[0].stream, events_a


def verify_fails_at(stream: str, seq: int, event_id: int | None, *, reason: str = "") -> None:
    report = eventlog.verify()
    assert not report.ok
    first = report.first_problem
    assert (first.stream, first.seq, first.id) == (stream, seq, event_id), report.problems
    assert reason in first.reason
    with pytest.raises(CommandError) as caught:
        call_command("eventlog", "verify")
    assert caught.value.returncode != 0
    ident = event_id if event_id is not None else "—"
    assert f"stream={stream} seq={seq} id={ident}" in str(caught.value)


def test_a_sound_log_verifies(log, capsys):
    stream, events = log
    report = eventlog.verify()
    assert report.ok and report.events == 7 and len(report.streams) == 3
    assert report.streams[stream] == (3, events[2].hash)
    path = eventlog.write_checkpoint()
    assert path.exists()
    call_command("eventlog", "verify")
    assert "toàn vẹn: 7 sự kiện, 3 luồng" in capsys.readouterr().out


def _manage(*args: str) -> subprocess.CompletedProcess:
    """Run manage.py in a child process against the test database."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        url = f"sqlite:///{db['NAME']}"
    else:
        url = (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        )
    env = {
        **os.environ,
        "DATABASE_URL": url,
        "EVENTLOG_ANCHOR_KEY": settings.EVENTLOG_ANCHOR_KEY,
        "EVENTLOG_CHECKPOINT_DIR": str(settings.EVENTLOG_CHECKPOINT_DIR),
        "SECRET_KEY": settings.SECRET_KEY,
    }
    return subprocess.run(
        [sys.executable, str(Path(settings.BASE_DIR) / "manage.py"), *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.django_db(transaction=True)
def test_verify_command_exits_zero_then_non_zero_naming_the_first_bad_entry(log):
    stream, events = log
    ok = _manage("eventlog", "checkpoint")
    assert ok.returncode == 0, ok.stderr
    ok = _manage("eventlog", "verify")
    assert ok.returncode == 0, ok.stderr
    assert "toàn vẹn: 7 sự kiện, 3 luồng" in ok.stdout
    with tampering():
        Event.objects.filter(pk=events[1].pk).update(payload={"i": 99})
    bad = _manage("eventlog", "verify")
    assert bad.returncode == 1
    assert f"stream={stream} seq=2 id={events[1].pk}" in bad.stderr


def test_edited_payload_is_detected(log):
    stream, events = log
    with tampering():
        Event.objects.filter(pk=events[1].pk).update(payload={"i": 1, "extra": "sửa"})
    verify_fails_at(stream, 2, events[1].pk, reason="mã băm không khớp")


def test_edited_time_is_detected(log):
    stream, events = log
    with tampering():
        Event.objects.filter(pk=events[1].pk).update(
            occurred_at=events[1].occurred_at - dt.timedelta(days=3)
        )
    verify_fails_at(stream, 2, events[1].pk)


def test_edited_state_is_detected(log):
    stream, events = log
    with tampering():
        Event.objects.filter(pk=events[0].pk).update(to_state="done")
    verify_fails_at(stream, 1, events[0].pk)


def test_deleted_middle_row_is_detected(log):
    stream, events = log
    with tampering():
        Event.objects.filter(pk=events[1].pk).delete()
    verify_fails_at(stream, 3, events[2].pk, reason="dòng bị xóa")


def test_deleted_last_row_is_caught_by_the_stream_head(log):
    stream, events = log
    with tampering():
        Event.objects.filter(pk=events[2].pk).delete()
    verify_fails_at(stream, 3, None, reason="đầu luồng ghi đến số 3")


def test_deleted_last_row_and_head_is_detected(log):
    stream, events = log
    with tampering():
        Event.objects.filter(pk=events[2].pk).delete()
        StreamHead.objects.filter(stream=stream).delete()
    verify_fails_at(stream, 1, None, reason="đầu luồng bị xóa")


def test_rollback_to_an_older_copy_is_caught_by_the_checkpoint(log):
    """The attacker deletes the last row and restores the head row saved from an older copy
    (validly signed back then): only the anchor outside the database catches it."""
    stream, events = log
    old_head = (2, events[1].hash, head_mac(stream, 2, events[1].hash))
    eventlog.write_checkpoint()
    with tampering():
        Event.objects.filter(pk=events[2].pk).delete()
        StreamHead.objects.filter(stream=stream).update(
            last_seq=old_head[0], last_hash=old_head[1], mac=old_head[2]
        )
    assert eventlog.verify(use_checkpoint=False).ok  # consistent inside the database…
    verify_fails_at(stream, 3, None, reason="mốc kiểm tra ghi đến số 3")  # …not with the anchor


def test_truncated_table_is_caught_by_the_checkpoint(log):
    """Every row and head gone (TRUNCATE by the table owner): only the anchor remembers."""
    eventlog.write_checkpoint()
    with tampering():
        Event.objects.all().delete()
        StreamHead.objects.all().delete()
    _stream, events = log
    report = eventlog.verify()
    assert len(report.problems) == 3  # every anchored stream is missing
    verify_fails_at(f"agency:{events[0].agency_id}", 1, None, reason="mốc kiểm tra ghi đến số 1")
    assert eventlog.verify(use_checkpoint=False).ok  # an empty database is consistent alone


def test_reordered_rows_are_detected(log):
    stream, events = log
    with tampering():  # swap seq 1 and 2 (through a free number: (stream, seq) is unique)
        Event.objects.filter(pk=events[0].pk).update(seq=1000)
        Event.objects.filter(pk=events[1].pk).update(seq=1)
        Event.objects.filter(pk=events[0].pk).update(seq=2)
    verify_fails_at(stream, 1, events[1].pk)


def _forge(event: Event, *, payload: dict, digest) -> str:
    content = event_content(
        stream=event.stream,
        seq=event.seq,
        occurred_at=event.occurred_at,
        actor_id=event.actor_id,
        actor_name=event.actor_name,
        agency_id=event.agency_id,
        unit_id=event.unit_id,
        case_type=event.case_type,
        case_id=event.case_id,
        action=event.action,
        from_state=event.from_state,
        to_state=event.to_state,
        due_at=event.due_at,
        payload=payload,
        prev_hash=event.prev_hash,
    )
    return digest(canonical_json(content))


@pytest.mark.parametrize(
    "digest",
    [
        pytest.param(lambda data: hashlib.sha256(data).hexdigest(), id="plain-sha256"),
        pytest.param(
            lambda data: hmac.new(b"guessed-key", data, hashlib.sha256).hexdigest(), id="wrong-key"
        ),
    ],
)
def test_rehashed_forged_row_is_detected(log, digest):
    """The attacker edits row 2, recomputes its hash, re-chains row 3 and the head — without the
    anchor key. Detected at row 2."""
    stream, events = log
    forged = Event.objects.get(pk=events[1].pk)
    new_hash = _forge(forged, payload={"i": 42}, digest=digest)
    last = Event.objects.get(pk=events[2].pk)
    last.prev_hash = new_hash
    last_hash = _forge(last, payload=last.payload, digest=digest)
    with tampering():
        Event.objects.filter(pk=forged.pk).update(payload={"i": 42}, hash=new_hash)
        Event.objects.filter(pk=last.pk).update(prev_hash=new_hash, hash=last_hash)
        StreamHead.objects.filter(stream=stream).update(
            last_hash=last_hash,
            mac=digest(json.dumps([stream, 3, last_hash]).encode()),
        )
    verify_fails_at(stream, 2, events[1].pk, reason="mã băm không khớp")


def test_forged_head_is_detected(log):
    stream, events = log
    with tampering():
        StreamHead.objects.filter(stream=stream).update(last_seq=2, last_hash=events[1].hash)
    verify_fails_at(stream, 2, None, reason="chữ ký đầu luồng")


def test_forged_checkpoint_is_detected(log):
    path = eventlog.write_checkpoint()
    data = json.loads(path.read_text())
    data["count"] = 1
    path.write_text(json.dumps(data))
    report = eventlog.verify()
    assert not report.ok and "chữ ký không hợp lệ" in report.first_problem.reason
    with pytest.raises(CommandError, match=path.name):
        call_command("eventlog", "verify")


def test_checkpoint_refuses_to_anchor_a_tampered_log(log, settings):
    stream, events = log
    with tampering():
        Event.objects.filter(pk=events[0].pk).update(action="test.other")
    with pytest.raises(integrity.IntegrityFailure):
        eventlog.write_checkpoint()
    with pytest.raises(CommandError, match=f"stream={stream} seq=1 id={events[0].pk}"):
        call_command("eventlog", "checkpoint")
    assert not list(settings.EVENTLOG_CHECKPOINT_DIR.glob("checkpoint-*.json"))


def test_latest_checkpoint_is_used(log):
    stream, events = log
    first = eventlog.write_checkpoint()
    with clock.frozen_at(dt.datetime(2026, 6, 1, 9, 0)):
        eventlog.record(action="test.more", stream=stream)  # seq 4
    second = eventlog.write_checkpoint()
    assert second.name > first.name
    cp, path, _note = integrity.latest_checkpoint()
    assert path == second and cp["streams"][stream]["seq"] == 4 and cp["count"] == 8


def test_checkpoint_pruning_keeps_the_newest(log, settings):
    stream, _events = log
    with clock.frozen_at(dt.datetime(2026, 6, 2, 8, 0)):
        first = eventlog.write_checkpoint()
    with clock.frozen_at(dt.datetime(2026, 6, 1, 7, 0)):  # a clock set back does not matter:
        eventlog.record(action="test.more", stream=stream)  # the log only grows
        second = eventlog.write_checkpoint(keep=1)
    assert not first.exists()
    assert [p.name for p in integrity.checkpoint_files()] == [second.name]
    assert integrity.latest_checkpoint()[1] == second


def test_forged_row_appended_without_the_key_is_detected(log):
    """INSERT is allowed (it is how the log grows), but a row made without the key does not
    verify, even with the head moved to it."""
    stream, events = log
    last = events[-1]
    fake = Event(
        stream=stream,
        seq=4,
        occurred_at=last.occurred_at,
        action="test.forged",
        payload={},
        prev_hash=last.hash,
    )
    fake.hash = _forge(fake, payload={}, digest=lambda data: hashlib.sha256(data).hexdigest())
    fake.save(force_insert=True)
    with tampering():
        StreamHead.objects.filter(stream=stream).update(last_seq=4, last_hash=fake.hash)
    verify_fails_at(stream, 4, fake.pk, reason="mã băm không khớp")


def test_row_moved_to_another_stream_is_detected(log):
    stream, events = log
    with tampering():
        Event.objects.filter(pk=events[2].pk).update(
            stream="elsewhere:1", seq=1, prev_hash="0" * 64
        )
    report = eventlog.verify()
    assert {p.stream for p in report.problems} == {stream, "elsewhere:1"}
