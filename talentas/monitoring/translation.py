"""Monitoring texts written by the platform itself (alerts, agenda items, meeting titles) are kept in both languages;
django-modeltranslation adds a `_lt` and an `_en` column for each field listed here."""

from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, Alert, SteeringMeeting


@register(Alert)
class AlertTranslationOptions(TranslationOptions):
    fields = ("explanation",)


@register(AgendaItem)
class AgendaItemTranslationOptions(TranslationOptions):
    fields = ("title", "notes")


@register(SteeringMeeting)
class SteeringMeetingTranslationOptions(TranslationOptions):
    fields = ("title",)
