"""Verifying the event log and anchoring it outside the database (signed checkpoint files).

``verify`` walks every stream in ``(stream, seq)`` order and checks, for each row: ``seq`` is the
next number, ``prev_hash`` is the previous row's hash, ``hash`` is the keyed hash of the row's
content. Then each stream's signed head (in the database) and the latest signed checkpoint (a file
outside it) must be matched by the rows: this catches deleted last rows, a truncated table and a
database rolled back to an older copy. Without the anchor key nobody can re-hash a forged row,
re-sign a head or a checkpoint.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings

from vanphong.core import clock
from vanphong.core.eventlog.hashing import (
    HASH_VERSION,
    canonical_json,
    hash_event,
    head_mac,
    sign,
    verify_signature,
)
from vanphong.core.eventlog.models import GENESIS_HASH, Event, StreamHead

CHECKPOINT_GLOB = "checkpoint-*.json"


@dataclass(frozen=True, order=True)
class Problem:
    """One bad entry: the stream, the seq where the log goes wrong, the row id (None when the row
    is missing) and why."""

    stream: str
    seq: int
    id: int | None
    reason: str = field(compare=False)

    def __str__(self) -> str:
        ident = self.id if self.id is not None else "—"
        return f"stream={self.stream} seq={self.seq} id={ident}: {self.reason}"


@dataclass
class VerifyReport:
    events: int = 0
    streams: dict[str, tuple[int, str]] = field(default_factory=dict)  # stream -> (seq, hash)
    problems: list[Problem] = field(default_factory=list)
    checkpoint: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> Problem | None:
        return min(self.problems) if self.problems else None


class _StreamCheck:
    """Walks one stream's rows; remembers the first problem only (later rows follow from it)."""

    def __init__(self, stream: str, report: VerifyReport) -> None:
        self.stream = stream
        self.report = report
        self.expected = 1
        self.prev_hash = GENESIS_HASH
        self.hashes: dict[int, tuple[int, str]] = {}  # seq -> (id, hash), only seqs we need
        self.failed = False
        self.last: tuple[int, str] = (0, GENESIS_HASH)

    def fail(self, seq: int, row_id: int | None, reason: str) -> None:
        if not self.failed:
            self.failed = True
            self.report.problems.append(Problem(self.stream, seq, row_id, reason))

    def row(self, event: Event, wanted: set[int]) -> None:
        self.report.events += 1
        if event.seq != self.expected:
            self.fail(
                event.seq,
                event.id,
                f"số thứ tự {event.seq} ở vị trí {self.expected}: dòng bị xóa, chèn hoặc đổi chỗ",
            )
        elif event.prev_hash != self.prev_hash:
            self.fail(event.seq, event.id, "mã băm trước không khớp dòng trước: chuỗi bị cắt ghép")
        elif hash_event(event) != event.hash:
            self.fail(event.seq, event.id, "mã băm không khớp nội dung: dòng bị sửa hoặc giả mạo")
        self.expected = event.seq + 1
        self.prev_hash = event.hash
        self.last = (event.seq, event.hash)
        if event.seq in wanted:
            self.hashes[event.seq] = (event.id, event.hash)

    def compare(self, seq: int, expected_hash: str, source: str) -> None:
        if seq == 0:
            return
        if seq > self.last[0]:
            self.fail(seq, None, f"{source} ghi đến số {seq} nhưng dòng này không còn: sổ bị cắt")
            return
        if seq not in self.hashes:
            found = Event.objects.filter(stream=self.stream, seq=seq).values_list("id", "hash")
            self.hashes[seq] = found.first() or (None, "")
        row_id, row_hash = self.hashes[seq]
        if row_hash != expected_hash:
            self.fail(seq, row_id, f"mã băm khác với {source}: lịch sử bị viết lại")


