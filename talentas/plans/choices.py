"""The plan's controlled vocabularies: the keys are what plan files and the API use, the labels are translated."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Horizon(models.TextChoices):
    """How long an action runs, as the IAP's timeframe column says it."""

    SHORT = "short", _("Short-term")
    MEDIUM = "medium", _("Medium-term")
    LONG = "long", _("Long-term")


class TargetPeriod(models.TextChoices):
    """Whether an output target is reached once over the plan or again every year."""

    TOTAL = "total", _("in total")
    ANNUAL = "annual", _("annually")


class Partner(models.TextChoices):
    SOCIAL_PARTNERS = "social_partners", _("Social partners")
    BUSINESS_ANGELS = "business_angels", _("Business angels")
    BUSINESS = "business", _("Business")
    MEDIA = "media", _("Media")


class Resource(models.TextChoices):
    """Where an action's money comes from (the IAP's "Resourcing" column)."""

    EU_FUNDS = "eu_funds", _("EU funds")
    CITY_BUDGET = "city_budget", _("City budget")
    STATE_BUDGET = "state_budget", _("State budget")
    BUSINESS = "business", _("Business")


class IndicatorKind(models.TextChoices):
    OUTPUT = "output", _("Output")
    RESULT = "result", _("Result")


class IndicatorCategory(models.TextChoices):
    """The indicator types of the IAP's monitoring table; each has one responsible entity."""

    FINANCIAL = "financial", _("Financial metrics")
    STARTUPS_ECOSYSTEM = "startups_ecosystem", _("Startup creation and ecosystem activities")
    EDUCATION = "education", _("Education")
    SOCIAL_ENGAGEMENT = "social_engagement", _("Social engagement")


class MeetingFrequency(models.TextChoices):
    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    TWICE_A_YEAR = "twice_a_year", _("Twice a year")
    ANNUALLY = "annually", _("Annually")
    AS_NEEDED = "as_needed", _("As needed")
