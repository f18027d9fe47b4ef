"""The form builder's Python API: what calls, surveys and event registration use (and nothing else of this app).

Answering a form
    `build_django_form(version, *, data=None, files=None, initial=None, partial=False, prefix=None)`
        A Django form with one field per question (named by its key), labels and help texts in the active
        language. `form.is_valid()` runs the same checks as `validate_answers`; afterwards `form.answers` holds the
        answers as JSON and each problem sits on its question's field (render it with
        `{% include "forms/partials/answer_form.html" %}` and `components/error_summary.html`). With `partial`
        nothing is required (a draft). Hidden conditional questions are skipped on the server.
    `validate_answers(version, data, files=None, *, partial=False, existing=None) -> (answers, errors)`
        `data` is a QueryDict from an HTML form or a dict from the JSON API (there a missing key keeps the
        `existing` answer). `errors` is {question key: [{"code", "message"}]}; empty when all is well. With
        `partial`, the good answers are returned along with the errors of the bad ones.
    `start_response(version, *, owner=None, respondent=None, by)` a new draft response to a published version.
    `save_response(response, answers, *, by, submit=False)` stores the answers (files privately, type and size
        checked before); `submit=True` refuses with `incomplete` while `missing_answers` is not empty, and a
        submitted response refuses changes (`already_submitted`) until `reopen_response`.
    `missing_answers(response) -> list[Question]` the shown required questions still unanswered.
    `answers_for_display(response)` label + formatted answer per question, by section (review screens, PDF).
    `export_columns(version)` one `ExportColumn(key, header, value)` per question, for `core/exports.py`.

Building a form (staff, see permissions.py)
    `create_form`, `update_form`, `new_draft_version(form, by=)` (a published version never changes: editing
    makes a draft copying its sections, questions and choices), `publish_version(form, by=)`, and the section and
    question edits `add_section`, `update_section`, `delete_section`, `move_section`, `save_question`,
    `delete_question`, `move_question`, all refused on a published version (`version_published`).

Errors are `core.errors.DomainError`s with stable codes.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import partial
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import UploadedFile
from django.db import models, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentas.accounts.models import User
from talentas.audit.services import log_action
from talentas.core.errors import Conflict, DomainError, NotFound, validate

from . import answers as answer_rules
from . import selectors
from .forms import AnswerForm
from .models import (
    CHOICE_KINDS,
    NUMERIC_KINDS,
    Choice,
    Form,
    FormVersion,
    OwnerKind,
    Question,
    QuestionKind,
    Response,
    ResponseFile,
    Section,
    columns_of,
)

Errors = dict[str, list[dict[str, str]]]


def _loaded(version: FormVersion) -> FormVersion:
    """The version with its sections, questions and choices prefetched (reused when they already are)."""
    cache = getattr(version, "_prefetched_objects_cache", {})
    if "questions" in cache and "sections" in cache:
        return version
    return selectors.version_with_questions(version.pk)


# --- answering ---------------------------------------------------------------------------------------------


def build_django_form(
    version: FormVersion,
    *,
    data: Any = None,
    files: Any = None,
    initial: Mapping[str, Any] | None = None,
    partial: bool = False,
    prefix: str | None = None,
) -> AnswerForm:
    """The Django form for `version`; `initial` is the answers saved so far (a response's `answers`)."""
    version = _loaded(version)
    return AnswerForm(
        data,
        files,
        version=version,
        questions=selectors.questions_of(version),
        partial=partial,
        existing=initial,
        prefix=prefix,
    )


def validate_answers(
    version: FormVersion,
    data: Any,
    files: Any = None,
    *,
    partial: bool = False,
    existing: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], Errors]:
    """Check answers from an HTML form (a QueryDict) or the JSON API (a dict keyed by question key)."""
    version = _loaded(version)
    if hasattr(data, "getlist"):
        form = build_django_form(version, data=data, files=files, initial=existing, partial=partial)
        form.is_valid()
        answers, problems = form.answers, form.problems
    else:
        if not isinstance(data, Mapping):
            raise DomainError(_("Send the answers as an object keyed by question key."), code="invalid_answers")
        earlier = dict(existing or {})
        uploads = files or {}
        raw = {}
        for question in selectors.questions_of(version):
            if question.kind == QuestionKind.FILE:
                # Files come only as uploads; JSON may only remove one (null), never point at a stored file.
                removed = question.key in data and data[question.key] is None
                raw[question.key] = uploads.get(question.key) or (None if removed else earlier.get(question.key))
            else:
                raw[question.key] = data.get(question.key, earlier.get(question.key))
        answers, problems = answer_rules.check_answers(selectors.questions_of(version), raw, partial=partial)
    return answers, {key: [problem.as_dict() for problem in items] for key, items in problems.items()}


