"""``manage.py refdata_load FILE.json …``: load legal rule versions from data files.

Each file holds a JSON list of objects ``{"key", "value", "legal_basis", "valid_from",
"valid_to"?, "unit"?, "note"?}`` (dates ISO ``YYYY-MM-DD``). Idempotent; a stored version is never
changed silently (see ``rule_versions_load``).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from vanphong.core.refdata.services import rule_versions_load


class Command(BaseCommand):
    help = "Nạp các phiên bản quy định (dữ liệu tham chiếu có hiệu lực theo thời gian) từ tệp JSON."

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path)

    def handle(self, *args, files, **options):
        entries = []
        for path in files:
            try:
                data = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, ValueError) as exc:
                raise CommandError(f"{path}: {exc}") from None
            if not isinstance(data, list):
                raise CommandError(f"{path}: cần một danh sách JSON")
            entries.extend(data)
        try:
            report = rule_versions_load(acting_user=None, entries=entries)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(
            f"Đã thêm {report['created']} phiên bản, {report['unchanged']} phiên bản không đổi."
        )
