"""Django forms: the form built from a version's questions (`build_django_form`), and the builder's own forms.

The built form has one field per question, named by the question's key. Its fields only collect what was
posted; every check is `answers.check_answers`, the one the JSON API uses too, run in the form's `clean()`, so a
hidden conditional question is skipped on the server and each problem lands on its question's field. After
`is_valid()`, `form.answers` holds the answers as JSON (see `answers.py`).

Budget tables and team lists post their rows as `key[0][item]`, `key[0][amount]`, …; the form shows the rows
already typed plus blank ones, and a button (htmx) fetches one more blank row.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from talentas.core.forms import DateInput

from . import answers as answer_rules
from .models import (
    CHOICE_KINDS,
    TABLE_KINDS,
    ConditionOperator,
    Form,
    FormVersion,
    OwnerKind,
    Question,
    QuestionKind,
    Section,
    key_validator,
    texts_of,
)

BLANK_ROWS = 2


class TableWidget(forms.Widget):
    """Rows of cells posted as name[i][column]; renders the rows given plus blank ones."""

    template_name = "forms/partials/table_widget.html"

    def __init__(self, kind: str, attrs: dict[str, Any] | None = None):
        super().__init__(attrs)
        self.kind = kind
        self.columns = answer_rules.TABLE_COLUMNS[QuestionKind(kind)]

    def value_from_datadict(self, data: Mapping[str, Any], files: Any, name: str) -> list[dict[str, Any]]:
        pattern = re.compile(rf"^{re.escape(name)}\[(\d{{1,3}})\]\[([a-z_]+)\]$")
        rows: dict[int, dict[str, Any]] = {}
        for field_name in data:
            match = pattern.match(field_name)
            if match and match.group(2) in self.columns:
                rows.setdefault(int(match.group(1)), {})[match.group(2)] = data.get(field_name)
        return [rows[index] for index in sorted(rows)]

    def value_omitted_from_data(self, data: Mapping[str, Any], files: Any, name: str) -> bool:
        return not any(key.startswith(f"{name}[") for key in data)

    def get_context(self, name: str, value: Any, attrs: dict[str, Any] | None) -> dict[str, Any]:
        context = super().get_context(name, value, attrs)
        if isinstance(value, dict):
            value = value.get("rows", [])
        typed = [row for row in (value or []) if isinstance(row, Mapping)]
        rows = [*typed, *({} for _ in range(BLANK_ROWS if len(typed) < 3 else 1))]
        context["widget"].update(table_context(self.kind, name, rows))
        return context


def table_context(kind: str, name: str, rows: Sequence[Mapping[str, Any]], start: int = 0) -> dict[str, Any]:
    """What the table's template needs: headers, and per row its cells (input name, value, input kind)."""
    headers = {
        "item": _("Item"),
        "amount": _("Amount (EUR)"),
        "notes": _("Notes"),
        "name": _("Name"),
        "role": _("Role"),
        "email": _("E-mail"),
        "woman_cofounder": _("Woman co-founder"),
    }
    columns = answer_rules.TABLE_COLUMNS[QuestionKind(kind)]
    return {
        "kind": kind,
        "headers": [(column, headers[column]) for column in columns],
        "rows": [
            {
                "index": start + index,
                "cells": [
                    {
                        "column": column,
                        "header": headers[column],
                        "name": f"{name}[{start + index}][{column}]",
                        "id": f"id_{name}_{start + index}_{column}",
                        "value": _cell_value(row.get(column)),
                        "input": _cell_input(column),
                    }
                    for column in columns
                ],
            }
            for index, row in enumerate(rows)
        ],
        "next_index": start + len(rows),
    }


def _cell_value(value: Any) -> str:
    if value is True:
        return "yes"
    if value in (None, False):
        return ""
    return str(value)


def _cell_input(column: str) -> str:
    return {"amount": "money", "email": "email", "woman_cofounder": "yes_no"}.get(column, "text")


class AnswerField(forms.Field):
    """Collects what was posted for one question; the checks are in `answers.check_answers`."""

    def __init__(self, *, question: Question, answer_required: bool, **kwargs: Any):
        self.question = question
        self.answer_required = answer_required
        super().__init__(required=answer_required, **kwargs)

    def clean(self, value: Any) -> Any:
        return value

    def bound_data(self, data: Any, initial: Any) -> Any:
        return initial if data is None and self.question.kind == QuestionKind.FILE else data


class ChoiceAnswerField(AnswerField, forms.ChoiceField):
    def __init__(self, *, choices: Any, **kwargs: Any):
        AnswerField.__init__(self, **kwargs)
        self.choices = choices

    def clean(self, value: Any) -> Any:
        return value


class MultipleChoiceAnswerField(ChoiceAnswerField, forms.MultipleChoiceField):
    pass


YES_NO_CHOICES = [("yes", _("Yes")), ("no", _("No"))]


