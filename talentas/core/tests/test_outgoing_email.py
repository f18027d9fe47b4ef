"""E-mail is delivered at least once: the message waits in the outbox until a delivery finishes."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.mail import send_mail
from huey.contrib.djhuey import HUEY

from talentas.core import email as outgoing
from talentas.core.models import OutgoingEmail


@pytest.fixture(autouse=True)
def through_the_outbox(settings):
    """As in production: the queued backend in front, delivering to the test outbox (the test runner otherwise
    puts the in-memory backend in front)."""
    settings.EMAIL_BACKEND = "talentas.core.email.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.fixture
def queued():
    """The queue as in production: tasks wait until a worker runs them (here, never)."""
    HUEY.immediate = False
    yield
    HUEY.immediate = True


def _send(subject: str) -> None:
    send_mail(subject, "Body.", "from@talentas.example", ["to@talentas.example"])


@pytest.mark.django_db
def test_a_message_is_stored_then_delivered_and_marked_sent():
    _send("Hello")
    row = OutgoingEmail.objects.get()
    assert [m.subject for m in mail.outbox] == ["Hello"]
    assert row.sent_at is not None and row.attempts == 1 and row.recipients == "to@talentas.example"


@pytest.mark.django_db
def test_a_sent_message_is_never_delivered_again():
    _send("Once")
    row = OutgoingEmail.objects.get()
    assert outgoing.deliver_email.call_local(row.pk) is False
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_nothing_is_queued_for_a_transaction_that_rolls_back(queued, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks() as callbacks, pytest.raises(RuntimeError), transaction.atomic():
        _send("Rolled back")
        raise RuntimeError
    assert callbacks == [] and not OutgoingEmail.objects.exists()


@pytest.mark.django_db
def test_a_delivery_cut_short_is_queued_again_and_delivered_once(queued, settings):
    _send("Interrupted")  # queued after commit; this worker "dies" before delivering it
    row = OutgoingEmail.objects.get()
    OutgoingEmail.objects.filter(pk=row.pk).update(claimed_at=row.created_at)  # it had started, then died
    assert outgoing.requeue_unsent_email() == 0  # not yet: the delivery might still be running
    HUEY.immediate = True
    later = row.created_at + datetime.timedelta(seconds=settings.EMAIL_CLAIM_SECONDS + 1)
    with time_machine.travel(later):
        assert outgoing.requeue_unsent_email() == 1
        assert outgoing.requeue_unsent_email() == 0
    assert [m.subject for m in mail.outbox] == ["Interrupted"]


@pytest.mark.django_db
def test_a_failed_delivery_frees_the_message_for_the_next_try(settings, monkeypatch):
    from django.core.mail.backends.locmem import EmailBackend

    def refuse(self, messages):
        raise ConnectionRefusedError("smtp down")

    monkeypatch.setattr(EmailBackend, "send_messages", refuse)
    _send("Retry me")  # the queue keeps the task for its retries; the row says what happened
    row = OutgoingEmail.objects.get()
    assert (row.sent_at, row.claimed_at, row.attempts) == (None, None, 1) and "smtp down" in row.last_error
    monkeypatch.undo()
    assert outgoing.deliver_email.call_local(row.pk) is True
    assert [m.subject for m in mail.outbox] == ["Retry me"]
