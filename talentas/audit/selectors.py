"""Reads of the audit log."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db.models import Q, QuerySet

from .models import AuditEntry


def audit_entries(
    *,
    actor: str = "",
    verb: str = "",
    target_type: ContentType | None = None,
    since: datetime.date | None = None,
    until: datetime.date | None = None,
) -> QuerySet[AuditEntry]:
    """Entries newest first, narrowed by the actor (their e-mail, or their name as written then), the verb, the
    object type and a date range (both days included), with what a list shows already joined."""
    entries = AuditEntry.objects.select_related("target_type", "organisation")
    if actor:
        entries = entries.filter(Q(actor_label__icontains=actor) | Q(actor__email__icontains=actor))
    if verb:
        entries = entries.filter(verb=verb)
    if target_type is not None:
        entries = entries.filter(target_type=target_type)
    if since is not None:
        entries = entries.filter(at__date__gte=since)
    if until is not None:
        entries = entries.filter(at__date__lte=until)
    return entries.order_by("-at", "-pk")


def logged_verbs() -> list[str]:
    return list(AuditEntry.objects.order_by("verb").values_list("verb", flat=True).distinct())


def logged_target_types() -> QuerySet[ContentType]:
    return ContentType.objects.filter(pk__in=AuditEntry.objects.values("target_type_id").distinct()).order_by(
        "app_label", "model"
    )
