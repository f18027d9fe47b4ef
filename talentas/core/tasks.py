"""The core's queued tasks. The queue's workers find tasks in each app's `tasks` module; the e-mail tasks live
beside the backend that queues them (`core.email`), and are named here so that every worker knows them."""

from talentas.core.email import deliver_email, requeue_unsent_email_task

__all__ = ["deliver_email", "requeue_unsent_email_task"]
