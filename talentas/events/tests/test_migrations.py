"""Migration 0003: events written before titles had two languages show their text in both."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from .factories import EventFactory

BEFORE = [("events", "0002_grades")]
AFTER = [("events", "0003_texts_in_each_language")]


def _migrate(targets):
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    return executor.loader.project_state(targets).apps


@pytest.mark.django_db(transaction=True)
def test_one_language_texts_are_copied_into_both():
    event = EventFactory(title="Startuolių vakaras", description="Susitikimas.", audience_lt="", audience_en="")
    try:
        _migrate(BEFORE)
        apps = _migrate(AFTER)
        old = apps.get_model("events", "Event").objects.get(pk=event.pk)
        assert (old.title_lt, old.title_en) == ("Startuolių vakaras", "Startuolių vakaras")
        assert (old.description_lt, old.description_en) == ("Susitikimas.", "Susitikimas.")
        assert (old.audience_lt, old.audience_en) == ("", "")
    finally:
        _migrate(MigrationExecutor(connection).loader.graph.leaf_nodes())
