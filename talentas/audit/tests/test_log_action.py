"""log_action: one append-only entry per action, with the labels as they were, the organisation and request id."""

import pytest

from talentas.audit.models import AuditEntry
from talentas.audit.services import log_action
from talentas.core.middleware import _request_id
from talentas.organisations.models import Membership


def test_an_entry_keeps_who_what_and_the_changes(platform_admin, organisation, owner):
    membership = Membership.objects.get(user=owner)
    token = _request_id.set("req-123")
    try:
        entry = log_action(
            actor=platform_admin,
            verb="organisations.membership.role",
            target=membership,
            changes={"role": ["member", "owner"]},
        )
    finally:
        _request_id.reset(token)
    assert entry.actor == platform_admin and entry.actor_label == str(platform_admin)
    assert entry.target_type.model == "membership" and entry.target_id == str(membership.pk)
    assert entry.target_label == str(membership)
    assert entry.organisation == organisation  # the target's own organisation
    assert entry.changes == {"role": ["member", "owner"]}
    assert entry.request_id == "req-123"


def test_an_organisation_is_its_own_and_values_become_json(platform_admin, organisation):
    entry = log_action(
        actor=platform_admin,
        verb="organisations.organisation.verify",
        target=organisation,
        changes={"verified_by": [None, platform_admin]},
    )
    assert entry.organisation == organisation
    assert entry.changes == {"verified_by": [None, str(platform_admin)]}
    assert entry.request_id == ""  # no request: a task or a command


def test_entries_are_never_edited_or_deleted(platform_admin, organisation):
    entry = log_action(actor=platform_admin, verb="x.y", target=organisation)
    with pytest.raises(TypeError):
        entry.save()
    with pytest.raises(TypeError):
        entry.delete()
    assert AuditEntry.objects.count() == 1


def test_the_entry_outlives_the_actor_account(outsider, organisation):
    entry = log_action(actor=outsider, verb="x.y", target=organisation)
    label = entry.actor_label
    outsider.delete()
    entry.refresh_from_db()
    assert entry.actor is None and entry.actor_label == label
