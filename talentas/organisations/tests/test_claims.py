import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from talentas.accounts.models import Role
from talentas.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from talentas.core.errors import Conflict, PermissionDenied
from talentas.organisations import permissions, services
from talentas.organisations.models import Membership, Organisation, OrganisationClaim

from .factories import ClaimFactory, MembershipFactory, OrganisationFactory

pytestmark = pytest.mark.django_db
Status = OrganisationClaim.Status
Verification = Organisation.Verification
CLAIM = {"contact_role": "Director", "message": "Our website's team page names me."}


@pytest.fixture
def unclaimed(db):
    return OrganisationFactory(name="Alytus Business Incubator", slug="alytus-business-incubator")


def _claim(user, organisation):
    return services.claim_organisation(user=user, organisation=organisation, **CLAIM)


# Claiming a listed organisation


def test_claim_page_sends_a_claim(client, unclaimed, outsider):
    client.force_login(outsider)
    assert client.get("/en/organisations/alytus-business-incubator/claim/").status_code == 200
    response = client.post("/en/organisations/alytus-business-incubator/claim/", CLAIM)
    assert response.status_code == 302
    assert response["Location"] == "/en/organisations/mine/"
    claim = OrganisationClaim.objects.get(user=outsider)
    assert (claim.status, claim.is_proposal, claim.contact_role) == (Status.PENDING, False, "Director")
    unclaimed.refresh_from_db()
    assert unclaimed.verification == Verification.PENDING
    assert "Pending review" in client.get("/en/organisations/mine/").content.decode()


