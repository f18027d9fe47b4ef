"""Background work of the talent marketplace: recording matches and mailing alert digests."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import services
from .models import Alert, Opportunity


@db_task()
def record_matches(profile_id: int | None = None, opportunity_id: int | None = None) -> int:
    return services.record_matches(profile_id=profile_id, opportunity_id=opportunity_id)


@db_periodic_task(crontab(hour="6", minute="30"))
def record_matches_of_open_opportunities() -> int:
    """New people keep arriving: once a day, every open opportunity's matches are recorded afresh."""
    made = 0
    for pk in Opportunity.objects.filter(status=Opportunity.Status.OPEN).values_list("pk", flat=True):
        made += services.record_matches(opportunity_id=pk)
    return made


@db_periodic_task(crontab(hour="7", minute="0"))
def send_daily_digests() -> int:
    return services.send_digests(frequency=Alert.Frequency.DAILY)


@db_periodic_task(crontab(day_of_week="1", hour="7", minute="15"))
def send_weekly_digests() -> int:
    return services.send_digests(frequency=Alert.Frequency.WEEKLY)
