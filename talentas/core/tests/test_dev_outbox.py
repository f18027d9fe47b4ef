"""Development e-mail: .eml files in the outbox directory and a staff-only page, and neither outside DEBUG."""

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
from django.urls import reverse

from talentas.accounts.models import User
from talentas.core.models import OutgoingEmail


@pytest.fixture
def outbox(settings, tmp_path):
    settings.EMAIL_BACKEND = "talentas.core.email.QueuedEmailBackend"
    settings.EMAIL_DELIVERY_BACKEND = "talentas.core.email.OutboxFileBackend"
    settings.EMAIL_FILE_PATH = str(tmp_path / "outbox")
    return tmp_path / "outbox"


def _send() -> OutgoingEmail:
    message = EmailMultiAlternatives(
        "Your seat", "See you on Friday.", "Talentas <no-reply@x.example>", ["a@x.example"]
    )
    message.attach_alternative("<p>See you on <b>Friday</b>.</p>", "text/html")
    message.send()
    return OutgoingEmail.objects.get()


@pytest.fixture
def developer(db):
    return User.objects.create_user(email="dev@talentas.example", password="x", is_staff=True)


def test_each_message_becomes_one_eml_file(db, outbox):
    _send()
    mail.send_mail("Second", "Body two.", None, ["b@x.example"])
    files = sorted(outbox.glob("*.eml"))
    assert len(files) == 2 and OutgoingEmail.objects.filter(sent_at__isnull=False).count() == 2
    texts = [path.read_text() for path in files]
    assert any("Subject: Your seat" in text and "text/html" in text for text in texts)


def test_staff_read_the_outbox_in_development(client, settings, outbox, developer, django_assert_num_queries):
    settings.DEBUG = True
    row = _send()
    client.force_login(developer)
    with django_assert_num_queries(3):  # session, user, the rows
        page = client.get(reverse("dev_outbox"))
    assert page.status_code == 200 and "Your seat" in page.content.decode()
    answer = client.get(reverse("dev_outbox_message", kwargs={"email_id": row.pk})).content.decode()
    assert "See you on Friday." in answer and 'srcdoc="&lt;p&gt;See you on &lt;b&gt;Friday' in answer


def test_the_outbox_is_hidden_from_others_and_outside_development(client, settings, outbox, developer, member):
    row = _send()
    settings.DEBUG = True
    client.force_login(member)
    assert client.get(reverse("dev_outbox")).status_code == 404
    settings.DEBUG = False
    client.force_login(developer)
    assert client.get(reverse("dev_outbox")).status_code == 404
    assert client.get(reverse("dev_outbox_message", kwargs={"email_id": row.pk})).status_code == 404
