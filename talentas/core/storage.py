"""Private file storage: every uploaded or generated file (CVs, evidence, reports) lives here.

Files get random names, so a stored path says nothing about whose file it is and cannot be guessed, and the storage
has no URL: the only way to a file is a view that checks the right to it (e.g. `talent:cv_download`).
"""

import posixpath
import secrets

from django.core.files.storage import FileSystemStorage


class PrivateFileStorage(FileSystemStorage):
    def url(self, name: str | None) -> str:
        raise NotImplementedError("Private files have no URL; serve them through a view that checks the right.")

    def generate_filename(self, filename: str) -> str:
        """Keep the folder (from `upload_to`) and the extension; replace the name with 128 random bits."""
        folder, name = posixpath.split(super().generate_filename(filename))
        extension = posixpath.splitext(name)[1].lower()
        return posixpath.join(folder, secrets.token_urlsafe(16) + extension)
