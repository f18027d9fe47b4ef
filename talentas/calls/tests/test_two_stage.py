"""The two-stage call: a short concept by the concepts' deadline, then the full application for the concepts the
programme team invites; the declined ones end as not funded; reviewers only ever see full applications."""

import datetime
import itertools
import json
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from talentas.accounts import services as account_services
from talentas.calls import selectors, services
from talentas.calls.models import Application, Call
from talentas.core.errors import Conflict, DomainError, PermissionDenied, validate
from talentas.notices.models import Notice
from talentas.review import services as review_services
from talentas.review.selectors import applications_visible_to

from .factories import CallFactory

pytestmark = pytest.mark.django_db
Status = Application.Status
Phase = Application.Phase
CONCEPT = services.ApplicationInput(
    project_title="Drone maps for farms",
    summary="Maps of fields and forests from drones.",
    requested_eur=Decimal("3000"),
)
FULL = services.ApplicationInput(
    registered_in_city=True, founded_on=timezone.localdate() - datetime.timedelta(days=700)
)


@pytest.fixture
def call():
    now = timezone.now()
    return CallFactory(
        two_stage=True, concept_closes_at=now + datetime.timedelta(days=3), closes_at=now + datetime.timedelta(days=10)
    )


@pytest.fixture
def concept(call, owner, member, organisation):
    """A submitted concept of the organisation (two members) to the two-stage call."""
    application = services.start_application(user=owner, call=call, organisation=organisation)
    services.save_draft(user=owner, application_id=application.pk, data=CONCEPT)
    return services.submit(user=member, application_id=application.pk)


def test_a_two_stage_call_needs_a_concept_deadline_inside_its_opening(call):
    call.concept_closes_at = None
    with pytest.raises(DomainError) as missing:
        validate(call)
    assert missing.value.field == "concept_closes_at"
    call.concept_closes_at = call.closes_at + datetime.timedelta(hours=1)
    with pytest.raises(DomainError) as outside:
        validate(call)
    assert outside.value.field == "concept_closes_at"
    ordinary = CallFactory()
    validate(ordinary)  # an ordinary call needs none
    assert ordinary.deadline(Phase.CONCEPT) == ordinary.closes_at


def test_the_database_refuses_a_two_stage_call_without_a_concept_deadline(call):
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=call.pk).update(concept_closes_at=None)


def test_the_concept_asks_only_its_own_fields_and_is_submitted_before_its_deadline(call, owner, organisation):
    application = services.start_application(user=owner, call=call, organisation=organisation)
    assert application.phase == Phase.CONCEPT and application.deadline == call.concept_closes_at
    assert [gap["field"] for gap in services.missing(application)] == ["project_title", "summary", "requested_eur"]
    # The eligibility declarations, the call's questions and files are the full application's.
    with pytest.raises(Conflict) as declared:
        services.save_draft(user=owner, application_id=application.pk, data=FULL)
    assert declared.value.code == "full_application_only" and declared.value.field == "registered_in_city"
    pdf = SimpleUploadedFile("plan.pdf", b"%PDF-1.4 plan", content_type="application/pdf")
    with pytest.raises(Conflict) as attached:
        services.attach_file(user=owner, application_id=application.pk, file=pdf)
    assert attached.value.code == "full_application_only"
    services.save_draft(user=owner, application_id=application.pk, data=CONCEPT)
    application.refresh_from_db()
    # The organisation's city is not the city's: the full application's rule, not the concept's.
    application.registered_in_city = False
    application.save()
    assert services.missing(application) == [] and services.eligibility_problems(application) == []
    submitted = services.submit(user=owner, application_id=application.pk)
    assert submitted.status == Status.CONCEPT_SUBMITTED and submitted.phase == Phase.CONCEPT
    assert Notice.objects.filter(key__startswith=f"calls.application.{application.pk}.submit_concept").count() == 1


def test_a_late_concept_is_refused_and_the_draft_kept(call, owner, organisation):
    application = services.start_application(user=owner, call=call, organisation=organisation)
    services.save_draft(user=owner, application_id=application.pk, data=CONCEPT)
    with time_machine.travel(call.concept_closes_at + datetime.timedelta(minutes=1)):
        with pytest.raises(Conflict) as late:
            services.submit(user=owner, application_id=application.pk)
        assert late.value.code == "deadline_passed"
        # Nor can a new concept be started once the concepts have closed.
        other = CallFactory(two_stage=True, concept_closes_at=call.concept_closes_at, closes_at=call.closes_at)
        with pytest.raises(Conflict) as too_late:
            services.start_application(user=owner, call=other, organisation=organisation)
        assert too_late.value.code == "deadline_passed"
    application.refresh_from_db()
    assert application.status == Status.DRAFT and application.project_title == CONCEPT.project_title


