"""Reporting periods: the stored quarter or year a person names, made once."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talentas.core.errors import DomainError

from .. import periods
from ..models import (
    ReportingPeriod,
)
from ..periods import Span


def ensure_period(*, span: Span) -> ReportingPeriod:
    """The stored period for a span, made if missing. Safe under concurrency (the database keeps it unique)."""
    kind = ReportingPeriod.Kind.QUARTER if span.quarter else ReportingPeriod.Kind.YEAR
    found = ReportingPeriod.objects.filter(kind=kind, year=span.year, quarter=span.quarter).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return ReportingPeriod.objects.create(
                kind=kind, year=span.year, quarter=span.quarter, start=span.start, end=span.end
            )
    except IntegrityError:
        return ReportingPeriod.objects.get(kind=kind, year=span.year, quarter=span.quarter)


def reporting_period(*, code: str, plan, today: datetime.date | None = None) -> ReportingPeriod:
    """The period a person named ("2025-Q1" or "2025"), checked against the plan's years and today.

    Raises DomainError on field "period" for a malformed code, a period outside the plan, or one not begun yet.
    """
    try:
        span = periods.parse_code(code)
    except ValueError:
        raise DomainError(
            _("“%(code)s” is not a period: write a quarter as 2025-Q1 or a year as 2025.") % {"code": code},
            field="period",
            code="period_invalid",
        ) from None
    if not plan.start_year <= span.year <= plan.end_year:
        raise DomainError(
            _("%(code)s is outside the plan's years %(first)s to %(last)s.")
            % {"code": span.code, "first": plan.start_year, "last": plan.end_year},
            field="period",
            code="period_outside_plan",
        )
    if span.start > (today or timezone.localdate()):
        raise DomainError(
            _("%(code)s has not begun yet.") % {"code": span.code}, field="period", code="period_not_begun"
        )
    return ensure_period(span=span)
