"""Which pitch-competition texts exist in each language (django-modeltranslation adds `_lt` and `_en` columns)."""

from modeltranslation.translator import TranslationOptions, register

from .models import Prize


@register(Prize)
class PrizeTranslationOptions(TranslationOptions):
    fields = ("title",)
