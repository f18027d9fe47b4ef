"""Reads of a person's notices."""

from django.db.models import QuerySet

from talentas.accounts.permissions import AnyUser

from .models import Notice


def notices_for(user: AnyUser) -> QuerySet[Notice]:
    """The person's notices, newest first (none for an anonymous visitor)."""
    if not user.is_authenticated:
        return Notice.objects.none()
    return Notice.objects.filter(user=user).order_by("-created_at", "-pk")


def unread_count(user: AnyUser) -> int:
    if not user.is_authenticated:
        return 0
    return Notice.objects.filter(user=user, read_at=None).count()
