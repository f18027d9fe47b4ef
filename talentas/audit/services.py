"""The one write of the audit log."""

from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from talentas.accounts.permissions import AnyUser
from talentas.core.middleware import current_request_id

from .models import AuditEntry

Changes = dict[str, list[Any]]


def _organisation_id(target: models.Model) -> int | None:
    """The organisation an object belongs to, so owners' and reviewers' actions can be read per organisation."""
    if target._meta.label == "organisations.Organisation":
        return target.pk
    return getattr(target, "organisation_id", None)


def _plain(value: Any) -> Any:
    """A value as JSON can hold it: model instances by their label, everything else not JSON-native as text."""
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def snapshot(row: models.Model | None) -> dict[str, Any]:
    """A row's stored fields before an edit (nothing for a row about to be made), for `changes_since`."""
    if row is None or row._state.adding:
        return {}
    return {f.attname: getattr(row, f.attname) for f in row._meta.concrete_fields}


def changes_since(before: dict[str, Any], row: models.Model) -> Changes:
    """{field: [old, new]} for every field of `row` that differs from `before` (a new row: every field set),
    leaving out the bookkeeping timestamps and the id."""
    skipped = {"id", "created_at", "updated_at"}
    return {
        f.name: [before.get(f.attname), getattr(row, f.attname)]
        for f in row._meta.concrete_fields
        if f.attname not in skipped and before.get(f.attname) != getattr(row, f.attname)
    }


def log_action(
    *,
    actor: AnyUser | None,
    verb: str,
    target: models.Model,
    changes: Changes | None = None,
    organisation_id: int | None = None,
) -> AuditEntry:
    """Record that `actor` did `verb` (e.g. "organisations.claim.approve") to `target`.

    `changes` is {field: [old, new]}. The entry also keeps the actor's and the object's labels as they were,
    the organisation concerned (the target's own, unless given) and the request id, for the logs. Call it
    inside the service's transaction, so the entry exists exactly when the action does.
    """
    person = actor if actor is not None and actor.is_authenticated else None
    return AuditEntry.objects.create(
        actor=person,
        actor_label=str(person)[:250] if person is not None else "",
        verb=verb,
        target_type=ContentType.objects.get_for_model(target),
        target_id=str(target.pk),
        target_label=str(target)[:250],
        changes={field: [_plain(old), _plain(new)] for field, (old, new) in (changes or {}).items()},
        organisation_id=organisation_id if organisation_id is not None else _organisation_id(target),
        request_id=current_request_id(),
    )
