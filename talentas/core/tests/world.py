"""A small city in which one person owns one of everything, for tests that visit every route.

The authorization sweep and the schema fuzzing both need real objects behind every path parameter, each
with a known owner, and people who must not reach them. `build_world()` makes them through the apps'
own factories and services, so each object is in the state the site itself would leave it in.
"""

import datetime
from dataclasses import dataclass

from django.core import signing
from django.utils import timezone

from talentas.accounts import services as account_services
from talentas.accounts.models import ApiToken, Role, User
from talentas.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from talentas.calls import services as call_services
from talentas.calls.models import Application as CallApplication
from talentas.calls.models import ApplicationFile, Call, CallDocument, Instalment, MilestoneReport, ProgrammeKind
from talentas.calls.tests.factories import CallFactory, ProgrammeFactory, complete, submitted
from talentas.cohorts import services as cohort_services
from talentas.cohorts.models import CohortMember
from talentas.core.choices import ResponsibleEntity
from talentas.events import services as event_services
from talentas.events.models import Event, Registration
from talentas.events.tests.factories import EventFactory, RegistrationFactory
from talentas.forms.models import Form, FormVersion, Question, Section
from talentas.forms.tests.factories import every_kind_form
from talentas.governance.models import Decision, SteeringMeeting
from talentas.hiring import services as hiring_services
from talentas.hiring.models import Application
from talentas.monitoring.models import IndicatorValue, Report, ValueImport, ValueState
from talentas.monitoring.tests.factories import IndicatorValueFactory, period, small_plan
from talentas.notices import services as notice_services
from talentas.notices.models import Notice
from talentas.organisations.models import Membership, Organisation, OrganisationClaim
from talentas.organisations.tests.factories import ClaimFactory, MembershipFactory, OrganisationFactory
from talentas.pitches import services as pitch_services
from talentas.pitches.models import Finalist, PitchEvent
from talentas.pitches.tests.factories import jury_rubric
from talentas.plans.models import Action, Indicator, Plan
from talentas.review import services as review_services
from talentas.review.models import ReviewerAssignment
from talentas.review.tests.factories import in_review, rubric_for
from talentas.talent import services as talent_services
from talentas.talent.models import Alert, ContactRequest, Opportunity, Skill, TalentProfile
from talentas.talent.tests.factories import SkillFactory

UNSUBSCRIBE_SALT = "talent-alert-unsubscribe"  # the salt talent.views signs unsubscribe links with


@dataclass
class World:
    """Everything one route could point at, and the actors who visit it."""

    owner: User
    other_member: User
    user: User
    staff: User
    talent_user: User
    organisation: Organisation
    other_organisation: Organisation
    membership: Membership
    claim: OrganisationClaim
    plan: Plan
    action: Action
    indicator: Indicator
    value: IndicatorValue
    meeting: SteeringMeeting
    decision: Decision
    report: Report
    event: Event
    registration: Registration
    ticket: str
    feed_token: str
    skill: Skill
    profile: TalentProfile
    opportunity: Opportunity
    contact: ContactRequest
    alert: Alert
    unsubscribe_token: str
    token: ApiToken
    notice: Notice
    value_import: ValueImport
    tokens: dict[str, str]
    application: Application
    call: Call
    call_document: CallDocument
    call_application: CallApplication
    call_file: ApplicationFile
    instalment: Instalment
    milestone_report: MilestoneReport
    form: Form  # staff's form with a draft version (the builder's routes), its version, a section, a question
    form_version: FormVersion
    form_section: Section
    form_question: Question
    review_assignment: ReviewerAssignment  # the owner reviews another organisation's application to the call
    pitch_event: PitchEvent  # the owner chairs its jury; its finalist is another organisation's application
    pitch_finalist: Finalist
    cohort_member: CohortMember  # the owner's organisation in an accelerator cohort, with a session and a milestone

    def actor(self, name: str) -> User | None:
        return None if name == "anonymous" else getattr(self, name)


def _profile(user: User, skill_id: int) -> TalentProfile:
    return talent_services.save_talent_profile(
        user=user,
        data=talent_services.ProfileInput(
            kind=TalentProfile.Kind.STUDENT,
            headline="Python developer",
            city="Alytus",
            mobility=TalentProfile.Mobility.LIVES_HERE,
            education_level=6,
            looking_for=("job",),
            available_from=timezone.localdate(),
            visibility="employers",
        ),
        skills=[(skill_id, 3)],
        languages=[("lt", 6)],
        consent=True,
    )


