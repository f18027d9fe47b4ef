from pathlib import Path

from django.core.management.base import BaseCommand

from talentas.core.backups import write_backup


class Command(BaseCommand):
    help = "Write the database and every private file (CVs, evidence, reports) to one .tar.gz (see README, Backups)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="where to write, e.g. talentas-2026-12-01.tar.gz")

    def handle(self, *args, archive: Path, **options):
        manifest = write_backup(archive)
        self.stdout.write(f"Backup written to {archive} ({manifest['format']}, {manifest['created_at']}).")
