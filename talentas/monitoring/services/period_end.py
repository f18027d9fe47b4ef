"""The period-end run: freeze automatic values, assess, raise alerts and put them on the Steering Committee's
agenda (through `talentas.governance`), remind departments of values due."""

from __future__ import annotations

import datetime
from functools import partial
from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from talentas.accounts import selectors as account_selectors
from talentas.core.formatting import as_text
from talentas.core.i18n import in_every_language
from talentas.core.metrics import mark_data_changed
from talentas.governance import services as governance_services

from .. import periods
from ..models import (
    Alert,
    IndicatorValue,
    ReportingPeriod,
    ValueAuditEntry,
    ValueSource,
    ValueState,
)
from ..periods import Span
from ..progress import automatic_metric
from ..selectors import indicators as indicator_selectors
from ..selectors import values as value_selectors
from ..status import Status
from .notifications import notify
from .reporting_periods import ensure_period
from .values import audit


def assess_after_days() -> int:
    return int(getattr(settings, "MONITORING_ASSESS_AFTER_DAYS", 30))


@transaction.atomic
def close_period(*, span: Span, today: datetime.date | None = None) -> list[Alert]:
    """The period-end run for a quarter, once: freeze each automatic indicator's value for the quarter, find the
    indicators "behind" on the quarter's last day, and for each new one raise an alert, notify the Steering
    Committee and the responsible department (in-app and e-mail) and put it on the next meeting's agenda.

    Idempotent: a period already closed is left alone and returns no alert.
    """
    today = today or timezone.localdate()
    period = ensure_period(span=span)
    if ReportingPeriod.objects.filter(pk=period.pk, closed_at__isnull=True).update(closed_at=timezone.now()) == 0:
        return []
    alerts: list[Alert] = []
    for listed in indicator_selectors.plans_running_in(year=span.year):
        plan = indicator_selectors.plan_for_monitoring(slug=listed.slug)
        _freeze_automatic_values(plan=plan, period=period)
        as_of = span.end - datetime.timedelta(days=1)
        progress = indicator_selectors.plan_progress(plan=plan, as_of=as_of)
        steering = account_selectors.people_with_role("steering-committee")
        in_each_language: dict[str, dict[int, Any]] = {}  # the figures in every language, once an alert needs them
        for figure in progress.indicators:
            # An alert when the indicator *becomes* behind: not again while an earlier alert is still open.
            if (
                figure.status != Status.BEHIND
                or Alert.objects.filter(indicator_id=figure.id, resolved_at=None).exists()
            ):
                continue
            if not in_each_language:
                in_each_language.update(_figures_in_each_language(plan=plan, as_of=as_of, known=progress))
            alert = _raise_alert(
                plan=plan,
                period=period,
                span=span,
                today=today,
                steering=steering,
                figures={language: figures[figure.id] for language, figures in in_each_language.items()},
            )
            if alert is not None:
                alerts.append(alert)
    mark_data_changed()
    return alerts


def _raise_alert(
    *, plan, period: ReportingPeriod, span: Span, today: datetime.date, steering: list, figures: dict
) -> Alert | None:
    """One indicator found behind: the alert, its item on the next meeting's agenda and the notices. `figures` is the
    indicator's figure in each language, so stored texts exist in both and each person reads their own."""

    def localized():
        return figures[translation.get_language()]

    figure = next(iter(figures.values()))  # for what no language changes: id, code, progress, department
    alert, created = Alert.objects.get_or_create(
        indicator_id=figure.id,
        period=period,
        defaults={
            "progress": figure.progress,
            "expected": figure.expected,
            **in_every_language("explanation", lambda: localized().explanation),
        },
    )
    if not created:
        return None
    item = governance_services.put_alert_on_next_agenda(
        plan=plan,
        after=today,
        alert=alert,
        texts={
            **in_every_language(
                "title",
                lambda: (
                    _("%(code)s %(name)s is behind (%(period)s)")
                    % {"code": figure.code, "name": localized().name, "period": span.label}
                ),
            ),
            **in_every_language("notes", lambda: localized().explanation),
        },
    )
    meeting = item.meeting
    owners = account_selectors.people_with_role("indicator-owner", figure.responsible)
    notify(
        users=steering + owners,
        key=f"alert:{alert.pk}",
        title=lambda: _("Behind: %(code)s %(name)s") % {"code": figure.code, "name": localized().name},
        body=lambda: (
            _("%(explanation)s It is on the agenda of the Steering Committee meeting of %(date)s.")
            % {"explanation": localized().explanation, "date": as_text(meeting.date)}
        ),
        url=reverse("governance:meeting", kwargs={"pk": meeting.pk}),
    )
    return alert


