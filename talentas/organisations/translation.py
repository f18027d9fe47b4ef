"""Which organisation texts exist in each language (django-modeltranslation adds a `_lt` and an `_en` column).

`organisation.description` reads the active language's description, or the other language's when that one is
empty; the organisation's own edit form writes the active language's.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Organisation


@register(Organisation)
class OrganisationTranslationOptions(TranslationOptions):
    fields = ("description",)
