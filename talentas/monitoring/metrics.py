"""Metrics this module reports (see talentas.core.metrics): platform activity counted in the database."""

import datetime

from django.utils.translation import gettext_lazy as _

from talentas.core.metrics import register_metric

from .models import ModuleActivity


@register_metric(
    "monitoring.activity",
    sources=[ModuleActivity],
    unused_reason="Platform usage for the Steering Committee's reports; no indicator of the Alytus plan counts it.",
    label=_("Platform activity"),
    unit=_("occurrences"),
    qualifiers=tuple(ModuleActivity.Kind.values),
    description=_("How many things of a kind (registrations, profiles, bookings, events, applications) happened."),
)
def activity(start: datetime.date, end: datetime.date, qualifier: str) -> int:
    rows = ModuleActivity.objects.filter(day__gte=start, day__lt=end)
    if qualifier:
        rows = rows.filter(kind=qualifier)
    return rows.count()
