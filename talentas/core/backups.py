"""Backups: the whole database and every private file in one .tar.gz, restorable into an empty or a used install.

The database travels as Django's own `dumpdata` JSON with natural keys, not as `pg_dump` or a copy of the SQLite
file: one format for both databases (a SQLite demo restores into PostgreSQL and back), readable, and checked by
the models on the way in. Content types, permissions and sessions are left out (`migrate` makes the first two;
sessions are only logins), so are the cache and the task queue (both rebuild themselves). For databases so large
that JSON is slow, `pg_dump` of the database plus a copy of MEDIA_ROOT is the equivalent; see README, "Backups".

Archive layout: `manifest.json` (format, when, Django version), `database.json`, `files/<path in MEDIA_ROOT>`.
"""

import io
import json
import shutil
import tarfile
import tempfile
from pathlib import Path

import django
from django.conf import settings
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

FORMAT = "talentas-backup-1"
EXCLUDED = ["contenttypes", "auth.permission", "sessions"]


class BackupError(Exception):
    """The archive is not a Talentas backup, or not one this version can restore."""


def write_backup(destination: Path) -> dict:
    """Write the database and the private files to `destination` (.tar.gz); returns the manifest."""
    files_root = Path(settings.MEDIA_ROOT)
    manifest = {"format": FORMAT, "created_at": timezone.now().isoformat(), "django": django.get_version()}
    with tempfile.TemporaryDirectory() as work:
        dump = Path(work) / "database.json"
        call_command(
            "dumpdata",
            "--natural-foreign",
            "--natural-primary",
            *[f"--exclude={label}" for label in EXCLUDED],
            output=str(dump),
            verbosity=0,
        )
        with tarfile.open(destination, "w:gz") as archive:
            _add_bytes(archive, "manifest.json", json.dumps(manifest, indent=2).encode())
            archive.add(dump, arcname="database.json")
            if files_root.exists():
                archive.add(files_root, arcname="files")
    return manifest


@transaction.atomic
def restore_backup(source: Path) -> dict:
    """Replace the database's content and the private files with the backup's; returns the manifest.

    The schema must be migrated first (`migrate`); the data then goes in inside one transaction, so a backup that
    does not load leaves the database as it was. The files are swapped only after the data loaded.
    """
    with tempfile.TemporaryDirectory() as work:
        unpacked = Path(work)
        with tarfile.open(source, "r:gz") as archive:
            # The "data" filter refuses absolute paths, links out of the folder and device files.
            archive.extractall(unpacked, filter="data")
        manifest = _read_manifest(unpacked / "manifest.json")
        call_command("flush", interactive=False, verbosity=0)
        call_command("loaddata", str(unpacked / "database.json"), verbosity=0)
        _replace_files(unpacked / "files", Path(settings.MEDIA_ROOT))
    return manifest


def _read_manifest(path: Path) -> dict:
    try:
        manifest = json.loads(path.read_text())
    except (OSError, ValueError) as error:
        raise BackupError(f"{path.name} is missing or unreadable: not a Talentas backup.") from error
    if manifest.get("format") != FORMAT:
        raise BackupError(f"Unknown backup format {manifest.get('format')!r}; this version reads {FORMAT}.")
    return manifest


def _replace_files(unpacked: Path, files_root: Path) -> None:
    if files_root.exists():
        shutil.rmtree(files_root)
    if unpacked.exists():
        shutil.copytree(unpacked, files_root)
    else:
        files_root.mkdir(parents=True, exist_ok=True)


def _add_bytes(archive: tarfile.TarFile, name: str, content: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mtime = int(timezone.now().timestamp())
    archive.addfile(info, io.BytesIO(content))
