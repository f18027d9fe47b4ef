"""Background work for accounts: noting when an API token was last used, off the request's path."""

from datetime import datetime

from django.db.models import Q
from huey.contrib.djhuey import db_task

from .models import ApiToken


@db_task()
def record_api_token_use(token_id: int, used_at: datetime, unless_used_since: datetime) -> bool:
    """Write `last_used_at = used_at` unless the token was already used after `unless_used_since`; whether it wrote.

    Requests that arrive before the first of these runs each queue one, so this condition, checked by the
    database, keeps the write to at most one per token and period.
    """
    stale = Q(last_used_at__isnull=True) | Q(last_used_at__lte=unless_used_since)
    return ApiToken.objects.filter(stale, pk=token_id).update(last_used_at=used_at) == 1
