from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from talentas.plans.plan_file import PlanFileInvalid
from talentas.plans.services import load_plan


class Command(BaseCommand):
    help = (
        "Create or update an action plan from a plan file (YAML, see docs/plan-format.md). The whole file is "
        "checked first: if anything is wrong, every problem is listed and nothing is changed."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="The plan file, e.g. plans/alytus-iap.yaml")

    def handle(self, *args, file: Path, **options):
        try:
            text = file.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(f"Cannot read {file}: {error}") from error
        try:
            report = load_plan(text=text)
        except PlanFileInvalid as error:
            raise CommandError(f"{file} was not loaded; nothing was changed.\n{error.message}") from error
        for line in report.lines():
            self.stdout.write(line)
