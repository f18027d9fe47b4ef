"""Which rubric texts exist in each language (django-modeltranslation adds `_lt` and `_en` columns)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Criterion, Rubric

TRANSLATED_FIELDS = {
    Rubric: ("title",),
    Criterion: ("title", "description"),
}

for _model, _fields in TRANSLATED_FIELDS.items():
    register(_model)(type(f"{_model.__name__}TranslationOptions", (TranslationOptions,), {"fields": _fields}))