def build_world() -> World:
    """The owner: owner of a verified organisation (its event, opportunity, contact request and member list),
    indicator owner of the Business Support indicators, and holder of an alert, a calendar feed and a token.
    The other actors: a member of another organisation, a plain signed-in person, and a plan manager who is
    also the M&E officer (staff)."""
    owner = UserFactory(email="owner@world.example")
    RoleAssignmentFactory(user=owner, role=Role.INDICATOR_OWNER, department=ResponsibleEntity.BUSINESS_SUPPORT)
    organisation = OrganisationFactory(slug="owners-company", verification=Organisation.Verification.VERIFIED)
    MembershipFactory(organisation=organisation, user=owner, role=Membership.Role.OWNER)
    membership = MembershipFactory(organisation=organisation, role=Membership.Role.MEMBER)
    other_organisation = OrganisationFactory(slug="other-company", verification=Organisation.Verification.VERIFIED)
    other_member = MembershipFactory(organisation=other_organisation, role=Membership.Role.OWNER).user
    user = UserFactory(email="user@world.example")
    staff = UserFactory(email="staff@world.example")
    RoleAssignmentFactory(user=staff, role=Role.PLAN_MANAGER)
    RoleAssignmentFactory(user=staff, role=Role.ME_OFFICER)
    claim = ClaimFactory(user=owner, organisation=OrganisationFactory(slug="claimed-company"))

    plan = small_plan()
    action = plan.objectives.get().actions.get(code="1.1")
    indicator = plan.indicators.get(code="O1.1")
    value = IndicatorValueFactory(
        indicator=indicator, period=period("2025-Q2"), state=ValueState.DRAFT, entered_by=owner
    )
    meeting = SteeringMeeting.objects.create(plan=plan, date=datetime.date(2025, 6, 1), title="Second quarter")
    decision = Decision.objects.create(
        meeting=meeting,
        kind=Decision.Kind.BUDGET_CHANGE,
        text="Move EUR 10,000 to the incubator.",
        council_status=Decision.Council.PENDING,
    )
    report = Report.objects.create(
        plan=plan, kind=Report.Kind.QUARTERLY, period=period("2025-Q1"), language="en", requested_by=staff
    )

    event = EventFactory(organisers=[organisation], action=action, capacity=10)
    talent_user = UserFactory(email="talent@world.example")
    registration = RegistrationFactory(event=event, user=talent_user)
    RegistrationFactory(event=event, user=owner)

    skill = SkillFactory(label_en="Python (computer programming)")
    profile = _profile(talent_user, skill.pk)
    opportunity = talent_services.create_opportunity(
        user=owner,
        organisation=organisation,
        data=talent_services.OpportunityInput(
            kind="job",
            title="Junior Python developer",
            description="Python web applications for Alytus firms.",
            education_level=5,
            start_date=timezone.localdate() + datetime.timedelta(days=30),
            closes_on=timezone.localdate() + datetime.timedelta(days=20),
            salary_min=1500,
            salary_max=2200,
        ),
        skills=[(skill.pk, True)],
        languages=[("lt", 4, True)],
    )
    contact = talent_services.request_contact(
        user=owner,
        organisation=organisation,
        profile=profile,
        message="We would like to talk about the junior developer job.",
        opportunity=opportunity,
    )
    # The talent applied for the owner's opportunity: the owner's organisation sees the applicant.
    application = hiring_services.apply(
        user=talent_user, opportunity=opportunity, consent=True, message="I would like this job."
    )
    call, call_application, call_document, call_file, instalment, milestone_report = _grant_round(
        owner=owner, staff=staff, organisation=organisation, action=action
    )
    pitch_event, pitch_finalist = _pitch_competition(owner=owner, staff=staff)
    alert = talent_services.create_alert(user=owner, subject=Alert.Subject.SEARCH, frequency="weekly", query="python")

    tokens = {}
    actors = {"owner": owner, "other_member": other_member, "user": user, "staff": staff, "talent_user": talent_user}
    for name, person in actors.items():
        tokens[name] = account_services.create_api_token(user=person, name="world")[1]
    notice = notice_services.notify(
        user=owner, key="world.notice", title="A notice for the owner", body="", url="", email=False
    )
    form = every_kind_form(by=staff, publish=False)
    value_import = ValueImport.objects.create(plan=plan, requested_by=owner, filename="values.xlsx", state="done")
    return World(
        owner=owner,
        other_member=other_member,
        user=user,
        staff=staff,
        talent_user=talent_user,
        organisation=organisation,
        other_organisation=other_organisation,
        membership=membership,
        claim=claim,
        plan=plan,
        action=action,
        indicator=indicator,
        value=value,
        meeting=meeting,
        decision=decision,
        report=report,
        event=event,
        registration=registration,
        ticket=event_services.ticket_token(registration),
        feed_token=event_services.personal_feed(user=owner).token,
        skill=skill,
        profile=profile,
        opportunity=opportunity,
        contact=contact,
        alert=alert,
        unsubscribe_token=signing.dumps(alert.pk, salt=UNSUBSCRIBE_SALT),
        token=owner.api_tokens.get(),
        notice=notice,
        value_import=value_import,
        tokens=tokens,
        application=application,
        call=call,
        call_document=call_document,
        call_application=call_application,
        call_file=call_file,
        instalment=instalment,
        milestone_report=milestone_report,
        form=form,
        form_version=form.versions.get(),
        form_section=Section.objects.filter(version__form=form).first(),
        form_question=Question.objects.filter(version__form=form).first(),
        review_assignment=_review(call=call, staff=staff, reviewer=owner, organisation=other_organisation),
        pitch_event=pitch_event,
        pitch_finalist=pitch_finalist,
        cohort_member=_cohort(staff=staff, organisation=organisation, action=action),
    )


