"""Template helpers for event pages: mark a text shown in the other language than the page's (WCAG 3.1.2).

An event's title, description... fall back to the other language when the page's is empty (see translation.py);
screen readers then need `lang` on that text to pronounce it right.
"""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from modeltranslation.utils import get_language

register = template.Library()


@register.filter
def lang_attr(obj, field: str) -> SafeString | str:
    """` lang="lt"` for the element holding `obj`'s `field` text when that text is another language's, else "".

    `<h1{{ event|lang_attr:"title" }}>{{ event.title }}</h1>`"""
    code = obj.text_language(field)
    return format_html(' lang="{}"', code) if code != get_language() else ""


@register.filter
def text_with_lang(obj, field: str) -> SafeString | str:
    """`obj`'s `field` text, in a `<span lang="…">` when it is another language's: for a title inside a sentence,
    e.g. "How was {{ title }}?", where the sentence itself is in the page's language."""
    text = getattr(obj, field)
    code = obj.text_language(field)
    return format_html('<span lang="{}">{}</span>', code, text) if code != get_language() else text
