"""Reads of forms, versions and responses, with their questions and choices prefetched."""

from __future__ import annotations

from django.contrib.contenttypes.models import ContentType
from django.db.models import Count, Max, Model, Prefetch, Q, QuerySet

from .models import Choice, Form, FormVersion, Question, Response, Section, texts_of


def forms_for_builder() -> QuerySet[Form]:
    """Every form with its latest version number, the number published and the responses, for the staff list."""
    return Form.objects.annotate(
        latest_number=Max("versions__number"),
        published_number=Max("versions__number", filter=Q(versions__status=FormVersion.Status.PUBLISHED)),
        response_count=Count("versions__responses", distinct=True),
    ).order_by("-updated_at", "pk")


def version_with_questions(version_id: int) -> FormVersion:
    """A version with its sections and questions (and their choices) in the form's order; raises DoesNotExist."""
    return (
        FormVersion.objects.select_related("form")
        .prefetch_related(
            Prefetch("sections", queryset=Section.objects.order_by("position", "pk")),
            Prefetch(
                "questions",
                queryset=Question.objects.order_by(
                    "section__position", "section_id", "position", "pk"
                ).prefetch_related(Prefetch("choices", queryset=Choice.objects.order_by("position", "pk"))),
            ),
        )
        .get(pk=version_id)
    )


def questions_of(version: FormVersion) -> list[Question]:
    """The version's questions in the order people answer them (from the prefetch when there is one)."""
    return list(version.questions.all())


def latest_published(form: Form) -> FormVersion | None:
    """The version new responses answer: the highest published one."""
    return form.versions.filter(status=FormVersion.Status.PUBLISHED).order_by("-number").first()


def draft_of(form: Form) -> FormVersion | None:
    return form.versions.filter(status=FormVersion.Status.DRAFT).first()


def responses_to(version: FormVersion) -> QuerySet[Response]:
    return Response.objects.filter(version=version).select_related("respondent", "updated_by").order_by("pk")


def response_for_owner(owner: Model, *, version: FormVersion | None = None) -> Response | None:
    """The response attached to `owner` (an application, a registration), the latest when there are several."""
    rows = Response.objects.filter(owner_type=ContentType.objects.get_for_model(owner), owner_id=owner.pk)
    if version is not None:
        rows = rows.filter(version=version)
    return rows.select_related("version").order_by("-pk").first()


def version_schema(version: FormVersion) -> dict:
    """The version as JSON: sections, questions with their kinds, limits, conditions and choices (both languages)."""
    questions = questions_of(version)
    return {
        "id": version.pk,
        "form_id": version.form_id,
        "number": version.number,
        "status": version.status,
        "published_at": version.published_at,
        "title": texts_of(version.form, "title"),
        "sections": [
            {
                "id": section.pk,
                "title": texts_of(section, "title"),
                "description": texts_of(section, "description"),
                "questions": [_question_schema(q) for q in questions if q.section_id == section.pk],
            }
            for section in version.sections.all()
        ],
    }


def _question_schema(question: Question) -> dict:
    from . import answers as answer_rules

    return {
        "key": question.key,
        "kind": question.kind,
        "label": texts_of(question, "label"),
        "help_text": texts_of(question, "help_text"),
        "required": question.required,
        "min_value": question.min_value,
        "max_value": question.max_value,
        "min_date": question.min_date,
        "max_date": question.max_date,
        "min_length": question.min_length,
        "max_length": question.max_length,
        "file_types": answer_rules.allowed_file_types(question) if question.kind == "file" else [],
        "max_file_mb": (question.max_file_mb or answer_rules.DEFAULT_FILE_MB) if question.kind == "file" else None,
        "condition": {
            "key": question.condition_key,
            "operator": question.condition_operator,
            "value": question.condition_value,
        }
        if question.condition_key
        else None,
        "choices": [{"key": c.key, "label": texts_of(c, "label")} for c in question.choices.all()],
    }
