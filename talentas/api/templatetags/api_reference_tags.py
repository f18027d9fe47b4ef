"""Template helpers for the API reference page: types in words, and the API's own light text markup."""

import re

from django import template
from django.utils.html import conditional_escape, escape, format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from talentas.api.selectors import AnyOf, Choice, ListOf, MapOf, Named, Simple, TypeExpr

register = template.Library()

# The API's tags are English identifiers; readers see the site's names for those parts.
TAG_LABELS = {
    "accounts": gettext_lazy("Accounts"),
    "plans": gettext_lazy("Action plans"),
    "monitoring": gettext_lazy("Monitoring"),
    "events": gettext_lazy("Events"),
    "talent": gettext_lazy("Talent"),
    "hiring": gettext_lazy("Job applications"),
    "calls": gettext_lazy("Funding calls"),
    "forms": gettext_lazy("Forms"),
    "review": gettext_lazy("Reviews"),
    "pitches": gettext_lazy("Pitch competitions"),
}
PARAMETER_LOCATIONS = {
    "path": gettext_lazy("path"),
    "query": gettext_lazy("query string"),
    "header": gettext_lazy("header"),
    "cookie": gettext_lazy("cookie"),
}


def _phrase(message: str, **parts: SafeString) -> SafeString:
    """A translated phrase around HTML parts: the phrase is escaped here, the parts are already safe."""
    return mark_safe(conditional_escape(message) % parts)


def _code(text: str) -> SafeString:
    return format_html("<code>{}</code>", text)


@register.filter
def api_type(expr: TypeExpr) -> SafeString:
    """A schema type in the reader's language, e.g. "list of `ActionOut`" or "`string` (date) or `null`"."""
    match expr:
        case Simple(name=name, format=""):
            return _code(name)
        case Simple(name=name, format=kind):
            return format_html("{} ({})", _code(name), kind)
        case Named(name=name):
            return _code(name)
        case Choice(values=values):
            # Translators: a value's type on the API reference page; %(values)s are the allowed values, in code.
            return _phrase(_("one of %(values)s"), values=mark_safe(", ".join(_code(value) for value in values)))
        case ListOf(item=item):
            # Translators: a JSON array's type, e.g. "list of ActionOut"; %(type)s may itself be "list of …".
            return _phrase(_("list of %(type)s"), type=_grouped(item))
        case MapOf(value=value):
            # Translators: a JSON object with free keys, e.g. "map of number"; %(type)s is its values' type.
            return _phrase(_("map of %(type)s"), type=_grouped(value))
        case AnyOf(options=options):
            *first, last = (api_type(option) for option in options)
            # Translators: alternative types, e.g. "number, string or null"; %(options)s is a comma-separated list.
            return _phrase(_("%(options)s or %(last)s"), options=mark_safe(", ".join(first)), last=last)
    raise TypeError(f"not a schema type: {expr!r}")


def _grouped(expr: TypeExpr) -> SafeString:
    """Alternatives inside a list or map get brackets: "list of (`string` or `null`) or `null`"."""
    return format_html("({})", api_type(expr)) if isinstance(expr, AnyOf) else api_type(expr)


@register.filter
def api_text(value: str) -> SafeString:
    """The API's own descriptions: `backticks` mark code. Their line breaks only wrap the source, so they go."""
    text = escape(" ".join(value.split()))
    return mark_safe(re.sub(r"`([^`]+)`", r"<code>\1</code>", text))


@register.filter
def api_tag(tag: str) -> str:
    return str(TAG_LABELS.get(tag, tag))


@register.filter
def api_location(location: str) -> str:
    return str(PARAMETER_LOCATIONS.get(location, location))


@register.filter
def api_path(path: str) -> SafeString:
    """A URL path in code, free to wrap after each slash so that long ones fit a phone's width."""
    return format_html(
        '<code class="api-path">{}</code>', mark_safe("/<wbr>".join(escape(part) for part in path.split("/")))
    )
