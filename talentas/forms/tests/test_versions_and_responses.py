"""Versions never change once published, answers keep the version they answered, and responses store files
privately, say what is missing and refuse changes once submitted."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from talentas.audit.models import AuditEntry
from talentas.core.errors import Conflict, DomainError
from talentas.forms import selectors, services
from talentas.forms.models import FormVersion, Question, Response, ResponseFile

from .factories import GOOD_ANSWERS, every_kind_form

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + b"x" * 200


def answered(version, user, **overrides):
    response = services.start_response(version, respondent=user, by=user)
    answers, errors = services.validate_answers(version, {**GOOD_ANSWERS, **overrides})
    assert errors == {}
    return services.save_response(response, answers, by=user)


def test_a_published_version_cannot_change(version, plan_manager):
    question = version.questions.get(key="name")
    with pytest.raises(Conflict) as refused:
        services.save_question(
            version,
            by=plan_manager,
            question=question,
            section=question.section,
            label_lt="Kitas",
            kind="short_text",
            key="name",
        )
    assert refused.value.code == "version_published"
    with pytest.raises(Conflict):
        services.delete_question(question, by=plan_manager)
    with pytest.raises(Conflict):
        services.add_section(version, by=plan_manager, title_lt="Naujas")


def test_editing_makes_a_draft_and_old_answers_keep_their_version(form, version, plan_manager, outsider):
    response = answered(version, outsider)
    draft = services.new_draft_version(form, by=plan_manager)
    assert draft.number == 2 and draft.status == FormVersion.Status.DRAFT
    assert services.new_draft_version(form, by=plan_manager) == draft  # one draft at a time
    assert [q.key for q in selectors.questions_of(selectors.version_with_questions(draft.pk))] == [
        q.key for q in selectors.questions_of(selectors.version_with_questions(version.pk))
    ]
    copied = draft.questions.get(key="name")
    services.save_question(
        draft,
        by=plan_manager,
        question=copied,
        section=copied.section,
        key="name",
        kind="short_text",
        label_lt="Įmonės pavadinimas",
        label_en="Company name",
        required=True,
    )
    assert draft.questions.get(key="stage").choices.count() == 3
    published = services.publish_version(form, by=plan_manager)
    assert published.number == 2 and published.is_published
    assert selectors.latest_published(form) == published

    response.refresh_from_db()
    assert response.version == version
    assert next(shown.label for shown in services.answers_for_display(response)) == "Name"
    assert version.questions.get(key="name").label_en == "Name"
    assert AuditEntry.objects.filter(verb="forms.version.publish").count() == 2


def test_publishing_checks_conditions_and_choices(plan_manager):
    form = every_kind_form(by=plan_manager, publish=False)
    draft = form.versions.get()
    stage = draft.questions.get(key="stage")
    stage.choices.all().delete()
    with pytest.raises(DomainError) as refused:
        services.publish_version(form, by=plan_manager)
    assert {p["code"] for p in refused.value.errors} == {"no_choices", "bad_condition"}


def test_a_condition_must_name_an_existing_question(version, form, plan_manager):
    draft = services.new_draft_version(form, by=plan_manager)
    with pytest.raises(DomainError) as refused:
        services.save_question(
            draft,
            by=plan_manager,
            section=draft.sections.first(),
            key="extra",
            kind="short_text",
            label_lt="Papildomai",
            condition_key="nowhere",
            condition_value="x",
        )
    assert refused.value.code == "bad_condition"
    with pytest.raises(DomainError) as refused:
        services.save_question(
            draft, by=plan_manager, section=draft.sections.first(), key="name", kind="short_text", label_lt="Dar"
        )
    assert refused.value.code == "duplicate_key"


def test_a_draft_cannot_be_answered(plan_manager, outsider):
    draft = every_kind_form(by=plan_manager, publish=False).versions.get()
    with pytest.raises(Conflict) as refused:
        services.start_response(draft, respondent=outsider, by=outsider)
    assert refused.value.code == "version_not_published"


def test_missing_answers_and_submission(version, outsider):
    response = services.start_response(version, respondent=outsider, by=outsider)
    answers, errors = services.validate_answers(version, {"name": "Dronai", "stage": "seed"}, partial=True)
    assert errors == {}
    services.save_response(response, answers, by=outsider)
    assert [q.key for q in services.missing_answers(response)] == ["asked", "seed_investor", "women_led", "budget"]
    with pytest.raises(DomainError) as refused:
        services.save_response(response, answers, by=outsider, submit=True)
    assert refused.value.code == "incomplete"
    assert refused.value.field == "asked"
    response.refresh_from_db()
    assert response.status == Response.Status.DRAFT and response.answers["name"] == "Dronai"  # the draft is kept

    full, _errors = services.validate_answers(version, GOOD_ANSWERS)
    services.save_response(response, full, by=outsider, submit=True)
    assert response.status == Response.Status.SUBMITTED and response.submitted_at
    with pytest.raises(Conflict) as refused:
        services.save_response(response, full, by=outsider)
    assert refused.value.code == "already_submitted"
    services.reopen_response(response, by=outsider)
    assert response.status == Response.Status.DRAFT


def test_files_are_stored_privately_and_replaced(version, outsider, settings, tmp_path):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {"BACKEND": "talentas.core.storage.PrivateFileStorage", "OPTIONS": {"location": str(tmp_path)}},
    }
    response = services.start_response(version, respondent=outsider, by=outsider)
    upload = SimpleUploadedFile("Verslo planas.pdf", PDF)
    answers, errors = services.validate_answers(version, GOOD_ANSWERS, {"plan": upload})
    assert errors == {}
    services.save_response(response, answers, by=outsider)
    stored = ResponseFile.objects.get(response=response)
    assert response.answers["plan"] == {"file": stored.pk, "name": "Verslo planas.pdf", "size": len(PDF)}
    assert "Verslo" not in stored.file.name and stored.file.name.endswith(".pdf")
    assert services.response_file(response, stored.pk).file.read() == PDF

    # Saving again without a new upload keeps the file; a new upload replaces it.
    again, _errors = services.validate_answers(version, {"name": "Kiti"}, existing=response.answers)
    services.save_response(response, again, by=outsider)
    assert ResponseFile.objects.filter(response=response).count() == 1
    newer, _errors = services.validate_answers(
        version, {}, {"plan": SimpleUploadedFile("v2.pdf", PDF)}, existing=response.answers
    )
    services.save_response(response, newer, by=outsider)
    assert list(ResponseFile.objects.filter(response=response).values_list("original_name", flat=True)) == ["v2.pdf"]


def test_answers_for_display_formats_each_kind(version, outsider):
    response = answered(version, outsider)
    shown = {item.question.key: item.text for item in services.answers_for_display(response)}
    assert shown["asked"] == "4,500.50 €"
    assert shown["stage"] == "Seed"
    assert shown["sectors"] == "IT; Food"
    assert shown["food_licence"] == "Yes"
    assert shown["budget"].endswith("total 4,500.50 €")
    assert shown["team"] == "Ona Onaitė, CEO, ona@example.com (woman co-founder)"
    assert shown["founded"] == ""


def test_moving_and_deleting_in_the_draft(plan_manager):
    form = every_kind_form(by=plan_manager, publish=False)
    draft = form.versions.get()
    first, second = draft.sections.order_by("position")
    services.move_section(second, direction="up", by=plan_manager)
    assert list(draft.sections.order_by("position").values_list("pk", flat=True)) == [second.pk, first.pk]
    name = draft.questions.get(key="name")
    services.move_question(name, direction="down", by=plan_manager)
    assert list(Question.objects.filter(section=first).order_by("position").values_list("key", flat=True))[:2] == [
        "idea",
        "name",
    ]
    with pytest.raises(Conflict) as refused:
        services.delete_question(draft.questions.get(key="stage"), by=plan_manager)
    assert refused.value.code == "has_dependants"
    services.delete_section(second, by=plan_manager)
    with pytest.raises(Conflict) as refused:
        services.delete_section(first, by=plan_manager)
    assert refused.value.code == "last_section"
