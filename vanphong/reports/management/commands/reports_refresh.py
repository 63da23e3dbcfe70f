"""``manage.py reports_refresh [--agency ID] [--queue]``: recompute the dashboard's summary
snapshots now (or queue the background job). Run it every few minutes from the scheduler."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from vanphong.org.models import Agency
from vanphong.reports import summary
from vanphong.reports.tasks import refresh_summaries


class Command(BaseCommand):
    help = "Tính lại bảng tổng hợp số liệu của trang tổng hợp cho lãnh đạo."

    def add_arguments(self, parser):
        parser.add_argument("--agency", type=int, default=None)
        parser.add_argument("--queue", action="store_true", help="đưa vào hàng đợi công việc nền")

    def handle(self, *args, agency=None, queue=False, **options):
        if queue:
            refresh_summaries.enqueue(agency_id=agency)
            self.stdout.write("queued")
            return
        agencies = Agency.objects.filter(pk=agency) if agency else None
        n = summary.refresh(agencies)
        self.stdout.write(f"{n} snapshots refreshed")
