"""Which programme and call texts exist in each language (django-modeltranslation adds `_lt` and `_en` columns)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Call, CallDocument, Programme

TRANSLATED_FIELDS = {
    Programme: ("name", "description"),
    Call: ("title", "summary", "body"),
    CallDocument: ("title",),
}

for _model, _fields in TRANSLATED_FIELDS.items():
    register(_model)(type(f"{_model.__name__}TranslationOptions", (TranslationOptions,), {"fields": _fields}))
