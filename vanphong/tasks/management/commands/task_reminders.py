from django.core.management.base import BaseCommand

from vanphong.tasks import services


class Command(BaseCommand):
    help = "Gửi nhắc việc nhiệm vụ sắp đến hạn và quá hạn (mỗi nhắc một lần)."

    def handle(self, *args, **options):
        sent = services.reminders_send()
        self.stdout.write(f"{len(sent)}")
