import time
from collections import Counter
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from talentas.talent.esco import ATTRIBUTION, SHIPPED_DIRECTORY, esco_already_imported, import_esco_directory
from talentas.talent.services import rebuild_opportunity_vectors


class Command(BaseCommand):
    help = (
        "Load ESCO skills, occupations, their relations and hierarchies from a directory of the official CSV "
        "export (plain or .gz), plus Lithuanian labels (labels_lt.csv, or a Lithuanian edition's *_lt.csv). "
        f"Without DIR, the copy shipped with Talentas ({ATTRIBUTION}). Safe to run again: the same files as "
        "last time are not imported again unless --force is given."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("directory", nargs="?", default=str(SHIPPED_DIRECTORY))
        parser.add_argument("--force", action="store_true", help="Import even when the files have not changed.")

    def handle(self, *args, directory: str, force: bool, verbosity: int, **options) -> None:
        path = Path(directory)
        if not path.is_dir():
            raise CommandError(f"{path} is not a directory.")
        if not force and esco_already_imported(path):
            self.stdout.write("ESCO is up to date: these files were imported last time (--force imports again).")
            return
        started = time.monotonic()
        progress = (lambda line: self.stdout.write(f"  {line}")) if verbosity >= 2 else (lambda line: None)
        report = import_esco_directory(path, progress=progress)
        if not report.counts:
            raise CommandError(f"No ESCO files (skills_en.csv, occupations_en.csv...) found in {path}.")
        if verbosity >= 2:
            for problem in report.problems:
                self.stderr.write(f"  skipped {problem}")
        rebuild_opportunity_vectors()
        skipped = ", ".join(f"{count} in {name}" for name, count in _skipped_by_file(report.problems).items())
        counts = ", ".join(f"{count} {what}" for what, count in report.counts.items())
        self.stdout.write(
            self.style.SUCCESS(
                f"ESCO loaded in {time.monotonic() - started:.0f} s: {counts}; "
                f"{len(report.problems)} rows skipped{f' ({skipped}; -v 2 lists them)' if skipped else ''}. "
                f"Source: {ATTRIBUTION}."
            )
        )


def _skipped_by_file(problems: list[str]) -> Counter[str]:
    return Counter(problem.split(":", 1)[0] for problem in problems)
