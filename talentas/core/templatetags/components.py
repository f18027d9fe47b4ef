"""The page components that need a little arithmetic, as inclusion tags (`{% load components %}`).

The markup lives in templates/components/; talentas.core.components computes the numbers. Components without
logic are plain includes: `{% include "components/button.html" with text=... only %}`.
"""

import itertools

from django import template
from django.utils import timezone

from talentas.core import components

register = template.Library()
# ids for aria-labelledby when the page gives none: unique within any page (and process)
_ids = itertools.count(1)


@register.inclusion_tag("components/tag.html")
def status_tag(status, label, tag_id: str = "") -> dict:
    """A status in its colour, with its word and its shape: `{% status_tag item.status item.status_label %}`."""
    look = components.status_look(status)
    return {"text": label, "tone": look.tone, "shape": look.shape, "status": status, "id": tag_id}


@register.filter
def status_tone(status) -> str:
    """The tone (colour) of a status, for a chart's own shapes: `class="gantt-fill-{{ row.status|status_tone }}"`,
    so charts use the same colours as the status tags."""
    return components.status_look(status).tone


@register.filter
def status_fill(status) -> str:
    """The fill colour of a status's tone, for inline SVG that cannot use the CSS classes (the PDF reports)."""
    return components.FILLS[components.status_look(status).tone]


@register.inclusion_tag("components/progress_bar.html")
def progress_bar(
    value, target, label, text: str = "", status: str = "", expected=None, compact: bool = False, tag_id: str = ""
) -> dict:
    """Value against target: `{% progress_bar 7 10 _("Events held") text="7 of 10" %}`; `status` colours the fill,
    `expected` (0..1) marks the expected pace; `compact` hides the label (a table's column names it) and the
    margins."""
    bar = components.progress_bar(value, target, expected)
    return {
        "bar": bar,
        "label": label,
        "text": text,
        "compact": compact,
        "tone": components.status_look(status).tone if status else "green",
        "id": tag_id or f"progress-{next(_ids)}",
    }


@register.inclusion_tag("components/sparkline.html")
def sparkline(values, label, labels=None, tag_id: str = "", bars: bool = False) -> dict:
    """A small line chart with its text alternative and its data table: `{% sparkline values _("Visitors") %}`;
    `bars=True` draws a bar per value instead (counts per period)."""
    line = components.sparkline(list(values), list(labels) if labels else None, bars=bars)
    return {"line": line, "label": label, "id": tag_id or f"spark-{next(_ids)}"}


@register.inclusion_tag("components/gantt_bar.html")
def gantt_bar(
    label,
    start,
    end,
    period_start,
    period_end,
    status: str = "",
    status_label: str = "",
    planned_start=None,
    planned_end=None,
    today=None,
    months: bool = False,
) -> dict:
    """One bar of a timeline within a period, with the dates in words and the status tag beside it.

    `start` empty: not started (no bar); `end` empty: still running, up to `today`. The planned variant
    (`planned_start`, `planned_end`: months) draws the plan's span as an outline above the actual bar; `today`
    (given only where a legend explains it) draws today's line across the track. `months`: `start` and `end` are
    a schedule in months (the plan's own timeline): the bar fills both months, and without both it is "not
    scheduled"."""
    bar = None
    if months:
        if start and end:
            bar = components.gantt_bar(start, end, period_start, period_end, months=True)
    elif start:
        until = end or max(today or timezone.localdate(), start)
        bar = components.gantt_bar(start, until, period_start, period_end, running=not end)
    planned = None
    if planned_start and planned_end:
        planned = components.gantt_bar(planned_start, planned_end, period_start, period_end, months=True)
    return {
        "bar": bar,
        "planned": planned,
        "marks": components.gantt_marks(period_start, period_end, today),
        "label": label,
        "months": months,
        "status": status,
        "status_label": status_label,
        "tone": components.status_look(status).tone if status else "blue",
    }


@register.inclusion_tag("components/gantt_axis.html")
def gantt_axis(period_start, period_end) -> dict:
    """The years above a column of `gantt_bar` rows over the same (whole-year) period."""
    return {"years": components.gantt_years(period_start, period_end)}
