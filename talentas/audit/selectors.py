"""Reads of the audit log."""

from django.contrib.contenttypes.models import ContentType
from django.db.models import QuerySet

from .models import AuditEntry


def audit_entries() -> QuerySet[AuditEntry]:
    """Entries newest first, with what a list shows already joined (the filters narrow it: `forms.AuditFilter`)."""
    return AuditEntry.objects.select_related("target_type", "organisation").order_by("-at", "-pk")


def logged_verbs() -> list[str]:
    return list(AuditEntry.objects.order_by("verb").values_list("verb", flat=True).distinct())


def logged_target_types() -> QuerySet[ContentType]:
    return ContentType.objects.filter(pk__in=AuditEntry.objects.values("target_type_id").distinct()).order_by(
        "app_label", "model"
    )