def raise_for_errors(errors: Errors) -> None:
    """Turn `validate_answers`' errors into one DomainError naming every question (for the API's error net)."""
    if not errors:
        return
    problems = [
        {"field": key, "code": p["code"], "message": p["message"]} for key, items in errors.items() for p in items
    ]
    first = problems[0]
    raise DomainError(first["message"], field=first["field"], code=first["code"], errors=problems)


@transaction.atomic
def start_response(
    version: FormVersion, *, owner: models.Model | None = None, respondent: User | None = None, by: User | None
) -> Response:
    """A new draft response to a published version, attached to `owner` (an application, a registration…)."""
    if not version.is_published:
        raise Conflict(_("Only a published form can be answered."), code="version_not_published")
    response = Response(version=version, respondent=respondent, updated_by=by)
    if owner is not None:
        response.owner_type = ContentType.objects.get_for_model(owner)
        response.owner_id = owner.pk
    validate(response)
    response.save()
    return response


def _store_files(response: Response, answers: dict[str, Any], *, by: User | None) -> list[str]:
    """Save each new upload privately and put its reference in the answers; returns the stored names to drop."""
    dropped: list[str] = []
    for key, value in list(answers.items()):
        if isinstance(value, UploadedFile):
            extension = posixpath.splitext(value.name or "")[1].lower()
            stored = ResponseFile(
                response=response,
                question_key=key,
                original_name=posixpath.basename(value.name or "")[:255],
                size=value.size or 0,
                uploaded_by=by,
            )
            stored.file.save(f"{key}{extension}", value, save=False)
            stored.save()
            answers[key] = {"file": stored.pk, "name": stored.original_name, "size": stored.size}
    kept = {
        value["file"] for value in answers.values() if isinstance(value, dict) and isinstance(value.get("file"), int)
    }
    for old in response.files.exclude(pk__in=kept):
        dropped.append(old.file.name)
        old.delete()
    return dropped


def save_response(response: Response, answers: Mapping[str, Any], *, by: User | None, submit: bool = False) -> Response:
    """Store `answers` (from `validate_answers` or a built form's `answers`) as the response's answers.

    Refused on a submitted response (`already_submitted`, 409). With `submit`, refused (`incomplete`, naming
    every missing question) while a shown required question is unanswered; the answers are saved first, in
    their own transaction, so a refused submission keeps the draft (unless the caller's transaction is undone).
    """
    storage = ResponseFile._meta.get_field("file").storage  # type: ignore[attr-defined]
    with transaction.atomic():
        locked = Response.objects.select_for_update().get(pk=response.pk)
        if locked.status == Response.Status.SUBMITTED:
            raise Conflict(_("These answers were already submitted."), code="already_submitted")
        stored = dict(answers)
        dropped = _store_files(locked, stored, by=by)
        locked.answers = stored
        locked.updated_by = by
        locked.save(update_fields=["answers", "updated_by", "updated_at"])
        for name in dropped:
            transaction.on_commit(partial(storage.delete, name))
    if submit:
        with transaction.atomic():
            locked = Response.objects.select_for_update().select_related("version").get(pk=response.pk)
            missing = missing_answers(locked)
            if missing:
                problems = [
                    {"field": q.key, "code": "required", "message": str(answer_rules.REQUIRED)} for q in missing
                ]
                raise DomainError(
                    _("Answer every required question before submitting."),
                    field=missing[0].key,
                    code="incomplete",
                    errors=problems,
                )
            locked.status = Response.Status.SUBMITTED
            locked.submitted_at = timezone.now()
            locked.save(update_fields=["status", "submitted_at", "updated_at"])
    response.refresh_from_db()
    return response


