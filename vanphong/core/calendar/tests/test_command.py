"""The operators' command ``manage.py workdays``."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

ROOT = Path(__file__).resolve().parents[4]

pytestmark = pytest.mark.django_db


def run(*args) -> str:
    out = io.StringIO()
    call_command("workdays", *args, stdout=out)
    return out.getvalue().strip()


@pytest.mark.rule("BNV-2026-SWAP")
def test_the_three_examples():
    assert run("add", "2026-02-13", "1") == "2026-02-23"
    assert run("between", "2026-02-13", "2026-02-24") == "2"
    assert run("add-hours", "2026-02-13T09:00", "16") == "2026-02-24T09:00"


def test_other_forms():
    assert run("add", "13/02/2026", "1") == "2026-02-23"
    assert run("add-hours", "13/02/2026 09:00", "1,5") == "2026-02-13T10:30"
    assert run("day", "2026-08-22").startswith("2026-08-22 làm việc")
    assert "Thông báo 9441/TB-BNV" in run("day", "2026-08-31")


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (("add", "2026-02-30", "1"), "Ngày không hợp lệ"),
        (("add", "hôm nay", "1"), "Ngày không hợp lệ"),
        (("add", "2026-02-13", "một"), "Số ngày không hợp lệ"),
        (("between", "2026-02-13", "24/13/2026"), "Ngày không hợp lệ"),
        (("add-hours", "2026-02-13", "16"), "Thời điểm không hợp lệ"),
        (("add-hours", "2026-02-13T09:00", "-2"), "Số giờ không hợp lệ"),
        (("add-hours", "2026-02-13T09:00", "NaN"), "Số giờ không hợp lệ"),
    ],
)
def test_bad_input_raises_a_vietnamese_command_error(args, words):
    with pytest.raises(CommandError) as exc:
        run(*args)
    assert words in str(exc.value)
    assert "\n" not in str(exc.value)


def _manage(*args, database_url: str | None = None):
    env = dict(os.environ)
    if database_url:
        env["DATABASE_URL"] = database_url
    return subprocess.run(
        [sys.executable, "manage.py", "workdays", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_bad_date_as_a_process_exits_non_zero_with_one_vietnamese_line():
    proc = _manage("add", "2026-13-01", "1")
    assert proc.returncode != 0
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert lines[0].startswith("Ngày không hợp lệ: «2026-13-01»")
    assert "Traceback" not in proc.stderr and "CommandError" not in proc.stderr
    assert proc.stdout == ""


def test_bad_number_as_a_process_exits_non_zero():
    proc = _manage("add-hours", "2026-02-13T09:00", "mười")
    assert proc.returncode != 0
    assert proc.stderr.strip().splitlines() == [
        "Số giờ không hợp lệ: «mười» (cần một số không âm, ví dụ 16 hoặc 1,5)."
    ]


def _test_database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def test_a_real_process_answers_from_the_migrated_database():
    proc = _manage("add-hours", "2026-02-13T09:00", "16", database_url=_test_database_url())
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.strip() == "2026-02-24T09:00"
