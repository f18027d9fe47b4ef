"""Texts the platform writes once and people read later in either language."""

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.utils import translation


def in_every_language(field: str, make: Callable[[], Any]) -> dict[str, str]:
    """`{"<field>_lt": ..., "<field>_en": ...}`: `make()` rendered with each language active, for the columns that
    django-modeltranslation adds. A nightly task's text is then right for every reader, not only in the language
    the task happened to run in."""
    texts = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            texts[f"{field}_{code}"] = str(make())
    return texts
