"""Pages of review: a reviewer's assignments, the declaration, the application and the scoring form; the programme
team's review board of a call (filters, figures, bulk actions over the whole filtered list, downloads), one
application's screening and reviewers, the rubric, and the ranked list for the decision meeting.

Every application reaches a page only through `selectors.applications_visible_to` (or a reviewer's own
assignment, which the same rule filters), so a recused reviewer finds nothing anywhere."""

from decimal import Decimal
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from talentas.calls import permissions as call_permissions
from talentas.calls import selectors as call_selectors
from talentas.calls.models import Application
from talentas.core import exports, lists
from talentas.core.errors import DomainError, NotFound, add_to_form, require
from talentas.core.forms import object_id

from . import selectors, services
from .forms import (
    AssignForm,
    BulkForm,
    CriterionFormSet,
    DeclarationForm,
    OrganisationDeclarationForm,
    RubricForm,
    ScoreForm,
    ScreeningForm,
)
from .models import ReviewerAssignment, Screening
from .tables import BoardFilter, BoardTable

NO_SUCH_ASSIGNMENT = services.NO_SUCH_ASSIGNMENT


def _status(*forms) -> int:
    return 400 if any(form is not None and form.is_bound and form.errors for form in forms) else 200


def _staff(request: HttpRequest) -> None:
    require(call_permissions.can_manage_calls(request.user), code="not_programme_staff")


# ------------------------------------------------------------------------------------------ reviewers


@login_required
def my_assignments(request: HttpRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:200]
    rows = selectors.assignments_of(request.user, query=query)
    context = {"query": query, "is_reviewer": selectors.is_reviewer(request.user), **lists.page_of(request, rows)}
    if call_permissions.can_manage_calls(request.user):
        context["boards"] = selectors.calls_under_review()
    return render(request, "review/mine.html", context)


@login_required
def conflicts(request: HttpRequest) -> HttpResponse:
    """A reviewer's declarations up front, one per organisation that applied to a call they review openly (blind
    calls name none); a conflict recuses them from all its applications."""
    services.require_reviewer(request.user)
    listed = selectors.organisations_to_declare(request.user)
    context = lists.page_of(request, listed.organisations)
    bound = None
    if request.method == "POST":
        organisation = listed.organisations.filter(pk=object_id(request.POST, "organisation")).first()
        if organisation is None:
            raise DomainError(_("Choose one of the organisations listed."), field="organisation",
                              code="unknown_organisation")  # fmt: skip
        bound = OrganisationDeclarationForm(request.POST, organisation=organisation)
        if bound.is_valid():
            conflict = bound.cleaned_data["conflict"] == "yes"
            try:
                services.declare_for_organisation(
                    user=request.user,
                    organisation_id=organisation.pk,
                    has_conflict=conflict,
                    reason=bound.cleaned_data["reason"],
                )
            except DomainError as error:
                add_to_form(bound, error)
            else:
                messages.success(
                    request,
                    _("Thank you: you are recused from every application of %(organisation)s.")
                    % {"organisation": organisation.name}
                    if conflict
                    else _("Thank you: your declaration is saved."),
                )
                return redirect(request.get_full_path())
    shown = list(context["page"].object_list)
    if bound is not None and bound.organisation not in shown:
        shown.insert(0, bound.organisation)
    standing = selectors.organisation_declarations(request.user, [organisation.pk for organisation in shown])
    context["rows"] = [
        {
            "organisation": organisation,
            "declaration": standing.get(organisation.pk),
            "form": bound
            if bound is not None and bound.organisation == organisation
            else OrganisationDeclarationForm(organisation=organisation),
        }
        for organisation in shown
    ]
    context.update(bound=bound, blind_calls=listed.blind_calls)
    return render(request, "review/conflicts.html", context, status=_status(bound))


def _own(request: HttpRequest, pk: int) -> ReviewerAssignment:
    assignment = selectors.assignment_of(request.user, pk)
    if assignment is None:
        raise NotFound(NO_SUCH_ASSIGNMENT, code="no_such_assignment")
    return assignment


