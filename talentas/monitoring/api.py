"""Monitoring as an API: indicators with their current value, progress and status, their values by period, and
entering a value by hand (for those allowed). Errors: `{"detail", "field"}` with 400 (bad period or value),
401 (no token), 403 (no right), 404 (no such plan or indicator), 409 (a value already awaits approval), 422
(malformed input)."""

from datetime import date, datetime
from decimal import Decimal
from typing import Literal

from django.http import HttpRequest
from ninja import Query, Router, Schema
from ninja import Status as WithStatus
from ninja.decorators import decorate_view

from talentas.core.api import ErrorOut, authenticated, in_requested_language

from . import permissions
from .models import IndicatorValue
from .selectors import dashboard as dashboard_selectors
from .selectors import indicators as indicator_selectors
from .selectors import values as value_selectors
from .services import reporting_periods, values
from .status import Status

router = Router(tags=["monitoring"])
Number = int | float


class LanguageQuery(Schema):
    lang: Literal["lt", "en"] | None = None


class IndicatorProgressOut(Schema):
    id: int
    code: str
    name: str
    action: str | None
    unit: str
    responsible: str
    source: Literal["automatic", "manual"]
    metric: str | None
    target: Number | None
    target_period: str | None
    window: str
    evaluated_on: date | None
    current_value: Number | None
    progress: Number | None
    expected: Number | None
    status: Status


class ValueOut(Schema):
    id: int
    indicator: str
    period: str
    revision: int
    value: Number
    state: str
    source: str
    current: bool
    correction: bool
    comment: str
    breakdown: dict
    entered_at: datetime
    reviewed_at: datetime | None

    @staticmethod
    def resolve_indicator(value: IndicatorValue) -> str:
        return value.indicator.code

    @staticmethod
    def resolve_period(value: IndicatorValue) -> str:
        return value.period.code

    @staticmethod
    def resolve_value(value: IndicatorValue) -> Number:
        return _number(value.value)

    @staticmethod
    def resolve_current(value: IndicatorValue) -> bool:
        return value.is_current

    @staticmethod
    def resolve_correction(value: IndicatorValue) -> bool:
        return value.is_correction

    @staticmethod
    def resolve_entered_at(value: IndicatorValue) -> datetime:
        return value.created_at


class ValueIn(Schema):
    period: str
    value: Decimal
    comment: str = ""
    breakdown: dict[str, dict[str, Decimal | None]] | None = None
    submit: bool = True


def _number(value: Decimal) -> Number:
    return int(value) if value == value.to_integral_value() else float(value)


def _anyone(request: HttpRequest) -> bool:
    return True


# A token or session when there is one (to show drafts to those who may see them), else anonymous.
optional_auth = [*authenticated, _anyone]


@router.get(
    "/plans/{slug}/indicators",
    response={200: list[IndicatorProgressOut], 404: ErrorOut},
    summary="A plan's indicators with their current value, progress and status",
)
@decorate_view(in_requested_language)
def plan_indicators(request: HttpRequest, slug: str, query: Query[LanguageQuery]):
    """Each active indicator: `target`, `current_value`, `progress` (a fraction of the target, 1 = reached),
    `expected` (the fraction the timeline expects by now) and `status`. Cached; a fixed number of queries."""
    return dashboard_selectors.open_data_rows(dashboard_selectors.public_dashboard(slug=slug))


@router.get(
    "/indicators/{indicator_id}/values",
    response={200: list[ValueOut], 404: ErrorOut},
    auth=optional_auth,
    summary="An indicator's values by period, every revision",
)
def indicator_values(request: HttpRequest, indicator_id: int):
    """Approved values (current and superseded revisions) for everyone; drafts, submissions and returned values
    too for the indicator's department and the M&E team. One query after the indicator's."""
    indicator = indicator_selectors.indicator_in_plan(pk=indicator_id)
    user = request.user
    include_unapproved = permissions.can_see_audit_trail(user, indicator)
    return list(value_selectors.values_of_indicator(indicator=indicator, include_unapproved=include_unapproved))


@router.post(
    "/indicators/{indicator_id}/values",
    response={201: ValueOut, 400: ErrorOut, 401: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut, 422: ErrorOut},
    auth=authenticated,
    summary="Enter an indicator's value for a period (and submit it for approval)",
)
def enter_value(request: HttpRequest, indicator_id: int, payload: ValueIn):
    """For the indicator's department and the M&E team. `period` is a quarter (2025-Q1) or a year (2025) that has
    begun, within the plan's years. A value for a period with an approved value is a correction (new revision)
    and needs a `comment`."""
    indicator = indicator_selectors.indicator_in_plan(pk=indicator_id)
    values.check_may_enter(user=request.auth, indicator=indicator)  # rights first, then the input
    period = reporting_periods.reporting_period(code=payload.period, plan=indicator.plan)
    breakdown = (
        {
            dim: {cat: ("" if num is None else str(num)) for cat, num in parts.items()}
            for dim, parts in payload.breakdown.items()
        }
        if payload.breakdown
        else None
    )
    value = values.save_value(
        user=request.auth,
        indicator=indicator,
        period=period,
        value=str(payload.value),
        comment=payload.comment,
        breakdown=breakdown,
        submit=payload.submit,
    )
    return WithStatus(201, value_selectors.value_with_indicator(pk=value.pk))
