import django_tables2 as tables
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from talentas.accounts import permissions as account_permissions
from talentas.core import lists
from talentas.core.errors import DomainError, PermissionDenied, add_to_form
from talentas.core.views import picture_page

from . import permissions, selectors, services
from .forms import AddMemberForm, ClaimForm, DirectoryFilterForm, OrganisationDetailsForm, ProposeForm, ReviewForm
from .models import Organisation, OrganisationClaim

PAGE_SIZE = 20
DECISIONS = {"approve": services.approve_claim, "reject": services.reject_claim}


def _organisation_or_404(request: HttpRequest, slug: str) -> Organisation:
    """The organisation, if this person may see it; unlisted ones are 404 to outsiders, as if absent."""
    organisation = selectors.organisation_by_slug(slug)
    if organisation is None or not permissions.can_view_organisation(request.user, organisation):
        raise Http404(_("No such organisation."))
    return organisation


def organisation_list(request: HttpRequest) -> HttpResponse:
    form = DirectoryFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    organisations = selectors.directory(kind=filters.get("kind", ""), query=filters.get("q", ""))
    return lists.render_search_page(
        request,
        template="organisations/organisation_list.html",
        results_template="organisations/partials/directory_results.html",
        context={"form": form, **lists.page_of(request, organisations, per_page=PAGE_SIZE)},
    )


def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    user = request.user
    can_see_members = permissions.can_see_members(user, organisation)
    context = {
        "organisation": organisation,
        "membership_role": permissions.membership_role(user, organisation),
        "can_edit": permissions.can_edit_organisation(user, organisation),
        "can_claim": permissions.can_claim_organisation(user, organisation),
        "claimable": not user.is_authenticated and permissions.is_claimable(organisation),
        "members": selectors.members_of(organisation) if can_see_members else None,
        "units": organisation.units.filter(is_listed=True).order_by("name"),
    }
    return render(request, "organisations/organisation_detail.html", context)


@login_required
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    if not permissions.can_edit_organisation(request.user, organisation):
        raise PermissionDenied(_("Only the organisation's owners can edit it."))
    if request.method != "POST":
        form = OrganisationDetailsForm.for_organisation(organisation)
    else:
        form = OrganisationDetailsForm(request.POST)
        if form.is_valid():
            try:
                services.update_organisation(user=request.user, organisation=organisation, **form.cleaned_data)
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("The organisation's details are saved."))
                return redirect(organisation)
    context = {"organisation": organisation, "form": form}
    return render(request, "organisations/organisation_form.html", context, status=400 if form.errors else 200)


