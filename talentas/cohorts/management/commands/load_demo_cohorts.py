from django.core.management.base import BaseCommand, CommandError

from talentas.cohorts.demo import load_demo_cohorts


class Command(BaseCommand):
    help = (
        "Load this year's accelerator cohort (with the demo mentor's sessions and milestones) and the incubator's "
        "residents from the approved intakes. Needs `load_demo_calls` first. Safe to run again."
    )

    def handle(self, *args, **options) -> None:
        try:
            made = load_demo_cohorts()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Cohorts demo loaded: {made['cohorts']} cohorts, {made['members']} startups and "
            f"{made['sessions']} mentoring sessions."
        )
