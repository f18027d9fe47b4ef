import time
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from talentas.talent.esco import ATTRIBUTION, SHIPPED_DIRECTORY, import_esco_directory
from talentas.talent.services import rebuild_opportunity_vectors


class Command(BaseCommand):
    help = (
        "Load ESCO skills, occupations, their relations and hierarchies from a directory of the official CSV "
        "export (plain or .gz), plus Lithuanian labels (labels_lt.csv, or a Lithuanian edition's *_lt.csv). "
        f"Without DIR, the copy shipped with Talentas ({ATTRIBUTION}). Safe to run again."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", nargs="?", default=str(SHIPPED_DIRECTORY))

    def handle(self, *args, directory: str, **options) -> None:
        path = Path(directory)
        if not path.is_dir():
            raise CommandError(f"{path} is not a directory.")
        started = time.monotonic()
        report = import_esco_directory(path, progress=lambda line: self.stdout.write(f"  {line}"))
        if not report.counts:
            raise CommandError(f"No ESCO files (skills_en.csv, occupations_en.csv...) found in {path}.")
        for problem in report.problems[:50]:
            self.stderr.write(f"  skipped {problem}")
        if len(report.problems) > 50:
            self.stderr.write(f"  ... and {len(report.problems) - 50} more skipped rows")
        rebuild_opportunity_vectors()
        self.stdout.write(
            self.style.SUCCESS(
                f"ESCO loaded in {time.monotonic() - started:.0f} s ({len(report.problems)} rows skipped). "
                f"Source: {ATTRIBUTION}."
            )
        )