@login_required
def organisation_members(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    if not permissions.can_manage_members(request.user, organisation):
        raise PermissionDenied(_("Only the organisation's owners can manage its members."))
    form = AddMemberForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            membership = services.add_member(actor=request.user, organisation=organisation, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("%(person)s is added.") % {"person": membership.user})
            return redirect("organisations:members", slug=organisation.slug)
    context = {"organisation": organisation, "form": form, "members": selectors.members_of(organisation)}
    return render(request, "organisations/members.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def member_remove(request: HttpRequest, slug: str, membership_id: int) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    if not permissions.can_manage_members(request.user, organisation):
        raise PermissionDenied(_("Only the organisation's owners can manage its members."))
    membership = services.remove_member(actor=request.user, organisation=organisation, membership_id=membership_id)
    messages.success(request, _("%(person)s is removed.") % {"person": membership.user})
    return redirect("organisations:members", slug=organisation.slug)


def _claim_sent(request: HttpRequest, form: ClaimForm, organisation: Organisation) -> bool:
    """Send the claim of a valid form; a refusal is shown on the form instead."""
    try:
        services.claim_organisation(user=request.user, organisation=organisation, **form.cleaned_data)
    except DomainError as error:
        add_to_form(form, error)
        return False
    messages.success(request, _("Your claim is sent. We will e-mail you when a reviewer has decided."))
    return True


@login_required
def organisation_claim(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    form = ClaimForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid() and _claim_sent(request, form, organisation):
        return redirect("organisations:mine")
    context = {
        "organisation": organisation,
        "form": form,
        "can_claim": permissions.can_claim_organisation(request.user, organisation),
    }
    return render(request, "organisations/claim_form.html", context, status=400 if form.errors else 200)


START_RESULTS = 10


@login_required
def start(request: HttpRequest) -> HttpResponse:
    """An organisation's first landing: find and claim it here, wait for the check, then post a first opportunity."""
    query = request.GET.get("q", "").strip()[:100]
    chosen = selectors.organisation_by_slug(request.POST.get("organisation") or request.GET.get("claim") or "")
    if chosen is not None and not permissions.can_view_organisation(request.user, chosen):
        chosen = None
    form = ClaimForm(request.POST if request.method == "POST" and chosen else None)
    if chosen is not None and form.is_bound and form.is_valid() and _claim_sent(request, form, chosen):
        return redirect("organisations:start")
    context = {
        "query": query,
        "results": list(selectors.directory(query=query)[:START_RESULTS]) if query else [],
        "chosen": chosen,
        "can_claim_chosen": chosen is not None and permissions.can_claim_organisation(request.user, chosen),
        "form": form,
        "claims": selectors.claims_of(request.user),
        "memberships": selectors.memberships_of(request.user),
        "verified": selectors.organisations_of(request.user, verified_only=True),
    }
    return render(request, "organisations/start.html", context, status=400 if form.errors else 200)


@login_required
def organisation_propose(request: HttpRequest) -> HttpResponse:
    form = ProposeForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.propose_organisation(user=request.user, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(
                request, _("Thank you. The organisation will be listed once a reviewer approves your proposal.")
            )
            return redirect("organisations:mine")
    return render(request, "organisations/propose.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def my_organisations(request: HttpRequest) -> HttpResponse:
    context = {
        "memberships": selectors.memberships_of(request.user),
        "claims": selectors.claims_of(request.user),
        "can_review": account_permissions.can_review_organisation_claims(request.user),
    }
    return render(request, "organisations/my_organisations.html", context)


class ClaimTable(lists.StaffTable):
    caption = gettext_lazy("Pending claims")
    organisation = tables.TemplateColumn(
        template_name="organisations/partials/claim_organisation.html",
        accessor="organisation__name",
        verbose_name=gettext_lazy("Organisation"),
    )
    claimant = tables.TemplateColumn(
        '{{ record.user.full_name|default:record.user.email }}<br><span class="muted">{{ record.user.email }}</span>',
        accessor="user__full_name",
        verbose_name=gettext_lazy("Claimant"),
    )
    contact_role = tables.Column(verbose_name=gettext_lazy("Role in the organisation"))
    created_at = tables.DateColumn(verbose_name=gettext_lazy("Sent"), format="SHORT_DATE_FORMAT")
    review = tables.TemplateColumn(
        template_name="organisations/partials/claim_review_link.html",
        verbose_name=gettext_lazy("Actions"),
        orderable=False,
        exclude_from_export=True,
    )

    class Meta(lists.StaffTable.Meta):
        empty_text = gettext_lazy("No claims are waiting. Well done.")


@login_required
def claim_queue(request: HttpRequest) -> HttpResponse:
    if not account_permissions.can_review_organisation_claims(request.user):
        raise PermissionDenied(_("Only plan managers and platform administrators review organisation claims."))
    listing = lists.staff_list(request, queryset=selectors.pending_claims(), table_class=ClaimTable)
    return render(request, "organisations/claim_queue.html", {"listing": listing})


@login_required
def claim_review(request: HttpRequest, claim_id: int) -> HttpResponse:
    if not account_permissions.can_review_organisation_claims(request.user):
        raise PermissionDenied(_("Only plan managers and platform administrators review organisation claims."))
    claim = selectors.claim_by_id(claim_id)
    if claim is None:
        raise Http404(_("There is no such claim."))
    form = ReviewForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        decide = DECISIONS.get(request.POST.get("decision", ""))
        try:
            if decide is None:
                raise DomainError(_("Choose to approve or to reject the claim."))
            decided = decide(reviewer=request.user, claim_id=claim.pk, note=form.cleaned_data["note"])
        except DomainError as error:
            add_to_form(form, error)
        else:
            if decided.status == OrganisationClaim.Status.APPROVED:
                messages.success(request, _("Approved: %(org)s is verified.") % {"org": decided.organisation})
            else:
                messages.success(request, _("Rejected. The claimant is told why."))
            return redirect("organisations:claims")
    context = {"claim": claim, "form": form, "has_owner": permissions.has_owner(claim.organisation)}
    return render(request, "organisations/claim_review.html", context, status=400 if form.errors else 200)


@login_required
def organisation_logo(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation_or_404(request, slug)
    if not permissions.can_edit_organisation(request.user, organisation):
        raise PermissionDenied(_("Only the organisation's owners can edit it."))
    return picture_page(
        request,
        current=organisation.logo,
        save=lambda upload: services.set_logo(user=request.user, organisation=organisation, upload=upload),
        remove=lambda: services.remove_logo(user=request.user, organisation=organisation),
        done_url=organisation.get_absolute_url(),
        context={
            "heading": _("Logo of %(name)s") % {"name": organisation.name},
            "alt": _("Logo of %(name)s") % {"name": organisation.name},
            "back_text": organisation.name,
            "picture_css": "picture-logo",
        },
    )