@login_required
def assignment(request: HttpRequest, pk: int) -> HttpResponse:
    """Declare first; then read the application (blind when the call says so) and score it with the rubric."""
    current = _own(request, pk)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if current.status == ReviewerAssignment.Status.AWAITING_DECLARATION:
        form = DeclarationForm(request.POST if action == "declare" else None)
        if form.is_bound and form.is_valid():
            conflict = form.cleaned_data["conflict"] == "yes"
            try:
                services.declare(
                    user=request.user, assignment_id=pk, has_conflict=conflict, reason=form.cleaned_data["reason"]
                )
            except DomainError as error:
                add_to_form(form, error)
            else:
                if conflict:
                    messages.success(request, _("Thank you: you are recused from this application."))
                    return redirect("review:mine")
                return redirect("review:assignment", pk=pk)
        context = {"assignment": current, "form": form, "blind": selectors.rubric_is_blind(current.application)}
        return render(request, "review/declare.html", context, status=_status(form))
    rubric = selectors.rubric_of_call(current.application.call_id)
    criteria = list(rubric.criteria.all()) if rubric is not None else []
    review = getattr(current, "review", None)
    submitted = review is not None and review.status == review.Status.SUBMITTED
    initial = {f"score-{key}": value for key, value in selectors.scores_of(review).items()}
    initial["comments"] = review.comments if review is not None else ""
    form = ScoreForm(request.POST if action in ("save", "submit") else None, criteria=criteria, initial=initial)
    if form.is_bound and form.is_valid():
        try:
            services.save_review(
                user=request.user,
                assignment_id=pk,
                scores=form.scores(),
                comments=form.cleaned_data["comments"],
                submit=action == "submit",
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Your review is submitted.") if action == "submit" else _("Saved as a draft."))
            return redirect("review:assignment", pk=pk)
    context = {
        "assignment": current,
        "view": selectors.reviewer_view(current),
        "application": current.application,
        "rubric": rubric,
        "form": form,
        "review": review,
        "submitted": submitted,
        "scores": selectors.scores_of(review),
        "can_score": current.application.status == Application.Status.IN_REVIEW and not submitted and bool(criteria),
    }
    return render(request, "review/assignment.html", context, status=_status(form))


# ------------------------------------------------------------------------------------------ staff


def _call(request: HttpRequest, call_id: int):
    _staff(request)
    call = call_selectors.call_by_id(call_id)
    if call is None:
        raise NotFound(call_permissions.NO_SUCH_CALL, code="no_such_call")
    return call


def _board_queryset(request: HttpRequest, call_id: int, query: QueryDict):
    rows = selectors.board_rows(request.user, call_id)
    return BoardFilter(query, queryset=rows, request=request).qs


@login_required
def board(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _call(request, call_id)
    threshold = selectors.threshold_of(call.pk)
    bulk = None
    if request.method == "POST":
        bulk = BulkForm(request.POST, choices=[])
        bulk.fields["selected"].choices = [(v, v) for v in request.POST.getlist("selected")]
        if bulk.is_valid():
            done = _bulk(request, call.pk, bulk)
            if done is not None:
                return done
    listing = lists.staff_list(
        request,
        queryset=selectors.board_rows(request.user, call.pk),
        table_class=BoardTable,
        table_options={"threshold": threshold},
        filterset_class=BoardFilter,
        export_name=f"reviews-{call.pk}-{timezone.localdate():%Y-%m-%d}",
    )
    if listing.export is not None:
        return listing.export
    matching = listing.table.paginator.count if hasattr(listing.table, "paginator") else len(listing.table.rows)
    filter_query = request.GET.copy()
    for key in ("page", "export"):
        filter_query.pop(key, None)
    bulk = bulk or BulkForm(initial={"filter": filter_query.urlencode(), "scope": "selected"})
    context = {
        "call": call,
        "listing": listing,
        "export_links": True,
        "matching": matching,
        "bulk": bulk,
        "threshold": threshold,
        "rubric": selectors.rubric_of_call(call.pk),
    }
    return render(request, "review/board.html", context, status=_status(bulk))


def _bulk(request: HttpRequest, call_id: int, form: BulkForm) -> HttpResponse | None:
    data = form.cleaned_data
    query = QueryDict(data["filter"] or "")
    rows = _board_queryset(request, call_id, query)
    if data["scope"] == "selected":
        rows = rows.filter(pk__in=data["selected"])
    try:
        result = services.bulk_apply(
            actor=request.user,
            applications=Application.objects.filter(pk__in=rows.values("pk")),
            action=data["action"],
            reviewers=data["reviewers"],
            role=data["role"],
            transition=data["transition"],
            message=data["message"],
            description=urlencode({"call": call_id, **query.dict(), "scope": data["scope"]}),
        )
    except DomainError as error:
        add_to_form(form, error)
        return None
    messages.success(
        request,
        _("Done for %(done)s of %(matched)s applications; %(skipped)s left as they were (the action did not apply).")
        % {"done": result.done, "matched": result.matched, "skipped": result.skipped},
    )
    target = redirect("review:board", call_id=call_id)
    if data["filter"]:
        target["Location"] += f"?{data['filter']}"
    return target


@login_required
def ranking(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _call(request, call_id)
    rows = selectors.ranking(request.user, call.pk)
    export_format = request.GET.get("export", "")
    if export_format in lists.EXPORT_FORMATS:
        header = [
            _("Rank"), _("Organisation"), _("Project"), _("Status"), _("Reviews"), _("Average (of 100)"),
            _("Women-led extra points"), _("Score"), _("Spread"), _("Standard deviation"), _("Disagreement"),
            _("Requested (EUR)"), _("Note"),
        ]  # fmt: skip
        values = [
            [
                row.rank,
                row.application.organisation.name,
                row.application.project_title,
                str(row.application.get_status_display()),
                row.agreement.count,
                row.agreement.average,
                row.women_points,
                row.final,
                row.agreement.spread,
                row.agreement.deviation,
                _("yes") if row.agreement.disagreement else "",
                row.application.requested_eur,
                row.tie_note,
            ]
            for row in rows
        ]
        filename = f"ranking-{call.pk}-{timezone.localdate():%Y-%m-%d}.{export_format}"
        if export_format == "csv":
            return exports.csv_response(filename=filename, header=header, rows=values)
        return exports.xlsx_response(filename=filename, header=header, rows=values, sheet_title=str(_("Ranking")))
    context = {"call": call, "rows": rows, "threshold": selectors.threshold_of(call.pk)}
    return render(request, "review/ranking.html", context)


@login_required
def staff_application(request: HttpRequest, pk: int) -> HttpResponse:
    _staff(request)
    application = selectors.applications_visible_to(request.user).filter(pk=pk).first()
    if application is None:
        raise NotFound(call_permissions.NO_SUCH_APPLICATION, code="no_such_application")
    action = request.POST.get("action", "") if request.method == "POST" else ""
    assign_form = AssignForm(request.POST if action == "assign" else None)
    screening_form = ScreeningForm(request.POST if action == "screen" else None)
    if request.method == "POST":
        if action == "recuse":
            services.recuse_by_staff(actor=request.user, assignment_id=object_id(request.POST, "assignment"))
            messages.success(request, _("The reviewer is recused."))
            return redirect("review:staff_application", pk=pk)
        form = {"assign": assign_form, "screen": screening_form}.get(action)
        if form is None:
            raise DomainError(_("Choose what to do."), code="unknown_action")
        if form.is_valid():
            try:
                _staff_action(request, application, action, form.cleaned_data)
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("review:staff_application", pk=pk)
    assignments = list(selectors.assignments_of_application(application))
    rubric = selectors.rubric_of_call(application.call_id)
    figures = selectors.figures_for([application], threshold=selectors.threshold_of(application.call_id))[0]
    from talentas.calls import services as call_services

    context = {
        "application": application,
        "call": application.call,
        "assignments": assignments,
        "criteria": list(rubric.criteria.all()) if rubric is not None else [],
        "figures": figures,
        "screening": Screening.objects.filter(application=application).select_related("screened_by").first(),
        "problems": call_services.eligibility_problems(application),
        "assign_form": assign_form,
        "screening_form": screening_form,
        "can_screen": application.status in (Application.Status.SUBMITTED, Application.Status.SCREENING),
        "can_assign": application.status in services.ASSIGNABLE,
    }
    return render(request, "review/staff_application.html", context, status=_status(assign_form, screening_form))


def _staff_action(request: HttpRequest, application: Application, action: str, data: dict) -> None:
    if action == "assign":
        for person in data["reviewers"]:
            services.assign_reviewer(
                actor=request.user, application_id=application.pk, reviewer=person, role=data["role"]
            )
    else:
        services.screen(
            actor=request.user,
            application_id=application.pk,
            passed=data["outcome"] == "pass",
            reason=data["reason"],
        )


@login_required
def rubric(request: HttpRequest, call_id: int) -> HttpResponse:
    call = _call(request, call_id)
    current = selectors.rubric_of_call(call.pk)
    initial = {
        "title_lt": current.title_lt if current else _("Evaluation criteria"),
        "title_en": current.title_en if current else "",
        "blind_review": current.blind_review if current else False,
        "disagreement_threshold": current.disagreement_threshold if current else Decimal("20"),
    }
    criteria_initial = [
        {
            "title_lt": c.title_lt,
            "title_en": c.title_en,
            "description_lt": c.description_lt,
            "description_en": c.description_en,
            "weight": c.weight,
            "max_score": c.max_score,
        }
        for c in (current.criteria.all() if current else [])
    ]
    bound = request.method == "POST"
    form = RubricForm(request.POST if bound else None, initial=initial)
    formset = CriterionFormSet(request.POST if bound else None, initial=criteria_initial, prefix="criteria")
    if bound and form.is_valid() and formset.is_valid():
        items = [
            services.CriterionInput(
                title_lt=row["title_lt"],
                title_en=row.get("title_en", ""),
                description_lt=row.get("description_lt", ""),
                description_en=row.get("description_en", ""),
                weight=row.get("weight") or Decimal("1"),
                max_score=row.get("max_score") or 10,
            )
            for row in formset.cleaned_data
            if row and row.get("title_lt")
        ]
        try:
            services.save_rubric(actor=request.user, call=call, criteria=items, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The rubric is saved."))
            return redirect("review:board", call_id=call.pk)
    status = 400 if bound and (form.errors or any(formset.errors)) else 200
    return render(request, "review/rubric.html", {"call": call, "form": form, "formset": formset}, status=status)