def _review(*, call: Call, staff: User, reviewer: User, organisation: Organisation) -> ReviewerAssignment:
    """Another organisation's application to the call is in review; the owner is its reviewer, with no conflict."""
    rubric_for(call)
    application = in_review(call=call, organisation=organisation)
    assignment = review_services.assign_reviewer(
        actor=staff, application_id=application.pk, reviewer=reviewer, role="expert"
    )
    review_services.declare(user=reviewer, assignment_id=assignment.pk, has_conflict=False)
    return assignment


def _pitch_competition(*, owner: User, staff: User) -> tuple:
    call = CallFactory(programme__kind=ProgrammeKind.PITCH_COMPETITION)
    pitch_event = pitch_services.create_pitch_event(
        actor=staff, call_id=call.pk, starts_at=timezone.now(), venue="Alytus", rubric_id=jury_rubric().pk
    )
    finalist = pitch_services.invite_finalist(
        actor=staff, pitch_event_id=pitch_event.pk, application_id=submitted(call).pk
    )
    pitch_services.add_juror(actor=staff, pitch_event_id=pitch_event.pk, user=owner, is_chair=True)
    return pitch_event, finalist


def _cohort(*, staff: User, organisation: Organisation, action: Action) -> CohortMember:
    cohort = cohort_services.create_cohort(
        actor=staff,
        programme=ProgrammeFactory(kind=ProgrammeKind.ACCELERATOR, action=action),
        year=2026,
        name="Accelerator 2026",
        starts_on=datetime.date(2026, 1, 1),
        ends_on=datetime.date(2026, 12, 31),
    )
    member = cohort_services.add_member(actor=staff, cohort=cohort, organisation=organisation)
    cohort_services.add_milestone(actor=staff, member_id=member.pk, title="First customer", due_on=cohort.ends_on)
    return member


def _grant_round(*, owner: User, staff: User, organisation: Organisation, action: Action) -> tuple:
    """The owner's organisation applied to an open call and was awarded a grant; its second instalment waits on a
    milestone report. The files behind the rows are saved by the tests that download them."""
    call = CallFactory(programme__action=action)
    document = CallDocument.objects.create(call=call, title_en="Rules of the call", title_lt="Kvietimo taisyklės")
    application = call_services.start_application(user=owner, call=call, organisation=organisation)
    attached = ApplicationFile.objects.create(application=application, uploaded_by=owner, name="budget.pdf", size=15)
    complete(application)
    call_services.submit(user=owner, application_id=application.pk)
    call_services.move(actor=staff, application_id=application.pk, transition="screen")
    award = call_services.approve(actor=staff, application_id=application.pk, amount_eur="4000")
    instalment = award.instalments.get(position=2)
    report = call_services.submit_report(user=owner, instalment_id=instalment.pk, progress="Halfway.", spent_eur=900)
    return call, application, document, attached, instalment, report
