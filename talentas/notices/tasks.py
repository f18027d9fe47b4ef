"""Digests of notices: one e-mail a day (and one a week) with everything that waited for it."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from . import services
from .models import Notice


@db_periodic_task(crontab(hour="7", minute="45"))
def send_daily_notice_digests() -> int:
    return services.send_digests(frequency=Notice.Digest.DAILY)


@db_periodic_task(crontab(day_of_week="1", hour="7", minute="50"))
def send_weekly_notice_digests() -> int:
    return services.send_digests(frequency=Notice.Digest.WEEKLY)
