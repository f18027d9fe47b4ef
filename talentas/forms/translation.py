"""Which form texts exist in each language (django-modeltranslation adds a `_lt` and an `_en` column for each).

Reading `question.label` gives the active language's text, or the other language's when that one is empty;
the builder writes the `_lt` and `_en` columns itself.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Choice, Form, Question, Section

TRANSLATED_FIELDS = {
    Form: ("title", "description"),
    Section: ("title", "description"),
    Question: ("label", "help_text"),
    Choice: ("label",),
}

for _model, _fields in TRANSLATED_FIELDS.items():
    register(_model)(type(f"{_model.__name__}TranslationOptions", (TranslationOptions,), {"fields": _fields}))
