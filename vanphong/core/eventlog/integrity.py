"""Verifying the event log and anchoring it outside the database (signed checkpoint files).

``verify`` walks every stream in ``(stream, seq)`` order and checks, for each row: ``seq`` is the
next number, ``prev_hash`` is the previous row's hash, ``hash`` is the keyed hash of the row's
content. Then each stream's signed head (in the database) and the latest signed checkpoint (a file
outside it) must be matched by the rows: this catches deleted last rows, a truncated table and a
database rolled back to an older copy. Without the anchor key nobody can re-hash a forged row,
re-sign a head or forge a checkpoint.

The first bad entry is the smallest ``(stream, seq)`` with a problem; problems that concern no
stream (a forged checkpoint file) come first.
"""

from __future__ import annotations

import datetime as dt
import hmac
import json
import os
import re
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
CHECKPOINT_NAME = re.compile(r"^checkpoint-(\d{15})-(\d{8}T\d{12}Z)-[0-9a-f]{8}\.json$")


@dataclass(frozen=True)
class Problem:
    """One bad entry: the stream, the seq where the log goes wrong, the row id (None when the row
    is missing) and why."""

    stream: str
    seq: int
    id: int | None
    reason: str

    @property
    def sort_key(self) -> tuple[str, int, int]:
        return (self.stream, self.seq, self.id or 0)

    def __str__(self) -> str:
        ident = self.id if self.id is not None else "—"
        return f"stream={self.stream} seq={self.seq} id={ident}: {self.reason}"


@dataclass
class VerifyReport:
    events: int = 0
    streams: dict[str, tuple[int, str]] = field(default_factory=dict)  # sound: (last seq, hash)
    problems: list[Problem] = field(default_factory=list)
    checkpoint: Path | None = None
    notes: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems

    @property
    def first_problem(self) -> Problem | None:
        return self.problems[0] if self.problems else None


class _StreamCheck:
    """Walks one stream's rows in seq order; keeps the first problem only (what follows a break
    is a consequence of it) and the ids/hashes of the seqs the head and checkpoint name."""

    def __init__(self, stream: str, wanted: set[int]) -> None:
        self.stream = stream
        self.wanted = wanted
        self.expected = 1
        self.prev_hash = GENESIS_HASH
        self.seen: dict[int, tuple[int, str]] = {}  # seq -> (id, hash), wanted seqs only
        self.last: tuple[int, str] = (0, GENESIS_HASH)
        self.rows = 0
        self.problem: Problem | None = None

    def fail(self, seq: int, row_id: int | None, reason: str) -> None:
        if self.problem is None:
            self.problem = Problem(self.stream, seq, row_id, reason)

    def row(self, event: Event) -> None:
        self.rows += 1
        if event.seq != self.expected:
            self.fail(
                event.seq,
                event.id,
                f"số thứ tự {event.seq} ở vị trí {self.expected}: dòng bị xóa, chèn hoặc đổi chỗ",
            )
        elif event.prev_hash != self.prev_hash:
            self.fail(event.seq, event.id, "mã băm trước không khớp dòng trước: chuỗi bị cắt ghép")
        elif not hmac.compare_digest(hash_event(event), event.hash):
            self.fail(event.seq, event.id, "mã băm không khớp nội dung: dòng bị sửa hoặc giả mạo")
        self.expected = event.seq + 1
        self.prev_hash = event.hash
        self.last = (event.seq, event.hash)
        if event.seq in self.wanted:
            self.seen[event.seq] = (event.id, event.hash)

    def match(self, seq: int, expected_hash: str, source: str) -> None:
        """The row at ``seq`` must exist and carry ``expected_hash`` (from a head/checkpoint)."""
        if seq == 0:
            return
        if seq > self.last[0] or seq not in self.seen:
            self.fail(seq, None, f"{source} ghi đến số {seq} nhưng dòng này không còn: sổ bị cắt")
            return
        row_id, row_hash = self.seen[seq]
        if row_hash != expected_hash:
            self.fail(seq, row_id, f"mã băm khác với {source}: lịch sử bị viết lại")


