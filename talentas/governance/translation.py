"""Texts the platform writes itself (meeting titles and agenda items raised by monitoring's alerts) are kept in both
languages; django-modeltranslation adds a `_lt` and an `_en` column for each field listed here."""

from modeltranslation.translator import TranslationOptions, register

from .models import AgendaItem, SteeringMeeting


@register(AgendaItem)
class AgendaItemTranslationOptions(TranslationOptions):
    fields = ("title", "notes")


@register(SteeringMeeting)
class SteeringMeetingTranslationOptions(TranslationOptions):
    fields = ("title",)