def test_staff_invite_a_concept_to_the_full_application(concept, owner, plan_manager, settings):
    owner.preferred_language = "lt"
    owner.save()
    invited = services.invite_to_full(actor=plan_manager, application_id=concept.pk, message="Laukiame paraiškos.")
    assert invited.status == Status.DRAFT and invited.phase == Phase.FULL
    assert invited.invited_by == plan_manager and invited.invited_at is not None
    assert invited.deadline == concept.call.closes_at
    # Each member is told in their own language, and the staff's words are on the thread.
    notices = Notice.objects.filter(key__startswith=f"calls.application.{concept.pk}.invite")
    assert notices.count() == 2
    assert "pakviesta" in notices.get(user=owner).body
    assert invited.messages.get().body == "Laukiame paraiškos."
    # Now the full application: the declarations are asked, and it is submitted by the call's closing.
    invited.refresh_from_db()
    assert [gap["field"] for gap in services.missing(invited)] == ["founded_on"]
    services.save_draft(user=owner, application_id=invited.pk, data=FULL)
    with time_machine.travel(concept.call.concept_closes_at + datetime.timedelta(days=1)):
        submitted = services.submit(user=owner, application_id=invited.pk)
    assert submitted.status == Status.SUBMITTED and submitted.phase == Phase.FULL


def test_staff_follow_an_invited_concept_while_its_full_application_is_drafted(concept, owner, plan_manager, outsider):
    services.invite_to_full(actor=plan_manager, application_id=concept.pk)
    assert concept.pk in set(selectors.staff_applications().values_list("pk", flat=True))
    assert applications_visible_to(plan_manager).filter(pk=concept.pk).exists()
    assert not applications_visible_to(outsider).filter(pk=concept.pk).exists()
    # An ordinary draft, never submitted, stays the applicants' own.
    draft = services.start_application(user=owner, call=CallFactory(), organisation=concept.organisation)
    assert not selectors.staff_applications().filter(pk=draft.pk).exists()
    assert not applications_visible_to(plan_manager).filter(pk=draft.pk).exists()


def test_staff_decline_a_concept_as_not_funded(concept, plan_manager):
    declined = services.decline_concept(actor=plan_manager, application_id=concept.pk, message="Too early for us.")
    assert declined.status == Status.REJECTED and declined.decision_message == "Too early for us."
    assert declined.decided_by == plan_manager
    notice = Notice.objects.filter(key__startswith=f"calls.application.{concept.pk}.decline_concept").first()
    assert notice is not None and "not invited" in notice.body and "Too early for us." in notice.body
    with pytest.raises(Conflict) as again:
        services.invite_to_full(actor=plan_manager, application_id=concept.pk)
    assert again.value.code == "transition_not_allowed"


def test_a_concept_takes_none_of_the_full_applications_moves(concept, plan_manager):
    for transition in services.STAFF_MOVES:
        with pytest.raises(Conflict):
            services.move(actor=plan_manager, application_id=concept.pk, transition=transition, message="Why?")
    with pytest.raises(Conflict):
        services.approve(actor=plan_manager, application_id=concept.pk, amount_eur="3000")


def test_only_programme_staff_invite_or_decline(concept, owner, outsider):
    for person in (owner, outsider):
        with pytest.raises(PermissionDenied) as refused:
            services.invite_to_full(actor=person, application_id=concept.pk)
        assert refused.value.code == "transition_forbidden"
        with pytest.raises(PermissionDenied):
            services.decline_concept(actor=person, application_id=concept.pk)
    concept.refresh_from_db()
    assert concept.status == Status.CONCEPT_SUBMITTED


def test_no_invitation_once_the_call_has_closed(concept, plan_manager):
    with (
        time_machine.travel(concept.call.closes_at + datetime.timedelta(minutes=1)),
        pytest.raises(Conflict) as late,
    ):
        services.invite_to_full(actor=plan_manager, application_id=concept.pk)
    assert late.value.code == "deadline_passed"
    concept.refresh_from_db()
    assert concept.status == Status.CONCEPT_SUBMITTED


def test_reviewers_are_never_assigned_to_a_concept(concept, plan_manager, me_officer):
    with pytest.raises(Conflict) as refused:
        review_services.assign_reviewer(
            actor=plan_manager, application_id=concept.pk, reviewer=me_officer, role="expert"
        )
    assert refused.value.code == "concept_not_reviewed"
    skipped = review_services.bulk_apply(
        actor=plan_manager, applications=Application.objects.all(), action="assign", reviewers=[me_officer]
    )
    assert (skipped.done, skipped.skipped) == (0, 1)


def test_bulk_invites_the_concepts_and_skips_the_rest(concept, plan_manager):
    from .factories import submitted

    full = submitted(call=concept.call)
    result = review_services.bulk_apply(
        actor=plan_manager, applications=Application.objects.all(), action="invite", message=""
    )
    assert (result.matched, result.done, result.skipped) == (2, 1, 1)
    concept.refresh_from_db()
    full.refresh_from_db()
    assert concept.phase == Phase.FULL and concept.status == Status.DRAFT and full.status == Status.SCREENING


