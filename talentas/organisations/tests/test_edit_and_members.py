import pytest

from talentas.accounts.models import Role
from talentas.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from talentas.core.errors import DomainError, PermissionDenied
from talentas.organisations import services
from talentas.organisations.models import Membership, Organisation

pytestmark = pytest.mark.django_db
EDIT = "/en/organisations/kodas-dzukija/edit/"
MEMBERS = "/en/organisations/kodas-dzukija/members/"
DETAILS = {"name": "Kodas Dzūkija", "kind": "startup", "description": "Code clubs.", "city": "Alytus"}


def _as(client, who, people):
    if who != "anonymous":
        client.force_login(people[who])


@pytest.fixture
def people(owner, member, outsider, reviewer):
    return {"owner": owner, "member": member, "outsider": outsider, "reviewer": reviewer}


@pytest.mark.parametrize(
    "who, status", [("anonymous", 302), ("outsider", 403), ("member", 403), ("reviewer", 403), ("owner", 200)]
)
@pytest.mark.parametrize("url", [EDIT, MEMBERS])
def test_who_may_open_the_owner_pages(client, people, who, status, url):
    _as(client, who, people)
    response = client.get(url)
    assert response.status_code == status
    if status == 403:
        assert "owners can" in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member", "reviewer"])
def test_only_owners_can_save_edits(client, people, organisation, who):
    _as(client, who, people)
    client.post(EDIT, {**DETAILS, "name": "Hijacked"})
    organisation.refresh_from_db()
    assert organisation.name == "Kodas Dzūkija"


def test_owner_edits_the_details(client, owner, organisation):
    client.force_login(owner)
    assert 'value="Kodas Dzūkija"' in client.get(EDIT).content.decode()
    response = client.post(EDIT, {**DETAILS, "website": "kodas.example", "description": "After-school code clubs."})
    assert response.status_code == 302
    assert response["Location"] == "/en/organisations/kodas-dzukija/"
    organisation.refresh_from_db()
    assert (organisation.description, organisation.website) == ("After-school code clubs.", "https://kodas.example")


def test_edit_with_bad_input_shows_errors(client, owner, organisation):
    client.force_login(owner)
    response = client.post(EDIT, {**DETAILS, "name": "", "email": "not-an-address", "kind": "spaceship"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_name_error"' in page and 'id="id_email_error"' in page and 'id="id_kind_error"' in page


def test_platform_admin_may_edit(client, organisation):
    client.force_login(RoleAssignmentFactory(role=Role.PLATFORM_ADMIN).user)
    assert client.post(EDIT, {**DETAILS, "city": "Alytaus r."}).status_code == 302
    organisation.refresh_from_db()
    assert organisation.city == "Alytaus r."


def test_edit_service_refuses_outsiders(organisation, outsider, member):
    for person in (outsider, member):
        with pytest.raises(PermissionDenied):
            services.update_organisation(user=person, organisation=organisation, name="X")


# Members


def test_owner_adds_a_member_by_email(client, owner, organisation):
    colleague = UserFactory(email="colleague@example.org")
    client.force_login(owner)
    response = client.post(MEMBERS, {"email": "Colleague@Example.org", "role": "member"})
    assert response.status_code == 302
    assert Membership.objects.get(organisation=organisation, user=colleague).role == Membership.Role.MEMBER
    assert "colleague@example.org" in client.get(MEMBERS).content.decode()


def test_adding_an_unknown_email_is_a_form_error(client, owner):
    client.force_login(owner)
    response = client.post(MEMBERS, {"email": "nobody@example.org", "role": "member"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="id_email_error"' in page
    assert "No account uses this e-mail address" in page


def test_adding_someone_twice_is_a_form_error(client, owner, member):
    client.force_login(owner)
    response = client.post(MEMBERS, {"email": member.email, "role": "owner"})
    assert response.status_code == 400
    assert "is already a member" in response.content.decode()
    assert Membership.objects.get(user=member).role == Membership.Role.MEMBER


def test_adding_with_bad_input_is_a_form_error(client, owner):
    client.force_login(owner)
    response = client.post(MEMBERS, {"email": "not-an-address", "role": "emperor"})
    assert response.status_code == 400
    assert 'id="id_role_error"' in response.content.decode()


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member", "reviewer"])
def test_only_owners_add_members(client, people, organisation, who):
    newcomer = UserFactory()
    _as(client, who, people)
    client.post(MEMBERS, {"email": newcomer.email, "role": "owner"})
    assert not Membership.objects.filter(user=newcomer).exists()


def test_owner_removes_a_member(client, owner, member, organisation):
    membership = Membership.objects.get(user=member)
    client.force_login(owner)
    response = client.post(f"{MEMBERS}{membership.pk}/remove/")
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=membership.pk).exists()


@pytest.mark.parametrize("who", ["anonymous", "outsider", "member", "reviewer"])
def test_only_owners_remove_members(client, people, owner, who):
    membership = Membership.objects.get(user=owner)
    _as(client, who, people)
    client.post(f"{MEMBERS}{membership.pk}/remove/")
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_the_last_owner_stays(client, owner, member):
    membership = Membership.objects.get(user=owner)
    client.force_login(owner)
    response = client.post(f"{MEMBERS}{membership.pk}/remove/", follow=True)
    assert "You cannot remove the last owner" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()


def test_an_owner_leaves_when_another_owner_remains(owner, organisation):
    second = services.add_member(actor=owner, organisation=organisation, email=UserFactory().email, role="owner")
    services.remove_member(
        actor=second.user, organisation=organisation, membership_id=Membership.objects.get(user=owner).pk
    )
    assert list(organisation.memberships.values_list("user", flat=True)) == [second.user.pk]


def test_removing_a_membership_of_another_organisation_is_refused(owner, organisation):
    elsewhere = Organisation.objects.create(name="Other", slug="other", kind="ngo")
    stranger = services.ensure_membership(organisation=elsewhere, user=UserFactory(), role="member")
    with pytest.raises(DomainError):
        services.remove_member(actor=owner, organisation=organisation, membership_id=stranger.pk)
    assert Membership.objects.filter(pk=stranger.pk).exists()


def test_member_page_lists_in_constant_queries(client, owner, organisation, django_assert_num_queries):
    client.force_login(owner)
    with django_assert_num_queries(5) as few:  # session, user, organisation, membership check, members
        client.get(MEMBERS)
    for _ in range(10):
        services.add_member(actor=owner, organisation=organisation, email=UserFactory().email)
    with django_assert_num_queries(len(few.captured_queries)):
        client.get(MEMBERS)


def test_membership_changes_are_in_the_audit_log(organisation, owner, outsider):
    from talentas.audit.models import AuditEntry
    from talentas.organisations import services as organisation_services

    added = organisation_services.add_member(actor=owner, organisation=organisation, email=outsider.email)
    organisation_services.remove_member(actor=owner, organisation=organisation, membership_id=added.pk)
    removed, joined = AuditEntry.objects.all()
    assert (joined.verb, joined.actor, joined.organisation) == ("organisations.membership.add", owner, organisation)
    assert joined.changes == {"role": [None, "member"]}
    assert (removed.verb, removed.target_id, removed.changes) == (
        "organisations.membership.remove",
        str(added.pk),
        {"role": ["member", None]},
    )
