"""Pages of the talent marketplace: thin views over services, selectors and permissions."""

import django_filters
import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core import signing
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from talentas.core import lists
from talentas.core.errors import DomainError, PermissionDenied, add_to_form
from talentas.core.forms import object_id
from talentas.core.views import picture_page

from . import feeds, permissions, profile_steps, selectors, services
from .esco import ATTRIBUTION
from .forms import (
    SKILL_LEVEL_CHOICES,
    STEP_FORMS,
    AlertForm,
    ContactRequestForm,
    CvForm,
    FinderForm,
    MessageForm,
    ModerationForm,
    OpportunityForm,
    OpportunitySearchForm,
    ReportForm,
)
from .models import Alert, ContactRequest, Opportunity, TalentProfile

PAGE_SIZE = 20
UNSUBSCRIBE_SALT = "talent-alert-unsubscribe"


def _status(form) -> int:
    return 400 if form.is_bound and form.errors else 200


# --------------------------------------------------------------------------------------------- home


def home(request: HttpRequest) -> HttpResponse:
    user = request.user
    context = {
        "profile": selectors.profile_of(user),
        "is_employer": permissions.is_employer(user),
        "latest": selectors.listed_opportunities()[:6],
        "attribution": ATTRIBUTION,
    }
    return render(request, "talent/home.html", context)


# --------------------------------------------------------------------------------------- vocabulary


def skill_autocomplete(request: HttpRequest) -> HttpResponse:
    term = request.GET.get("q") or request.GET.get("skill") or request.GET.get("skill_names") or ""
    target = request.GET.get("target", "profile")
    skills = selectors.skill_suggestions(term.split(",")[-1])
    return render(
        request,
        "talent/partials/skill_suggestions.html",
        {"skills": skills, "term": term, "target": target},
    )


def skill_row(request: HttpRequest) -> HttpResponse:
    skill = selectors.skills_by_id({object_id(request.GET)})
    if not skill:
        raise Http404(_("No such skill."))
    target = request.GET.get("target", "profile")
    return render(
        request,
        "talent/partials/skill_row.html",
        {"skill": next(iter(skill.values())), "levels": SKILL_LEVEL_CHOICES, "target": target, "level": 2},
    )


def occupation_autocomplete(request: HttpRequest) -> HttpResponse:
    term = request.GET.get("occupation_name") or request.GET.get("occupation") or request.GET.get("q") or ""
    return render(
        request,
        "talent/partials/occupation_suggestions.html",
        {"occupations": selectors.occupation_suggestions(term), "term": term},
    )


# ------------------------------------------------------------------------------------------ profile


@login_required
def profile_edit(request: HttpRequest) -> HttpResponse:
    """The old one-page form's address: the first step still to do, or the task list once all are done."""
    progress = selectors.profile_progress(selectors.profile_of(request.user))
    step = progress.first_unfinished
    if step is None:
        return redirect("talent:profile_tasks")
    return redirect("talent:profile_step", step=step.slug)