def test_claim_page_needs_login(client, unclaimed):
    response = client.get("/en/organisations/alytus-business-incubator/claim/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_claim_form_errors(client, unclaimed, outsider):
    client.force_login(outsider)
    response = client.post("/en/organisations/alytus-business-incubator/claim/", {"contact_role": "", "message": ""})
    assert response.status_code == 400
    assert 'id="id_contact_role_error"' in response.content.decode()
    assert not OrganisationClaim.objects.exists()


def test_a_second_pending_claim_is_a_form_error_not_a_crash(client, unclaimed, outsider):
    client.force_login(outsider)
    client.post("/en/organisations/alytus-business-incubator/claim/", CLAIM)
    response = client.post("/en/organisations/alytus-business-incubator/claim/", CLAIM)
    assert response.status_code == 400
    assert "already have a claim for this organisation waiting for review" in response.content.decode()
    assert OrganisationClaim.objects.filter(user=outsider).count() == 1


def test_the_database_allows_one_pending_claim_per_person_and_organisation(unclaimed, outsider):
    ClaimFactory(user=outsider, organisation=unclaimed)
    ClaimFactory(user=outsider, organisation=unclaimed, status=Status.REJECTED, reviewed_at="2025-01-01T00:00Z")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClaimFactory(user=outsider, organisation=unclaimed)


def test_claiming_again_after_a_rejection_is_allowed(unclaimed, outsider, reviewer):
    first = _claim(outsider, unclaimed)
    services.reject_claim(reviewer=reviewer, claim_id=first.pk, note="Send proof")
    assert _claim(outsider, unclaimed).status == Status.PENDING


def test_an_owned_organisation_cannot_be_claimed(client, organisation, owner, member, outsider):
    with pytest.raises(Conflict):
        _claim(outsider, organisation)
    with pytest.raises(Conflict, match="already belong"):
        _claim(member, organisation)
    client.force_login(outsider)
    page = client.get(f"/en/organisations/{organisation.slug}/claim/").content.decode()
    assert "cannot be claimed" in page
    response = client.post(f"/en/organisations/{organisation.slug}/claim/", CLAIM)
    assert response.status_code == 400
    assert "already has an owner" in response.content.decode()


def test_anonymous_cannot_claim(unclaimed):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.claim_organisation(user=AnonymousUser(), organisation=unclaimed, **CLAIM)


# Proposing a new organisation


def test_propose_a_new_organisation(client, outsider):
    client.force_login(outsider)
    assert client.get("/en/organisations/propose/").status_code == 200
    response = client.post(
        "/en/organisations/propose/",
        {"name": "Dzūkų Duona", "kind": "company", "website": "dzukuduona.example", "city": "Alytus", **CLAIM},
    )
    assert response.status_code == 302
    organisation = Organisation.objects.get(name="Dzūkų Duona")
    assert organisation.slug == "dzuku-duona"
    assert organisation.website == "https://dzukuduona.example"
    assert (organisation.is_listed, organisation.verification) == (False, Verification.PENDING)
    assert OrganisationClaim.objects.get(organisation=organisation).is_proposal
    assert "Dzūkų Duona" not in client.get("/en/organisations/").content.decode()


def test_propose_form_errors(client, outsider):
    client.force_login(outsider)
    response = client.post("/en/organisations/propose/", {"name": "", "kind": "spaceship", "email": "nope", **CLAIM})
    assert response.status_code == 400
    page = response.content.decode()
    for field in ("name", "kind", "email"):
        assert f'id="id_{field}_error"' in page
    assert not Organisation.objects.exists()


def test_slugs_never_collide_or_shadow_pages(outsider):
    OrganisationFactory(slug="propose")  # cannot happen through services, but must not break them
    first = services.propose_organisation(user=outsider, name="Mine", kind="ngo", **CLAIM)
    second = services.propose_organisation(user=UserFactory(), name="Mine", kind="ngo", **CLAIM)
    third = services.propose_organisation(user=outsider, name="Propose", kind="ngo", **CLAIM)
    assert (first.organisation.slug, second.organisation.slug, third.organisation.slug) == (
        "mine-2",
        "mine-3",
        "propose-2",
    )


# Reviewing


@pytest.mark.parametrize("who, status", [("anonymous", 302), ("outsider", 403), ("owner", 403), ("reviewer", 200)])
def test_review_queue_access(client, who, status, owner, outsider, reviewer):
    people = {"outsider": outsider, "owner": owner, "reviewer": reviewer}
    if who in people:
        client.force_login(people[who])
    assert client.get("/en/organisations/claims/").status_code == status


def test_platform_admin_reviews_too(client):
    client.force_login(RoleAssignmentFactory(role=Role.PLATFORM_ADMIN).user)
    assert client.get("/en/organisations/claims/").status_code == 200
    client.force_login(UserFactory(is_superuser=True))
    assert client.get("/en/organisations/claims/").status_code == 200


@pytest.mark.parametrize("role", [Role.ME_OFFICER, Role.STEERING_COMMITTEE, Role.TALENT, Role.REVIEWER])
def test_other_roles_do_not_review(client, role, unclaimed):
    claim = ClaimFactory(organisation=unclaimed)
    client.force_login(RoleAssignmentFactory(role=role).user)
    assert client.get("/en/organisations/claims/").status_code == 403
    assert client.post(f"/en/organisations/claims/{claim.pk}/", {"decision": "approve"}).status_code == 403
    claim.refresh_from_db()
    assert claim.status == Status.PENDING


def test_queue_lists_pending_claims_in_constant_queries(client, reviewer, django_assert_num_queries):
    client.force_login(reviewer)
    ClaimFactory()
    with django_assert_num_queries(5) as few:  # session, user, roles, count of claims, a page of claims
        page = client.get("/en/organisations/claims/").content.decode()
    assert "Director" in page
    ClaimFactory.create_batch(10)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get("/en/organisations/claims/")


def test_approve_makes_the_claimant_owner_and_tells_them(
    client, unclaimed, reviewer, django_capture_on_commit_callbacks
):
    claimant = UserFactory(preferred_language="en")
    claim = _claim(claimant, unclaimed)
    client.force_login(reviewer)
    assert claim.organisation.name in client.get(f"/en/organisations/claims/{claim.pk}/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/organisations/claims/{claim.pk}/", {"decision": "approve", "note": "Checked."})
    assert response.status_code == 302
    claim.refresh_from_db()
    unclaimed.refresh_from_db()
    assert (claim.status, claim.reviewer, claim.review_note) == (Status.APPROVED, reviewer, "Checked.")
    assert claim.reviewed_at is not None
    assert (unclaimed.verification, unclaimed.verified_by, unclaimed.is_listed) == (
        Verification.VERIFIED,
        reviewer,
        True,
    )
    assert Membership.objects.get(organisation=unclaimed, user=claimant).role == Membership.Role.OWNER
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [claimant.email]
    assert "You now speak for Alytus Business Incubator" in mail.outbox[0].subject
    assert "/en/organisations/alytus-business-incubator/" in mail.outbox[0].body


def test_approving_a_proposal_lists_it(outsider, reviewer):
    claim = services.propose_organisation(user=outsider, name="Dzūkų Duona", kind="company", **CLAIM)
    services.approve_claim(reviewer=reviewer, claim_id=claim.pk)
    organisation = Organisation.objects.get(pk=claim.organisation_id)
    assert (organisation.is_listed, organisation.verification) == (True, Verification.VERIFIED)
    assert permissions.is_owner(outsider, organisation)


def test_reject_needs_a_note_and_tells_the_claimant(client, unclaimed, reviewer, django_capture_on_commit_callbacks):
    claimant = UserFactory(preferred_language="lt")
    claim = _claim(claimant, unclaimed)
    client.force_login(reviewer)
    response = client.post(f"/en/organisations/claims/{claim.pk}/", {"decision": "reject", "note": " "})
    assert response.status_code == 400
    assert 'id="id_note_error"' in response.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/en/organisations/claims/{claim.pk}/", {"decision": "reject", "note": "We could not confirm it."}
        )
    assert response.status_code == 302
    claim.refresh_from_db()
    unclaimed.refresh_from_db()
    assert claim.status == Status.REJECTED
    assert unclaimed.verification == Verification.UNVERIFIED  # back to claimable
    assert not Membership.objects.filter(user=claimant).exists()
    assert len(mail.outbox) == 1
    assert "We could not confirm it." in mail.outbox[0].body
    client.force_login(claimant)
    page = client.get("/en/organisations/mine/").content.decode()
    assert "Rejected" in page and "We could not confirm it." in page


