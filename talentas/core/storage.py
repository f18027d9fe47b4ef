"""Private file storage: every uploaded or generated file (CVs, evidence, reports) lives here.

Files get random names, so a stored path says nothing about whose file it is and cannot be guessed, and the storage
has no URL: the only way to a file is a view that checks the right to it (e.g. `talent:cv_download`).
"""

import os
import posixpath
import secrets

from django.core.files.storage import FileSystemStorage


class PrivateFileStorage(FileSystemStorage):
    def url(self, name: str | None) -> str:
        raise NotImplementedError("Private files have no URL; serve them through a view that checks the right.")

    def generate_filename(self, filename: str | os.PathLike[str]) -> str:
        """Keep the folder (from `upload_to`) and the extension; replace the name with 128 random bits."""
        folder, name = posixpath.split(super().generate_filename(filename))
        extension = posixpath.splitext(name)[1].lower()
        return posixpath.join(folder, secrets.token_urlsafe(16) + extension)


# Extension -> the first bytes such a file starts with: uploads are judged by their content, not their name.
# The one table for every upload check (monitoring's evidence, the forms' file questions).
FILE_SIGNATURES: dict[str, tuple[bytes, ...]] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "pptx": (b"PK\x03\x04",),
}