@transaction.atomic
def reopen_response(response: Response, *, by: User | None) -> Response:
    """Make a submitted response editable again (a clarification request); its answers stay."""
    updated = Response.objects.filter(pk=response.pk, status=Response.Status.SUBMITTED).update(
        status=Response.Status.DRAFT, submitted_at=None, updated_by=by, updated_at=timezone.now()
    )
    if not updated:
        raise Conflict(_("Only submitted answers can be reopened."), code="not_submitted")
    response.refresh_from_db()
    return response


def missing_answers(response: Response) -> list[Question]:
    """The questions still to answer before submitting: required, shown by the answers so far, and empty."""
    version = _loaded(response.version)
    answers = response.answers or {}
    shown: dict[str, Any] = {}
    missing = []
    for question in selectors.questions_of(version):
        if not answer_rules.condition_met(question, shown):
            continue
        value = answers.get(question.key)
        if answer_rules.is_empty(value):
            if question.required:
                missing.append(question)
            continue
        shown[question.key] = value
    return missing


@dataclass(frozen=True)
class DisplayedAnswer:
    section: Section
    question: Question
    label: str
    text: str  # the formatted answer, "" when unanswered
    value: Any  # the answer as stored
    file_id: int | None


def answers_for_display(response: Response) -> list[DisplayedAnswer]:
    """Every question shown by the response's answers, with its label and formatted answer, in the form's order."""
    version = _loaded(response.version)
    sections = {section.pk: section for section in version.sections.all()}
    answers = response.answers or {}
    shown: list[DisplayedAnswer] = []
    for question in selectors.questions_of(version):
        if not answer_rules.condition_met(question, answers):
            continue
        value = answers.get(question.key)
        file_id = value.get("file") if isinstance(value, dict) and question.kind == QuestionKind.FILE else None
        shown.append(
            DisplayedAnswer(
                section=sections[question.section_id],
                question=question,
                label=question.label,
                text=answer_rules.format_answer(question, value),
                value=value,
                file_id=file_id,
            )
        )
    return shown


@dataclass(frozen=True)
class ExportColumn:
    key: str
    header: str
    value: Callable[[Mapping[str, Any]], Any]  # answers -> one spreadsheet cell


def export_columns(version: FormVersion) -> list[ExportColumn]:
    """One column per question: numbers and money as numbers, the rest as readable text (the budget: its total)."""
    version = _loaded(version)
    columns = []
    for question in selectors.questions_of(version):
        columns.append(ExportColumn(key=question.key, header=question.label, value=_cell_reader(question)))
    return columns


def _cell_reader(question: Question) -> Callable[[Mapping[str, Any]], Any]:
    from decimal import Decimal

    def read(answers: Mapping[str, Any]) -> Any:
        value: Any = answers.get(question.key)
        if value is None or answer_rules.is_empty(value):
            return ""
        if question.kind in NUMERIC_KINDS:
            return Decimal(value)
        if question.kind == QuestionKind.BUDGET_TABLE:
            return Decimal(value["total"])
        if question.kind == QuestionKind.YES_NO:
            return answer_rules.yes_no_text(bool(value))
        return answer_rules.format_answer(question, value)

    return read


def response_file(response: Response, file_id: int) -> ResponseFile:
    """A file of this response (the caller has checked the right to the response)."""
    found = response.files.filter(pk=file_id).first()
    if found is None:
        raise NotFound(_("There is no such file."), code="not_found")
    return found


