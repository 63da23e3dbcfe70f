"""Settings from the environment: fail-fast parsing, one line naming the variable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from vanphong.env import ConfigError, Env

ROOT = Path(__file__).resolve().parents[3]


def test_database_url_sqlite_is_relative_to_the_checkout_with_wal_and_immediate():
    config = Env({}).database("DATABASE_URL", "sqlite:///var/x.sqlite3", ROOT)
    assert config["NAME"] == str(ROOT / "var" / "x.sqlite3")
    assert config["OPTIONS"]["transaction_mode"] == "IMMEDIATE"
    assert "journal_mode=WAL" in config["OPTIONS"]["init_command"]
    assert "busy_timeout" in config["OPTIONS"]["init_command"]


def test_database_url_postgres():
    config = Env({"DATABASE_URL": "postgres://u:p@db.example:5433/vanphong"}).database(
        "DATABASE_URL", "sqlite:///var/x.sqlite3", ROOT
    )
    assert config["ENGINE"] == "django.db.backends.postgresql"
    assert (config["HOST"], config["PORT"], config["NAME"], config["USER"]) == (
        "db.example",
        5433,
        "vanphong",
        "u",
    )
    assert "-c jit=off" in config["OPTIONS"]["options"]  # OLTP: no JIT (bench/documents.py)


@pytest.mark.parametrize(
    ("environ", "name"),
    [
        ({"DATABASE_URL": "mysql://root@localhost/x"}, "DATABASE_URL"),
        ({"DATABASE_URL": "postgres://localhost"}, "DATABASE_URL"),
        ({"DEBUG": "maybe"}, "DEBUG"),
        ({"UPLOAD_MAX_BYTES": "nhiều"}, "UPLOAD_MAX_BYTES"),
    ],
)
def test_bad_values_raise_naming_the_variable(environ, name):
    env = Env(environ)
    with pytest.raises(ConfigError) as err:
        env.database("DATABASE_URL", "sqlite:///var/x.sqlite3", ROOT)
        env.bool("DEBUG")
        env.int("UPLOAD_MAX_BYTES", 1)
    assert err.value.name == name


def _start(extra: dict[str, str]) -> subprocess.CompletedProcess:
    environ = {
        k: v for k, v in os.environ.items() if k not in {"SECRET_KEY", "DEBUG", "DATABASE_URL"}
    }
    environ.update(extra)
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=environ,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("extra", "name"),
    [
        ({"DEBUG": "0"}, "SECRET_KEY"),
        ({"SECRET_KEY": "x" * 50, "DATABASE_URL": "oracle://db/x"}, "DATABASE_URL"),
        ({"SECRET_KEY": "x" * 50, "DEBUG": "có"}, "DEBUG"),
        ({"SECRET_KEY": "x" * 50, "EMAIL_URL": "pigeon://coop"}, "EMAIL_URL"),
    ],
)
def test_start_up_stops_with_one_line_naming_the_variable(extra, name):
    result = _start(extra)
    assert result.returncode != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert name in lines[0] and "cấu hình sai" in lines[0]
    assert "Traceback" not in result.stderr


def test_start_up_with_good_values_passes():
    result = _start({"SECRET_KEY": "x" * 50, "DATABASE_URL": "sqlite:///var/check.sqlite3"})
    assert result.returncode == 0, result.stderr
