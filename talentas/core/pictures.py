"""Pictures people upload: one check, one way of storing and one way of serving, for every app.

An upload is judged by its content, never its name: Pillow must recognise it and `verify()` it as JPEG, PNG or
WebP; it may be at most MAX_BYTES, and at most MAX_PIXELS before it is decoded (a small file can unpack into
gigabytes: a decompression bomb). Its EXIF orientation is applied and then every piece of metadata is dropped
(camera, place, time), it is cropped to its kind's shape and stored as WebP in a few widths under a random name in
the default storage (`core.storage.PrivateFileStorage`, the same random naming as CVs). Files have no URL of their
own: `core.views.picture` serves them, public pictures to anyone, private ones (profile photos) only when the
check their app registered (`register_viewer_check`) says so.
"""

import base64
import io
import secrets
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from talentas.core.errors import DomainError
from talentas.core.models import Picture

MAX_BYTES = 8 * 1024 * 1024
MAX_PIXELS = 40_000_000  # 8,000 by 5,000: any camera's photo, far below what would exhaust a worker's memory
MIN_SIDE = 32
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
WEBP_QUALITY = 82


@dataclass(frozen=True)
class Shape:
    widths: tuple[int, ...]
    aspect: float | None  # width / height to crop to; None keeps the picture's own (logos)


SHAPES = {
    Picture.Kind.LOGO: Shape(widths=(96, 192, 384), aspect=None),
    Picture.Kind.COVER: Shape(widths=(480, 960, 1600), aspect=16 / 9),
    Picture.Kind.PHOTO: Shape(widths=(96, 192, 384), aspect=1.0),
}


def _refuse(message: str, code: str, field: str) -> DomainError:
    return DomainError(message, code=code, field=field)


def _too_many_pixels(field: str) -> DomainError:
    return _refuse(_("The picture has too many pixels; make it smaller."), "picture_too_many_pixels", field)


def _unreadable(field: str) -> DomainError:
    return _refuse(_("This file is not a picture Talentas can read."), "picture_not_an_image", field)


def open_checked(upload: UploadedFile, *, field: str) -> Image.Image:
    """The upload as a decoded image, or a DomainError saying what is wrong with it."""
    if upload.size is None or upload.size > MAX_BYTES:
        raise _refuse(_("The picture may be at most 8 MB."), "picture_too_big", field)
    data = upload.read()
    upload.seek(0)
    try:
        with warnings.catch_warnings():
            # Pillow warns past its own limit and refuses at twice it; both mean a bomb here.
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as probe:
                image_format = probe.format
                width, height = probe.size
                if image_format in ALLOWED_FORMATS and width * height <= MAX_PIXELS:
                    probe.verify()
    except (Image.DecompressionBombWarning, Image.DecompressionBombError):
        raise _too_many_pixels(field) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise _unreadable(field) from None
    if image_format not in ALLOWED_FORMATS:
        raise _refuse(_("The picture must be a JPEG, PNG or WebP file."), "picture_format", field)
    if width * height > MAX_PIXELS:
        raise _too_many_pixels(field) from None
    if min(width, height) < MIN_SIDE:
        raise _refuse(_("The picture is too small; it needs at least 32 pixels each way."), "picture_too_small", field)
    try:
        image = Image.open(io.BytesIO(data))  # verify() leaves the image unusable: open it again to decode
        image.load()
    except (OSError, SyntaxError, ValueError):
        raise _unreadable(field) from None
    return image


def _prepared(image: Image.Image, shape: Shape) -> Image.Image:
    """Upright, without metadata, in a mode WebP keeps (transparency stays), cropped to the shape."""
    image = ImageOps.exif_transpose(image) or image
    image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P", "PA") else "RGB")
    if shape.aspect is not None:
        image = ImageOps.fit(image, _cropped_size(image.size, shape.aspect), Image.Resampling.LANCZOS)
    clean = Image.new(image.mode, image.size)
    clean.paste(image)  # a new image carries no EXIF, XMP, ICC or comments from the upload
    return clean


def _cropped_size(size: tuple[int, int], aspect: float) -> tuple[int, int]:
    width, height = size
    if width / height > aspect:
        return round(height * aspect), height
    return width, round(width / aspect)


def _webp(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "WEBP", quality=WEBP_QUALITY, method=4, exif=b"", icc_profile=None)
    return out.getvalue()


@transaction.atomic
def store_picture(*, upload: UploadedFile, kind: str, public: bool = True, field: str = "picture") -> Picture:
    """Check the upload, store it as WebP in its kind's widths (never wider than it came) and return the row.

    Files are written before the row; should the transaction roll back, they stay behind under random names that
    nothing points at (unreachable, like a CV's after a failed save)."""
    shape = SHAPES[Picture.Kind(kind)]
    image = _prepared(open_checked(upload, field=field), shape)
    widths = [w for w in shape.widths if w <= image.width] or [image.width]
    picture = Picture(token=secrets.token_urlsafe(16), kind=kind, public=public)
    for width in widths:
        height = max(1, round(image.height * width / image.width))
        resized = image if width == image.width else image.resize((width, height), Image.Resampling.LANCZOS)
        default_storage.save(picture.file_name(width), ContentFile(_webp(resized)))
    picture.widths = widths
    picture.width = widths[-1]
    picture.height = max(1, round(image.height * widths[-1] / image.width))
    picture.save()
    return picture


def delete_picture(picture: Picture | None) -> None:
    """Remove the row now and its files once the transaction commits."""
    if picture is None or picture.pk is None:
        return
    names = [picture.file_name(width) for width in picture.widths]
    picture.delete()
    transaction.on_commit(lambda: _delete_files(names))


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


def picture_url(picture: Picture, width: int | None = None) -> str:
    return reverse("picture", kwargs={"token": picture.token, "width": width or picture.width})


def picture_as_data(picture: Picture | None) -> dict[str, Any] | None:
    """A picture for a person's data export: its widest file, as a data: URL they can open."""
    if picture is None:
        return None
    with default_storage.open(picture.file_name(picture.width)) as handle:
        encoded = base64.b64encode(handle.read()).decode("ascii")
    return {
        "kind": picture.kind,
        "uploaded_at": picture.created_at,
        "width": picture.width,
        "height": picture.height,
        "file": "data:image/webp;base64," + encoded,
    }


# Who may see a private picture: one check per kind, registered by the app that shows it.
ViewerCheck = Callable[[Any, Picture], bool]
_viewer_checks: dict[str, ViewerCheck] = {}


def register_viewer_check(kind: str, check: ViewerCheck) -> None:
    _viewer_checks[kind] = check


def may_view(user: Any, picture: Picture) -> bool:
    if picture.public:
        return True
    check = _viewer_checks.get(picture.kind)
    return check is not None and check(user, picture)


def replace_picture(
    *, current: Picture | None, upload: UploadedFile, kind: str, public: bool = True, field: str = "picture"
) -> Picture:
    """Store the new picture and remove the one it replaces (files once the transaction commits). Callers point
    their own field at the returned row in the same transaction."""
    picture = store_picture(upload=upload, kind=kind, public=public, field=field)
    delete_picture(current)
    return picture