def forget_responses(*, user: User) -> None:
    """Before the account goes: the files of the person's own responses are deleted once the transaction
    commits (the rows cascade with the account)."""
    storage = ResponseFile._meta.get_field("file").storage  # type: ignore[attr-defined]
    names = list(ResponseFile.objects.filter(response__respondent=user).values_list("file", flat=True))
    for name in names:
        transaction.on_commit(partial(storage.delete, name))


# --- building ----------------------------------------------------------------------------------------------


def _editable(version: FormVersion) -> None:
    if version.is_published:
        raise Conflict(_("A published version cannot change; edit the form's draft."), code="version_published")


def _audit(by: User | None, verb: str, target: models.Model, changes: dict[str, list[Any]] | None = None) -> None:
    log_action(actor=by, verb=f"forms.{verb}", target=target, changes=changes)


def _require_title(values: Mapping[str, Any], *, field: str = "title_lt") -> None:
    if not (values.get("title_lt") or values.get("title_en")):
        raise DomainError(_("Give a title in Lithuanian or English."), field=field, code="title_required")


@transaction.atomic
def create_form(*, by: User | None, title_lt: str = "", title_en: str = "", **values: Any) -> Form:
    """A new form with its first draft version and one empty section."""
    _require_title({"title_lt": title_lt, "title_en": title_en})
    form = Form(title_lt=title_lt, title_en=title_en, created_by=by, **values)
    form.owner_kind = form.owner_kind or OwnerKind.OTHER
    validate(form)
    form.save()
    version = FormVersion.objects.create(form=form, number=1)
    Section.objects.create(version=version, position=1, title_lt=title_lt, title_en=title_en)
    _audit(by, "form.create", form)
    return form


@transaction.atomic
def update_form(form: Form, *, by: User | None, **values: Any) -> Form:
    """Title, description and use; these are the form's, not a version's, so they change at once."""
    _require_title(values)
    for name, value in values.items():
        setattr(form, name, value)
    validate(form)
    form.save()
    _audit(by, "form.update", form)
    return form


@transaction.atomic
def new_draft_version(form: Form, *, by: User | None) -> FormVersion:
    """The form's draft version, made when there is none by copying the latest published one."""
    Form.objects.select_for_update().filter(pk=form.pk).first()
    draft = selectors.draft_of(form)
    if draft is not None:
        return draft
    source = selectors.latest_published(form)
    number = (form.versions.aggregate(top=Max("number"))["top"] or 0) + 1
    draft = FormVersion.objects.create(form=form, number=number)
    if source is not None:
        _copy_contents(selectors.version_with_questions(source.pk), draft)
    else:
        Section.objects.create(version=draft, position=1, **columns_of(form, "title"))
    _audit(by, "version.draft", form, {"version": [source.number if source else None, number]})
    return draft


def _copy_contents(source: FormVersion, target: FormVersion) -> None:
    section_copies: dict[int, Section] = {}
    for section in source.sections.all():
        old_pk = section.pk
        section.pk = None
        section.id = None
        section.version = target
        section._state.adding = True
        section.save()
        section_copies[old_pk] = section
    for question in selectors.questions_of(source):
        choices = list(question.choices.all())
        question.pk = None
        question.id = None
        question.version = target
        question.section = section_copies[question.section_id]
        question._state.adding = True
        question.save()
        Choice.objects.bulk_create(
            Choice(question=question, position=c.position, key=c.key, **columns_of(c, "label")) for c in choices
        )


