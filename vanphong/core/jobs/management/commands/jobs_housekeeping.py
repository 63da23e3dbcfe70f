"""``manage.py jobs_housekeeping``: fail jobs stuck in "running", delete old result files."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from vanphong.core.jobs import services


class Command(BaseCommand):
    help = (
        "Đánh dấu thất bại các tác vụ nền chạy quá lâu và xóa tệp kết quả cũ "
        "(JOBS_STUCK_MINUTES, JOBS_RESULT_DAYS)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--stuck-minutes", type=int, default=None)
        parser.add_argument("--result-days", type=int, default=None)

    def handle(self, *args, stuck_minutes=None, result_days=None, **options):
        try:
            counts = services.housekeep(stuck_minutes=stuck_minutes, result_days=result_days)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"jobs: {counts['stuck']} stuck job(s) marked failed, "
            f"{counts['deleted']} old result file(s) deleted"
        )
