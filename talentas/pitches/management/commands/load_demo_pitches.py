from django.core.management.base import BaseCommand, CommandError

from talentas.pitches.demo import load_demo_pitches


class Command(BaseCommand):
    help = (
        "Load this year's pitch competition (action 2.2): five finalists scored by a jury, an audience vote and "
        "the prizes paid as awards. Needs `load_demo_calls` first. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        try:
            made = load_demo_pitches()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Pitch demo loaded: {made['competitions']} competition, {made['finalists']} finalists and "
            f"{made['votes']} audience votes."
        )
