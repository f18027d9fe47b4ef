"""Quarterly and annual reports: requested by the M&E team, generated in the task queue from frozen figures."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from talentas.accounts.permissions import AnyUser
from talentas.audit.services import changes_since, log_action, snapshot
from talentas.core.errors import DomainError, PermissionDenied

from .. import permissions
from ..models import (
    Report,
    ReportingPeriod,
)


@transaction.atomic
def request_report(
    *, user: AnyUser, plan, kind: str, period: ReportingPeriod, language: str, queue: bool = True
) -> Report:
    """Queue a report for generation (or leave it queued for the caller to run, with queue=False). An existing
    report for the same period is made again from its frozen figures, so it comes out the same."""
    if not permissions.can_request_reports(user):
        raise PermissionDenied(_("Only the M&E team may generate reports."), code="report_forbidden")
    if kind not in Report.Kind.values:
        raise DomainError(_("Choose a kind of report."), field="kind", code="report_kind_unknown")
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose a language."), field="language", code="language_unknown")
    if kind == Report.Kind.ANNUAL and period.kind != ReportingPeriod.Kind.YEAR:
        raise DomainError(_("An annual report covers a year."), field="period", code="annual_report_needs_year")
    if kind == Report.Kind.QUARTERLY and period.kind != ReportingPeriod.Kind.QUARTER:
        raise DomainError(
            _("A quarterly report covers a quarter."), field="period", code="quarterly_report_needs_quarter"
        )
    if period.end > timezone.localdate() + datetime.timedelta(days=1):
        raise DomainError(_("A report can be made once its period has ended."), field="period", code="period_not_ended")
    report, _created = Report.objects.select_for_update().get_or_create(
        plan=plan, kind=kind, period=period, language=language, defaults={"requested_by": user}
    )
    before = {} if _created else snapshot(report)
    report.state, report.error = Report.State.QUEUED, ""
    report.save(update_fields=["state", "error", "updated_at"])
    log_action(actor=user, verb="monitoring.report.request", target=report, changes=changes_since(before, report))
    from ..tasks import generate_report_task

    if queue:
        transaction.on_commit(lambda: generate_report_task(report.pk))
    return report


# A report takes seconds to make; queued this long without a change, nobody is making it.
STALLED_AFTER = datetime.timedelta(minutes=10)


def generate_report(*, report_id: int) -> Report:
    """Freeze the figures (the first time) and write the report's files from them. Runs in the task queue."""
    from .. import reports

    report = Report.objects.select_related("plan", "period").get(pk=report_id)
    try:
        if not report.snapshot:
            report.snapshot = reports.build_snapshot(report=report)
        reports.render_files(report=report)
        report.state, report.generated_at, report.error = Report.State.READY, timezone.now(), ""
    except Exception as error:  # a failed report is shown as failed, with the reason, and can be retried
        report.state, report.error = Report.State.FAILED, f"{type(error).__name__}: {error}"
    report.save()
    return report


def resume_stalled_reports(*, now: datetime.datetime | None = None) -> int:
    """Queue again every report left "being generated" for `STALLED_AFTER` (its worker was killed or the machine
    restarted): generating is repeatable, from the frozen figures once they exist. The number queued."""
    from ..tasks import generate_report_task

    stalled_since = (now or timezone.now()) - STALLED_AFTER
    resumed = 0
    for pk in Report.objects.filter(state=Report.State.QUEUED, updated_at__lt=stalled_since).values_list(
        "pk", flat=True
    ):
        # Conditional on still being stalled (updated_at moves): two sweeps at once queue it once.
        if Report.objects.filter(pk=pk, state=Report.State.QUEUED, updated_at__lt=stalled_since).update(
            updated_at=timezone.now()
        ):
            generate_report_task(pk)
            resumed += 1
    return resumed
