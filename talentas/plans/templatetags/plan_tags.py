"""Template helpers for plan pages: the plans' light text markup, numbers and money, and the timeline."""

import re
from decimal import Decimal

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from talentas.core import metrics
from talentas.core.formatting import money_text, number_text
from talentas.plans import units
from talentas.plans.timeline import build_timeline

register = template.Library()


@register.filter
def metric_in_words(key: str) -> str:
    """A plan's metric key as a person reads it (core.metrics.metric_in_words), never the key itself."""
    return metrics.metric_in_words(key)


@register.filter
def plan_text(value: str, heading_level: int = 3) -> SafeString:
    """A plan's long text as HTML: blank lines part paragraphs, "### " starts a heading, "- " a list item.

    Everything else is escaped; headings get the level the page needs (the section's level plus one).
    """
    level = min(max(int(heading_level), 2), 6)
    parts: list[SafeString] = []
    for block in re.split(r"\n\s*\n", (value or "").strip()):
        lines = [line.strip() for line in block.splitlines() if line.strip()]
        if lines and lines[0].startswith("### "):
            parts.append(format_html("<h{}>{}</h{}>", level, lines.pop(0)[4:], level))
        if not lines:
            continue
        if all(line.startswith("- ") for line in lines):
            parts.append(
                format_html("<ul>{}</ul>", format_html_join("", "<li>{}</li>", ((line[2:],) for line in lines)))
            )
        else:
            parts.append(
                format_html("<p>{}</p>", format_html_join(mark_safe("<br>"), "{}", ((line,) for line in lines)))
            )
    return mark_safe("".join(parts))


@register.filter
def unit_for(unit: str, number) -> str:
    """`{{ indicator.unit|unit_for:value }}`: the unit in the form the number asks for (see plans/units.py)."""
    return units.unit_for(unit, number)


@register.filter
def unit_name(unit: str) -> str:
    return units.unit_name(unit)


@register.filter
def plan_number(value) -> str:
    """A plan figure in the reader's language, grouped, with decimals only where it has them: 51,340 · 39.45."""
    return number_text(value)


@register.filter
def euros(value) -> str:
    """An amount of money: €220,000, or €150,000.50 when there are cents (core's one `money` style)."""
    return money_text(value)


@register.filter
def euros_compact(value) -> str:
    """Large sums the way people say them: €7.9 million."""
    if value is None or value == "":
        return ""
    number = Decimal(value)
    if abs(number) >= 1_000_000:
        return _("€%(amount)s million") % {"amount": plan_number(round(number / 1_000_000, 1))}
    return euros(number)


@register.filter
def percent_of(value, total) -> Decimal | None:
    if value is None or not total:
        return None
    return Decimal(value) * 100 / Decimal(total)


@register.filter
def action_status(statuses, action):
    """`{% with shown=statuses|action_status:action %}`: the action's ShownStatus, or None (no provider, no plan
    figures)."""
    return statuses.of_action(action) if statuses else None


@register.filter
def indicator_status(statuses, indicator):
    """`{% with shown=statuses|indicator_status:indicator %}`: the indicator's ShownStatus, or None."""
    return statuses.of_indicator(indicator) if statuses else None


@register.inclusion_tag("plans/partials/timeline.html")
def plan_timeline(plan, statuses=None) -> dict:
    """The plan's timeline and its table; with `statuses` (plans.status) the bars take each action's status colour
    and word, and the table shows it too."""
    return {"plan": plan, "timeline": build_timeline(plan, statuses), "statuses": statuses}
