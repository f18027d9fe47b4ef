"""The one way the platform tells a person something: a row on their Notices page and, through the task queue,
an e-mail (at once or in a digest), written in the reader's language and sent once per occasion."""

from collections.abc import Callable
from dataclasses import dataclass, field

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext as _

from talentas.accounts.models import User
from talentas.core.email import compose
from talentas.core.errors import NotFound
from talentas.core.links import absolute_url

from .models import Notice

# A text is rendered in the reader's language: give a lazy string, or a function that writes it.
Text = str | Promise | Callable[[], str | Promise]
# (file name, content, MIME type), as EmailMessage.attach takes them.
Attachment = tuple[str, str | bytes, str]


@dataclass(frozen=True)
class Draft:
    """A notice still to be sent: what a workflow transition (or any service) hands to `notify`."""

    user: User
    key: str
    title: Text
    body: Text
    url: Text = ""
    email: bool = True
    digest: bool | str = False
    attachments: Callable[[], list[Attachment]] | None = None
    headers: dict[str, str] = field(default_factory=dict)


def _text(value: Text) -> str:
    return str(value() if callable(value) else value)


def language_of(user: User) -> str:
    return user.preferred_language or settings.LANGUAGE_CODE


def _digest(digest: bool | str) -> str:
    if digest is True:
        return Notice.Digest.DAILY
    if digest is False:
        return Notice.Digest.NONE
    return Notice.Digest(digest).value


def notify(
    *,
    user: User,
    key: str,
    title: Text,
    body: Text,
    url: Text = "",
    email: bool = True,
    digest: bool | str = False,
    attachments: Callable[[], list[Attachment]] | None = None,
    headers: dict[str, str] | None = None,
) -> Notice | None:
    """Tell `user` something once: the notice for this `key`, or None when they were already told (a no-op).

    `title`, `body`, `url` (a path, as `reverse()` gives it) and `attachments` are rendered with the reader's
    preferred language active. With `email`, the message is e-mailed through the task queue once the
    transaction commits; with `digest` (True or "daily", or "weekly") it waits for that digest instead.
    `headers` go on the e-mail (e.g. List-Unsubscribe).
    """
    if Notice.objects.filter(user=user, key=key).exists():
        return None
    frequency = _digest(digest)
    with translation.override(language_of(user)):
        notice = Notice(
            user=user,
            key=key,
            title=_text(title)[:250],
            body=_text(body),
            url=_text(url),
            email=email,
            digest=frequency,
        )
        files = attachments() if attachments is not None and email and not frequency else []
    try:
        with transaction.atomic():  # a savepoint: losing a race to the same key must not undo the caller's work
            notice.save()
    except IntegrityError:
        return None
    if email and not frequency and user.email:
        transaction.on_commit(lambda: _send_now(notice, files, headers or {}))
    return notice


def send(draft: Draft) -> Notice | None:
    return notify(
        user=draft.user,
        key=draft.key,
        title=draft.title,
        body=draft.body,
        url=draft.url,
        email=draft.email,
        digest=draft.digest,
        attachments=draft.attachments,
        headers=draft.headers,
    )


def _send_now(notice: Notice, attachments: list[Attachment], headers: dict[str, str]) -> None:
    with translation.override(language_of(notice.user)):  # the layout's words too are the reader's
        message = compose(
            to=[notice.user.email],
            subject=notice.title,
            text=notice.body,
            link=absolute_url(notice.url) if notice.url else "",
            headers=headers,
        )
    for attachment in attachments:
        message.attach(*attachment)
    message.send()  # the queued backend hands it to a task
    Notice.objects.filter(pk=notice.pk).update(emailed_at=timezone.now())


def send_digests(*, frequency: str) -> int:
    """One e-mail per person with every notice waiting for this digest; returns how many e-mails went out.

    Each person's notices are locked and marked in one transaction, so two workers never send them twice
    (PostgreSQL skips rows another worker holds; SQLite lets one writer at a time)."""
    sent = 0
    waiting = Notice.objects.filter(digest=frequency, email=True, emailed_at=None)
    for user_id in list(waiting.order_by().values_list("user_id", flat=True).distinct()):
        with transaction.atomic():
            notices = list(
                waiting.filter(user_id=user_id)
                .select_for_update(skip_locked=True, of=("self",))
                .select_related("user")
                .order_by("created_at", "pk")
            )
            if not notices:
                continue
            user = notices[0].user
            Notice.objects.filter(pk__in=[notice.pk for notice in notices]).update(emailed_at=timezone.now())
            if not user.email:
                continue
            with translation.override(language_of(user)):
                notices_url = absolute_url(reverse("notices:list"))
                body = render_to_string(
                    "notices/email/digest.txt",
                    {
                        "notices": [(notice, absolute_url(notice.url) if notice.url else "") for notice in notices],
                        "notices_url": notices_url,
                    },
                )
                subject = _("Your %(site)s notices") % {"site": settings.SITE_NAME}
                message = compose(to=[user.email], subject=subject, text=body, link=notices_url)
            transaction.on_commit(message.send)
            sent += 1
    return sent


def _own_notices(user: User) -> QuerySet[Notice]:
    return Notice.objects.filter(user_id=user.pk)


def mark_read(*, user: User, notice_id: int) -> Notice:
    """Mark one of the person's own notices read (again is harmless); another person's is 404, as if absent."""
    notice = _own_notices(user).filter(pk=notice_id).first()
    if notice is None:
        raise NotFound(_("There is no such notice."), code="notice_not_found")
    if notice.read_at is None:
        notice.read_at = timezone.now()
        notice.save(update_fields=["read_at", "updated_at"])
    return notice


def mark_all_read(*, user: User) -> int:
    """Mark every unread notice of the person read; returns how many."""
    return _own_notices(user).filter(read_at=None).update(read_at=timezone.now(), updated_at=timezone.now())
