"""Which opportunity texts exist in each language (django-modeltranslation adds a `_lt` and an `_en` column).

`opportunity.title` reads the active language's title, or the other language's when that one is empty; the
employer's form and the services write the active language's, the demo writes both.
"""

from modeltranslation.translator import TranslationOptions, register

from .models import Opportunity


@register(Opportunity)
class OpportunityTranslationOptions(TranslationOptions):
    fields = ("title", "description")
