"""Which event texts exist in each language (django-modeltranslation adds a `_lt` and an `_en` column for each).

`event.title` reads the active language's title, or the other language's when that one is empty; forms and
services write the `title_lt` and `title_en` columns themselves.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Event, EventSeries

TRANSLATED_FIELDS = {
    Event: ("title", "description", "audience", "accessibility_notes", "venue_name"),
    EventSeries: ("title",),
}

for _model, _fields in TRANSLATED_FIELDS.items():
    register(_model)(type(f"{_model.__name__}TranslationOptions", (TranslationOptions,), {"fields": _fields}))
