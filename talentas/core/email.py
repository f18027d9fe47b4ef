"""E-mail through the task queue, delivered at least once.

Views never wait on an SMTP server: QueuedEmailBackend stores each message as an `OutgoingEmail` row and queues
a task that delivers it with the transport configured by EMAIL_URL (after the transaction commits, so nobody is
told about something that was rolled back). The row, not the task, holds the message: a worker killed in the
middle of a delivery loses only the task, and `requeue_unsent_email` (every few minutes, and
`manage.py deliver_pending_email`) queues every row still unsent whose delivery did not finish in time.

In development (DEBUG with no EMAIL_URL) nothing leaves the machine and nothing is printed: OutboxFileBackend
writes each message to var/outbox/ as an .eml file, and staff read the stored rows at /dev/outbox/.

`compose` is how every e-mail looks: the notices service and allauth's account e-mails both go through it.
"""

import datetime
import logging
import pickle
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.contrib.sites.models import Site
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage, EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from .links import absolute_url
from .models import OutgoingEmail

logger = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
KEEP_SENT_DAYS = 30


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        for message in email_messages:
            message.connection = None  # a connection does not pickle; delivery opens its own
            row = OutgoingEmail.objects.create(
                message=pickle.dumps(message),
                subject=str(message.subject)[:250],
                recipients=", ".join(message.recipients()),
            )
            _queue(row.pk)
        return len(email_messages)


class OutboxFileBackend(BaseEmailBackend):
    """Development delivery: each message becomes one .eml file in EMAIL_FILE_PATH (var/outbox/)."""

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        directory = Path(settings.EMAIL_FILE_PATH)
        directory.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            name = f"{timezone.now():%Y%m%d-%H%M%S}-{secrets.token_hex(4)}.eml"
            (directory / name).write_bytes(message.message().as_bytes(linesep="\n"))
        return len(email_messages)


@dataclass(frozen=True)
class OutboxMessage:
    """A stored message as a developer reads it on /dev/outbox/."""

    row: OutgoingEmail
    from_email: str
    text: str
    html: str


def read_outbox_message(row: OutgoingEmail) -> OutboxMessage:
    """The sender, plain text and HTML alternative (if any) of a stored message."""
    message: EmailMessage = pickle.loads(bytes(row.message))  # noqa: S301  (written only by QueuedEmailBackend)
    html = ""
    if message.content_subtype == "html":
        html = str(message.body)
    elif isinstance(message, EmailMultiAlternatives):
        html = next((str(content) for content, kind in message.alternatives if kind == "text/html"), "")
    text = "" if message.content_subtype == "html" else str(message.body)
    return OutboxMessage(row=row, from_email=str(message.from_email), text=text, html=html)


def _queue(row_id: int) -> None:
    if HUEY.immediate:  # tests and TASKS_IMMEDIATE: at once, inside the caller's transaction
        deliver_email(row_id)
    else:
        transaction.on_commit(lambda: _enqueue(row_id))


def _enqueue(row_id: int) -> None:
    try:
        deliver_email(row_id)
    except Exception:  # the queue is down: the row waits, and requeue_unsent_email sends it later
        logger.exception("could not queue e-mail %s; it stays in the outbox", row_id)


def _claim(row_id: int) -> OutgoingEmail | None:
    """Take the row for this delivery, unless it is sent, or another delivery of it is under way."""
    now = timezone.now()
    stale = now - datetime.timedelta(seconds=settings.EMAIL_CLAIM_SECONDS)
    claimed = (
        OutgoingEmail.objects.filter(pk=row_id, sent_at__isnull=True)
        .filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
        .update(claimed_at=now)
    )
    return OutgoingEmail.objects.filter(pk=row_id).first() if claimed else None


@db_task(retries=3, retry_delay=60)
def deliver_email(row_id: int) -> bool:
    """Deliver one stored message; False when there was nothing to do (already sent, or being sent)."""
    row = _claim(row_id)
    if row is None:
        return False
    message: EmailMessage = pickle.loads(bytes(row.message))  # noqa: S301  (see the import)
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    message.connection = connection
    try:
        connection.send_messages([message])
    except Exception as error:
        # Free the row at once, so huey's retry (or the next requeue) can take it.
        OutgoingEmail.objects.filter(pk=row.pk).update(
            claimed_at=None, attempts=row.attempts + 1, last_error=f"{error.__class__.__name__}: {error}"[:2000]
        )
        raise
    OutgoingEmail.objects.filter(pk=row.pk).update(sent_at=timezone.now(), attempts=row.attempts + 1, last_error="")
    return True


def requeue_unsent_email() -> int:
    """Queue every unsent message whose delivery never started or was cut short; how many were queued."""
    stale = timezone.now() - datetime.timedelta(seconds=settings.EMAIL_CLAIM_SECONDS)
    pending = OutgoingEmail.objects.filter(sent_at__isnull=True, attempts__lt=MAX_ATTEMPTS, created_at__lt=stale)
    pending = pending.filter(Q(claimed_at__isnull=True) | Q(claimed_at__lt=stale))
    row_ids = list(pending.values_list("pk", flat=True))
    # Free the stale claims here, where staleness is decided, so the worker that takes the task claims the row.
    OutgoingEmail.objects.filter(pk__in=row_ids).update(claimed_at=None)
    for row_id in row_ids:
        deliver_email(row_id)
    return len(row_ids)


@db_periodic_task(crontab(minute="*/5"))
def requeue_unsent_email_task() -> None:
    requeue_unsent_email()
    OutgoingEmail.objects.filter(sent_at__lt=timezone.now() - datetime.timedelta(days=KEEP_SENT_DAYS)).delete()


# --- How every e-mail looks ---------------------------------------------------------------------------------------


def site_from_settings() -> Site:
    """The site as e-mails name it (SITE_NAME at SITE_URL's host), whatever the sites table says."""
    return Site(id=settings.SITE_ID, name=settings.SITE_NAME, domain=urlsplit(settings.SITE_URL).netloc)


def on_site(url: str) -> str:
    """`url` moved onto the site's public address: a link built from a request's host (a test client, a proxy)
    still points where readers can open it."""
    parts = urlsplit(url)
    return absolute_url(urlunsplit(("", "", parts.path or "/", parts.query, parts.fragment)))


def compose(
    *,
    to: list[str],
    subject: str,
    text: str,
    link: str = "",
    reason: str = "",
    headers: dict[str, str] | None = None,
    from_email: str | None = None,
) -> EmailMultiAlternatives:
    """One e-mail as the product writes them all, in the active language (make it with the reader's active).

    The subject is one line of plain text, as written: never HTML-escaped. The plain-text part is `text`, then
    `link` (an absolute URL to what the e-mail is about) unless the text already carries it, then a footer saying
    why the reader gets it (`reason`, else "you have an account") with links to their notices and their account
    settings. The HTML part says the same in one simple layout: the site's name, no external images, no scripts.
    """
    context = {
        "subject": " ".join(str(subject).split()),
        "text": str(text).strip(),
        "link": link,
        "reason": reason
        or _("You get this e-mail because you have an account on %(site)s.") % {"site": settings.SITE_NAME},
        "site_name": settings.SITE_NAME,
        "site_url": settings.SITE_URL.rstrip("/"),
        "notices_url": absolute_url(reverse("notices:list")),
        "settings_url": absolute_url(reverse("accounts:profile")),
        "language": translation.get_language(),
    }
    message = EmailMultiAlternatives(
        context["subject"], render_to_string("core/email/base.txt", context), from_email, to, headers=headers
    )
    message.attach_alternative(render_to_string("core/email/base.html", context), "text/html")
    return message
