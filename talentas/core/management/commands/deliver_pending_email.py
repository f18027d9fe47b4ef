from django.core.management.base import BaseCommand

from talentas.core.email import requeue_unsent_email


class Command(BaseCommand):
    help = "Queue every e-mail still unsent whose delivery never started or was cut short (a worker died)."

    def handle(self, *args, **options) -> None:
        self.stdout.write(f"{requeue_unsent_email()} e-mail(s) queued again")
