"""The workflow helper, on its first user: organisation claims (pending -> approved / rejected)."""

import threading

import pytest
from django.db import connection, connections

from talentas.accounts.models import Role
from talentas.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from talentas.audit.models import AuditEntry
from talentas.core.errors import Conflict, PermissionDenied
from talentas.core.workflows import Transition, Workflow
from talentas.notices.models import Notice
from talentas.organisations import services
from talentas.organisations.models import Membership, OrganisationClaim
from talentas.organisations.tests.factories import ClaimFactory, MembershipFactory

Status = OrganisationClaim.Status


@pytest.fixture
def reviewer(db):
    return RoleAssignmentFactory(role=Role.PLAN_MANAGER).user


@pytest.fixture
def claim(db):
    return ClaimFactory()


def test_a_transition_saves_the_state_writes_the_audit_entry_and_tells_the_person(claim, reviewer):
    decided = services.approve_claim(reviewer=reviewer, claim_id=claim.pk)
    assert decided.status == Status.APPROVED
    (entry,) = AuditEntry.objects.all()
    assert entry.verb == "organisations.claim.approve" and entry.actor == reviewer
    assert entry.target_id == str(claim.pk) and entry.organisation == claim.organisation
    assert entry.changes["status"] == ["pending", "approved"]
    (notice,) = Notice.objects.filter(user=claim.user)
    assert notice.key == f"organisations.claim.{claim.pk}.approve"


def test_the_service_records_the_review_fields_in_the_same_entry(claim, reviewer):
    services.reject_claim(reviewer=reviewer, claim_id=claim.pk, note="Not found in the register.")
    entry = AuditEntry.objects.get()
    assert entry.verb == "organisations.claim.reject"
    assert entry.changes["reviewer"] == [None, reviewer.pk]
    assert entry.changes["review_note"] == ["", "Not found in the register."]
    assert "updated_at" not in entry.changes


@pytest.mark.parametrize("person", ["owner", "member", "outsider", "anonymous", "claimant"])
def test_only_reviewers_may_act(claim, person):
    from django.contrib.auth.models import AnonymousUser

    actors = {
        "owner": lambda: MembershipFactory(organisation=claim.organisation, role=Membership.Role.OWNER).user,
        "member": lambda: MembershipFactory(organisation=claim.organisation, role=Membership.Role.MEMBER).user,
        "outsider": UserFactory,
        "anonymous": AnonymousUser,
        "claimant": lambda: claim.user,
    }
    with pytest.raises(PermissionDenied) as refused:
        services.CLAIM_REVIEW.run(claim.pk, "approve", actor=actors[person]())
    assert refused.value.code == "transition_forbidden"
    claim.refresh_from_db()
    assert claim.status == Status.PENDING and not AuditEntry.objects.exists() and not Notice.objects.exists()


def test_a_decided_claim_cannot_move_again(claim, reviewer):
    stale = OrganisationClaim.objects.get(pk=claim.pk)  # a copy read before the decision
    services.approve_claim(reviewer=reviewer, claim_id=claim.pk)
    for name in ["approve", "reject"]:
        with pytest.raises(Conflict) as refused:
            services.CLAIM_REVIEW.run(stale, name, actor=reviewer)  # the row is read again, not trusted
        assert refused.value.code == "transition_not_allowed"
    assert AuditEntry.objects.count() == 1


def test_possible_transitions_follow_the_state_and_the_person(claim, reviewer):
    assert services.CLAIM_REVIEW.possible(claim, reviewer) == ["approve", "reject"]
    assert services.CLAIM_REVIEW.possible(claim, UserFactory()) == []
    services.approve_claim(reviewer=reviewer, claim_id=claim.pk)
    claim.refresh_from_db()
    assert services.CLAIM_REVIEW.possible(claim, reviewer) == []


def test_a_workflow_naming_an_unknown_state_is_refused_when_declared():
    with pytest.raises(ValueError, match="withdrawn"):
        Workflow(
            model=OrganisationClaim,
            verb_prefix="test",
            transitions=[Transition("withdraw", source=["pending"], target="withdrawn", allowed=lambda a, r: True)],
        )


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL: real row locks, many connections")
def test_two_reviewers_at_once_one_wins():
    claim = ClaimFactory()
    reviewers = [RoleAssignmentFactory(role=Role.PLAN_MANAGER).user for _ in range(2)]
    start = threading.Barrier(2)
    outcomes: list[str] = []

    def decide(reviewer, name):
        try:
            start.wait(timeout=30)
            if name == "approve":
                services.approve_claim(reviewer=reviewer, claim_id=claim.pk)
            else:
                services.reject_claim(reviewer=reviewer, claim_id=claim.pk, note="Not in the register.")
            outcomes.append(name)
        except Conflict as error:
            outcomes.append(error.code)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=decide, args=(reviewers[0], "approve")),
        threading.Thread(target=decide, args=(reviewers[1], "reject")),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert sorted(outcomes)[-1] == "transition_not_allowed" and len(outcomes) == 2
    assert AuditEntry.objects.filter(target_id=str(claim.pk)).count() == 1