# ------------------------------------------------------------------------------------------- pages


def test_the_applicants_page_shows_the_concept_and_submits_it(client, call, owner, organisation, call_form):
    Call.objects.filter(pk=call.pk).update(form=call_form)
    application = services.start_application(user=owner, call=Call.objects.get(pk=call.pk), organisation=organisation)
    client.force_login(owner)
    url = f"/en/calls/applications/{application.pk}/"
    page = client.get(url).content.decode()
    assert "Concept" in page and "Submit the concept" in page
    assert 'name="founded_on"' not in page and 'name="answers-team_story"' not in page and "Attach" not in page
    done = client.post(
        url,
        {"action": "submit", "project_title": "Drones", "summary": "Maps.", "requested_eur": "3000"},
        follow=True,
    )
    assert "Your concept is submitted." in done.content.decode()
    application.refresh_from_db()
    assert application.status == Status.CONCEPT_SUBMITTED
    lithuanian = client.get(f"/lt/calls/applications/{application.pk}/").content.decode()
    assert "Koncepcija" in lithuanian


def test_the_call_page_gives_the_concepts_deadline_and_says_when_they_have_closed(client, call, owner):
    client.force_login(owner)
    assert "Concepts close on" in client.get(f"/en/calls/{call.pk}/").content.decode()
    with time_machine.travel(call.concept_closes_at + datetime.timedelta(minutes=1)):
        page = client.get(f"/en/calls/{call.pk}/").content.decode()
    assert "The concepts have closed" in page and "Start an application" not in page


def test_a_submitted_concept_can_be_withdrawn(concept, owner):
    withdrawn = services.withdraw(user=owner, application_id=concept.pk)
    assert withdrawn.status == Status.WITHDRAWN


def test_staff_see_the_concepts_and_invite_one_from_its_page(client, concept, plan_manager, outsider):
    client.force_login(plan_manager)
    listing = client.get("/en/calls/staff/applications/?phase=concept").content.decode()
    assert concept.project_title in listing and "Concept submitted" in listing
    assert concept.project_title not in client.get("/en/calls/staff/applications/?phase=full").content.decode()
    url = f"/en/calls/staff/applications/{concept.pk}/"
    page = client.get(url).content.decode()
    assert "Invite to the full application" in page and "Decline the concept" in page
    client.force_login(outsider)
    assert client.post(url, {"action": "concept", "decision": "invite"}).status_code == 404
    client.force_login(plan_manager)
    response = client.post(url, {"action": "concept", "decision": "invite", "message": ""})
    assert response.status_code == 302
    concept.refresh_from_db()
    assert concept.phase == Phase.FULL and concept.invited_by == plan_manager


# --------------------------------------------------------------------------------------------- API

_numbers = itertools.count()


def _auth(user):
    _token, raw = account_services.create_api_token(user=user, name=f"two-stage {next(_numbers)}")
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", "HTTP_ACCEPT_LANGUAGE": "en"}


def test_the_api_shows_the_phase_and_submits_the_concept_until_its_deadline(client, call, owner, organisation):
    created = client.post(
        f"/api/v1/calls/{call.pk}/applications",
        json.dumps({"organisation": organisation.slug}),
        content_type="application/json",
        **_auth(owner),
    ).json()
    assert created["phase"] == "concept"
    assert [gap["field"] for gap in created["missing"]] == ["project_title", "summary", "requested_eur"]
    url = f"/api/v1/applications/{created['id']}"
    refused = client.put(url, json.dumps({"stage": "idea"}), content_type="application/json", **_auth(owner))
    assert refused.status_code == 409 and refused.json()["field"] == "stage"
    client.put(
        url, json.dumps({"project_title": "Drones", "summary": "Maps.", "requested_eur": "3000"}),
        content_type="application/json", **_auth(owner),
    )  # fmt: skip
    with time_machine.travel(call.concept_closes_at + datetime.timedelta(seconds=1)):
        late = client.post(f"{url}/submit", **_auth(owner))
    assert late.status_code == 409 and late.json()["code"] == "deadline_passed"
    done = client.post(f"{url}/submit", **_auth(owner))
    assert done.status_code == 200 and done.json()["status"] == "concept_submitted"
    listed = client.get(f"/api/v1/calls/{call.pk}/applications", **_auth(owner)).json()
    assert listed["items"][0]["phase"] == "concept"
    eligibility = client.get(f"/api/v1/calls/{call.pk}").json()["eligibility"]
    assert eligibility["two_stage"] and eligibility["concept_closes_at"] is not None
    schema = client.get("/api/v1/openapi.json").json()["components"]["schemas"]["CallApplicationOut"]
    assert schema["properties"]["phase"]["enum"] == ["concept", "full"]