def verify(*, use_checkpoint: bool = True) -> VerifyReport:
    """Check every stream's chain, its signed head and (unless ``use_checkpoint`` is False) the
    latest checkpoint. Safe to run while the product writes: heads are read before rows, so a
    row written meanwhile only makes a stream longer than its head."""
    report = VerifyReport()
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
    anchored: dict[str, dict[str, Any]] = (checkpoint or {}).get("streams", {})

    def start(stream: str) -> _StreamCheck:
        wanted = set()
        if stream in heads:
            wanted.add(heads[stream].last_seq)
        if stream in anchored:
            wanted.add(int(anchored[stream]["seq"]))
        return _StreamCheck(stream, wanted)

    def finish(check: _StreamCheck) -> None:
        stream = check.stream
        report.events += check.rows
        head = heads.get(stream)
        if head is None and check.rows:
            head = StreamHead.objects.filter(stream=stream).first()  # a stream born meanwhile?
            if head is not None and head.last_seq > check.last[0]:
                report.notes.append(f"luồng {stream} mới được ghi trong lúc kiểm tra")
                head = None
            elif head is None:
                check.fail(1, None, "luồng không còn dòng đầu luồng: đầu luồng bị xóa")
            else:
                check.seen.setdefault(head.last_seq, _row_at(stream, head.last_seq))
        if head is not None:
            if not hmac.compare_digest(
                head_mac(head.stream, head.last_seq, head.last_hash), head.mac
            ):
                check.fail(head.last_seq, None, "chữ ký đầu luồng không hợp lệ: đầu luồng bị sửa")
            else:
                check.match(head.last_seq, head.last_hash, "đầu luồng")
        if stream in anchored:
            check.match(int(anchored[stream]["seq"]), str(anchored[stream]["hash"]), "mốc kiểm tra")
        if check.problem is not None:
            report.problems.append(check.problem)
        elif check.rows:
            report.streams[stream] = check.last

    current: _StreamCheck | None = None
    for event in Event.objects.order_by("stream", "seq").iterator(chunk_size=2000):
        if current is None or event.stream != current.stream:
            if current is not None:
                finish(current)
            current = start(event.stream)
        current.row(event)
    if current is not None:
        finish(current)
    # Streams with a head or an anchor but no row left at all.
    for stream in sorted((set(heads) | set(anchored)) - set(report.streams)):
        if not any(p.stream == stream for p in report.problems):
            finish(start(stream))
    if (
        checkpoint is not None
        and not report.problems
        and report.events < int(checkpoint.get("count", 0))
    ):  # cannot happen without a stream problem above; kept as a last cross-check
        report.problems.append(
            Problem("", 0, None, f"sổ còn {report.events} sự kiện, mốc ghi {checkpoint['count']}")
        )
    report.problems.sort(key=lambda p: p.sort_key)
    return report


def _row_at(stream: str, seq: int) -> tuple[int, str]:
    found = Event.objects.filter(stream=stream, seq=seq).values_list("id", "hash").first()
    return found or (0, "")


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


def checkpoint_files() -> list[Path]:
    """Checkpoint files, oldest first: by event count (the log only grows), then time."""
    folder = checkpoint_dir()
    if not folder.is_dir():
        return []
    files = [p for p in folder.glob(CHECKPOINT_GLOB) if CHECKPOINT_NAME.match(p.name)]
    return sorted(files, key=lambda p: CHECKPOINT_NAME.match(p.name).groups())


def latest_checkpoint() -> tuple[dict[str, Any] | None, Path | None, str]:
    """(content, or None if its signature is bad; path, or None if there is none; a note)."""
    files = checkpoint_files()
    if not files:
        return None, None, f"chưa có mốc kiểm tra nào trong {checkpoint_dir()}"
    return read_checkpoint(files[-1]), files[-1], ""


def write_checkpoint(*, keep: int | None = None) -> Path:
    """Verify the log; if sound, write a signed checkpoint (per stream: last seq + hash; the
    total count) into ``EVENTLOG_CHECKPOINT_DIR`` and return its path. A log that does not
    verify is not anchored: raises ``IntegrityFailure``. ``keep``: delete all but the newest
    ``keep`` checkpoint files afterwards (None keeps them all)."""
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
    name = f"checkpoint-{report.events:015d}-{stamp}-{uuid.uuid4().hex[:8]}.json"
    tmp = folder / f".{name}.tmp"
    tmp.write_bytes(canonical_json(data))
    os.replace(tmp, folder / name)
    if keep is not None:
        for old in checkpoint_files()[: -max(keep, 1)]:
            old.unlink(missing_ok=True)
    return folder / name


class IntegrityFailure(Exception):
    def __init__(self, report: VerifyReport) -> None:
        self.report = report
        super().__init__(describe_failure(report))


def describe_failure(report: VerifyReport) -> str:
    lines = [f"Sổ sự kiện KHÔNG toàn vẹn — mục sai đầu tiên: {report.first_problem}"]
    if len(report.problems) > 1:
        lines.append(f"Tổng cộng {len(report.problems)} luồng/mốc có lỗi:")
        lines.extend(f"  - {p}" for p in report.problems)
    return "\n".join(lines)
