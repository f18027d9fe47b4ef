"""Work done in the task queue: the daily period-end run, report generation and large spreadsheet imports."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from .services import importing, period_end, reports


@db_periodic_task(crontab(hour="3", minute="15"))
def close_ended_periods_task() -> None:
    """Every night: close quarters whose values are due (alerts, agenda, notices) and send value reminders."""
    period_end.close_ended_periods()


@db_periodic_task(crontab(minute="*/5"))
def resume_stalled_work_task() -> int:
    """A queue worker killed mid-task (or a restarted machine) loses the task it held: reports and imports left
    unfinished are queued again, imports going on from their first unprocessed row."""
    return reports.resume_stalled_reports() + importing.resume_stalled_imports()


@db_task(retries=1, retry_delay=60)
def generate_report_task(report_id: int) -> None:
    reports.generate_report(report_id=report_id)


@db_task()
def run_value_import_task(import_id: int) -> None:
    """A spreadsheet too large to import during the upload's request (no retry: saved rows stay saved)."""
    importing.run_import(import_id=import_id)
