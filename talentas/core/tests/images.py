"""Pictures for tests, drawn in memory: a real image in any format, and a decompression bomb's header."""

import io
import struct
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image


def image_bytes(width: int = 640, height: int = 480, image_format: str = "PNG", exif: bytes | None = None) -> bytes:
    image = Image.new("RGB", (width, height), (40, 120, 90))
    image.paste((230, 180, 40), (0, 0, width // 2, height // 2))  # a corner to tell which way is up
    out = io.BytesIO()
    if exif is not None:
        image.save(out, image_format, exif=exif)
    else:
        image.save(out, image_format)
    return out.getvalue()


def upload(data: bytes | None = None, name: str = "picture.png", content_type: str = "image/png"):
    return SimpleUploadedFile(name, data if data is not None else image_bytes(), content_type=content_type)


def bomb_png(width: int = 30_000, height: int = 30_000) -> bytes:
    """A PNG of a few hundred bytes that claims 900 million pixels: what a decompression bomb looks like before
    it is decoded."""
    small = image_bytes(64, 64)
    ihdr_at = small.index(b"IHDR")
    header = struct.pack(">II", width, height) + small[ihdr_at + 12 : ihdr_at + 17]
    chunk = b"IHDR" + header
    patched = struct.pack(">I", len(header)) + chunk + struct.pack(">I", zlib.crc32(chunk) & 0xFFFFFFFF)
    return small[: ihdr_at - 4] + patched + small[ihdr_at + 4 + 13 + 4 :]
