"""notify: an in-app notice and a queued e-mail, in the reader's language, once per key, or in a digest."""

import pytest
from django.core import mail
from django.db import IntegrityError, transaction
from django.utils import translation
from django.utils.translation import gettext_lazy

from talentas.notices import services, tasks
from talentas.notices.models import Notice


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run the e-mails that wait for the commit."""
    mail.outbox.clear()

    def run(**kwargs):
        with django_capture_on_commit_callbacks(execute=True):
            return services.notify(**kwargs)

    return run


def test_notice_and_email_in_the_readers_language(sent, reader):
    with translation.override("en"):  # the sender's language must not leak into the reader's message
        notice = sent(
            user=reader,
            key="test.one",
            title=gettext_lazy("Events"),
            body=lambda: f"language={translation.get_language()}",
            url=lambda: "/lt/events/" if translation.get_language() == "lt" else "/en/events/",
        )
    assert notice.title == "Renginiai" and notice.body == "language=lt" and notice.url == "/lt/events/"
    (message,) = mail.outbox
    assert message.to == [reader.email] and message.subject == "Renginiai"
    assert message.body.startswith("language=lt\n\nhttp://127.0.0.1:8000/lt/events/\n\n-- \n")
    notice.refresh_from_db()
    assert notice.emailed_at is not None and notice.read_at is None


def test_a_letter_that_carries_its_link_does_not_repeat_it(sent, reader):
    sent(user=reader, key="k", title="T", body="See http://127.0.0.1:8000/lt/x/ now.", url="/lt/x/")
    body = mail.outbox[0].body
    assert body.startswith("See http://127.0.0.1:8000/lt/x/ now.\n\n-- \n") and body.count("/lt/x/") == 1


def test_the_same_key_twice_is_a_no_op(sent, reader, other):
    assert sent(user=reader, key="once", title="First", body="") is not None
    assert sent(user=reader, key="once", title="Second", body="") is None
    assert sent(user=other, key="once", title="For another person", body="") is not None
    assert list(Notice.objects.filter(user=reader).values_list("title", flat=True)) == ["First"]
    assert len(mail.outbox) == 2


def test_the_database_keeps_a_key_once_per_person(reader):
    Notice.objects.create(user=reader, key="k", title="T")
    with pytest.raises(IntegrityError), transaction.atomic():
        Notice.objects.create(user=reader, key="k", title="T again")


def test_in_app_only(sent, reader):
    notice = sent(user=reader, key="quiet", title="T", body="B", email=False)
    assert notice.pk and mail.outbox == []


def test_an_attachment_hook_is_rendered_in_the_readers_language(sent, reader):
    sent(
        user=reader,
        key="ics",
        title="T",
        body="B",
        attachments=lambda: [("event.ics", f"LANG:{translation.get_language()}", "text/calendar")],
        headers={"List-Unsubscribe": "<http://example.org/u>"},
    )
    (message,) = mail.outbox
    assert message.attachments == [("event.ics", "LANG:lt", "text/calendar")]
    assert message.extra_headers["List-Unsubscribe"] == "<http://example.org/u>"


def test_nothing_is_sent_when_the_transaction_rolls_back(reader, django_capture_on_commit_callbacks):
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                services.notify(user=reader, key="undone", title="T", body="B")
                raise RuntimeError
        except RuntimeError:
            pass
    assert mail.outbox == [] and not Notice.objects.filter(key="undone").exists()


def test_digest_notices_wait_for_one_email(sent, reader, other, django_capture_on_commit_callbacks):
    sent(user=reader, key="d1", title="First news", body="", url="/lt/events/", digest=True)
    sent(user=reader, key="d2", title="Second news", body="", digest=Notice.Digest.DAILY)
    sent(user=other, key="w1", title="Weekly news", body="", digest="weekly")
    assert mail.outbox == []
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_daily_notice_digests.call_local() == 1
    (message,) = mail.outbox
    assert message.to == [reader.email]
    assert "First news" in message.body and "Second news" in message.body and "Weekly news" not in message.body
    assert "http://127.0.0.1:8000/lt/events/" in message.body
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.send_daily_notice_digests.call_local() == 0  # each notice goes in one digest only
        assert tasks.send_weekly_notice_digests.call_local() == 1
    assert mail.outbox[-1].to == [other.email]


def test_an_unknown_digest_is_a_programming_error(reader):
    with pytest.raises(ValueError):
        services.notify(user=reader, key="x", title="T", body="", digest="hourly")
