"""Background work of the talent marketplace: the match index file, recording matches, alert digests."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task

from . import match_index, services
from .models import Alert, MatchIndexState, Opportunity


@db_periodic_task(crontab(minute="*"))
def rebuild_match_index_when_stale() -> bool:
    """Rewrite the index file when vectors changed since the newest one: at most once a minute, however many
    changes came (web workers answer from the file plus the changes since, so a late file costs only time)."""
    from django.conf import settings

    state = MatchIndexState.objects.filter(pk=1).values("generation", "seq").first()
    if state is None:
        return False
    files = match_index.index_files(settings.MATCH_INDEX_DIR, state["generation"])
    if files and files[0][0] >= state["seq"]:
        return False
    match_index.build_index_file()
    return True


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
