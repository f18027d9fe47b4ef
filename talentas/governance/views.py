"""Governance pages: the Steering Committee's meetings (scheduled, their agenda, minutes and decisions) and the City
Council's outcome of decisions that need it. Views parse input, call one service or selector and render."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from talentas.core.errors import DomainError, add_to_form, require
from talentas.plans import selectors as plan_selectors

from . import forms, permissions, selectors, services
from .models import Decision


@login_required
def meetings(request: HttpRequest, slug: str) -> HttpResponse:
    plan = plan_selectors.plan_with_actions(slug=slug)
    require(permissions.can_see_meetings(request.user))
    may_manage = permissions.can_manage_meetings(request.user)
    form = forms.MeetingForm(request.POST or None) if may_manage else None
    if request.method == "POST":
        require(may_manage)
        if form.is_valid():
            try:
                meeting = services.schedule_meeting(user=request.user, plan=plan, **form.cleaned_data)
            except DomainError as error:
                add_to_form(form, error)
            else:
                return redirect("governance:meeting", pk=meeting.pk)
    return render(
        request, "governance/meetings.html", {"plan": plan, "meetings": selectors.meetings_of(plan=plan), "form": form}
    )


@login_required
def meeting(request: HttpRequest, pk: int) -> HttpResponse:
    found = selectors.meeting_detail(pk=pk)
    require(permissions.can_see_meetings(request.user))
    may_manage = permissions.can_manage_meetings(request.user)
    post = request.POST if request.method == "POST" else None
    decision_form = forms.DecisionForm(post if post and "text" in post else None, meeting=found)
    minutes_form = forms.MinutesForm(post if post and "minutes" in post else None, initial={"minutes": found.minutes})
    if post is not None:
        require(may_manage)
        form = decision_form if "text" in post else minutes_form
        if form.is_valid():
            try:
                if form is decision_form:
                    services.record_decision(user=request.user, meeting=found, **form.cleaned_data)
                else:
                    services.record_meeting_held(user=request.user, meeting=found, minutes=form.cleaned_data["minutes"])
            except DomainError as error:
                add_to_form(form, error)
            else:
                messages.success(request, _("Saved."))
                return redirect("governance:meeting", pk=found.pk)
    may_record_council = permissions.can_record_council_outcome(request.user)
    for decision in found.decisions.all():
        pending = decision.council_status == Decision.Council.PENDING
        decision.council_form = (
            forms.CouncilForm(prefix=f"council-{decision.pk}") if pending and may_record_council else None
        )
    context = {
        "meeting": found,
        "plan": found.plan,
        "decision_form": decision_form if may_manage else None,
        "minutes_form": minutes_form if may_manage else None,
    }
    return render(request, "governance/meeting.html", context)


@login_required
@require_POST
def council_outcome(request: HttpRequest, pk: int) -> HttpResponse:
    decision = selectors.decision(pk=pk)
    require(permissions.can_record_council_outcome(request.user))
    form = forms.CouncilForm(request.POST, prefix=f"council-{decision.pk}")
    if form.is_valid():
        try:
            services.record_council_outcome(
                user=request.user,
                decision=decision,
                approved=form.cleaned_data["outcome"] == "approved",
                decided_on=form.cleaned_data["decided_on"],
                reference=form.cleaned_data["reference"],
            )
            messages.success(request, _("The City Council's decision is recorded."))
        except DomainError as error:
            messages.error(request, error.message)
    else:
        messages.error(request, _("Give the Council's decision and its date."))
    return redirect("governance:meeting", pk=decision.meeting_id)
