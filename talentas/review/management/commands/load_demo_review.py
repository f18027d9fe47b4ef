from django.core.management.base import BaseCommand, CommandError

from talentas.review.demo import load_demo_review


class Command(BaseCommand):
    help = (
        "Load the reviews of the demo's grant calls: last year's rubric and three reviewers' scores (one recused), "
        "and this year's blind-reviewed call with its screened application assigned to the mentor. Needs "
        "`load_demo_calls` first. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        try:
            made = load_demo_review()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Review demo loaded: {made['rubrics']} rubrics and {made['reviews']} reviews.")
