from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.http import Http404

from talentas.plans.services import export_plan


class Command(BaseCommand):
    help = "Write an action plan as a plan file (YAML) that load_plan reads back to the same plan."

    def add_arguments(self, parser):
        parser.add_argument("slug", help="The plan's slug, e.g. alytus-iap")
        parser.add_argument("-o", "--output", type=Path, help="Write to this file instead of standard output")

    def handle(self, *args, slug: str, output: Path | None, **options):
        try:
            text = export_plan(slug=slug)
        except Http404 as error:
            raise CommandError(str(error)) from error
        if output is None:
            self.stdout.write(text, ending="")
            return
        try:
            output.write_text(text, encoding="utf-8")
        except OSError as error:
            raise CommandError(f"Cannot write {output}: {error}") from error
        self.stderr.write(f"Wrote plan '{slug}' to {output}.")
