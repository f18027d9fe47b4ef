"""Rich text that people type (a call's full text, an event's or an opportunity's description): Markdown
(CommonMark, with line breaks kept as typed; no tables, which would not fit a phone) turned into HTML by
markdown-it-py, then cleaned by nh3 to an allow-list of tags, so that what an organisation writes can format itself
but never script or restyle the page.

Raw HTML in the source is escaped, not passed through, and headings move down under the page's own: text in a
section under an h2 (the default) has "# Budget" as an h3; text right under the page's h1 asks for level 2. The
page keeps one outline (WCAG 1.3.1); below h6 every heading stays h6.
"""

from functools import cache

import nh3
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt

TOP_HEADING = 3  # what "#" becomes by default: the text sits in a section under an h2
ALLOWED_TAGS = {
    "p", "br", "strong", "em", "s", "code", "pre", "blockquote", "hr", "ul", "ol", "li", "a",
    "h2", "h3", "h4", "h5", "h6",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "ol": {"start"}}  # no style: the CSP allows no inline styles


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False, "breaks": True}).enable("strikethrough")


def _shift_headings(tokens, top: int) -> None:
    for token in tokens:
        if token.type in ("heading_open", "heading_close"):
            token.tag = f"h{min(6, int(token.tag[1]) - 1 + top)}"


def render(text: str, top_heading: int = TOP_HEADING) -> SafeString:
    """The safe HTML of `text` ("" for empty text); a "#" heading becomes `top_heading` (2 to 6: the page's h1 is
    never repeated; outside that range it is clamped), "##" the level below, and so on down to h6."""
    if not text.strip():
        return mark_safe("")
    parser = _parser()
    tokens = parser.parse(text)
    _shift_headings(tokens, min(max(top_heading, 2), 6))
    html = parser.renderer.render(tokens, parser.options, {})
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(cleaned)  # nh3 has removed every tag, attribute and URL scheme not allowed above
