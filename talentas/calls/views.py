"""Pages of calls: the public calls, the applicant organisation's application, the programme team's screens.
Thin views over services, selectors and permissions; every refusal is a DomainError shown on its form or page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from talentas.core import lists
from talentas.core.errors import DomainError, NotFound, add_to_form, require
from talentas.core.forms import object_id
from talentas.forms import services as form_services
from talentas.organisations import selectors as organisation_selectors
from talentas.review import selectors as review_selectors

from . import permissions, selectors, services
from .forms import (
    ApplicationForm,
    ConceptDecisionForm,
    DecisionForm,
    FileForm,
    MessageForm,
    MoveForm,
    ReportForm,
    ReviewReportForm,
    StartForm,
)
from .models import Application, Stage
from .tables import ApplicationFilter, ApplicationTable


def _status(*forms) -> int:
    return 400 if any(form is not None and form.is_bound and form.errors for form in forms) else 200


def _call(request: HttpRequest, pk: int):
    return permissions.visible_call(request.user, selectors.call_by_id(pk))


# ------------------------------------------------------------------------------------------- public


def call_list(request: HttpRequest) -> HttpResponse:
    return render(request, "calls/list.html", {"phases": selectors.calls_by_phase()})


def call_detail(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    mine = None
    if request.user.is_authenticated:
        mine = selectors.application_of(organisation_selectors.organisation_ids_of(request.user), call)
    context = {
        "call": call,
        "phase": call.phase(),
        "concepts_closed": call.concepts_closed(),
        "mine": mine,
        "documents": list(call.documents.all()),
        "stage_names": [str(Stage(stage).label) for stage in call.stages_allowed if stage in Stage.values],
    }
    return render(request, "calls/detail.html", context)


def call_document(request: HttpRequest, pk: int, document_id: int) -> HttpResponse:
    call = _call(request, pk)
    document = call.documents.filter(pk=document_id).first()
    if document is None or not document.file:
        raise NotFound(_("No such document."), code="no_such_document")
    return FileResponse(document.file.open("rb"), as_attachment=True, filename=document.file.name.rsplit("/", 1)[-1])


# ---------------------------------------------------------------------------------------- applicants


@login_required
def start(request: HttpRequest, pk: int) -> HttpResponse:
    call = _call(request, pk)
    organisations = organisation_selectors.organisations_of(request.user)
    existing = selectors.application_of([o.pk for o in organisations], call)
    if existing is not None:
        return redirect("calls:application", pk=existing.pk)
    form = StartForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        organisation = next(o for o in organisations if str(o.pk) == form.cleaned_data["organisation"])
        try:
            application = services.start_application(user=request.user, call=call, organisation=organisation)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Your draft is started; your organisation's members can work on it too."))
            return redirect("calls:application", pk=application.pk)
    context = {"call": call, "form": form, "organisations": organisations}
    return render(request, "calls/start.html", context, status=_status(form))


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    return render(
        request, "calls/my_applications.html", {"applications": selectors.applications_of_person(request.user)}
    )


def _initial(application: Application) -> dict:
    initial = {name: getattr(application, name) for name in ApplicationForm.base_fields}
    initial["registered_in_city"] = {True: "yes", False: "no"}.get(application.registered_in_city, "")  # type: ignore[arg-type]
    return initial


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = permissions.own_application(request.user, selectors.application_by_id(pk))
    action = request.POST.get("action", "") if request.method == "POST" else ""
    form = ApplicationForm(
        request.POST if action in ("save", "submit") else None,
        call=application.call,
        concept=application.is_concept,
        initial=_initial(application),
    )
    answer_form = _answer_form(request, application, bound=action in ("save", "submit"))
    file_form = FileForm(request.POST if action == "attach" else None, request.FILES or None)
    message_form = MessageForm(request.POST if action == "message" else None)
    if request.method == "POST":
        done = _applicant_action(request, application, action, (form, answer_form), file_form, message_form)
        if done is not None:
            return done
        application = selectors.application_by_id(pk) or application
    context = {
        "application": application,
        "call": application.call,
        "form": form,
        "answer_form": answer_form,
        "answers": _answers(application) if not application.is_editable else [],
        "file_form": file_form,
        "message_form": message_form,
        "missing": services.missing(application) if application.is_editable else [],
        "problems": services.eligibility_problems(application) if application.is_editable else [],
        "can_withdraw": "withdraw" in services.APPLICATION_FLOW.possible(application, request.user),
        "open": application.call.is_open(),
        "award": getattr(application, "award", None) if application.status == Application.Status.APPROVED else None,
    }
    status = _status(form, answer_form, file_form, message_form)
    return render(request, "calls/application.html", context, status=status)


def _answer_form(request: HttpRequest, application: Application, *, bound: bool):
    """The call's own questions (the form builder's), answered as a draft: nothing is required until submitting.
    A concept has none: the questions are for the full application."""
    if application.response is None or not application.is_editable or application.is_concept:
        return None
    return form_services.build_django_form(
        application.response.version,
        data=request.POST if bound else None,
        files=request.FILES if bound else None,
        initial=application.response.answers,
        partial=True,
        prefix="answers",
    )


def _answers(application: Application) -> list:
    return form_services.answers_for_display(application.response) if application.response is not None else []


def _applicant_action(request, application, action, forms, file_form, message_form) -> HttpResponse | None:
    here = redirect("calls:application", pk=application.pk)
    form, answer_form = forms
    try:
        if action in ("save", "submit"):
            if not form.is_valid() or (answer_form is not None and not answer_form.is_valid()):
                return None
            services.save_draft(
                user=request.user, application_id=application.pk, data=services.ApplicationInput(**form.values())
            )
            if answer_form is not None:
                services.store_answers(user=request.user, application_id=application.pk, answers=answer_form.answers)
            if action == "submit":
                services.submit(user=request.user, application_id=application.pk)
                if application.is_concept:
                    messages.success(request, _("Your concept is submitted."))
                else:
                    messages.success(request, _("Your application is submitted."))
            else:
                messages.success(request, _("Your draft is saved."))
            return here
        if action == "attach":
            if not file_form.is_valid():
                return None
            services.attach_file(user=request.user, application_id=application.pk, file=file_form.cleaned_data["file"])
            messages.success(request, _("The file is attached."))
            return here
        if action == "remove_file":
            services.remove_file(
                user=request.user, application_id=application.pk, file_id=object_id(request.POST, "file")
            )
            messages.success(request, _("The file is removed."))
            return here
        if action == "withdraw":
            services.withdraw(user=request.user, application_id=application.pk)
            messages.success(request, _("Your application is withdrawn."))
            return here
        if action == "message":
            if not message_form.is_valid():
                return None
            services.post_message(
                user=request.user, application_id=application.pk, body=message_form.cleaned_data["body"]
            )
            messages.success(request, _("Your message is sent."))
            return here
    except DomainError as error:
        target = {"attach": file_form, "message": message_form}.get(action, form)
        if action == "submit" and error.code == "deadline_passed":
            messages.error(request, str(error.message))  # the draft was saved just before
            return here
        add_to_form(target, error)
        return None
    raise DomainError(_("Choose what to do."), code="unknown_action")


@login_required
def application_file(request: HttpRequest, pk: int, file_id: int) -> HttpResponse:
    application = permissions.seen_application(request.user, selectors.application_by_id(pk))
    attached = next((f for f in application.files.all() if f.pk == file_id), None)
    if attached is None:
        raise NotFound(_("No such file."), code="no_such_file")
    return FileResponse(attached.file.open("rb"), as_attachment=True, filename=attached.name)


@login_required
def report(request: HttpRequest, pk: int) -> HttpResponse:
    instalment = selectors.instalment_by_id(pk)
    if instalment is None or not permissions.is_applicant(request.user, instalment.award.application):
        raise NotFound(_("No such instalment."), code="no_such_instalment")
    form = ReportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.submit_report(
                user=request.user,
                instalment_id=instalment.pk,
                progress=data["progress"],
                spent_eur=data["spent_eur"],
                evidence=data["evidence"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Your report is sent to the programme team."))
            return redirect("calls:application", pk=instalment.award.application_id)
    context = {"instalment": instalment, "application": instalment.award.application, "form": form}
    return render(request, "calls/report.html", context, status=_status(form))


@login_required
def report_evidence(request: HttpRequest, pk: int) -> HttpResponse:
    milestone_report = selectors.report_by_id(pk)
    application = milestone_report.instalment.award.application if milestone_report else None
    permissions.seen_application(request.user, application)
    if milestone_report is None or not milestone_report.evidence:
        raise NotFound(_("This report has no evidence file."), code="no_evidence")
    name = milestone_report.evidence.name.rsplit("/", 1)[-1]
    return FileResponse(milestone_report.evidence.open("rb"), as_attachment=True, filename=name)


# ---------------------------------------------------------------------------------- the programme team


@login_required
def staff_applications(request: HttpRequest) -> HttpResponse:
    require(permissions.can_manage_calls(request.user), code="not_programme_staff")
    listing = lists.staff_list(
        request,
        # review's one rule: nothing a recused reviewer may not open, in the list, its search or its downloads
        queryset=review_selectors.applications_visible_to(request.user, selectors.staff_applications()),
        table_class=ApplicationTable,
        filterset_class=ApplicationFilter,
        export_name=f"call-applications-{timezone.localdate():%Y-%m-%d}",
    )
    if listing.export is not None:
        return listing.export
    context = {"listing": listing, "export_links": True, "programmes": selectors.programmes()}
    return render(request, "calls/staff_applications.html", context)


@login_required
def staff_application(request: HttpRequest, pk: int) -> HttpResponse:
    application = permissions.managed_application(request.user, selectors.application_by_id(pk))
    action = request.POST.get("action", "") if request.method == "POST" else ""
    move_form = MoveForm(request.POST if action == "move" else None)
    decision_form = DecisionForm(
        request.POST if action == "decide" else None, initial={"amount_eur": application.requested_eur}
    )
    concept_form = ConceptDecisionForm(request.POST if action == "concept" else None)
    message_form = MessageForm(request.POST if action == "message" else None)
    review_form = ReviewReportForm(request.POST if action == "review" else None)
    forms_by_action = {
        "move": move_form,
        "decide": decision_form,
        "concept": concept_form,
        "message": message_form,
        "review": review_form,
    }
    if request.method == "POST":
        form = forms_by_action.get(action)
        if action == "paid":
            services.mark_paid(actor=request.user, instalment_id=object_id(request.POST, "instalment"))
            messages.success(request, _("The instalment is marked as paid."))
            return redirect("calls:staff_application", pk=pk)
        if form is None:
            raise DomainError(_("Choose what to do."), code="unknown_action")
        if form.is_valid():
            try:
                _staff_action(request, application, action, form.cleaned_data)
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("calls:staff_application", pk=pk)
    possible = services.APPLICATION_FLOW.possible(application, request.user)
    context = {
        "application": application,
        "call": application.call,
        "move_form": move_form,
        "decision_form": decision_form,
        "concept_form": concept_form,
        "message_form": message_form,
        "review_form": review_form,
        "can_move": any(name in possible for name in services.STAFF_MOVES),
        "can_decide": any(name in possible for name in services.DECISIONS),
        "can_judge_concept": any(name in possible for name in services.CONCEPT_DECISIONS),
        "problems": services.eligibility_problems(application),
        "answers": _answers(application),
        "award": getattr(application, "award", None) if application.status == Application.Status.APPROVED else None,
    }
    status = _status(move_form, decision_form, concept_form, message_form, review_form)
    return render(request, "calls/staff_application.html", context, status=status)


def _staff_action(request: HttpRequest, application: Application, action: str, data: dict) -> None:
    if action == "move":
        services.move(
            actor=request.user, application_id=application.pk, transition=data["transition"], message=data["message"]
        )
    elif action == "decide":
        if data["decision"] == "approve":
            services.approve(
                actor=request.user,
                application_id=application.pk,
                amount_eur=data["amount_eur"],
                message=data["message"],
            )
        elif data["decision"] == "waitlist":
            services.waitlist(actor=request.user, application_id=application.pk, message=data["message"])
        else:
            services.reject(actor=request.user, application_id=application.pk, message=data["message"])
    elif action == "concept":
        if data["decision"] == "invite":
            services.invite_to_full(actor=request.user, application_id=application.pk, message=data["message"])
        else:
            services.decline_concept(actor=request.user, application_id=application.pk, message=data["message"])
    elif action == "message":
        services.post_message(user=request.user, application_id=application.pk, body=data["body"])
    elif action == "review":
        services.review_report(
            actor=request.user,
            report_id=object_id(request.POST, "report"),
            accept=data["accept"] == "yes",
            note=data["note"],
        )
