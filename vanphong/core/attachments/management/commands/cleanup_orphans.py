"""manage.py cleanup_orphans [--grace-minutes N] [--dry-run]"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand

from vanphong.core.attachments.cleanup import cleanup_orphans


class Command(BaseCommand):
    help = (
        "Xóa các tệp trong kho lưu trữ (attachments/) không thuộc tệp đính kèm nào, "
        "cũ hơn thời gian chờ. / Delete stored attachment files that no row refers to."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--grace-minutes",
            type=int,
            default=60,
            help="Chỉ xóa tệp cũ hơn số phút này (mặc định 60).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không xóa.")

    def handle(self, *args, grace_minutes: int, dry_run: bool, **options):
        orphans = cleanup_orphans(
            grace=dt.timedelta(minutes=max(0, grace_minutes)), dry_run=dry_run
        )
        for path in orphans:
            self.stdout.write(path)
        verb = "Sẽ xóa" if dry_run else "Đã xóa"
        self.stdout.write(f"{verb} {len(orphans)} tệp mồ côi.")