@login_required
def profile_tasks(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_of(request.user)
    context = {"profile": profile, "progress": selectors.profile_progress(profile)}
    return render(request, "talent/profile_tasks.html", context)


def _after_step(step: profile_steps.ProfileStep) -> HttpResponse:
    following = profile_steps.step_after(step)
    if following is None:
        return redirect("talent:profile_tasks")
    return redirect("talent:profile_step", step=following.slug)


@login_required
def profile_step(request: HttpRequest, step: str) -> HttpResponse:
    """One short page of the profile with its own form; "Save and continue" saves this step alone."""
    definition = profile_steps.BY_SLUG.get(step)
    if definition is None:
        raise Http404(_("No such step of the profile."))
    profile = selectors.profile_of(request.user)
    if profile is None and definition is not profile_steps.ABOUT:
        # Nothing can be saved before the first step: it says who the person is and asks for consent.
        messages.info(request, _("Start with the first step: tell us who you are."))
        return redirect("talent:profile_step", step=profile_steps.ABOUT.slug)
    if definition is profile_steps.CV:
        return _cv_step(request, profile)
    form = STEP_FORMS[step](request.POST or None, profile=profile)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_profile_step(
                user=request.user,
                step=step,
                values=form.values(),
                skills=form.skills(),
                languages=form.languages(),
                consent=form.consent_given(),
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Saved: %(step)s.") % {"step": definition.title})
            return _after_step(definition)
    return _render_step(request, definition, profile, form)


def _render_step(request: HttpRequest, step: profile_steps.ProfileStep, profile, form) -> HttpResponse:
    context = {
        "form": form,
        "profile": profile,
        "step": step,
        "number": profile_steps.STEPS.index(step) + 1,
        "total": len(profile_steps.STEPS),
        "levels": SKILL_LEVEL_CHOICES,
        "consent_version": services.CONSENT_VERSION,
    }
    return render(request, "talent/profile_step.html", context, status=_status(form))


def _cv_step(request: HttpRequest, profile: TalentProfile | None) -> HttpResponse:
    form = CvForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and "skip" in request.POST:
        services.save_profile_step(user=request.user, step=profile_steps.CV.slug, values={})
        return _after_step(profile_steps.CV)
    if request.method == "POST" and form.is_valid():
        try:
            services.attach_cv(user=request.user, upload=form.cleaned_data["cv"])
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Your CV is saved."))
            return _after_step(profile_steps.CV)
    return _render_step(request, profile_steps.CV, profile, form)


@login_required
def my_profile(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_of(request.user)
    if profile is None:
        return redirect("talent:profile_tasks")
    context = {
        "profile": profile,
        "progress": selectors.profile_progress(profile),
        "contacts": selectors.contacts_of_profile(profile),
    }
    return render(request, "talent/my_profile.html", context)


@login_required
@require_POST
def cv_remove(request: HttpRequest) -> HttpResponse:
    services.remove_cv(user=request.user)
    messages.success(request, _("Your CV is removed."))
    return redirect("talent:my_profile")


@login_required
def cv_download(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.profile_by_id(pk)
    if profile is None or not profile.cv or not permissions.can_see_contact_details(request.user, profile):
        raise Http404(_("No such CV."))
    return FileResponse(profile.cv.open("rb"), content_type="application/pdf", filename=f"cv-{profile.pk}.pdf")


@login_required
@require_POST
def withdraw_consent(request: HttpRequest) -> HttpResponse:
    try:
        services.withdraw_consent(user=request.user)
    except TalentProfile.DoesNotExist as error:
        raise Http404 from error
    messages.success(request, _("Consent withdrawn: nobody sees your profile now."))
    return redirect("talent:my_profile")


@login_required
def my_matches(request: HttpRequest) -> HttpResponse:
    profile = selectors.profile_of(request.user)
    if profile is None:
        return redirect("talent:profile_tasks")
    rows = selectors.matches_for_profile(profile, limit=20)
    return render(request, "talent/my_matches.html", {"profile": profile, "rows": rows})


# ------------------------------------------------------------------------------------ opportunities


def opportunity_list(request: HttpRequest) -> HttpResponse:
    """The public job board: anyone searches and filters; a person with a talent profile may sort by fit."""
    profile = selectors.profile_of(request.user)
    form = OpportunitySearchForm(request.GET or None, can_rank=bool(profile and profile.match_vector))
    form.is_valid()
    opportunities = selectors.listed_opportunities(**form.filters(), profile=profile)
    page = lists.page_of(request, opportunities, per_page=PAGE_SIZE)
    feed_query = request.GET.copy()
    for name in ("page", "sort"):
        feed_query.pop(name, None)
    return lists.render_search_page(
        request,
        template="talent/opportunity_list.html",
        results_template="talent/partials/opportunity_results.html",
        context={"form": form, "feed_query": feed_query.urlencode(), **page},
        status=_status(form),
    )


def _opportunity_or_404(request: HttpRequest, pk: int) -> Opportunity:
    opportunity = selectors.opportunity_by_id(pk)
    if opportunity is None or not permissions.can_view_opportunity(request.user, opportunity):
        raise Http404(_("No such opportunity."))
    return opportunity


def opportunity_detail(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _opportunity_or_404(request, pk)
    profile = selectors.profile_of(request.user)
    context = {
        "opportunity": opportunity,
        "explanation": selectors.match_between(profile, opportunity) if profile else None,
        "can_manage": permissions.can_manage_opportunity(request.user, opportunity),
        "can_moderate": permissions.can_moderate(request.user),
        "listed": permissions.is_listed_opportunity(opportunity),
        "report_form": ReportForm(),
    }
    if context["listed"]:
        # Only what the public board lists is offered to search engines and for sharing.
        context["job_posting"] = feeds.job_posting_script(opportunity)
        context["share_url"] = feeds.opportunity_url(opportunity)
    return render(request, "talent/opportunity_detail.html", context)


@login_required
def opportunity_create(request: HttpRequest) -> HttpResponse:
    organisations = permissions.employer_organisations(request.user)
    if not organisations:
        raise PermissionDenied(_("Only members of a verified organisation can post opportunities."))
    return _opportunity_form(request, None, organisations)


@login_required
def opportunity_edit(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _opportunity_or_404(request, pk)
    if not permissions.can_manage_opportunity(request.user, opportunity):
        raise PermissionDenied(_("Only the organisation's members can change its opportunities."))
    return _opportunity_form(request, opportunity, [opportunity.organisation])


def _opportunity_form(request, opportunity, organisations) -> HttpResponse:
    form = OpportunityForm(request.POST or None, opportunity=opportunity)
    chosen = organisations[0]
    if request.method == "POST":
        wanted = request.POST.get("organisation", "")
        chosen = next((o for o in organisations if str(o.pk) == wanted), organisations[0])
    if request.method == "POST" and form.is_valid():
        arguments = {
            "user": request.user,
            "data": form.opportunity_input(),
            "skills": form.picked_skills(),
            "languages": form.languages,
        }
        try:
            if opportunity is None:
                saved = services.create_opportunity(organisation=chosen, **arguments)
            else:
                saved = services.update_opportunity(opportunity=opportunity, **arguments)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The opportunity is saved."))
            return redirect("talent:opportunity_matches", pk=saved.pk)
    if request.method == "POST":
        picked = form._picked_skills(request.POST)
        labels = selectors.skills_by_id({pk for pk, _required in picked})
        skill_rows = [(labels[pk], level) for pk, level in picked if pk in labels]
    else:
        skill_rows = [(s.skill, int(s.required)) for s in opportunity.skills.all()] if opportunity else []
    context = {
        "form": form,
        "opportunity": opportunity,
        "organisations": organisations,
        "chosen": chosen,
        "skill_rows": skill_rows,
    }
    return render(request, "talent/opportunity_form.html", context, status=_status(form))


@login_required
@require_POST
def opportunity_close(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _opportunity_or_404(request, pk)
    services.close_opportunity(user=request.user, opportunity=opportunity)
    messages.success(request, _("The opportunity is closed and no longer shown in search."))
    return redirect("talent:employer")


@login_required
def opportunity_matches(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _opportunity_or_404(request, pk)
    if not permissions.can_manage_opportunity(request.user, opportunity):
        raise PermissionDenied(_("Only the organisation's members see the people who match its opportunities."))
    rows = selectors.matches_for_opportunity(opportunity, limit=20)
    return render(request, "talent/opportunity_matches.html", {"opportunity": opportunity, "rows": rows})


@login_required
def employer(request: HttpRequest) -> HttpResponse:
    organisations = permissions.employer_organisations(request.user)
    if not organisations:
        raise PermissionDenied(_("This page is for members of verified organisations."))
    context = {
        "organisations": organisations,
        "opportunities": selectors.opportunities_of(organisations),
        "shortlist": selectors.shortlist_of(organisations),
        "contacts": selectors.contacts_of_organisations(organisations),
    }
    return render(request, "talent/employer.html", context)


@login_required
@require_POST
def opportunity_report(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = _opportunity_or_404(request, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        services.report_abuse(user=request.user, reason=form.cleaned_data["reason"], opportunity=opportunity)
        messages.success(request, _("Thank you: moderators will look at it."))
    else:
        messages.error(request, _("Describe the problem."))
    return redirect("talent:opportunity_detail", pk=pk)


class ModerationFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        choices=Opportunity.Status.choices, label=gettext_lazy("Status"), empty_label=gettext_lazy("Any status")
    )

    class Meta:
        model = Opportunity
        fields = ["status"]


class ModerationTable(lists.StaffTable):
    caption = gettext_lazy("Opportunities")
    title = tables.TemplateColumn(
        "<a href=\"{% url 'talent:opportunity_detail' record.pk %}\">{{ record.title }}</a>",
        verbose_name=gettext_lazy("Title"),
    )
    organisation = tables.Column(accessor="organisation__name", verbose_name=gettext_lazy("Organisation"))
    status = tables.Column(verbose_name=gettext_lazy("Status"))
    open_reports = tables.Column(verbose_name=gettext_lazy("Reports"), attrs={"td": {"class": "number"}})
    moderate = tables.TemplateColumn(
        template_name="talent/partials/moderation_action.html",
        verbose_name=gettext_lazy("Action"),
        orderable=False,
        exclude_from_export=True,
    )


@login_required
def moderation(request: HttpRequest) -> HttpResponse:
    if not permissions.can_moderate(request.user):
        raise PermissionDenied(_("Only moderators can see this page."))
    listing = lists.staff_list(
        request, queryset=selectors.moderation_queue(), table_class=ModerationTable, filterset_class=ModerationFilter
    )
    return render(request, "talent/moderation.html", {"listing": listing, "reports": selectors.open_reports()[:50]})


@login_required
@require_POST
def moderate(request: HttpRequest, pk: int) -> HttpResponse:
    opportunity = selectors.opportunity_by_id(pk)
    if opportunity is None:
        raise Http404(_("No such opportunity."))
    form = ModerationForm(request.POST)
    form.is_valid()
    services.moderate_opportunity(
        moderator=request.user,
        opportunity=opportunity,
        suspend=request.POST.get("action") == "suspend",
        note=form.cleaned_data.get("note", ""),
    )
    messages.success(request, _("Moderation saved."))
    return redirect("talent:moderation")


# ------------------------------------------------------------------------------- finder and contacts


@login_required
def finder(request: HttpRequest) -> HttpResponse:
    if not permissions.is_employer(request.user):
        raise PermissionDenied(_("The talent finder is for members of verified organisations."))
    form = FinderForm(request.GET or None)
    profiles = (
        selectors.find_talents(form.filters()) if form.is_valid() else selectors.find_talents(selectors.FinderFilters())
    )
    return lists.render_search_page(
        request,
        template="talent/finder.html",
        results_template="talent/partials/finder_results.html",
        context={"form": form, **lists.page_of(request, profiles, per_page=PAGE_SIZE)},
        status=_status(form),
    )


@login_required
def talent_detail(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.profile_by_id(pk)
    if profile is None or not permissions.can_view_profile(request.user, profile):
        raise Http404(_("No such profile."))
    organisations = permissions.employer_organisations(request.user)
    form = ContactRequestForm(
        request.POST or None,
        organisations=organisations,
        opportunities=selectors.opportunities_of(organisations).filter(status=Opportunity.Status.OPEN),
        # A request started from an opportunity's matches is about that opportunity.
        initial={"opportunity": request.GET.get("opportunity", "")},
    )
    if request.method == "POST" and form.is_valid():
        organisation = next(o for o in organisations if o.pk == form.cleaned_data["organisation"])
        opportunity = (
            selectors.opportunity_by_id(form.cleaned_data["opportunity"]) if form.cleaned_data["opportunity"] else None
        )
        try:
            services.request_contact(
                user=request.user,
                organisation=organisation,
                profile=profile,
                message=form.cleaned_data["message"],
                opportunity=opportunity,
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request,
                _("Your request is sent. You will see the person's answer on this page, under Contact requests."),
            )
            return redirect(reverse("talent:employer") + "#contacts-heading")
    context = {
        "profile": profile,
        "form": form if organisations else None,
        "details": permissions.can_see_contact_details(request.user, profile),
        "own": profile.user_id == request.user.pk,
    }
    return render(request, "talent/talent_detail.html", context, status=_status(form))


@login_required
@require_POST
def shortlist_add(request: HttpRequest, pk: int) -> HttpResponse:
    profile = selectors.profile_by_id(pk)
    organisations = permissions.employer_organisations(request.user)
    if profile is None or not organisations:
        raise Http404(_("No such profile."))
    services.shortlist(user=request.user, organisation=organisations[0], profile=profile)
    if request.htmx:
        return HttpResponse(f'<span class="badge badge-green">{_("Shortlisted")}</span>')
    messages.success(request, _("Added to your shortlist."))
    return redirect("talent:employer")


@login_required
@require_POST
def shortlist_remove(request: HttpRequest, pk: int) -> HttpResponse:
    for organisation in permissions.employer_organisations(request.user):
        services.remove_from_shortlist(user=request.user, organisation=organisation, profile_id=pk)
    messages.success(request, _("Removed from your shortlist."))
    return redirect("talent:employer")


def _contact_or_404(request: HttpRequest, pk: int) -> ContactRequest:
    contact = selectors.contact_by_id(pk)
    if contact is None or not permissions.can_view_contact(request.user, contact):
        raise Http404(_("No such contact."))
    return contact


@login_required
def contact_detail(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(request, pk)
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.send_message(user=request.user, contact=contact, body=form.cleaned_data["body"])
        except DomainError as error:
            add_to_form(form, error)
        else:
            return redirect("talent:contact_detail", pk=pk)
    is_person = contact.profile.user_id == request.user.pk
    context = {
        "contact": contact,
        "is_person": is_person,
        "thread": selectors.thread(contact) if contact.status == ContactRequest.Status.ACCEPTED else [],
        "form": form,
        "report_form": ReportForm(),
        "details": contact.status == ContactRequest.Status.ACCEPTED,
    }
    return render(request, "talent/contact_detail.html", context, status=_status(form))


@login_required
@require_POST
def contact_answer(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(request, pk)
    services.answer_contact(user=request.user, contact=contact, accept=request.POST.get("answer") == "accept")
    return redirect("talent:contact_detail", pk=pk)


@login_required
@require_POST
def contact_report(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(request, pk)
    form = ReportForm(request.POST)
    if form.is_valid():
        services.report_abuse(user=request.user, reason=form.cleaned_data["reason"], contact=contact)
        messages.success(request, _("Thank you: moderators will look at it."))
    return redirect("talent:contact_detail", pk=pk)


@login_required
@require_POST
def contact_placement(request: HttpRequest, pk: int) -> HttpResponse:
    contact = _contact_or_404(request, pk)
    services.report_placement(user=request.user, contact=contact)
    messages.success(request, _("Congratulations! The placement is recorded."))
    return redirect("talent:contact_detail", pk=pk)


# ------------------------------------------------------------------------------------------- alerts


@login_required
def alerts(request: HttpRequest) -> HttpResponse:
    form = AlertForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.create_alert(user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Alert saved."))
            return redirect("talent:alerts")
    return render(
        request, "talent/alerts.html", {"form": form, "alerts": selectors.alerts_of(request.user)}, status=_status(form)
    )


@login_required
@require_POST
def alert_delete(request: HttpRequest, pk: int) -> HttpResponse:
    services.delete_alert(user=request.user, alert_id=pk)
    messages.success(request, _("Alert deleted."))
    return redirect("talent:alerts")


@csrf_exempt  # mail clients' one-click POST carries no CSRF token; the signed link is the authority
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    """One click from the e-mail: GET shows a button, POST (also mail clients' one-click) unsubscribes."""
    try:
        alert_id = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature as error:
        raise Http404(_("This unsubscribe link is not valid.")) from error
    done = request.method == "POST"
    if done:
        services.unsubscribe(alert_id=alert_id)
    exists = selectors.alert_exists(alert_id)
    return render(request, "talent/unsubscribe.html", {"done": done, "exists": exists, "token": token})


def unsubscribe_url(alert: Alert) -> str:
    return reverse("talent:unsubscribe", args=[signing.dumps(alert.pk, salt=UNSUBSCRIBE_SALT)])


@login_required
def my_photo(request: HttpRequest) -> HttpResponse:
    """The person's own optional photo: shown only where their profile itself may be seen."""
    profile = selectors.profile_of(request.user)
    return picture_page(
        request,
        current=profile.photo if profile is not None else None,
        save=lambda upload: services.set_photo(user=request.user, upload=upload),
        remove=lambda: services.remove_photo(user=request.user),
        done_url=reverse("talent:my_profile"),
        context={
            "heading": _("Your photo"),
            "alt": _("Your photo"),
            "back_text": _("your profile"),
            "picture_css": "picture-photo",
        },
    )
