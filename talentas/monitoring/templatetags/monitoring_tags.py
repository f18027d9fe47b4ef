"""Template helpers for monitoring pages: the small trend chart and progress bars, drawn as SVG on the server."""

from dataclasses import dataclass
from decimal import Decimal

from django import template

register = template.Library()

TREND_WIDTH = 168
TREND_HEIGHT = 44
TREND_GAP = 4


@dataclass
class TrendBar:
    x: float
    y: float
    width: float
    height: float
    missing: bool
    partial: bool


@register.simple_tag
def trend_bars(figure) -> list[TrendBar]:
    """One bar per quarter of the figure's trend, scaled to the largest value; a missing value is a short stub
    (the table beside the chart says "no data")."""
    points = figure.trend
    if not points:
        return []
    top = max([point.value for point in points if point.value is not None] or [Decimal(0)]) or Decimal(1)
    width = (TREND_WIDTH - TREND_GAP * (len(points) - 1)) / len(points)
    bars = []
    for index, point in enumerate(points):
        height = 2.0 if point.value is None else max(float(point.value / top) * (TREND_HEIGHT - 4), 1.0)
        bars.append(
            TrendBar(
                x=round(index * (width + TREND_GAP), 1),
                y=round(TREND_HEIGHT - height, 1),
                width=round(width, 1),
                height=round(height, 1),
                missing=point.value is None,
                partial=point.partial,
            )
        )
    return bars


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
