"""Metrics this module reports to monitoring (see talentas.core.metrics).

- hiring.applications: applications (and expressions of interest) received in the period.
- Hires are placements: talent.placements (talent/metrics.py) counts them with the contacts' placements, once
  per organisation and person. Registering Application as a source here moves the dashboards' data version
  when an application changes.
"""

from datetime import date

from django.utils.translation import gettext_lazy as _

from talentas.core.metrics import register_metric
from talentas.talent.metrics import moment

from .models import Application


@register_metric(
    "hiring.applications",
    label=_("Applications received"),
    unit=_("applications"),
    sources=[Application],
    unused_reason="Shows the applicant pipelines at work; the shipped plan sets no target for applications.",
)
def applications(start: date, end: date, qualifier: str) -> int:
    return Application.objects.filter(created_at__gte=moment(start), created_at__lt=moment(end)).count()
