"""Cohorts of the accelerator and the incubator: staff form them and admit startups, mentors record sessions and
milestones, each startup sees only its own page (never the private notes), training attendance comes from events."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from talentas.accounts.models import Role
from talentas.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from talentas.calls import services as call_services
from talentas.calls.models import ProgrammeKind
from talentas.calls.tests.factories import CallFactory, ProgrammeFactory, submitted
from talentas.cohorts import services
from talentas.cohorts.models import CohortMember, MentoringSession
from talentas.core import personal_data
from talentas.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from talentas.events.models import Registration
from talentas.events.tests.factories import EventFactory, RegistrationFactory
from talentas.organisations.tests.factories import OrganisationFactory

pytestmark = pytest.mark.django_db

START, END = datetime.date(2026, 1, 1), datetime.date(2026, 12, 31)


def _mentor():
    person = UserFactory(full_name="Andrius Kavaliauskas")
    RoleAssignmentFactory(user=person, role=Role.REVIEWER)
    return person


@pytest.fixture
def programme():
    return ProgrammeFactory(kind=ProgrammeKind.ACCELERATOR, name_en="Accelerator")


@pytest.fixture
def cohort(plan_manager, programme):
    return services.create_cohort(
        actor=plan_manager, programme=programme, year=2026, name="Accelerator 2026", starts_on=START, ends_on=END,
        demo_day_on=datetime.date(2026, 6, 30),
    )  # fmt: skip


@pytest.fixture
def mentor(plan_manager, cohort):
    person = _mentor()
    services.assign_mentor(actor=plan_manager, cohort=cohort, mentor=person, expertise="Sales")
    return person


@pytest.fixture
def member(plan_manager, cohort, organisation, owner):
    return services.add_member(actor=plan_manager, cohort=cohort, organisation=organisation)


def _held(days_ago=1):
    return timezone.now() - datetime.timedelta(days=days_ago)


def test_only_the_accelerator_and_the_incubator_have_cohorts(plan_manager, member):
    with pytest.raises(DomainError) as error:
        services.create_cohort(
            actor=plan_manager, programme=ProgrammeFactory(kind=ProgrammeKind.GRANT_FUND), year=2026, name="x",
            starts_on=START, ends_on=END,
        )  # fmt: skip
    assert error.value.code == "not_a_cohort_programme"
    with pytest.raises(PermissionDenied):
        services.create_cohort(
            actor=member.organisation.memberships.first().user, programme=member.cohort.programme, year=2026,
            name="y", starts_on=START, ends_on=END,
        )  # fmt: skip
    with pytest.raises(DomainError):  # the demo day falls outside the cohort
        services.create_cohort(
            actor=plan_manager, programme=member.cohort.programme, year=2026, name="z", starts_on=START,
            ends_on=END, demo_day_on=datetime.date(2027, 1, 5),
        )  # fmt: skip


def test_approved_applications_of_the_programme_join_once(plan_manager, cohort, programme):
    call = CallFactory(programme=programme)
    approved = submitted(call)
    call_services.approve(actor=plan_manager, application_id=approved.pk, amount_eur="3000")
    submitted(call)  # not decided: stays out
    CallFactory(programme=programme, budget_year=2025)  # another year's call
    assert services.admit_approved(actor=plan_manager, cohort=cohort) == 1
    assert services.admit_approved(actor=plan_manager, cohort=cohort) == 0
    joined = CohortMember.objects.get(cohort=cohort)
    assert (joined.organisation, joined.source, joined.application) == (
        approved.organisation,
        CohortMember.Source.APPLICATION,
        approved,
    )
    with pytest.raises(Conflict) as error:
        services.add_member(actor=plan_manager, cohort=cohort, organisation=approved.organisation)
    assert error.value.code == "already_member"


def test_a_mentor_needs_the_mentor_role(plan_manager, cohort):
    with pytest.raises(DomainError) as error:
        services.assign_mentor(actor=plan_manager, cohort=cohort, mentor=UserFactory())
    assert error.value.code == "not_a_mentor"


def test_a_mentor_records_their_own_sessions_and_only_in_their_cohorts(plan_manager, cohort, mentor, member):
    session = services.record_session(
        actor=mentor, member_id=member.pk, held_at=_held(), hours="1,5", notes="Pricing.", staff_notes="Weak team."
    )
    assert (session.mentor, session.hours, session.recorded_by) == (mentor, Decimal("1.50"), mentor)
    other = _mentor()  # a mentor, but not of this cohort
    with pytest.raises(NotFound):
        services.record_session(actor=other, member_id=member.pk, held_at=_held(), hours=1)
    with pytest.raises(DomainError) as error:
        services.record_session(actor=mentor, member_id=member.pk, held_at=_held(), hours=13)
    assert error.value.code == "invalid_hours"
    with pytest.raises(DomainError) as error:
        services.record_session(actor=mentor, member_id=member.pk, held_at=_held(-3), hours=1)
    assert error.value.code == "session_in_future"
    # staff record one for the cohort's mentor, never for somebody else
    assert (
        services.record_session(actor=plan_manager, member_id=member.pk, held_at=_held(), hours=2, mentor=mentor).mentor
        == mentor
    )
    with pytest.raises(DomainError) as error:
        services.record_session(actor=plan_manager, member_id=member.pk, held_at=_held(), hours=2, mentor=other)
    assert error.value.code == "not_cohort_mentor"


def test_the_startup_cannot_record_sessions_but_ticks_its_milestones(owner, mentor, member):
    with pytest.raises(PermissionDenied):
        services.record_session(actor=owner, member_id=member.pk, held_at=_held(), hours=1)
    with pytest.raises(PermissionDenied):
        services.add_milestone(actor=owner, member_id=member.pk, title="Launch", due_on=END)
    milestone = services.add_milestone(actor=mentor, member_id=member.pk, title="Launch", due_on=END)
    assert services.mark_milestone(actor=owner, milestone_id=milestone.pk, done=True).done_at is not None
    assert services.mark_milestone(actor=owner, milestone_id=milestone.pk, done=False).done_at is None
    with pytest.raises(NotFound):
        services.mark_milestone(actor=UserFactory(), milestone_id=milestone.pk, done=True)


def test_the_startups_page_shows_its_notes_but_never_the_private_ones(client, owner, mentor, member, plan_manager):
    services.record_session(
        actor=mentor, member_id=member.pk, held_at=_held(), hours=2, notes="Try a pilot customer.",
        staff_notes="Consider dropping them.",
    )  # fmt: skip
    url = reverse("cohorts:member", kwargs={"pk": member.pk})
    client.force_login(owner)
    page = client.get(url).content.decode()
    assert "Try a pilot customer." in page and "Andrius Kavaliauskas" in page
    assert "Consider dropping them." not in page and "Record a session" not in page
    for person in (mentor, plan_manager):
        client.force_login(person)
        page = client.get(url).content.decode()
        assert "Consider dropping them." in page and "Record a session" in page


def test_nobody_else_opens_the_cohort_or_the_startup(client, cohort, member, outsider):
    other_startup = services.add_member(actor=_staff(), cohort=cohort, organisation=_startup_with_member())
    client.force_login(outsider)
    for url in (
        reverse("cohorts:detail", kwargs={"pk": cohort.pk}),
        reverse("cohorts:member", kwargs={"pk": member.pk}),
    ):
        assert client.get(url).status_code == 404
    assert client.get(reverse("cohorts:list")).content.decode().count(cohort.name) == 0
    # a startup of the same cohort sees the cohort but not another startup's page
    client.force_login(other_startup.organisation.memberships.get().user)
    assert client.get(reverse("cohorts:detail", kwargs={"pk": cohort.pk})).status_code == 200
    assert client.get(reverse("cohorts:member", kwargs={"pk": member.pk})).status_code == 404
    assert client.post(reverse("cohorts:detail", kwargs={"pk": cohort.pk}), {"action": "admit"}).status_code == 403


def _staff():
    person = UserFactory()
    RoleAssignmentFactory(user=person, role=Role.PLAN_MANAGER)
    return person


def test_a_mentor_records_a_session_on_the_page(client, mentor, member):
    client.force_login(mentor)
    url = reverse("cohorts:member", kwargs={"pk": member.pk})
    response = client.post(url, {"action": "session", "held_at": "2026-01-10T10:00", "hours": "40", "notes": "x"})
    assert response.status_code == 400 and not MentoringSession.objects.exists()
    response = client.post(url, {"action": "session", "held_at": "2026-01-10T10:00", "hours": "1.5", "notes": "Go"})
    assert response.status_code == 302
    assert MentoringSession.objects.get().hours == Decimal("1.50")


def test_staff_run_the_cohort_on_its_page(client, plan_manager, cohort, django_assert_max_num_queries):
    client.force_login(plan_manager)
    startup = OrganisationFactory(name="Dronų ūkis")
    url = reverse("cohorts:detail", kwargs={"pk": cohort.pk})
    assert client.post(url, {"action": "add_member", "organisation": startup.pk}).status_code == 302
    person = _mentor()
    assert client.post(url, {"action": "mentor", "mentor": person.pk, "expertise": "Finance"}).status_code == 302
    with django_assert_max_num_queries(20):
        page = client.get(url).content.decode()
    assert "Dronų ūkis" in page and "Andrius Kavaliauskas" in page
    response = client.post(
        reverse("cohorts:list"),
        {"programme": cohort.programme.pk, "year": 2027, "name": "Accelerator 2027", "starts_on": "2027-01-01",
         "ends_on": "2026-12-01"},
    )  # fmt: skip
    assert response.status_code == 400  # ends before it starts


def test_training_attendance_comes_from_the_programmes_events(client, owner, member, programme):
    action_event = EventFactory(
        title="Pitch training", starts_at=timezone.make_aware(datetime.datetime(2026, 3, 3, 10))
    )
    programme.action = action_event.action
    programme.save()
    RegistrationFactory(
        event=action_event, user=owner, status=Registration.Status.ATTENDED, checked_in_at=action_event.starts_at
    )
    skipped = EventFactory(title="Registered, not there", action=action_event.action, starts_at=action_event.starts_at)
    RegistrationFactory(event=skipped, user=owner, status=Registration.Status.NO_SHOW)
    other = EventFactory(title="Another action", starts_at=action_event.starts_at)
    RegistrationFactory(event=other, user=owner, status=Registration.Status.ATTENDED, checked_in_at=other.starts_at)
    client.force_login(owner)
    page = client.get(reverse("cohorts:member", kwargs={"pk": member.pk})).content.decode()
    assert "Pitch training" in page
    assert "Registered, not there" not in page and "Another action" not in page


def test_incubator_residents_reach_the_coworking_hook(plan_manager, django_capture_on_commit_callbacks):
    given = []
    services.register_resident_hook(given.append)
    try:
        incubator = services.create_cohort(
            actor=plan_manager, programme=ProgrammeFactory(kind=ProgrammeKind.INCUBATOR), year=2026,
            name="Residents 2026", starts_on=START, ends_on=END,
        )  # fmt: skip
        accelerator = services.create_cohort(
            actor=plan_manager, programme=ProgrammeFactory(kind=ProgrammeKind.ACCELERATOR), year=2026,
            name="Accelerator", starts_on=START, ends_on=END,
        )  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            resident = services.add_member(actor=plan_manager, cohort=incubator, organisation=OrganisationFactory())
            services.add_member(actor=plan_manager, cohort=accelerator, organisation=OrganisationFactory())
        assert given == [resident]
    finally:
        services._resident_hooks.remove(given.append)


def test_a_mentors_sessions_are_exported_and_lose_their_words_when_the_account_goes(mentor, member):
    services.record_session(
        actor=mentor, member_id=member.pk, held_at=_held(), hours=1, notes="Pricing.", staff_notes="Private."
    )
    exported = personal_data.export_personal_data(user=mentor)
    assert "Pricing." in exported and "Private." in exported and member.organisation.name in exported
    personal_data.erase_personal_data(user=mentor)
    session = MentoringSession.objects.get()
    assert (session.mentor, session.notes, session.staff_notes, session.hours) == (None, "", "", Decimal("1.00"))


def _startup_with_member():
    from talentas.organisations.models import Membership

    startup = OrganisationFactory()
    Membership.objects.create(organisation=startup, user=UserFactory(), role=Membership.Role.OWNER)
    return startup


def test_the_accelerators_indicator_counts_its_cohorts_members_once(plan_manager, cohort, programme):
    from talentas.core.metrics import metric_value

    call = CallFactory(programme=programme)
    approved = submitted(call)
    call_services.approve(actor=plan_manager, application_id=approved.pk, amount_eur="3000")
    services.admit_approved(actor=plan_manager, cohort=cohort)  # the same startup: counted once
    services.add_member(actor=plan_manager, cohort=cohort, organisation=OrganisationFactory())  # added by hand
    year = {"start": datetime.date(2026, 1, 1), "end": datetime.date(2027, 1, 1)}
    assert metric_value("calls.participants.accelerator", **year) == 2
    assert metric_value("calls.participants.incubator", **year) == 0
    assert (
        metric_value("calls.participants.accelerator", start=datetime.date(2027, 1, 1), end=datetime.date(2028, 1, 1))
        == 0
    )
