"""One answer to "which organisations may this person act for", asked once per user object by every app."""

from talentas.events import permissions as event_permissions
from talentas.organisations import permissions, selectors, services
from talentas.organisations.models import Organisation
from talentas.talent import permissions as talent_permissions

from .factories import OrganisationFactory


def test_every_app_reads_one_cached_answer(owner, member, outsider, organisation, django_assert_num_queries):
    organisation.verification = Organisation.Verification.VERIFIED
    organisation.save()
    with django_assert_num_queries(1):
        assert selectors.organisations_of(owner) == [organisation]
        assert permissions.is_owner(owner, organisation)
        assert event_permissions.member_organisation_ids(owner) == {organisation.pk}
        assert talent_permissions.employer_organisations(owner) == [organisation]
    assert permissions.membership_role(member, organisation) == "member"
    assert selectors.organisations_of(outsider) == []


def test_verified_only_leaves_unverified_organisations_out(member, organisation):
    assert organisation.verification != Organisation.Verification.VERIFIED
    assert selectors.organisations_of(member) == [organisation]
    assert selectors.organisations_of(member, verified_only=True) == []
    assert talent_permissions.employer_organisations(member) == []


def test_anonymous_people_act_for_no_organisation(db):
    from django.contrib.auth.models import AnonymousUser

    assert selectors.organisations_of(AnonymousUser()) == []


def test_a_membership_change_is_seen_once_the_service_forgets_the_answer(owner, outsider, organisation):
    assert selectors.organisations_of(outsider) == []
    services.add_member(actor=owner, organisation=organisation, email=outsider.email, role="member")
    # The service forgot its own copy of the person; a caller holding another copy forgets it too.
    selectors.forget_memberships(outsider)
    assert selectors.organisations_of(outsider) == [organisation]
    other = OrganisationFactory()
    services.ensure_membership(organisation=other, user=outsider, role="member")
    assert {o.pk for o in selectors.organisations_of(outsider)} == {organisation.pk, other.pk}
