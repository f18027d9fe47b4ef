"""Vocabularies shared by several apps."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ResponsibleEntity(models.TextChoices):
    """Who answers for a type of indicator (the IAP's M&E responsibility table, section 7)."""

    FINANCE_AND_INVESTMENT = "finance-and-investment", _("Finance and Investment Department")
    BUSINESS_SUPPORT = "business-support", _("Business Support Department")
    EDUCATION = "education", _("Education Department")
    ULG_COORDINATOR = "ulg-coordinator", _("ULG coordinator")
