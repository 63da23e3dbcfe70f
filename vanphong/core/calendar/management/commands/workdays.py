"""Operators' command: ask the working-day calendar.

    manage.py workdays add 2026-02-13 1               → 2026-02-23
    manage.py workdays between 2026-02-13 2026-02-24  → 2
    manage.py workdays add-hours 2026-02-13T09:00 16  → 2026-02-24T09:00
    manage.py workdays day 2026-08-22                 → 2026-08-22 làm việc — Làm việc bù …

Dates are YYYY-MM-DD or DD/MM/YYYY; moments YYYY-MM-DDTHH:MM (or "DD/MM/YYYY HH:MM"), Vietnam
time. Bad input exits with status 1 and one Vietnamese line on stderr, without a traceback.
"""

from __future__ import annotations

import datetime as dt
import sys
from decimal import Decimal, InvalidOperation

from django.core.management.base import BaseCommand, CommandError
from django.db import DatabaseError

from vanphong.core import clock
from vanphong.core.calendar import workdays

DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
MOMENT_FORMATS = ("%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M")


def parse_date(text: str) -> dt.date:
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    raise CommandError(f"Ngày không hợp lệ: «{text}» (dùng dạng 2026-02-13 hoặc 13/02/2026).")


def parse_moment(text: str) -> dt.datetime:
    for fmt in MOMENT_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).replace(tzinfo=clock.VN_TZ)
        except ValueError:
            continue
    raise CommandError(
        f"Thời điểm không hợp lệ: «{text}» (dùng dạng 2026-02-13T09:00 hoặc 13/02/2026 09:00)."
    )


def parse_int(text: str) -> int:
    try:
        return int(text.strip())
    except ValueError:
        raise CommandError(f"Số ngày không hợp lệ: «{text}» (cần một số nguyên).") from None


def parse_hours(text: str) -> Decimal:
    try:
        hours = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        hours = None
    if hours is None or not hours.is_finite() or hours < 0:
        raise CommandError(
            f"Số giờ không hợp lệ: «{text}» (cần một số không âm, ví dụ 16 hoặc 1,5)."
        )
    return hours


def format_moment(moment: dt.datetime) -> str:
    moment = clock.local(moment)
    return moment.strftime("%Y-%m-%dT%H:%M" if not moment.second else "%Y-%m-%dT%H:%M:%S")


class Command(BaseCommand):
    help = "Tính ngày làm việc, giờ làm việc theo lịch làm việc (ngày lễ, ngày nghỉ bù, hoán đổi)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="lệnh")
        add = sub.add_parser("add", help="Ngày làm việc thứ N sau một ngày (không tính ngày đó).")
        add.add_argument("date", help="ngày bắt đầu, ví dụ 2026-02-13")
        add.add_argument("days", help="số ngày làm việc N")
        between = sub.add_parser("between", help="Số ngày làm việc trong (ngày A, ngày B].")
        between.add_argument("start")
        between.add_argument("end")
        hours = sub.add_parser(
            "add-hours", help="Thời điểm sau N giờ làm việc (tính trong giờ hành chính)."
        )
        hours.add_argument("moment", help="thời điểm bắt đầu, ví dụ 2026-02-13T09:00")
        hours.add_argument("hours", help="số giờ làm việc, ví dụ 16")
        day = sub.add_parser("day", help="Một ngày có phải ngày làm việc không, vì sao.")
        day.add_argument("date")

    def execute(self, *args, **options):
        try:
            return super().execute(*args, **options)
        except CommandError as exc:
            if not getattr(self, "_called_from_command_line", False) or options.get("traceback"):
                raise
            # One Vietnamese line, no "CommandError:" prefix, no traceback.
            self.stderr.write(str(exc))
            sys.exit(exc.returncode)

    def handle(self, *args, **options):
        try:
            return self._answer(options)
        except DatabaseError:
            raise CommandError(
                "Không đọc được lịch làm việc trong cơ sở dữ liệu (đã chạy manage.py migrate chưa?)."
            ) from None

    def _answer(self, options) -> str:
        action = options["action"]
        if action == "add":
            start, days = parse_date(options["date"]), parse_int(options["days"])
            return workdays.add_working_days(start, days).isoformat()
        if action == "between":
            start, end = parse_date(options["start"]), parse_date(options["end"])
            return str(workdays.working_days_between(start, end))
        if action == "add-hours":
            moment, hours = parse_moment(options["moment"]), parse_hours(options["hours"])
            return format_moment(workdays.add_working_hours(moment, hours))
        info = workdays.describe_day(parse_date(options["date"]))
        kind = "làm việc" if info.is_working else "nghỉ"
        detail = " — ".join(part for part in (info.reason, info.source) if part)
        return f"{info.date.isoformat()} {kind}" + (f" — {detail}" if detail else "")
