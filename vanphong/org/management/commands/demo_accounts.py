"""``manage.py demo_accounts``: the demo sign-in accounts, their shared password and the TOTP
secret of the demo administrator. DEMO ONLY."""

from __future__ import annotations

import base64

from django.core.management.base import BaseCommand

from vanphong.org.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DEMO_TOTP_KEY_HEX
from vanphong.org.models import Official, Role


def totp_secret_base32() -> str:
    return base64.b32encode(bytes.fromhex(DEMO_TOTP_KEY_HEX)).decode().rstrip("=")


def current_totp_token() -> str:
    """The 6-digit code of the demo administrator's TOTP device right now (real time)."""
    from django_otp.oath import TOTP

    return f"{TOTP(bytes.fromhex(DEMO_TOTP_KEY_HEX)).token():06d}"


class Command(BaseCommand):
    help = "In bảng tài khoản dùng thử (vai trò, tên đăng nhập, mật khẩu, cơ quan/đơn vị)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--totp", action="store_true", help="Chỉ in mã TOTP hiện tại của tài khoản quantri."
        )

    def handle(self, *args, totp: bool = False, **options):
        if totp:
            self.stdout.write(current_totp_token())
            return
        labels = dict(Role.choices)
        officials = {
            o.username: o
            for o in Official.objects.filter(
                username__in=[a.username for a in DEMO_ACCOUNTS]
            ).select_related("agency")
        }
        if not officials:
            self.stdout.write("Chưa có tài khoản dùng thử. Chạy: python manage.py seed_demo")
            return
        rows = [("Vai trò", "Tên đăng nhập", "Mật khẩu", "Cơ quan / đơn vị")]
        for account in DEMO_ACCOUNTS:
            official = officials.get(account.username)
            if official is None:
                continue
            membership = official.memberships.select_related("unit").filter(is_primary=True).first()
            place = official.agency.name if official.agency else ""
            if membership is not None:
                place = f"{place} / {membership.unit.name}"
            rows.append((str(labels[account.role]), account.username, DEMO_PASSWORD, place))
        widths = [max(len(row[i]) for row in rows) for i in range(3)]
        self.stdout.write(
            "TÀI KHOẢN DÙNG THỬ — chỉ dùng cho bản demo, không dùng khi triển khai thật"
        )
        for n, row in enumerate(rows):
            cells = [row[i].ljust(widths[i]) for i in range(3)] + [row[3]]
            self.stdout.write("  ".join(cells))
            if n == 0:
                self.stdout.write("  ".join("-" * w for w in widths) + "  " + "-" * 16)
        if "quantri" in officials:
            secret = totp_secret_base32()
            self.stdout.write("")
            self.stdout.write(
                "Tài khoản quantri bắt buộc xác thực hai bước (TOTP). Khóa bí mật DÙNG THỬ "
                "(chỉ cho bản demo):"
            )
            self.stdout.write(f"  {secret}")
            self.stdout.write(
                f"  otpauth://totp/VanPhong:quantri?secret={secret}&issuer=VanPhong&digits=6&period=30"
            )
            self.stdout.write(
                "  Nhập khóa này vào ứng dụng xác thực (Google Authenticator, FreeOTP...), "
                "hoặc xem mã hiện tại: python manage.py demo_accounts --totp"
            )
