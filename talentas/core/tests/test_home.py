"""The home page is alive for everyone and personal for a signed-in person; each block costs a fixed number of
queries whatever the amount of data, and each block shows an empty state (an illustration and an action) when it
has nothing to show."""

import datetime

import pytest
from django.utils import timezone

from talentas.accounts.models import Audience
from talentas.accounts.tests.factories import UserFactory
from talentas.calls.tests.factories import CallFactory
from talentas.core import selectors
from talentas.events.tests.factories import EventFactory, RegistrationFactory
from talentas.hiring import services as hiring_services
from talentas.organisations.models import Organisation
from talentas.organisations.tests.factories import ClaimFactory, OrganisationFactory
from talentas.talent import services as talent_services

from .world import _profile, build_world

pytestmark = pytest.mark.django_db

# Upper bounds for one visit, measured; they must not grow with the data (the test below adds more of it).
# The first visit after a data change also fills the public dashboard's cache (a fixed cost per plan indicator).
QUERIES = {"anonymous": 15, "talent_user": 30, "staff": 26, "owner": 26, "user": 21}


def _grow(world, n: int) -> None:
    """n more of everything a block lists or counts: events with registrations, opportunities with applicants,
    organisations, claims."""
    for i in range(n):
        CallFactory()
        event = EventFactory(organisers=[world.organisation], action=world.action, capacity=30)
        RegistrationFactory(event=event, user=world.talent_user)
        ClaimFactory(user=world.owner, organisation=OrganisationFactory(slug=f"grown-{n}-{i}"))
        opportunity = talent_services.create_opportunity(
            user=world.owner,
            organisation=world.organisation,
            data=talent_services.OpportunityInput(
                kind="job",
                title=f"Grown job {n}-{i}",
                description="More work in Alytus.",
                education_level=5,
                closes_on=timezone.localdate() + datetime.timedelta(days=20),
            ),
            skills=[(world.skill.pk, True)],
            languages=[],
        )
        applicant = UserFactory()
        _profile(applicant, world.skill.pk)
        hiring_services.apply(user=applicant, opportunity=opportunity, consent=True, message="Hello.")
        hiring_services.apply(user=world.talent_user, opportunity=opportunity, consent=True, message="Me too.")


@pytest.fixture
def world(db):
    return build_world()


def _visit(client, world, actor: str):
    person = world.actor(actor)
    client.logout()
    if person is not None:
        client.force_login(person)
    client.get("/en/")  # fills the dashboard's cache: the figures below are every later visit's cost
    return client.get("/en/")


@pytest.mark.parametrize("actor", list(QUERIES))
def test_the_home_page_costs_the_same_however_much_data(client, world, actor, django_assert_max_num_queries):
    for grow_by in (0, 3, 6):
        _grow(world, grow_by)
        person = world.actor(actor)
        if person is not None:
            client.force_login(person)  # a fresh user object: its roles and memberships are read again
        client.get("/en/")  # fills the dashboard's cache after the data changed
        with django_assert_max_num_queries(QUERIES[actor]):
            assert client.get("/en/").status_code == 200


def test_a_visitor_sees_events_opportunities_and_the_plan(client, world):
    page = _visit(client, world, "anonymous").content.decode()
    assert 'class="home-hero-art" src="/static/talentas/img/home-hero.svg" alt=""' in page
    assert world.event.title in page and "seats left of 10" in page
    assert "Junior Python developer" in page
    assert "Progress by objective" in page and "indicators on track or achieved" in page
    assert "home-steps-title" not in page  # no personal block for a visitor
    assert 'href="/en/accounts/signup/"' in page


def test_a_visitor_sees_the_funding_calls_open_now(client, world):
    """The calls module adds its block through the home page's one extension point; a closed call is not shown."""
    closed = CallFactory(title_en="Last year's grants", closes_at=timezone.now() - datetime.timedelta(days=1))
    page = _visit(client, world, "anonymous").content.decode()
    assert "Funding calls open now" in page and world.call.title in page
    assert f'href="/en/calls/{world.call.pk}/"' in page and closed.title not in page


def test_a_talent_sees_their_own_next_steps(client, world):
    page = _visit(client, world, "talent_user").content.decode()
    assert "Your next steps" in page
    assert "Your profile" in page and "steps done" in page
    assert world.event.title in page  # their ticket
    assert "Junior Python developer" in page and 'class="badge badge-amber">Submitted' in page
    assert 'href="/en/talent/me/steps/cv/"' in page  # the next step: the only one not saved yet


def test_staff_see_values_due_and_approvals_waiting(client, world):
    page = _visit(client, world, "staff").content.decode()
    assert "Values due" in page and "Approvals waiting" in page and "Organisation claims" in page
    assert 'href="/en/monitoring/staff/#review-title"' in page


def test_an_organisation_sees_applicants_and_pending_claims(client, world):
    page = _visit(client, world, "owner").content.decode()
    assert "Applicants to review" in page and "Your claims" in page
    steps = selectors.my_next_steps(world.owner)
    assert steps["organisation"].applicants_to_review == 1
    assert steps["organisation"].claims_pending == 1


def test_each_block_shows_an_empty_state_with_an_illustration(client, db):
    person = UserFactory(audience=Audience.TALENT)
    client.force_login(person)
    page = client.get("/en/").content.decode()
    for image in ("empty-events", "empty-opportunities", "empty-data", "empty-matches", "empty-applications"):
        assert f'src="/static/talentas/img/{image}.svg" alt=""' in page
    assert 'href="/en/talent/me/steps/about/"' in page and "Start my profile" in page


@pytest.mark.parametrize(
    ("audience", "link"),
    [("", "/en/account/#profile-heading"), (Audience.ORGANISATION, "/en/organisations/start/")],
)
def test_someone_with_nothing_to_do_is_shown_where_to_start(client, db, audience, link):
    client.force_login(UserFactory(audience=audience))
    page = client.get("/en/").content.decode()
    assert 'src="/static/talentas/img/empty-done.svg"' in page and f'href="{link}"' in page


def test_a_later_module_adds_its_block_in_one_place(client, db, monkeypatch):
    monkeypatch.setattr(selectors, "HOME_BLOCKS", list(selectors.HOME_BLOCKS))
    calls = selectors.HomeBlock("calls", "core/partials/home_happening.html", lambda user: None)
    selectors.add_home_block(calls, before="events")
    slugs = [block.slug for block in selectors.HOME_BLOCKS]
    assert slugs.index("calls") == slugs.index("events") - 1
    selectors.add_home_block(calls)  # added again: moved, never twice
    assert [block.slug for block in selectors.HOME_BLOCKS].count("calls") == 1
    assert "calls" not in [block.slug for block in selectors.home_blocks(UserFactory())]  # None: left out


def test_only_listed_verified_organisations_opportunities_show(client, world):
    Organisation.objects.filter(pk=world.organisation.pk).update(verification=Organisation.Verification.PENDING)
    assert "Junior Python developer" not in _visit(client, world, "anonymous").content.decode()
