"""Applying, the pipeline's moves and refusals, consent, notices in the applicant's language, placements."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone

from talentas.audit.models import AuditEntry
from talentas.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from talentas.core.metrics import metric_value
from talentas.hiring import services
from talentas.hiring.models import Application
from talentas.notices.models import Notice
from talentas.talent import services as talent_services
from talentas.talent.models import Opportunity

from .conftest import PDF, apply_for

S = Application.Status
pytestmark = pytest.mark.django_db


def test_applying_records_consent_answers_and_tells_both_sides(opportunity, talent, questions, employer):
    application = apply_for(
        opportunity,
        talent,
        message="I build Django sites.",
        answers={questions[0].pk: "My family lives here.", questions[1].pk: "yes", questions[2].pk: "At once"},
    )
    assert application.status == S.NEW
    assert application.consent_at is not None
    assert application.consent_version == services.CONSENT_VERSION
    assert [a["answer"] for a in application.answers] == ["My family lives here.", "yes", "At once"]
    assert application.answers[0]["text"] == "Why Alytus?"
    assert Notice.objects.filter(user=talent.user, key__startswith=f"hiring.application.{application.pk}.new").exists()
    assert Notice.objects.filter(user=employer, key=f"hiring.application.{application.pk}.new").exists()


def test_interest_only_needs_no_answers(opportunity, talent, questions):
    application = apply_for(opportunity, talent, interest_only=True)
    assert application.interest_only and application.answers == []


@pytest.mark.parametrize(
    ("answers", "code"),
    [
        ({}, "answer_required"),
        ({"q0": "x", "q1": "perhaps"}, "invalid_answer"),
        ({"q0": "x", "q2": "Next year"}, "invalid_answer"),
        ({"q0": "x", 999999: "?"}, "unknown_question"),
    ],
)
def test_answers_are_checked(opportunity, talent, questions, answers, code):
    ids = {f"q{i}": q.pk for i, q in enumerate(questions)}
    with pytest.raises(DomainError) as error:
        apply_for(opportunity, talent, answers={ids.get(k, k): v for k, v in answers.items()})
    assert error.value.code == code


def test_applying_without_consent_is_refused(opportunity, talent):
    with pytest.raises(DomainError) as error:
        services.apply(user=talent.user, opportunity=opportunity, consent=False)
    assert error.value.code == "consent_required"
    assert not Application.objects.exists()


def test_refusals_name_their_code(opportunity, talent, employer, outsider):
    with pytest.raises(DomainError) as error:
        services.apply(user=outsider, opportunity=opportunity, consent=True)
    assert error.value.code == "no_profile"
    employer_profile = talent_services.save_talent_profile(
        user=employer, data=talent_services.ProfileInput(kind="student"), skills=[], languages=[], consent=True
    )
    with pytest.raises(PermissionDenied) as error:
        apply_for(opportunity, employer_profile)
    assert error.value.code == "own_opportunity"
    Opportunity.objects.filter(pk=opportunity.pk).update(apply_url="https://jobs.example.com/1")
    opportunity.refresh_from_db()
    with pytest.raises(DomainError) as error:
        apply_for(opportunity, talent)
    assert error.value.code == "applies_elsewhere"
    Opportunity.objects.filter(pk=opportunity.pk).update(apply_url="")
    talent_services.close_opportunity(user=employer, opportunity=opportunity)
    opportunity.refresh_from_db()
    with pytest.raises(Conflict) as error:
        apply_for(opportunity, talent)
    assert error.value.code == "opportunity_closed"


def test_one_application_per_person_and_opportunity(opportunity, talent, application):
    with pytest.raises(Conflict) as error:
        apply_for(opportunity, talent)
    assert error.value.code == "already_applied"
    assert error.value.status_code == 409
    with pytest.raises(IntegrityError), transaction.atomic():
        Application.objects.create(
            opportunity=opportunity,
            profile=talent,
            consent_at=timezone.now(),
            consent_version="x",
            status_changed_at=timezone.now(),
        )


def test_a_cv_must_be_a_pdf_and_the_profiles_cv_is_copied(opportunity, talent, vocabulary, organisation, employer):
    with pytest.raises(DomainError) as error:
        apply_for(opportunity, talent, cv=SimpleUploadedFile("cv.pdf", b"not a pdf" * 20))
    assert error.value.field == "cv"
    talent_services.attach_cv(user=talent.user, upload=SimpleUploadedFile("cv.pdf", PDF))
    application = apply_for(opportunity, talent, use_profile_cv=True)
    assert application.cv.name != talent.cv.name
    with application.cv.open("rb") as copy:
        assert copy.read() == PDF


def test_every_move_is_audited_and_told_in_the_applicants_language(opportunity, lithuanian_talent, employer):
    application = apply_for(opportunity, lithuanian_talent)
    for status in (S.REVIEWING, S.SHORTLISTED, S.INTERVIEW, S.OFFER, S.HIRED):
        moved = services.move(actor=employer, application_id=application.pk, status=status, message="Iki pasimatymo")
        assert moved.status == status
    verbs = list(AuditEntry.objects.filter(verb__startswith="hiring.application.").values_list("verb", flat=True))
    assert sorted(verbs) == sorted(
        f"hiring.application.{v}" for v in ("review", "shortlist", "interview", "offer", "hire")
    )
    hired = Notice.objects.filter(user=lithuanian_talent.user, key__contains=".hired.").get()
    assert "Sveikiname" in hired.body and "Iki pasimatymo" in hired.body
    assert Notice.objects.filter(user=lithuanian_talent.user).count() == 6  # submitted + five moves
    application.refresh_from_db()
    assert application.hired_at is not None


def test_moves_from_the_wrong_state_or_by_outsiders_are_refused(application, employer, other_employer, talent):
    with pytest.raises(PermissionDenied) as error:
        services.move(actor=other_employer, application_id=application.pk, status=S.REVIEWING)
    assert error.value.code == "not_your_applicant"
    with pytest.raises(PermissionDenied):
        services.move(actor=talent.user, application_id=application.pk, status=S.HIRED)
    with pytest.raises(DomainError) as error:
        services.move(actor=employer, application_id=application.pk, status=S.WITHDRAWN)
    assert error.value.code == "unknown_status"
    services.move(actor=employer, application_id=application.pk, status=S.HIRED)
    with pytest.raises(Conflict) as error:
        services.move(actor=employer, application_id=application.pk, status=S.REVIEWING)
    assert error.value.code == "transition_not_allowed"


def test_not_selected_can_be_reconsidered(application, employer):
    services.move(actor=employer, application_id=application.pk, status=S.NOT_SELECTED)
    assert services.move(actor=employer, application_id=application.pk, status=S.REVIEWING).status == S.REVIEWING


def test_withdraw_until_hired(opportunity, application, talent, employer, vocabulary):
    with pytest.raises(PermissionDenied) as error:
        services.withdraw(user=employer, application_id=application.pk)
    assert error.value.code == "not_your_application"
    withdrawn = services.withdraw(user=talent.user, application_id=application.pk)
    assert withdrawn.status == S.WITHDRAWN
    assert Notice.objects.filter(user=employer, key=f"hiring.application.{application.pk}.withdrawn").exists()
    with pytest.raises(Conflict) as error:
        services.withdraw(user=talent.user, application_id=application.pk)
    assert error.value.code == "cannot_withdraw"
    other = make_hired(opportunity, employer, vocabulary)
    with pytest.raises(Conflict):
        services.withdraw(user=other.profile.user, application_id=other.pk)


def make_hired(opportunity, employer, vocabulary):
    from .conftest import make_profile

    application = apply_for(opportunity, make_profile(skills=[(vocabulary["python"], 3)]))
    return services.move(actor=employer, application_id=application.pk, status=S.HIRED)


def test_bulk_move_tells_each_in_their_own_language_and_skips_the_finished(
    opportunity, talent, lithuanian_talent, employer, vocabulary
):
    english = apply_for(opportunity, talent)
    lithuanian = apply_for(opportunity, lithuanian_talent)
    hired = make_hired(opportunity, employer, vocabulary)
    mail.outbox.clear()
    result = services.bulk_move(
        actor=employer,
        opportunity=opportunity,
        application_ids=[english.pk, lithuanian.pk, hired.pk],
        status=S.SHORTLISTED,
        message="See you soon.",
    )
    assert result.moved == [english.pk, lithuanian.pk] and result.skipped == [hired.pk]
    english_notice = Notice.objects.get(user=talent.user, key__contains=".shortlisted.")
    lithuanian_notice = Notice.objects.get(user=lithuanian_talent.user, key__contains=".shortlisted.")
    assert "shortlisted you" in english_notice.body
    assert "atrinko" in lithuanian_notice.body
    assert all("See you soon." in n.body for n in (english_notice, lithuanian_notice))


def test_bulk_move_refuses_other_opportunities_and_outsiders(opportunity, application, employer, other_employer):
    with pytest.raises(PermissionDenied):
        services.bulk_move(
            actor=other_employer, opportunity=opportunity, application_ids=[application.pk], status=S.REVIEWING
        )
    with pytest.raises(NotFound):
        services.bulk_move(actor=employer, opportunity=opportunity, application_ids=[application.pk + 99], status="x")


def test_ratings_and_notes_are_for_the_organisation(application, employer, colleague, other_employer):
    assert services.rate(actor=colleague, application_id=application.pk, rating=4).rating == 4
    with pytest.raises(DomainError) as error:
        services.rate(actor=employer, application_id=application.pk, rating=9)
    assert error.value.code == "invalid_rating"
    with pytest.raises(NotFound):
        services.rate(actor=other_employer, application_id=application.pk, rating=2)
    note = services.add_note(actor=employer, application_id=application.pk, body="Strong portfolio.")
    assert note.author == employer
    with pytest.raises(NotFound):
        services.add_note(actor=other_employer, application_id=application.pk, body="?")
    assert AuditEntry.objects.filter(verb="hiring.note.add").count() == 1


def test_at_most_five_questions_and_choices_need_two(opportunity, employer, other_employer):
    five = [services.QuestionInput(text=f"Question {n}?") for n in range(6)]
    with pytest.raises(DomainError) as error:
        services.save_questions(user=employer, opportunity=opportunity, questions=five)
    assert error.value.code == "too_many_questions"
    with pytest.raises(DomainError) as error:
        services.save_questions(
            user=employer,
            opportunity=opportunity,
            questions=[services.QuestionInput(text="Pick", kind="choice", choices=("Only one",))],
        )
    assert error.value.code == "too_few_choices"
    with pytest.raises(PermissionDenied):
        services.save_questions(user=other_employer, opportunity=opportunity, questions=[])


def test_a_hire_is_one_placement_even_with_a_contact_placement_of_the_same_pair(
    opportunity, application, talent, employer, organisation
):
    start, tomorrow = timezone.localdate() - timedelta(days=1), timezone.localdate() + timedelta(days=1)
    assert metric_value("talent.placements", start=start, end=tomorrow) == 0
    services.move(actor=employer, application_id=application.pk, status=S.HIRED)
    assert metric_value("talent.placements", start=start, end=tomorrow) == 1
    contact = talent_services.request_contact(
        user=employer, organisation=organisation, profile=talent, message="We would like to talk to you about it."
    )
    talent_services.answer_contact(user=talent.user, contact=contact, accept=True)
    talent_services.report_placement(user=employer, contact=contact)
    assert metric_value("talent.placements", start=start, end=tomorrow) == 1
    assert metric_value("hiring.applications", start=start, end=tomorrow) == 1


def test_personal_data_export_lists_applications(application, talent, employer):
    services.add_note(actor=employer, application_id=application.pk, body="Call back on Monday.")
    data = services.hiring_personal_data(user=talent.user)
    assert data[0]["opportunity"] == application.opportunity.title
    assert data[0]["notes"][0]["body"] == "Call back on Monday."
    assert data[0]["consent_version"] == services.CONSENT_VERSION
