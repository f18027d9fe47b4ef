from django.core.management.base import BaseCommand, CommandError

from talentas.events.demo import load_demo_events


class Command(BaseCommand):
    help = (
        "Load a year of Alytus events around today (past ones with attendance and feedback, future ones open "
        "for registration) and STEAM lessons in Alytus schools. Needs `load_plan` and `load_demo` first. "
        "Safe to run again: it only adds what is missing."
    )

    def handle(self, *args, **options) -> None:
        try:
            made = load_demo_events()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Events demo loaded: {made['events']} events, {made['registrations']} registrations and "
            f"{made['lessons']} STEAM lessons added."
        )
