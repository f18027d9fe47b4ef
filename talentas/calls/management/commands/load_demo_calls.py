from django.core.management.base import BaseCommand, CommandError

from talentas.calls.demo import load_demo_calls


class Command(BaseCommand):
    help = (
        "Load the programmes of actions 1.2, 1.3, 2.1 and 2.2: last year's decided and paid grant round, this "
        "year's accelerator and incubator intakes and an open grant call with its form. Needs `load_plan` and "
        "`load_demo` first. Safe to run again: nothing is added once the grant fund exists."
    )

    def handle(self, *args, **options) -> None:
        try:
            made = load_demo_calls()
        except LookupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            f"Calls demo loaded: {made['calls']} calls, {made['applications']} applications and "
            f"{made['awards']} awards."
        )