def verify(*, use_checkpoint: bool = True) -> VerifyReport:
    report = VerifyReport()
    # Heads first, then rows: a row written in between only makes a stream longer than its head.
    heads = {h.stream: h for h in StreamHead.objects.all()}
    checkpoint: dict[str, Any] | None = None
    if use_checkpoint:
        checkpoint, path, note = latest_checkpoint()
        report.checkpoint = path
        if note:
            report.notes.append(note)
        if path is not None and checkpoint is None:
            report.problems.append(
                Problem("", 0, None, f"mốc kiểm tra {path.name} có chữ ký không hợp lệ")
            )
    cp_streams: dict[str, dict[str, Any]] = (checkpoint or {}).get("streams", {})

    def wanted_for(stream: str) -> set[int]:
        wanted = set()
        if stream in heads:
            wanted.add(heads[stream].last_seq)
        if stream in cp_streams:
            wanted.add(int(cp_streams[stream]["seq"]))
        return wanted

    checks: dict[str, _StreamCheck] = {}
    current: _StreamCheck | None = None
    wanted: set[int] = set()
    for event in Event.objects.order_by("stream", "seq").iterator(chunk_size=2000):
        if current is None or event.stream != current.stream:
            current = checks[event.stream] = _StreamCheck(event.stream, report)
            wanted = wanted_for(event.stream)
        current.row(event, wanted)

    for stream in sorted(set(checks) | set(heads) | set(cp_streams)):
        check = checks.get(stream) or _StreamCheck(stream, report)
        head = heads.get(stream)
        if head is None and stream in checks:
            # Created after the heads were read? Compare it only if our rows reach it.
            late = StreamHead.objects.filter(stream=stream).first()
            if late is not None and late.last_seq > check.last[0]:
                late = None
                report.notes.append(f"luồng {stream} mới ghi trong lúc kiểm tra")
                head = "late"
            else:
                head = late
        if head == "late":
            pass
        elif head is None:
            if stream in checks:
                check.fail(1, None, "luồng không còn dòng đầu luồng: đầu luồng bị xóa")
        elif not hmac.compare_digest(
            head_mac(head.stream, head.last_seq, head.last_hash), head.mac
        ):
            check.fail(head.last_seq, None, "chữ ký đầu luồng không hợp lệ: đầu luồng bị sửa")
        else:
            check.compare(head.last_seq, head.last_hash, "đầu luồng")
        if stream in cp_streams:
            entry = cp_streams[stream]
            check.compare(int(entry["seq"]), str(entry["hash"]), "mốc kiểm tra")
        if stream in checks and not check.failed:
            report.streams[stream] = check.last
    if (
        checkpoint is not None
        and not report.problems
        and report.events < int(checkpoint.get("count", 0))
    ):  # fewer rows than anchored, with every stream intact: a stream vanished entirely
        report.problems.append(
            Problem(
                "",
                0,
                None,
                f"sổ còn {report.events} sự kiện, ít hơn {checkpoint['count']} của mốc kiểm tra",
            )
        )
    report.problems.sort()
    return report


# --- checkpoints --------------------------------------------------------------------------


def checkpoint_dir() -> Path:
    return Path(settings.EVENTLOG_CHECKPOINT_DIR)


def _body_of(data: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in data.items() if k != "signature"}


def read_checkpoint(path: Path) -> dict[str, Any] | None:
    """The checkpoint's content if its signature is valid, else None."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or not verify_signature(_body_of(data), data.get("signature")):
        return None
    return data


def latest_checkpoint() -> tuple[dict[str, Any] | None, Path | None, str]:
    """(content or None if forged, path or None if there is none, note)."""
    folder = checkpoint_dir()
    files = sorted(folder.glob(CHECKPOINT_GLOB)) if folder.is_dir() else []
    if not files:
        return None, None, f"chưa có mốc kiểm tra nào trong {folder}"
    # File names start with the UTC time and the event count, so the last name is the newest.
    path = files[-1]
    return read_checkpoint(path), path, ""


def write_checkpoint() -> Path:
    """Verify the log; if sound, write a signed checkpoint (per stream: last seq + hash; the
    total count) into ``EVENTLOG_CHECKPOINT_DIR`` and return its path. A log that does not
    verify is not anchored: raises ``IntegrityFailure``."""
    report = verify()
    if not report.ok:
        raise IntegrityFailure(report)
    created = clock.now()
    body = {
        "version": HASH_VERSION,
        "created_at": created.isoformat(),
        "count": report.events,
        "streams": {s: {"seq": seq, "hash": h} for s, (seq, h) in sorted(report.streams.items())},
    }
    data = {**body, "signature": sign(body)}
    folder = checkpoint_dir()
    folder.mkdir(parents=True, exist_ok=True)
    stamp = created.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
    name = f"checkpoint-{stamp}-{report.events:012d}-{uuid.uuid4().hex[:8]}.json"
    tmp = folder / f".{name}.tmp"
    tmp.write_bytes(canonical_json(data))
    os.replace(tmp, folder / name)
    return folder / name


class IntegrityFailure(Exception):
    def __init__(self, report: VerifyReport) -> None:
        self.report = report
        super().__init__(describe_failure(report))


def describe_failure(report: VerifyReport) -> str:
    first = report.first_problem
    lines = [f"Sổ sự kiện KHÔNG toàn vẹn — mục sai đầu tiên: {first}"]
    if len(report.problems) > 1:
        lines.append(f"Tổng cộng {len(report.problems)} luồng/mốc có lỗi:")
        lines.extend(f"  - {p}" for p in report.problems)
    return "\n".join(lines)


__all__ = [
    "IntegrityFailure",
    "Problem",
    "VerifyReport",
    "describe_failure",
    "latest_checkpoint",
    "read_checkpoint",
    "verify",
    "write_checkpoint",
]
