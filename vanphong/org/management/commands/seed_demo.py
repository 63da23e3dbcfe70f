"""``manage.py seed_demo``: the demo province (Hưng Yên), then every app's demo step."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand
from django.test.utils import override_settings

from vanphong.core.demo import SeedContext, steps
from vanphong.org.models import Agency


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: tỉnh Hưng Yên (sau sắp xếp 2025), cơ quan, đơn vị, cán bộ, tài khoản dùng thử."

    def add_arguments(self, parser):
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="Không làm gì nếu cơ sở dữ liệu đã có cơ quan (dùng cho make run).",
        )
        parser.add_argument(
            "--only",
            action="append",
            default=[],
            metavar="BƯỚC",
            help="Chỉ chạy bước này (có thể lặp lại), ví dụ --only org.",
        )

    def handle(self, *args, if_empty: bool = False, only: list[str], **options):
        if if_empty and Agency.objects.exists():
            self.stdout.write("Cơ sở dữ liệu đã có dữ liệu, bỏ qua nạp dữ liệu mẫu.")
            return
        started = time.monotonic()
        ctx = SeedContext(log=self.stdout.write)
        self.stdout.write(f"Nạp dữ liệu mẫu (ngày {ctx.today:%d/%m/%Y})...")
        # Demo people have made-up addresses: what the steps "send" (reminders, notifications)
        # stays in memory instead of going to the console or an SMTP server.
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            for step in steps():
                if only and step.name not in only:
                    continue
                self.stdout.write(f"- {step.name}")
                step.func(ctx)
        self.stdout.write(
            self.style.SUCCESS(f"Xong sau {time.monotonic() - started:.1f} giây.")
            + " Xem tài khoản dùng thử: python manage.py demo_accounts"
        )
