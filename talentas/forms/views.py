"""The staff form builder: list, create, edit the draft's sections and questions (htmx or plain posts), preview
any version, publish. Each view checks the right once (permissions.py) and calls one service."""

from __future__ import annotations

import re
from typing import Any

import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from talentas.core import lists
from talentas.core.errors import DomainError, add_to_form

from . import forms as builder_forms
from . import permissions, selectors, services
from .models import Form, FormVersion, QuestionKind

# A table's input name: the question key, after the form's prefix when there is one.
TABLE_NAME = re.compile(r"[a-z0-9_-]{1,120}")


class FormTable(lists.StaffTable):
    caption = _("Forms")
    title = tables.TemplateColumn(
        "<a href=\"{% url 'forms:detail' record.pk %}\">{{ record.title }}</a>", verbose_name=_("Form")
    )
    owner_kind = tables.Column(verbose_name=_("Used for"))
    latest_number = tables.Column(verbose_name=_("Latest version"), default="—")
    published_number = tables.Column(verbose_name=_("Published version"), default="—")
    response_count = tables.Column(verbose_name=_("Responses"))
    updated_at = tables.DateTimeColumn(verbose_name=_("Changed"), format="SHORT_DATETIME_FORMAT")

    class Meta(lists.StaffTable.Meta):
        empty_text = _("No forms yet.")

    def value_title(self, record: Form) -> str:
        return record.title


@login_required
def form_list(request: HttpRequest) -> HttpResponse:
    permissions.check_can_manage_forms(request.user)
    listing = lists.staff_list(
        request, queryset=selectors.forms_for_builder(), table_class=FormTable, export_name="forms"
    )
    if listing.export:
        return listing.export
    return render(request, "forms/form_list.html", {"listing": listing})


@login_required
def create(request: HttpRequest) -> HttpResponse:
    permissions.check_can_manage_forms(request.user)
    details = builder_forms.FormDetailsForm(request.POST or None)
    if request.method == "POST" and details.is_valid():
        try:
            form = services.create_form(by=request.user, **details.values())
        except DomainError as error:
            add_to_form(details, error)
        else:
            messages.success(request, _("Form created. Add its questions, then publish it."))
            return redirect("forms:detail", form_id=form.pk)
    status = 400 if details.errors else 200
    return render(request, "forms/form_create.html", {"details": details}, status=status)


def _builder_context(form: Form, **extra: Any) -> dict[str, Any]:
    draft = selectors.draft_of(form)
    published = selectors.latest_published(form)
    shown = selectors.version_with_questions((draft or published).pk) if (draft or published) else None
    sections = []
    if shown is not None:
        questions = selectors.questions_of(shown)
        sections = [
            {"section": section, "questions": [q for q in questions if q.section_id == section.pk]}
            for section in shown.sections.all()
        ]
    return {
        "form": form,
        "draft": draft,
        "published": published,
        "shown": shown,
        "sections": sections,
        "versions": list(form.versions.order_by("-number")),
        **extra,
    }


def _builder_response(request: HttpRequest, form: Form, *, status: int = 200, **extra: Any) -> HttpResponse:
    context = _builder_context(form, **extra)
    if request.htmx:
        return render(request, "forms/partials/builder_contents.html", context)
    if request.method == "POST" and status < 400:
        return redirect("forms:detail", form_id=form.pk)
    context.setdefault("details", builder_forms.FormDetailsForm(instance=form))
    return render(request, "forms/form_detail.html", context, status=status)


@login_required
def detail(request: HttpRequest, form_id: int) -> HttpResponse:
    form = permissions.form_for_builder(request.user, form_id)
    return _builder_response(request, form)


@login_required
def edit_details(request: HttpRequest, form_id: int) -> HttpResponse:
    form = permissions.form_for_builder(request.user, form_id)
    details = builder_forms.FormDetailsForm(request.POST or None, instance=form)
    if request.method == "POST" and details.is_valid():
        try:
            services.update_form(Form.objects.get(pk=form.pk), by=request.user, **details.values())
        except DomainError as error:
            add_to_form(details, error)
        else:
            messages.success(request, _("Form details saved."))
            return redirect("forms:detail", form_id=form.pk)
    form.refresh_from_db()
    return render(
        request,
        "forms/form_detail.html",
        _builder_context(form, details=details),
        status=400 if details.errors else 200,
    )


def _run(request: HttpRequest, form: Form, action: Any) -> HttpResponse:
    """Run a builder action; a refusal is shown on the builder page (inside the htmx target when htmx asked)."""
    try:
        action()
    except DomainError as error:
        return _builder_response(request, form, status=error.status_code, problem=error)
    return _builder_response(request, form)


@login_required
@require_POST
def new_draft(request: HttpRequest, form_id: int) -> HttpResponse:
    form = permissions.form_for_builder(request.user, form_id)
    return _run(request, form, lambda: services.new_draft_version(form, by=request.user))


@login_required
@require_POST
def publish(request: HttpRequest, form_id: int) -> HttpResponse:
    form = permissions.form_for_builder(request.user, form_id)
    try:
        version = services.publish_version(form, by=request.user)
    except DomainError as error:
        return _builder_response(request, form, status=error.status_code, problem=error)
    messages.success(request, _("Version %(number)d is published.") % {"number": version.number})
    return redirect("forms:detail", form_id=form.pk)


