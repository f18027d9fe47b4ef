"""Pictures for the demo, drawn here with Pillow (coloured shapes and initials), so that `make run` shows logos and
covers without any outside image. Each drawing follows from its seed, so a rerun draws the same picture; the
loaders add one only where none is set, and never replace a picture someone uploaded."""

import io
import random
import zlib

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

# The site's own colours (talentas.css) and a few that sit well beside them, all dark enough for white initials.
PALETTE = [
    (0, 112, 60),  # green
    (29, 78, 137),  # blue
    (124, 58, 133),  # plum
    (166, 77, 0),  # amber, darkened
    (0, 110, 120),  # teal
    (150, 40, 50),  # brick
    (55, 65, 81),  # slate
]
LIGHTS = [(230, 244, 236), (226, 236, 248), (244, 232, 246), (252, 240, 220), (224, 244, 244)]


def _random(seed: str) -> random.Random:
    return random.Random(zlib.crc32(seed.encode("utf-8")))  # noqa: S311 (demo drawings, reproducible)


def initials(name: str) -> str:
    words = [w for w in name.replace("„", " ").replace("“", " ").replace('"', " ").split() if w[:1].isalnum()]
    capitals = "".join(w[0] for w in words if w[0].isupper())
    letters = capitals if len(capitals) >= 2 else "".join(w[0] for w in words)
    return letters[:2].upper() or "T"


def _png(image: Image.Image, name: str) -> SimpleUploadedFile:
    out = io.BytesIO()
    image.save(out, "PNG")
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/png")


def draw_logo(name: str, *, seed: str) -> SimpleUploadedFile:
    """A square badge: a shape in one colour, an arc of a second inside it, the name's initials."""
    rng = _random(seed)
    size = 512
    colour, accent = rng.sample(PALETTE, 2)
    image = Image.new("RGBA", (size, size), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    shape = rng.choice(["circle", "rounded", "diamond"])
    if shape == "circle":
        draw.ellipse((16, 16, size - 16, size - 16), fill=colour)
    elif shape == "rounded":
        draw.rounded_rectangle((16, 16, size - 16, size - 16), radius=96, fill=colour)
    else:
        draw.regular_polygon((size / 2, size / 2, size / 2 - 12), 4, rotation=45, fill=colour)
        draw.regular_polygon((size / 2, size / 2, size / 2 - 12), 4, fill=colour)
    draw.arc((72, 72, size - 72, size - 72), start=rng.randint(0, 360), end=rng.randint(0, 360), fill=accent, width=18)
    font = ImageFont.load_default(size=200)
    text = initials(name)
    box = draw.textbbox((0, 0), text, font=font)
    position = ((size - (box[2] - box[0])) / 2 - box[0], (size - (box[3] - box[1])) / 2 - box[1])
    draw.text(position, text, font=font, fill=(255, 255, 255))
    return _png(image, "logo.png")


def draw_cover(*, seed: str) -> SimpleUploadedFile:
    """A 16:9 banner: a light ground, a band of colour and a few overlapping circles and bars (no text: a cover is
    decoration, the title beside it says what the event is)."""
    rng = _random(seed)
    width, height = 1600, 900
    ground = rng.choice(LIGHTS)
    colours = rng.sample(PALETTE, 3)
    image = Image.new("RGB", (width, height), ground)
    draw = ImageDraw.Draw(image, "RGBA")
    draw.polygon([(0, height * 0.62), (width, height * 0.38), (width, height), (0, height)], fill=colours[0])
    for _ in range(5):
        radius = rng.randint(90, 260)
        x, y = rng.randint(0, width), rng.randint(0, int(height * 0.7))
        red, green, blue = rng.choice(colours)
        draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(red, green, blue, 150))
    for index in range(3):
        top = 120 + index * 70
        draw.rounded_rectangle((80, top, 80 + rng.randint(260, 620), top + 34), radius=17, fill=(255, 255, 255, 200))
    return _png(image, "cover.png")
