"""``manage.py eventlog verify`` and ``manage.py eventlog checkpoint``.

verify      checks every stream's chain, its signed head and the latest signed checkpoint; exits
            0 when the log is sound, 1 naming the first bad entry (stream, seq, id) otherwise.
checkpoint  verifies, then writes a signed checkpoint file to EVENTLOG_CHECKPOINT_DIR (exit 1,
            and no file, when the log does not verify).
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from vanphong.core.eventlog import integrity


class Command(BaseCommand):
    help = "Kiểm tra tính toàn vẹn của sổ sự kiện (verify) hoặc ghi mốc kiểm tra (checkpoint)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="subcommand", required=True)
        verify = sub.add_parser("verify", help="Kiểm tra chuỗi băm, đầu luồng và mốc kiểm tra.")
        verify.add_argument(
            "--no-checkpoint",
            action="store_true",
            help="Không so với mốc kiểm tra mới nhất.",
        )
        checkpoint = sub.add_parser("checkpoint", help="Kiểm tra rồi ghi mốc kiểm tra có chữ ký.")
        checkpoint.add_argument(
            "--keep",
            type=int,
            default=None,
            help="Chỉ giữ N mốc mới nhất trong thư mục (mặc định: giữ tất cả).",
        )

    def handle(self, *args, **options):
        if options["subcommand"] == "checkpoint":
            try:
                path = integrity.write_checkpoint(keep=options["keep"])
            except integrity.IntegrityFailure as exc:
                raise CommandError(str(exc), returncode=1) from None
            self.stdout.write(self.style.SUCCESS(f"Đã ghi mốc kiểm tra: {path}"))
            return
        report = integrity.verify(use_checkpoint=not options["no_checkpoint"])
        for note in report.notes:
            self.stderr.write(f"Lưu ý: {note}")
        if not report.ok:
            raise CommandError(integrity.describe_failure(report), returncode=1)
        where = f", khớp mốc {report.checkpoint.name}" if report.checkpoint else ""
        self.stdout.write(
            self.style.SUCCESS(
                f"Sổ sự kiện toàn vẹn: {report.events} sự kiện, {len(report.streams)} luồng{where}."
            )
        )