def _figures_in_each_language(*, plan, as_of: datetime.date, known) -> dict[str, dict[int, Any]]:
    """Each indicator's figure (name, explanation) in every language, by indicator id. `known` is the progress
    already computed in the active language; only the other languages are computed again."""
    figures = {translation.get_language(): {figure.id: figure for figure in known.indicators}}
    for code, _name in settings.LANGUAGES:
        if code in figures:
            continue
        with translation.override(code):
            figures[code] = {
                figure.id: figure for figure in indicator_selectors.plan_progress(plan=plan, as_of=as_of).indicators
            }
    return figures


def _freeze_automatic_values(*, plan, period: ReportingPeriod) -> None:
    for indicator in indicator_selectors.plan_indicators(plan=plan):
        if automatic_metric(indicator.metric) is None:
            continue
        if IndicatorValue.objects.filter(indicator=indicator, period=period, state=ValueState.APPROVED).exists():
            continue
        value = indicator_selectors.metric_value_for(indicator=indicator, start=period.start, end=period.end)
        row = IndicatorValue.objects.create(
            indicator=indicator,
            period=period,
            value=value,
            source=ValueSource.AUTOMATIC,
            state=ValueState.APPROVED,
            reviewed_at=timezone.now(),
        )
        audit(row, None, ValueAuditEntry.Change.FROZEN, "value", "", value)


def close_ended_periods(*, today: datetime.date | None = None) -> list[Alert]:
    """Close every quarter of a running plan that ended at least `assess_after_days()` days ago and is still open
    (values are due by then), and remind departments of values due soon or overdue."""
    today = today or timezone.localdate()
    alerts: list[Alert] = []
    first_year = indicator_selectors.first_plan_year()
    if first_year is None:
        return alerts
    for span in periods.quarters_between(datetime.date(first_year, 1, 1), today):
        if span.end + datetime.timedelta(days=assess_after_days()) > today:
            continue
        if ReportingPeriod.objects.filter(
            kind="quarter", year=span.year, quarter=span.quarter, closed_at__isnull=False
        ).exists():
            continue
        alerts += close_period(span=span, today=today)
    send_value_reminders(today=today)
    return alerts


def send_value_reminders(*, today: datetime.date | None = None, days_before: int = 7) -> int:
    """Remind each department's indicator owners of values due within `days_before` days, and again once overdue.
    One reminder of each kind per indicator and period."""
    today = today or timezone.localdate()
    sent = 0
    for item in value_selectors.values_due(today=today, horizon_days=days_before):
        kind = "overdue" if item.overdue else "due"
        owners = account_selectors.people_with_role("indicator-owner", item.indicator.responsible)
        sent += notify(
            users=owners,
            key=f"{kind}:{item.indicator.pk}:{item.span.code}",
            title=partial(_reminder_title, item),
            body=partial(_reminder_body, item),
            url=reverse("monitoring:indicator", kwargs={"pk": item.indicator.pk}),
        )
    return sent


def _reminder_title(item) -> str:
    text = _("Overdue: %(code)s for %(period)s") if item.overdue else _("Due soon: %(code)s for %(period)s")
    return text % {"code": item.indicator.code, "period": item.span.label}


def _reminder_body(item) -> str:
    return _("The value of %(name)s for %(period)s is due on %(date)s.") % {
        "name": item.indicator.name,
        "period": item.span.label,
        "date": as_text(item.due),
    }


def resolve_alert(*, alert_id: int) -> None:
    """The Steering Committee decided what to do about an alert: it is resolved (once; later decisions keep the
    first date). A new alert can be raised when the indicator falls behind again."""
    Alert.objects.filter(pk=alert_id, resolved_at=None).update(resolved_at=timezone.now())
