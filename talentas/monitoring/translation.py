"""Monitoring texts written by the platform itself (alerts' explanations) are kept in both languages;
django-modeltranslation adds a `_lt` and an `_en` column for each field listed here."""

from modeltranslation.translator import TranslationOptions, register

from .models import Alert


@register(Alert)
class AlertTranslationOptions(TranslationOptions):
    fields = ("explanation",)
