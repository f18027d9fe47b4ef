import os

from django.core.management.base import BaseCommand, CommandError

from talentas.organisations.demo import DEFAULT_DEMO_PASSWORD
from talentas.talent.demo import EMPLOYER_EMAIL, load_demo_talent


class Command(BaseCommand):
    help = (
        "Load the talent marketplace demo: Alytus talents (students of Alytaus kolegija, school leavers, return "
        "migrants, expatriates, Lithuanians abroad) and opportunities of the demo organisations. Run after "
        "load_demo and import_esco. Safe to run again: it adds what is missing and gives the demo opportunities "
        "their Lithuanian and English texts where they still read as the demo wrote them (edits stay)."
    )

    def handle(self, *args, **options) -> None:
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        try:
            made = load_demo_talent(password=password)
        except LookupError as error:
            raise CommandError(str(error)) from error
        from talentas.hiring.demo import load_demo_applications

        applications = load_demo_applications()
        self.stdout.write(
            f"Talent demo loaded: {made['talents']} talents and {made['opportunities']} opportunities added. "
            f"Employer account: {EMPLOYER_EMAIL} (Nemuno inžinerija); talents log in as e.g. "
            f"talent@talentas.example, tomas.return@talentas.example. Job applications added: {applications}."
        )