def _publish_problems(version: FormVersion) -> list[dict[str, Any]]:
    problems: list[dict[str, Any]] = []
    questions = selectors.questions_of(version)
    if not questions:
        problems.append({"field": None, "code": "no_questions", "message": str(_("Add at least one question."))})
    earlier: dict[str, Question] = {}
    for question in questions:
        if question.kind in CHOICE_KINDS and not question.choices.all():
            problems.append(
                {
                    "field": question.key,
                    "code": "no_choices",
                    "message": str(_("“%(key)s” has no choices.") % {"key": question.key}),
                }
            )
        if question.condition_key:
            source = earlier.get(question.condition_key)
            if source is None:
                problems.append(
                    {
                        "field": question.key,
                        "code": "bad_condition",
                        "message": str(
                            _("“%(key)s” depends on “%(other)s”, which must be an earlier question.")
                            % {"key": question.key, "other": question.condition_key}
                        ),
                    }
                )
            elif source.kind in CHOICE_KINDS and question.condition_value not in {c.key for c in source.choices.all()}:
                problems.append(
                    {
                        "field": question.key,
                        "code": "bad_condition",
                        "message": str(
                            _("“%(key)s” waits for a choice “%(value)s” that “%(other)s” does not offer.")
                            % {"key": question.key, "value": question.condition_value, "other": source.key}
                        ),
                    }
                )
        earlier[question.key] = question
    return problems


@transaction.atomic
def publish_version(form: Form, *, by: User | None) -> FormVersion:
    """Publish the form's draft: from now on new responses answer it, and it never changes again."""
    Form.objects.select_for_update().filter(pk=form.pk).first()
    draft = selectors.draft_of(form)
    if draft is None:
        raise Conflict(_("There is no draft to publish; the latest version is already published."), code="no_draft")
    draft = selectors.version_with_questions(draft.pk)
    problems = _publish_problems(draft)
    if problems:
        raise DomainError(problems[0]["message"], field=problems[0]["field"], code=problems[0]["code"], errors=problems)
    FormVersion.objects.filter(pk=draft.pk).update(
        status=FormVersion.Status.PUBLISHED, published_at=timezone.now(), published_by=by, updated_at=timezone.now()
    )
    draft.refresh_from_db()
    Form.objects.filter(pk=form.pk).update(updated_at=timezone.now())
    _audit(by, "version.publish", form, {"version": [None, draft.number]})
    return draft


def _next_position(rows: models.QuerySet) -> int:
    return (rows.aggregate(top=Max("position"))["top"] or 0) + 1


@transaction.atomic
def add_section(version: FormVersion, *, by: User | None, **values: Any) -> Section:
    _editable(version)
    _require_title(values)
    section = Section(version=version, position=_next_position(version.sections.all()), **values)
    validate(section)
    section.save()
    _audit(by, "section.add", version.form)
    return section


@transaction.atomic
def update_section(section: Section, *, by: User | None, **values: Any) -> Section:
    _editable(section.version)
    _require_title(values)
    for name, value in values.items():
        setattr(section, name, value)
    validate(section)
    section.save()
    _audit(by, "section.update", section.version.form)
    return section


@transaction.atomic
def delete_section(section: Section, *, by: User | None) -> None:
    """Delete a section and its questions; a form keeps at least one section."""
    _editable(section.version)
    if section.version.sections.count() <= 1:
        raise Conflict(_("A form needs at least one section."), code="last_section")
    form = section.version.form
    section.delete()
    _audit(by, "section.delete", form)


def _move(row: Section | Question, siblings: models.QuerySet, direction: str) -> None:
    """Swap the row with its neighbour above or below, renumbering the siblings 1..n first."""
    ordered = list(siblings.order_by("position", "pk"))
    for number, sibling in enumerate(ordered, start=1):
        sibling.position = number
    index = next(i for i, sibling in enumerate(ordered) if sibling.pk == row.pk)
    other = index - 1 if direction == "up" else index + 1
    if 0 <= other < len(ordered):
        ordered[index].position, ordered[other].position = ordered[other].position, ordered[index].position
    type(row).objects.bulk_update(ordered, ["position"])


@transaction.atomic
def move_section(section: Section, *, direction: str, by: User | None) -> None:
    _editable(section.version)
    _move(section, section.version.sections.all(), direction)
    _audit(by, "section.move", section.version.form)


