"""Pages of job applications: thin views over services, selectors and permissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from talentas.core import lists
from talentas.core.errors import DomainError, NotFound, add_to_form, require
from talentas.talent import permissions as talent_permissions
from talentas.talent import selectors as talent_selectors
from talentas.talent.models import Opportunity

from . import permissions, selectors, services
from .forms import ApplyForm, BulkMoveForm, MoveForm, NoteForm, QuestionsForm, RatingForm
from .tables import PipelineFilter, PipelineTable


def _status(*forms) -> int:
    return 400 if any(form.is_bound and form.errors for form in forms) else 200


def _listed_opportunity(request: HttpRequest, pk: int) -> Opportunity:
    opportunity = talent_selectors.opportunity_by_id(pk)
    if opportunity is None or not talent_permissions.can_view_opportunity(request.user, opportunity):
        raise NotFound(permissions.NO_SUCH_OPPORTUNITY, code="no_such_opportunity")
    return opportunity


def _managed_opportunity(request: HttpRequest, pk: int) -> Opportunity:
    return permissions.managed_opportunity(request.user, talent_selectors.opportunity_by_id(pk))


# ---------------------------------------------------------------------------------------- the talent


@login_required
def apply(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _listed_opportunity(request, pk)
    require(
        not talent_permissions.can_manage_opportunity(request.user, opportunity),
        _("You cannot apply for your own organisation's opportunity."),
        code="own_opportunity",
    )
    existing = selectors.application_of(request.user, opportunity)
    if existing is not None:
        return redirect("hiring:application_detail", pk=existing.pk)
    if not permissions.takes_applications_here(opportunity):
        return redirect("talent:opportunity_detail", pk=pk)
    profile = talent_selectors.profile_of(request.user)
    if profile is None:
        messages.info(request, _("Create your talent profile first; then you can apply."))
        return redirect("talent:profile_edit")
    questions = selectors.questions_of(opportunity)
    form = ApplyForm(
        request.POST or None, request.FILES or None, opportunity=opportunity, profile=profile, questions=questions
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.apply(
                user=request.user,
                opportunity=opportunity,
                consent=data["consent"],
                interest_only=data["interest_only"],
                message=data["message"],
                answers=form.answers(),
                cv=data["cv"] if data["cv_choice"] == "upload" else None,
                use_profile_cv=data["cv_choice"] == "profile",
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Your application is submitted."))
            return redirect("hiring:application_detail", pk=application.pk)
    context = {"opportunity": opportunity, "profile": profile, "form": form}
    return render(request, "hiring/apply.html", context, status=_status(form))


@login_required
def my_applications(request: HttpRequest) -> HttpResponse:
    applications = selectors.applications_of_person(request.user)
    return render(request, "hiring/my_applications.html", {"applications": applications})


@login_required
def application_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = permissions.own_application(request.user, selectors.application_by_id(pk))
    context = {
        "application": application,
        "can_withdraw": "withdraw" in services.PIPELINE.possible(application, request.user),
    }
    return render(request, "hiring/application_detail.html", context)


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    application = permissions.own_application(request.user, selectors.application_by_id(pk))
    services.withdraw(user=request.user, application_id=application.pk)
    messages.success(request, _("Your application is withdrawn."))
    return redirect("hiring:application_detail", pk=pk)


@login_required
def application_cv(request: HttpRequest, pk: int) -> HttpResponse:
    application = selectors.application_by_id(pk)
    if application is None or not (
        permissions.is_applicant(request.user, application)
        or permissions.can_manage_applications(request.user, application.opportunity)
    ):
        raise NotFound(permissions.NO_SUCH_APPLICATION, code="no_such_application")
    if not application.cv:
        raise NotFound(_("This application has no CV."), code="no_cv")
    return FileResponse(
        application.cv.open("rb"), content_type="application/pdf", filename=f"application-{application.pk}.pdf"
    )


# -------------------------------------------------------------------------------------- the employer


@login_required
def pipeline(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _managed_opportunity(request, pk)
    # Its own ids: the list's filter above has a "status" field too.
    bulk = BulkMoveForm(request.POST or None, auto_id="bulk-%s")
    if request.method == "POST" and bulk.is_valid():
        try:
            result = services.bulk_move(
                actor=request.user,
                opportunity=opportunity,
                application_ids=bulk.cleaned_data["applications"],
                status=bulk.cleaned_data["status"],
                message=bulk.cleaned_data["message"],
            )
        except DomainError as error:
            add_to_form(bulk, error)
        else:
            messages.success(request, _("Moved: %(n)s.") % {"n": len(result.moved)})
            if result.skipped:
                messages.warning(
                    request,
                    _("Not moved, as they cannot go there from where they are: %(n)s.") % {"n": len(result.skipped)},
                )
            return redirect("hiring:pipeline", pk=pk)
    listing = lists.staff_list(
        request,
        queryset=selectors.pipeline(opportunity),
        table_class=PipelineTable,
        filterset_class=PipelineFilter,
        export_name=f"applicants-{opportunity.pk}",
    )
    if listing.export is not None:
        return listing.export
    context = {
        "opportunity": opportunity,
        "listing": listing,
        "bulk": bulk,
        "stages": selectors.stage_counts(opportunity),
        "export_links": True,
    }
    return render(request, "hiring/pipeline.html", context, status=_status(bulk))


@login_required
def applicant_detail(request: HttpRequest, pk: int) -> HttpResponse:
    application = permissions.managed_application(request.user, selectors.application_by_id(pk))
    action = request.POST.get("action", "") if request.method == "POST" else ""
    move_form = MoveForm(request.POST if action == "move" else None)
    note_form = NoteForm(request.POST if action == "note" else None)
    rating_form = RatingForm(request.POST if action == "rate" else None, initial={"rating": application.rating})
    forms_by_action = {"move": move_form, "note": note_form, "rate": rating_form}
    form = forms_by_action.get(action)
    if request.method == "POST" and form is None:
        raise DomainError(_("Choose what to do."), code="unknown_action")
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if action == "move":
                services.move(
                    actor=request.user, application_id=application.pk, status=data["status"], message=data["message"]
                )
            elif action == "note":
                services.add_note(actor=request.user, application_id=application.pk, body=data["body"])
            else:
                services.rate(actor=request.user, application_id=application.pk, rating=data["rating"])
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Saved."))
            return redirect("hiring:applicant_detail", pk=pk)
    context = {
        "application": application,
        "profile": talent_selectors.profile_by_id(application.profile_id),
        "notes": selectors.notes_of(application),
        "move_form": move_form,
        "note_form": note_form,
        "rating_form": rating_form,
    }
    return render(request, "hiring/applicant_detail.html", context, status=_status(move_form, note_form, rating_form))


@login_required
def questions(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _managed_opportunity(request, pk)
    form = QuestionsForm(request.POST or None, questions=selectors.questions_of(opportunity))
    if request.method == "POST" and form.is_valid():
        try:
            services.save_questions(user=request.user, opportunity=opportunity, questions=form.question_inputs())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The questions are saved."))
            return redirect("talent:opportunity_detail", pk=pk)
    return render(request, "hiring/questions.html", {"opportunity": opportunity, "form": form}, status=_status(form))