def _widget_and_choices(question: Question) -> tuple[forms.Widget, list[tuple[str, Any]] | None]:
    kind = question.kind
    attrs: dict[str, Any] = {}
    if question.required and not question.condition_key:
        attrs["aria-required"] = "true"
    if kind == QuestionKind.SHORT_TEXT:
        if question.max_length:
            attrs["maxlength"] = question.max_length
        return forms.TextInput(attrs=attrs), None
    if kind == QuestionKind.LONG_TEXT:
        if question.max_length:
            attrs["maxlength"] = question.max_length
        return forms.Textarea(attrs={"rows": 6, **attrs}), None
    if kind in (QuestionKind.NUMBER, QuestionKind.MONEY):
        return forms.TextInput(attrs={"inputmode": "decimal", "class": f"input-{kind}", **attrs}), None
    if kind == QuestionKind.DATE:
        return DateInput(attrs=attrs), None
    if kind in CHOICE_KINDS:
        choices = [(choice.key, choice.label) for choice in question.choices.all()]
        if kind == QuestionKind.MULTIPLE_CHOICE:
            return forms.CheckboxSelectMultiple(), choices
        if len(choices) > 7:
            return forms.Select(attrs=attrs), [("", _("— choose —")), *choices]
        return forms.RadioSelect(), choices
    if kind == QuestionKind.YES_NO:
        return forms.RadioSelect(), list(YES_NO_CHOICES)
    if kind == QuestionKind.FILE:
        accept = ",".join(f".{ext}" for ext in answer_rules.allowed_file_types(question))
        return forms.FileInput(attrs={"accept": accept, **attrs}), None
    return TableWidget(kind, attrs=attrs), None


def _initial_value(question: Question, value: Any) -> Any:
    if question.kind == QuestionKind.YES_NO and isinstance(value, bool):
        return "yes" if value else "no"
    return value


class AnswerForm(forms.Form):
    """The form for one version's questions. Build it with `build_django_form`."""

    use_required_attribute = False  # a conditional question may be hidden; the server decides what is required

    def __init__(
        self,
        *args: Any,
        version: FormVersion,
        questions: Sequence[Question],
        partial: bool,
        existing: Mapping[str, Any] | None = None,
        **kwargs: Any,
    ):
        super().__init__(*args, **kwargs)
        self.version = version
        self.questions = list(questions)
        self.partial = partial
        self.existing = dict(existing or {})
        self.answers: dict[str, Any] = {}
        self.problems: answer_rules.Problems = {}
        for question in self.questions:
            widget, choices = _widget_and_choices(question)
            options: dict[str, Any] = {
                "question": question,
                "answer_required": question.required and not partial,
                "label": question.label,
                "help_text": question.help_text,
                "widget": widget,
                "initial": _initial_value(question, self.existing.get(question.key)),
            }
            if question.kind == QuestionKind.MULTIPLE_CHOICE:
                field: forms.Field = MultipleChoiceAnswerField(choices=choices, **options)
            elif choices is not None:
                field = ChoiceAnswerField(choices=choices, **options)
            else:
                field = AnswerField(**options)
            self.fields[question.key] = field
            if question.kind == QuestionKind.FILE and isinstance(self.existing.get(question.key), dict):
                self.fields[f"{question.key}__remove"] = forms.BooleanField(
                    label=_("Remove the file %(name)s") % {"name": self.existing[question.key].get("name", "")},
                    required=False,
                )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        raw: dict[str, Any] = {}
        for question in self.questions:
            value = cleaned.get(question.key)
            if question.kind == QuestionKind.FILE and not value:
                keep = self.existing.get(question.key)
                value = None if cleaned.get(f"{question.key}__remove") else keep
            raw[question.key] = value
        self.answers, self.problems = answer_rules.check_answers(self.questions, raw, partial=self.partial)
        for key, problems in self.problems.items():
            for problem in problems:
                self.add_error(key, forms.ValidationError(problem.message, code=problem.code))
        return cleaned

    def sections(self) -> list[dict[str, Any]]:
        """The form's sections, each with its bound fields, for the template."""
        by_section: dict[int, list[Any]] = {}
        for question in self.questions:
            by_section.setdefault(question.section_id, []).append(question)
        rendered = []
        for section in self.version.sections.all():
            items = []
            for question in by_section.get(section.pk, []):
                remove = f"{question.key}__remove"
                items.append(
                    {
                        "question": question,
                        "field": self[question.key],
                        "remove": self[remove] if remove in self.fields else None,
                        "condition": _condition_text(question, self.questions),
                        "is_table": question.kind in TABLE_KINDS,
                        "existing": self.existing.get(question.key),
                    }
                )
            rendered.append({"section": section, "items": items})
        return rendered


