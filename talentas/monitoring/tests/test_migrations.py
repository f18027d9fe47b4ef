"""Migration 0008: monitoring's own notifications become the platform's notices, read and sent as they were."""

import datetime

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from talentas.accounts.tests.factories import UserFactory

BEFORE = [("monitoring", "0007_spreadsheet_imports")]
AFTER = [("monitoring", "0008_notices_move_to_the_notices_app")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_notifications_are_copied_into_notices_and_not_sent_again():
    person = UserFactory()
    try:
        old_apps = _migrate(BEFORE)
        Notification = old_apps.get_model("monitoring", "Notification")
        read = Notification.objects.create(user_id=person.pk, key="alert:7", title="Behind", url="/x", body="B")
        unread = Notification.objects.create(user_id=person.pk, key="due:3:2026-Q1", title="Due soon")
        made = timezone.now() - datetime.timedelta(days=3)
        Notification.objects.filter(pk=read.pk).update(created_at=made, read_at=made)
        apps = _migrate(AFTER)
        Notice = apps.get_model("notices", "Notice")
        notices = {notice.key: notice for notice in Notice.objects.filter(user_id=person.pk)}
        assert set(notices) == {"monitoring.alert:7", "monitoring.due:3:2026-Q1"}
        moved = notices["monitoring.alert:7"]
        assert (moved.title, moved.body, moved.url, moved.read_at, moved.created_at) == (
            "Behind",
            "B",
            "/x",
            made,
            made,
        )
        assert moved.emailed_at == made  # its e-mail went out when it was made
        assert notices["monitoring.due:3:2026-Q1"].read_at is None and unread.title == "Due soon"
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
