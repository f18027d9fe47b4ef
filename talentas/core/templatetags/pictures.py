"""`{% picture logo alt=... width=96 %}`: an uploaded picture (core.pictures) as an <img> with every stored size
in `srcset`, its width and height (no layout shift while it loads), `loading="lazy"` and the alt text the page
gives (alt="" for a decorative one)."""

from django import template
from django.utils.html import format_html

from talentas.core.models import Picture
from talentas.core.pictures import picture_url

register = template.Library()


@register.simple_tag
def picture(found: Picture | None, *, alt: str, width: int, css: str = "", sizes: str = "", eager: bool = False) -> str:
    """Shown `width` CSS pixels wide (the height follows); the browser picks the file for the screen's density."""
    if found is None:
        return ""
    shown = min(int(width), found.width)
    srcset = ", ".join(f"{picture_url(found, w)} {w}w" for w in found.widths)
    src = picture_url(found, next((w for w in found.widths if w >= shown), found.width))
    return format_html(
        '<img src="{}" srcset="{}" sizes="{}" width="{}" height="{}" alt="{}" class="{}" loading="{}"'
        ' decoding="async">',
        src,
        srcset,
        sizes or f"{shown}px",
        shown,
        found.height_at(shown),
        alt,
        ("picture " + css).strip(),
        "eager" if eager else "lazy",
    )