def _condition_text(question: Question, questions: Sequence[Question]) -> dict[str, Any] | None:
    if not question.condition_key:
        return None
    source = next((q for q in questions if q.key == question.condition_key), None)
    value = question.condition_value
    if source is not None and source.kind in CHOICE_KINDS:
        value = answer_rules.choice_labels(source).get(value, value)
    elif source is not None and source.kind == QuestionKind.YES_NO:
        value = answer_rules.yes_no_text(value.lower() in answer_rules.TRUE_WORDS)
    return {
        "key": question.condition_key,
        "operator": question.condition_operator,
        "value": question.condition_value,
        "source_label": source.label if source is not None else question.condition_key,
        "value_label": value,
    }


# --- the builder's forms --------------------------------------------------------------------------------------


class FormDetailsForm(forms.ModelForm):
    class Meta:
        model = Form
        fields = ["title_lt", "title_en", "description_lt", "description_en", "owner_kind"]
        labels = {
            "title_lt": _("Title in Lithuanian"),
            "title_en": _("Title in English"),
            "description_lt": _("Description in Lithuanian"),
            "description_en": _("Description in English"),
        }
        widgets = {
            "description_lt": forms.Textarea(attrs={"rows": 3}),
            "description_en": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["owner_kind"].choices = OwnerKind.choices  # type: ignore[attr-defined]

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class SectionForm(forms.ModelForm):
    class Meta:
        model = Section
        fields = ["title_lt", "title_en", "description_lt", "description_en"]
        labels = {
            "title_lt": _("Title in Lithuanian"),
            "title_en": _("Title in English"),
            "description_lt": _("Description in Lithuanian"),
            "description_en": _("Description in English"),
        }
        widgets = {
            "description_lt": forms.Textarea(attrs={"rows": 2}),
            "description_en": forms.Textarea(attrs={"rows": 2}),
        }

    def values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class QuestionForm(forms.ModelForm):
    section = forms.ModelChoiceField(label=_("Section"), queryset=Section.objects.none(), empty_label=None)
    kind = forms.ChoiceField(label=_("Type"), choices=[("", _("Choose a type…")), *QuestionKind.choices])
    choices_text = forms.CharField(
        label=_("Choices"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "For one or several choices: one per line as key | Lithuanian label | English label, "
            "e.g. seed | Idėjos stadija | Seed stage."
        ),
    )

    class Meta:
        model = Question
        fields = [
            "section",
            "key",
            "kind",
            "label_lt",
            "label_en",
            "help_text_lt",
            "help_text_en",
            "required",
            "min_value",
            "max_value",
            "min_date",
            "max_date",
            "min_length",
            "max_length",
            "file_types",
            "max_file_mb",
            "condition_key",
            "condition_operator",
            "condition_value",
        ]
        labels = {
            "label_lt": _("Question in Lithuanian"),
            "label_en": _("Question in English"),
            "help_text_lt": _("Help text in Lithuanian"),
            "help_text_en": _("Help text in English"),
            "min_value": _("Smallest value (numbers, money, budget total)"),
            "max_value": _("Largest value (numbers, money, budget total)"),
            "min_length": _("At least (characters, choices or rows)"),
            "max_length": _("At most (characters, choices or rows)"),
            "condition_key": _("Shown only when the question with key"),
        }
        help_texts = {
            "file_types": _("Comma-separated, e.g. pdf, docx; empty: PDF, Word, Excel, OpenDocument and images."),
            "condition_value": _("A choice's key, yes or no, a number or a text."),
        }
        widgets = {
            "min_date": DateInput(),
            "max_date": DateInput(),
            "help_text_lt": forms.Textarea(attrs={"rows": 2}),
            "help_text_en": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args: Any, version: FormVersion, question: Question | None = None, **kwargs: Any):
        kwargs["instance"] = question
        super().__init__(*args, **kwargs)
        self.version = version
        self.fields["section"].queryset = version.sections.all()  # type: ignore[attr-defined]
        self.fields["key"].validators = [key_validator]
        self.fields["condition_operator"].choices = ConditionOperator.choices  # type: ignore[attr-defined]
        if question is not None and not self.is_bound:
            self.initial["choices_text"] = "\n".join(
                " | ".join([choice.key, *texts_of(choice, "label").values()]) for choice in question.choices.all()
            )

    def clean_choices_text(self) -> list[dict[str, str]]:
        rows = []
        for number, line in enumerate(self.cleaned_data.get("choices_text", "").splitlines(), start=1):
            if not line.strip():
                continue
            parts = [part.strip() for part in line.split("|")]
            key, label_lt = parts[0], parts[1] if len(parts) > 1 else ""
            label_en = parts[2] if len(parts) > 2 else ""
            try:
                key_validator(key)
            except forms.ValidationError as error:
                raise forms.ValidationError(
                    _("Line %(line)d: %(problem)s") % {"line": number, "problem": " ".join(error.messages)},
                    code="invalid_key",
                ) from error
            if not (label_lt or label_en):
                raise forms.ValidationError(_("Line %(line)d: give a label.") % {"line": number}, code="invalid")
            rows.append({"key": key, "label_lt": label_lt, "label_en": label_en})
        return rows

    def values(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self.Meta.fields}
        data["choices"] = self.cleaned_data["choices_text"]
        return data
