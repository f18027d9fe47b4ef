"""The core's queued tasks. The queue's workers find tasks in each app's `tasks` module; the e-mail tasks live
beside the backend that queues them (`core.email`), and are named here so that every worker knows them."""

from huey import crontab
from huey.contrib.djhuey import db_periodic_task

from talentas.core.email import deliver_email, requeue_unsent_email_task
from talentas.core.queue import requeue_held_tasks

__all__ = ["deliver_email", "requeue_held_tasks_task", "requeue_unsent_email_task"]


@db_periodic_task(crontab())
def requeue_held_tasks_task() -> None:
    """Tasks that could not reach Redis go to the queue as soon as the queue's workers run again."""
    requeue_held_tasks()
