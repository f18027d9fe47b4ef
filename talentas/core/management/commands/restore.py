from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from talentas.core.backups import BackupError, restore_backup


class Command(BaseCommand):
    help = "Replace the database's content and the private files with a backup made by `backup` (run migrate first)."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="a .tar.gz written by manage.py backup")
        parser.add_argument(
            "--replace", action="store_true", help="confirm that everything now in the database and files goes"
        )

    def handle(self, *args, archive: Path, replace: bool, **options):
        if not replace:
            raise CommandError("Restoring deletes everything now stored. Run again with --replace to confirm.")
        try:
            manifest = restore_backup(archive)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"Restored {archive} (made {manifest['created_at']}).")
