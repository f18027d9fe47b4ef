"""In-app notices with a queued e-mail, once per key, in each reader's language."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone, translation

from talentas.accounts.permissions import AnyUser
from talentas.core.links import absolute_url

from ..models import (
    Notification,
)


def notify(*, users: list, key: str, title: Callable[[], str], body: Callable[[], str], url: str) -> int:
    """An in-app notification and an e-mail (queued) to each person, once per key. Returns how many were new.

    `title` and `body` are called with each person's preferred language active, so everyone reads their own."""
    made = 0
    for user in {user.pk: user for user in users}.values():
        with translation.override(getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE):
            note, created = Notification.objects.get_or_create(
                user=user, key=key, defaults={"title": str(title())[:250], "body": str(body()), "url": url}
            )
            if created:
                made += 1
                link = absolute_url(url) if url else ""
                send_mail(note.title, f"{note.body}\n\n{link}".strip(), None, [user.email])
    return made


@transaction.atomic
def mark_notification_read(*, user: AnyUser, notification_id: int) -> None:
    if user.is_authenticated:
        Notification.objects.filter(pk=notification_id, user_id=user.pk, read_at=None).update(read_at=timezone.now())
