"""The lean single-row helpers give what the ORM gives: converted values, deferred fields, defaults, auto_now
stamps and the save signals."""

import datetime

import pytest
from django.db import connection
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from talentas.accounts.tests.factories import UserFactory
from talentas.core import rows
from talentas.events.models import Event, Registration
from talentas.events.tests.factories import EventFactory

pytestmark = pytest.mark.django_db


def read(model, names, pk):
    selected, fields = rows.columns(model, "x", names)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {selected} FROM {model._meta.db_table} x WHERE x.id = %s", [pk])  # noqa: S608
        return rows.instance(model, fields, cursor.fetchone())


def test_a_row_reads_back_as_the_orm_reads_it_in_the_model_order():
    event = EventFactory(questions=["Your company?"], capacity=7)
    # Named out of the model's order: the fields come back in it, with the primary key first.
    read_back = read(Event, ["questions", "starts_at", "capacity"], event.pk)
    assert read_back.pk == event.pk
    assert read_back.questions == ["Your company?"]  # JSON, decoded
    assert read_back.starts_at == Event.objects.get(pk=event.pk).starts_at
    assert read_back.starts_at.tzinfo is not None
    assert read_back.capacity == 7
    assert read_back.get_deferred_fields() >= {"title", "address"}
    assert read_back.address == event.address  # a deferred field loads on first use


def test_an_unknown_field_is_refused():
    with pytest.raises(Exception, match="no_such_field"):
        rows.columns(Event, "x", ["no_such_field"])


def test_insert_and_update_do_what_save_does():
    event, person = EventFactory(), UserFactory()
    seen = []

    def record(sender, **kwargs):
        seen.append((kwargs.get("created"), kwargs["update_fields"]))

    pre_save.connect(record, sender=Registration)
    post_save.connect(record, sender=Registration)
    try:
        registration = Registration(event=event, user=person, status="confirmed", queued_at=timezone.now())
        rows.insert(registration)
        stored = Registration.objects.get(pk=registration.pk)
        assert (stored.event_id, stored.user_id, stored.status) == (event.pk, person.pk, "confirmed")
        assert stored.answers == {}  # the field's default
        assert stored.created_at == registration.created_at is not None  # auto_now_add / auto_now stamped
        assert registration._state.adding is False

        registration.status = "waitlisted"
        registration.queued_at = stored.queued_at + datetime.timedelta(seconds=5)
        rows.update(registration, ["status", "queued_at", "updated_at"])
        stored = Registration.objects.get(pk=registration.pk)
        assert (stored.status, stored.queued_at) == ("waitlisted", registration.queued_at)
        assert stored.updated_at >= stored.created_at
    finally:
        pre_save.disconnect(record, sender=Registration)
        post_save.disconnect(record, sender=Registration)
    fields = frozenset({"status", "queued_at", "updated_at"})
    assert seen == [(None, None), (True, None), (None, fields), (False, fields)]
