"""`{% datatable %}`: the site's one data table (templates/components/data_table.html).

Wrap a real ``<table>`` (with ``<thead>``, ``<th scope>`` and ideally a ``<caption>``) in the block::

    {% load data_tables %}
    {% datatable %}<table><caption>…</caption><thead>…</thead><tbody>…</tbody></table>{% enddatatable %}
    {% datatable wide=True label=_("Hours per grade") %}…{% enddatatable %}

Every table sits in a scroll region that a keyboard can reach (role=region, tabindex=0, named after the
caption or ``label``), so a table wider than the screen never widens the page and axe's
``scrollable-region-focusable`` passes. Unless ``wide`` is given, the table also turns into stacked cards on
phones: each body cell gets its column's header as ``data-label`` (the CSS shows it before the value, hidden
from screen readers) and explicit ARIA table roles, so screen readers still read rows and columns after the
CSS changes how the cells are displayed. Cells that already carry a ``data-label`` keep it.
"""

import re
from html import unescape

from django import template
from django.template.loader import render_to_string
from django.utils.html import escape, strip_tags
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

register = template.Library()

TAG = re.compile(r"<(/?)(table|caption|thead|tbody|tfoot|tr|th|td)\b([^>]*)>", re.IGNORECASE)
COLSPAN = re.compile(r"""\bcolspan\s*=\s*["']?(\d+)""", re.IGNORECASE)
ROLES = {"table": "table", "thead": "rowgroup", "tbody": "rowgroup", "tfoot": "rowgroup", "tr": "row", "td": "cell"}


HIDDEN = re.compile(r"""<span\b[^>]*class=["'][^"']*visually-hidden[^"']*["'][^>]*>.*?</span>""", re.I | re.S)


def _text(fragment: str) -> str:
    """The words a sighted reader sees: tags and visually hidden hints dropped, spaces collapsed."""
    fragment = HIDDEN.sub("", fragment)
    return " ".join(unescape(strip_tags(fragment)).split())


def _span(attrs: str) -> int:
    match = COLSPAN.search(attrs)
    return max(1, int(match.group(1))) if match else 1


def _headers(html: str) -> list[str]:
    """The column headers of the table's last header row, one entry per column (colspans repeated)."""
    thead = re.search(r"<thead\b[^>]*>(.*?)</thead>", html, re.IGNORECASE | re.DOTALL)
    if not thead:
        return []
    rows = re.findall(r"<tr\b[^>]*>(.*?)</tr>", thead.group(1), re.IGNORECASE | re.DOTALL)
    if not rows:
        return []
    labels: list[str] = []
    for attrs, content in re.findall(r"<th\b([^>]*)>(.*?)</th>", rows[-1], re.IGNORECASE | re.DOTALL):
        labels.extend([_text(content)] * _span(attrs))
    return labels


# What a table shows for "nothing here": django-tables2's default and the site's dash.
BLANK_TEXTS = {"", "\N{EM DASH}", "-", "\N{EN DASH}"}
# A checkbox, a picture or a link says something without words: such a cell is never blank.
CONTENT_WITHOUT_TEXT = re.compile(r"<(input|select|textarea|button|img|svg|a)\b", re.IGNORECASE)


@register.filter
def blank_cell(value, default: object = "—") -> bool:
    """True for a cell with nothing to say (empty, only tags or spaces, or the table's dash): on a phone it is
    left out of the row's card, so no column name stands there above an empty value."""
    html = str("" if value is None else value)
    if CONTENT_WITHOUT_TEXT.search(html):
        return False
    text = unescape(strip_tags(html)).strip()
    return text in BLANK_TEXTS or text == str(default).strip()


def caption_of(html: str) -> str:
    match = re.search(r"<caption\b[^>]*>(.*?)</caption>", html, re.IGNORECASE | re.DOTALL)
    return _text(match.group(1)) if match else ""


def label_cells(html: str, stack: bool = True) -> str:
    """Add data-label (and, for stacked tables, ARIA table roles) to the cells of the outermost table."""
    headers = _headers(html)
    out: list[str] = []
    position = 0
    depth = 0
    section = ""
    column = 0
    for match in TAG.finditer(html):
        closing, name, attrs = match.group(1), match.group(2).lower(), match.group(3)
        out.append(html[position : match.start()])
        position = match.end()
        tag = match.group(0)
        if name == "table":
            depth += -1 if closing else 1
            if closing or depth != 1:
                out.append(tag)
                continue
        if depth != 1 or closing:
            if depth == 1 and closing and name in ("thead", "tbody", "tfoot"):
                section = ""
            out.append(tag)
            continue
        extra = []
        if name in ("thead", "tbody", "tfoot"):
            section = name
        elif name == "tr":
            column = 0
        elif name in ("th", "td"):
            span = _span(attrs)
            if section in ("tbody", "tfoot", "") and "data-label" not in attrs.lower() and name == "td":
                label = headers[column] if column < len(headers) else ""
                if label:
                    extra.append(f'data-label="{escape(label)}"')
            if stack and "role=" not in attrs.lower():
                if name == "th":
                    extra.append('role="columnheader"' if section == "thead" else 'role="rowheader"')
                else:
                    extra.append('role="cell"')
            column += span
        if stack and name in ROLES and name != "td" and "role=" not in attrs.lower():
            extra.append(f'role="{ROLES[name]}"')
        if name == "table":
            classes = "data-table" + (" is-stacked" if stack else "")
            class_match = re.search(r"""\bclass\s*=\s*(["'])(.*?)\1""", attrs, re.IGNORECASE)
            if class_match:
                attrs = (
                    attrs[: class_match.start(2)] + f"{class_match.group(2)} {classes}" + attrs[class_match.end(2) :]
                )
            else:
                extra.append(f'class="{classes}"')
        if extra:
            tag = f"<{match.group(2)}{attrs.rstrip()} {' '.join(extra)}>"
        elif name == "table":
            tag = f"<{match.group(2)}{attrs}>"
        out.append(tag)
    out.append(html[position:])
    return "".join(out)


class DataTableNode(template.Node):
    def __init__(self, nodelist, options):
        self.nodelist = nodelist
        self.options = options

    def render(self, context):
        options = {key: value.resolve(context) for key, value in self.options.items()}
        html = self.nodelist.render(context)
        wide = bool(options.get("wide"))
        label = str(options.get("label") or caption_of(html) or _("Table"))
        return render_to_string(
            "components/data_table.html",
            {"table": mark_safe(label_cells(html, stack=not wide)), "label": label, "wide": wide},
        )


@register.tag
def datatable(parser, token):
    """{% datatable [label=…] [wide=True] %}<table>…</table>{% enddatatable %}"""
    bits = token.split_contents()[1:]
    options = {}
    for bit in bits:
        key, sep, value = bit.partition("=")
        if not sep or key not in ("label", "wide"):
            raise template.TemplateSyntaxError(f"datatable takes label=… and wide=…, not {bit!r}")
        options[key] = parser.compile_filter(value)
    nodelist = parser.parse(("enddatatable",))
    parser.delete_first_token()
    return DataTableNode(nodelist, options)