def test_rejecting_a_proposal_keeps_it_unlisted(outsider, reviewer):
    claim = services.propose_organisation(user=outsider, name="Spam Inc", kind="company", **CLAIM)
    services.reject_claim(reviewer=reviewer, claim_id=claim.pk, note="Not in Alytus.")
    organisation = Organisation.objects.get(pk=claim.organisation_id)
    assert (organisation.is_listed, organisation.verification) == (False, Verification.REJECTED)


def test_a_rejection_leaves_pending_while_another_claim_waits(unclaimed, reviewer):
    first = _claim(UserFactory(), unclaimed)
    _claim(UserFactory(), unclaimed)
    services.reject_claim(reviewer=reviewer, claim_id=first.pk, note="No.")
    unclaimed.refresh_from_db()
    assert unclaimed.verification == Verification.PENDING


def test_a_decided_claim_cannot_be_decided_again(client, unclaimed, reviewer):
    claim = _claim(UserFactory(), unclaimed)
    services.approve_claim(reviewer=reviewer, claim_id=claim.pk)
    with pytest.raises(Conflict):
        services.reject_claim(reviewer=reviewer, claim_id=claim.pk, note="Changed my mind")
    client.force_login(reviewer)
    page = client.get(f"/en/organisations/claims/{claim.pk}/").content.decode()
    assert "Decided by" in page


def test_review_needs_a_decision(client, unclaimed, reviewer):
    claim = _claim(UserFactory(), unclaimed)
    client.force_login(reviewer)
    response = client.post(f"/en/organisations/claims/{claim.pk}/", {"note": "Hmm"})
    assert response.status_code == 400
    assert "Choose to approve or to reject" in response.content.decode()


def test_reviewing_an_unknown_claim_is_404(client, reviewer):
    client.force_login(reviewer)
    assert client.get("/en/organisations/claims/999/").status_code == 404


def test_services_refuse_people_who_do_not_review(unclaimed, outsider):
    claim = _claim(UserFactory(), unclaimed)
    with pytest.raises(PermissionDenied):
        services.approve_claim(reviewer=outsider, claim_id=claim.pk)
    with pytest.raises(PermissionDenied):
        services.reject_claim(reviewer=MembershipFactory().user, claim_id=claim.pk, note="No")
