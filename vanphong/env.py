"""Fail-fast parsing of settings from environment variables.

Every reader raises :class:`ConfigError` naming the variable; ``settings.py`` turns it into one
line on stderr and a non-zero exit, so a bad value never starts a half-configured server.
"""

from __future__ import annotations

import base64
import os
from collections.abc import Mapping
from urllib.parse import urlparse


class ConfigError(Exception):
    """A configuration variable holds a value that cannot be used."""

    def __init__(self, name: str, reason: str) -> None:
        self.name = name
        self.reason = reason
        super().__init__(f"{name}: {reason}")


_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}


class Env:
    def __init__(self, environ: Mapping[str, str] | None = None) -> None:
        self.environ = os.environ if environ is None else environ

    def str(self, name: str, default: str | None = None, *, required: bool = False) -> str:
        value = self.environ.get(name)
        if value is None or value == "":
            if required:
                raise ConfigError(name, "bắt buộc phải đặt (required)")
            return default if default is not None else ""
        return value

    def bool(self, name: str, default: bool = False) -> bool:
        raw = self.environ.get(name)
        if raw is None:
            return default
        value = raw.strip().lower()
        if value in _TRUE:
            return True
        if value in _FALSE:
            return False
        raise ConfigError(name, f"giá trị '{raw}' không phải true/false")

    def int(self, name: str, default: int, *, minimum: int | None = None) -> int:
        raw = self.environ.get(name)
        if raw is None or raw.strip() == "":
            return default
        try:
            value = int(raw)
        except ValueError:
            raise ConfigError(name, f"giá trị '{raw}' không phải số nguyên") from None
        if minimum is not None and value < minimum:
            raise ConfigError(name, f"phải lớn hơn hoặc bằng {minimum}")
        return value

    def list(self, name: str, default: list[str]) -> list[str]:
        raw = self.environ.get(name)
        if raw is None or raw.strip() == "":
            return default
        return [item.strip() for item in raw.split(",") if item.strip()]

    def fernet_keys(self, name: str, *, required: bool = False) -> list[str]:
        """Comma-separated Fernet keys (32 url-safe base64 bytes each), newest first."""
        keys = self.list(name, [])
        if not keys and required:
            raise ConfigError(name, "bắt buộc phải đặt (required)")
        for key in keys:
            try:
                ok = len(base64.urlsafe_b64decode(key.encode("ascii"))) == 32
            except (ValueError, UnicodeEncodeError):
                ok = False
            if not ok:
                raise ConfigError(name, "mỗi khóa phải là khóa Fernet (32 byte base64 url-safe)")
        return keys

    def url(self, name: str, default: str, *, schemes: tuple[str, ...]) -> str:
        raw = self.environ.get(name) or default
        parsed = urlparse(raw)
        if parsed.scheme not in schemes:
            raise ConfigError(
                name, f"lược đồ '{parsed.scheme}' không được hỗ trợ (dùng {', '.join(schemes)})"
            )
        return raw

    def database(self, name: str, default: str, base_dir) -> dict:
        import dj_database_url

        raw = self.url(name, default, schemes=("sqlite", "postgres", "postgresql", "pgsql"))
        parsed = urlparse(raw)
        if parsed.scheme == "sqlite":
            path = raw[len("sqlite:///") :] if raw.startswith("sqlite:///") else ""
            if not path:
                raise ConfigError(
                    name, "đường dẫn SQLite trống (ví dụ sqlite:///var/vanphong.sqlite3)"
                )
            if path != ":memory:" and not os.path.isabs(path):
                path = str(base_dir / path)
            return {
                "ENGINE": "django.db.backends.sqlite3",
                "NAME": path,
                "OPTIONS": {
                    "transaction_mode": "IMMEDIATE",
                    "timeout": 20,
                    "init_command": (
                        "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;"
                        "PRAGMA busy_timeout=20000;PRAGMA foreign_keys=ON;"
                    ),
                },
                "TEST": {
                    "NAME": self.environ.get("SQLITE_TEST_NAME")
                    or str(base_dir / "var" / "test_vanphong.sqlite3")
                },
            }
        if not parsed.path or parsed.path == "/":
            raise ConfigError(name, "thiếu tên cơ sở dữ liệu PostgreSQL")
        try:
            config = dj_database_url.parse(raw, conn_max_age=60, conn_health_checks=True)
        except ValueError as exc:
            raise ConfigError(name, str(exc)) from None
        # Short OLTP queries: PostgreSQL's JIT compiler costs more than it saves here (measured by
        # bench/documents.py: 450 ms of JIT on a 170 ms list query at 100,000 documents).
        options = config.setdefault("OPTIONS", {})
        options["options"] = (options.get("options", "") + " -c jit=off").strip()
        return config
