"""Monitoring's notices (value returned, behind indicators, reminders) go through the platform's one notices
service: in-app and e-mailed through the queue, once per key, in each reader's language."""

from __future__ import annotations

from collections.abc import Callable

from talentas.notices.services import notify as send_notice

# Monitoring's keys in the platform-wide (user, key) space; the data migration gave the old rows the same prefix.
KEY_PREFIX = "monitoring."


def notify(*, users: list, key: str, title: Callable[[], str], body: Callable[[], str], url: str) -> int:
    """Tell each person (once per `key`), with `title` and `body` written in their own language. Returns how many
    were told for the first time."""
    made = 0
    for user in {user.pk: user for user in users}.values():
        if send_notice(user=user, key=f"{KEY_PREFIX}{key}", title=title, body=body, url=url) is not None:
            made += 1
    return made
