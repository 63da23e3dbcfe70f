"""``manage.py open311_key "Tên ứng dụng"``: create an Open311 client and print its api_key
(shown once; only its digest is stored)."""

from django.core.management.base import BaseCommand

from vanphong.feedback.open311 import create_client


class Command(BaseCommand):
    help = "Tạo api_key Open311 cho một ứng dụng (chỉ hiện một lần)."

    def add_arguments(self, parser):
        parser.add_argument("name")

    def handle(self, *args, name: str, **options):
        client, key = create_client(name)
        self.stdout.write(f"{client.name}: {key}")
