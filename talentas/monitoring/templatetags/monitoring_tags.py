"""Template helpers for monitoring pages: the widths of the budget bars, drawn as SVG on the server."""

from decimal import Decimal

from django import template

register = template.Library()


@register.filter
def share_width(value, total=100) -> str:
    """A 0-100 figure for an SVG width, with a dot whatever the language."""
    if value in (None, ""):
        return "0"
    number = min(max(Decimal(value), Decimal(0)), Decimal(total))
    return f"{number:.1f}"


@register.filter
def fraction_width(value) -> str:
    """A fraction (0.42) as an SVG width on a 0-100 scale, capped at 100."""
    if value in (None, ""):
        return "0"
    return share_width(Decimal(value) * 100)
