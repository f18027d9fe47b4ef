"""E-mail through the task queue.

Views never wait on an SMTP server: QueuedEmailBackend hands each message to a
task, and the task delivers it with the transport configured by EMAIL_URL.
"""

from django.conf import settings
from django.core.mail import get_connection
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from huey.contrib.djhuey import task


class QueuedEmailBackend(BaseEmailBackend):
    def send_messages(self, email_messages: list[EmailMessage]) -> int:
        for message in email_messages:
            deliver_email(message)
        return len(email_messages)


@task(retries=3, retry_delay=60)
def deliver_email(message: EmailMessage) -> None:
    connection = get_connection(settings.EMAIL_DELIVERY_BACKEND)
    message.connection = connection
    connection.send_messages([message])