@transaction.atomic
def save_question(
    version: FormVersion,
    *,
    by: User | None,
    question: Question | None = None,
    choices: list[dict[str, str]] | None = None,
    **values: Any,
) -> Question:
    """Add a question (or edit `question`) on a draft version, with its choices (key, label_lt, label_en)."""
    _editable(version)
    if not (values.get("label_lt") or values.get("label_en")):
        raise DomainError(_("Give the question in Lithuanian or English."), field="label_lt", code="label_required")
    section = values.get("section")
    if section is None or section.version_id != version.pk:
        raise DomainError(_("Pick a section of this form."), field="section", code="invalid_section")
    adding = question is None
    if question is None:
        question = Question(version=version)
    elif question.version_id != version.pk:
        raise NotFound(_("There is no such question."))
    moved_section = not adding and question.section_id != section.pk
    for name, value in values.items():
        setattr(question, name, value)
    if adding or moved_section:
        question.position = _next_position(version.questions.filter(section=section))
    if question.condition_key:
        if question.condition_key == question.key:
            raise DomainError(_("A question cannot depend on itself."), field="condition_key", code="bad_condition")
        if not version.questions.filter(key=question.condition_key).exclude(pk=question.pk).exists():
            raise DomainError(
                _("No question of this form has the key “%(key)s”.") % {"key": question.condition_key},
                field="condition_key",
                code="bad_condition",
            )
    else:
        question.condition_value = ""
    if version.questions.filter(key=question.key).exclude(pk=question.pk).exists():
        raise DomainError(_("Another question of this form has this key."), field="key", code="duplicate_key")
    validate(question, exclude=["version", "section"])
    question.save()
    choices = choices or []
    if question.kind in CHOICE_KINDS:
        if len({c["key"] for c in choices}) != len(choices):
            raise DomainError(_("Each choice needs its own key."), field="choices_text", code="duplicate_key")
        question.choices.all().delete()
        Choice.objects.bulk_create(
            Choice(question=question, position=n, key=c["key"], label_lt=c["label_lt"], label_en=c["label_en"])
            for n, c in enumerate(choices, start=1)
        )
    else:
        question.choices.all().delete()
    _audit(by, "question.add" if adding else "question.update", version.form, {"key": [None, question.key]})
    return question


@transaction.atomic
def delete_question(question: Question, *, by: User | None) -> None:
    _editable(question.version)
    if question.version.questions.filter(condition_key=question.key).exists():
        raise Conflict(_("Another question depends on this one; change that condition first."), code="has_dependants")
    form = question.version.form
    key = question.key
    question.delete()
    _audit(by, "question.delete", form, {"key": [key, None]})


@transaction.atomic
def move_question(question: Question, *, direction: str, by: User | None) -> None:
    _editable(question.version)
    _move(question, question.version.questions.filter(section_id=question.section_id), direction)
    _audit(by, "question.move", question.version.form)


@transaction.atomic
def define_form(
    *,
    by: User | None,
    title_lt: str,
    title_en: str = "",
    owner_kind: str = OwnerKind.OTHER,
    sections: list[dict[str, Any]],
    publish: bool = True,
) -> Form:
    """A whole form from a description, for demo data, seeds and tests; published unless `publish=False`.

    `sections` is a list of {"title_lt", "title_en", "description_lt"?, "questions": [{"key", "kind",
    "label_lt", "label_en"?, "required"?, any other Question field, "choices"?: [(key, label_lt, label_en)]}]}.
    """
    form = create_form(by=by, title_lt=title_lt, title_en=title_en, owner_kind=owner_kind)
    version = form.versions.get()
    first = version.sections.get()
    for index, spec in enumerate(sections):
        texts = {name: spec.get(name, "") for name in ("title_lt", "title_en", "description_lt", "description_en")}
        section = update_section(first, by=by, **texts) if index == 0 else add_section(version, by=by, **texts)
        for question in spec.get("questions", []):
            values = {name: value for name, value in question.items() if name != "choices"}
            choices = [{"key": k, "label_lt": lt, "label_en": en} for k, lt, en in question.get("choices", [])]
            save_question(version, by=by, section=section, choices=choices, **values)
    if publish:
        publish_version(form, by=by)
    return form