def _draft_or_conflict(form: Form) -> FormVersion:
    draft = selectors.draft_of(form)
    if draft is None:
        raise DomainError(
            _("This form has no draft. Start a new version to change it."), code="version_published", status_code=409
        )
    return draft


@login_required
def section_edit(request: HttpRequest, form_id: int, section_id: int | None = None) -> HttpResponse:
    form = permissions.form_for_builder(request.user, form_id)
    section = permissions.section_for_builder(form, section_id) if section_id else None
    version = section.version if section else _draft_or_conflict(form)
    editor = builder_forms.SectionForm(request.POST or None, instance=section)
    if request.method == "POST" and editor.is_valid():
        try:
            if section is None:
                services.add_section(version, by=request.user, **editor.values())
            else:
                services.update_section(section, by=request.user, **editor.values())
        except DomainError as error:
            add_to_form(editor, error)
        else:
            messages.success(request, _("Section saved."))
            return redirect("forms:detail", form_id=form.pk)
    context = {"form": form, "version": version, "editor": editor, "section": section}
    return render(request, "forms/section_edit.html", context, status=400 if editor.errors else 200)


@login_required
@require_POST
def section_move(request: HttpRequest, form_id: int, section_id: int) -> HttpResponse:
    form = permissions.form_for_builder(request.user, form_id)
    section = permissions.section_for_builder(form, section_id)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    return _run(request, form, lambda: services.move_section(section, direction=direction, by=request.user))


@login_required
@require_POST
def section_delete(request: HttpRequest, form_id: int, section_id: int) -> HttpResponse:
    form = permissions.form_for_builder(request.user, form_id)
    section = permissions.section_for_builder(form, section_id)
    return _run(request, form, lambda: services.delete_section(section, by=request.user))


@login_required
def question_edit(request: HttpRequest, form_id: int, question_id: int | None = None) -> HttpResponse:
    form = permissions.form_for_builder(request.user, form_id)
    question = permissions.question_for_builder(form, question_id) if question_id else None
    version = question.version if question else _draft_or_conflict(form)
    initial = {}
    if question is None and request.GET.get("section", "").isdigit():
        initial["section"] = int(request.GET["section"])
    editor = builder_forms.QuestionForm(request.POST or None, version=version, question=question, initial=initial)
    if question is not None and version.is_published:
        for field in editor.fields.values():
            field.disabled = True
    if request.method == "POST" and editor.is_valid():
        try:
            services.save_question(version, by=request.user, question=question, **_question_values(editor))
        except DomainError as error:
            add_to_form(editor, error)
        else:
            messages.success(request, _("Question saved."))
            return redirect("forms:detail", form_id=form.pk)
    context = {"form": form, "version": version, "editor": editor, "question": question}
    return render(request, "forms/question_edit.html", context, status=400 if editor.errors else 200)


def _question_values(editor: builder_forms.QuestionForm) -> dict[str, Any]:
    values = editor.values()
    values["choices"] = values.pop("choices")
    return values


@login_required
@require_POST
def question_move(request: HttpRequest, form_id: int, question_id: int) -> HttpResponse:
    form = permissions.form_for_builder(request.user, form_id)
    question = permissions.question_for_builder(form, question_id)
    direction = "up" if request.POST.get("direction") == "up" else "down"
    return _run(request, form, lambda: services.move_question(question, direction=direction, by=request.user))


@login_required
@require_POST
def question_delete(request: HttpRequest, form_id: int, question_id: int) -> HttpResponse:
    form = permissions.form_for_builder(request.user, form_id)
    question = permissions.question_for_builder(form, question_id)
    return _run(request, form, lambda: services.delete_question(question, by=request.user))


@login_required
def preview(request: HttpRequest, form_id: int, version_id: int) -> HttpResponse:
    """The form as people will see it; posting checks the answers (nothing is saved) and shows what they read as."""
    form = permissions.form_for_builder(request.user, form_id)
    version = selectors.version_with_questions(permissions.version_for_builder(request.user, form, version_id).pk)
    answer_form = services.build_django_form(
        version, data=request.POST or None, files=request.FILES or None, partial=request.POST.get("partial") == "1"
    )
    checked = None
    if request.method == "POST" and answer_form.is_valid():
        checked = services.answers_for_display(_unsaved_response(version, answer_form.answers))
    context = {"form": form, "version": version, "answer_form": answer_form, "checked": checked}
    return render(request, "forms/preview.html", context, status=400 if answer_form.errors else 200)


def _unsaved_response(version: FormVersion, answers: dict[str, Any]) -> Any:
    from .models import Response

    shown = {key: ({"name": value.name} if hasattr(value, "read") else value) for key, value in answers.items()}
    return Response(version=version, answers=shown)


def table_row(request: HttpRequest, kind: str, key: str) -> HttpResponse:
    """One more blank row of a budget table or team list, for the "Add a row" button (htmx)."""
    if kind not in (QuestionKind.BUDGET_TABLE, QuestionKind.TEAM_LIST):
        raise Http404
    if not TABLE_NAME.fullmatch(key):
        raise Http404
    index = request.GET.get("index", "0")
    start = min(int(index), 99) if index.isdigit() else 0
    context = builder_forms.table_context(kind, key, [{}], start=start)
    return render(request, "forms/partials/table_row.html", {"row": context["rows"][0]})


def builder_url(form: Form) -> str:
    return reverse("forms:detail", kwargs={"form_id": form.pk})
