"""Pages of cohorts: the list (each person sees theirs), a cohort (staff manage it, mentors and its startups read
it) and a startup's page in a cohort (sessions, milestones, training). Thin views over services and selectors."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from talentas.calls import selectors as call_selectors
from talentas.core.errors import DomainError, add_to_form, require
from talentas.core.forms import object_id
from talentas.organisations import selectors as organisation_selectors

from . import permissions, selectors, services
from .forms import AddMemberForm, CohortForm, MentorForm, MilestoneForm, SessionForm


def _status(*forms) -> int:
    return 400 if any(form.is_bound and form.errors for form in forms) else 200


def _run(form, write) -> bool:
    """Validate the form and run the service; a refusal is shown on the form. True when it was saved."""
    if not form.is_valid():
        return False
    try:
        write(form.cleaned_data)
    except DomainError as error:
        add_to_form(form, error)
        return False
    return True


def _programmes():
    return call_selectors.programmes().filter(kind__in=services.COHORT_KINDS)


@login_required
def cohort_list(request: HttpRequest) -> HttpResponse:
    staff = permissions.can_manage_cohorts(request.user)
    form = CohortForm(request.POST or None, programmes=_programmes()) if staff else None
    if request.method == "POST":
        require(staff, _("Only the programme team may do this."))
        assert form is not None
        if _run(form, lambda data: services.create_cohort(actor=request.user, **data)):
            messages.success(request, _("The cohort is created."))
            return redirect("cohorts:list")
    context = {"cohorts": selectors.cohorts_for(request.user), "form": form, "staff": staff}
    return render(request, "cohorts/list.html", context, status=_status(form) if form else 200)


@login_required
def cohort_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cohort = permissions.seen_cohort(
        request.user,
        selectors.cohort_by_id(pk),
        member_organisations=organisation_selectors.organisation_ids_of(request.user),
    )
    staff = permissions.can_manage_cohorts(request.user)
    guide = permissions.guides(request.user, cohort)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    member_form = mentor_form = None
    if staff:
        member_form = AddMemberForm(
            request.POST if action == "add_member" else None, organisations=selectors.organisation_choices()
        )
        mentor_form = MentorForm(request.POST if action == "mentor" else None, mentors=selectors.mentor_choices())
    if request.method == "POST":
        require(staff, _("Only the programme team may do this."))
        assert member_form is not None and mentor_form is not None
        done = False
        if action == "admit":
            count = services.admit_approved(actor=request.user, cohort=cohort)
            messages.success(request, _("%(count)s startups joined from approved applications.") % {"count": count})
            done = True
        elif action == "add_member":
            done = _run(
                member_form,
                lambda data: services.add_member(actor=request.user, cohort=cohort, organisation=data["organisation"]),
            )
        elif action == "mentor":
            done = _run(
                mentor_form,
                lambda data: services.assign_mentor(
                    actor=request.user, cohort=cohort, mentor=data["mentor"], expertise=data["expertise"]
                ),
            )
        elif action == "remove":
            services.remove_member(actor=request.user, member_id=object_id(request.POST, "member"))
            done = True
        else:
            raise DomainError(_("Choose what to do."), code="unknown_action")
        if done:
            if action != "admit":
                messages.success(request, _("Saved."))
            return redirect("cohorts:detail", pk=pk)
    mine = organisation_selectors.organisation_ids_of(request.user)
    context = {
        "cohort": cohort,
        "staff": staff,
        "guide": guide,
        "rows": list(selectors.member_rows(cohort)) if guide else None,
        "own_members": [m for m in cohort.members.all() if m.organisation_id in mine],
        "member_form": member_form,
        "mentor_form": mentor_form,
    }
    forms = [form for form in (member_form, mentor_form) if form is not None]
    return render(request, "cohorts/detail.html", context, status=_status(*forms))


@login_required
def member_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member = permissions.seen_member(request.user, selectors.member_by_id(pk))
    cohort = member.cohort
    guide = permissions.guides(request.user, cohort)
    staff = permissions.can_manage_cohorts(request.user)
    action = request.POST.get("action", "") if request.method == "POST" else ""
    mentors = selectors.mentor_choices().filter(mentoring__cohort=cohort)
    session_form = SessionForm(request.POST if action == "session" else None, mentors=mentors) if guide else None
    milestone_form = MilestoneForm(request.POST if action == "milestone" else None) if guide else None
    if request.method == "POST":
        done = False
        if action == "tick":
            services.mark_milestone(
                actor=request.user,
                milestone_id=object_id(request.POST, "milestone"),
                done=request.POST.get("done") == "yes",
            )
            done = True
        else:
            require(guide, _("Only the programme team and the cohort's mentors may do this."))
            if action == "session" and session_form is not None:
                done = _run(
                    session_form,
                    lambda data: services.record_session(actor=request.user, member_id=member.pk, **data),
                )
            elif action == "milestone" and milestone_form is not None:
                done = _run(
                    milestone_form,
                    lambda data: services.add_milestone(actor=request.user, member_id=member.pk, **data),
                )
            else:
                raise DomainError(_("Choose what to do."), code="unknown_action")
        if done:
            messages.success(request, _("Saved."))
            return redirect("cohorts:member", pk=pk)
    context = {
        "member": member,
        "cohort": cohort,
        "guide": guide,
        "staff": staff,
        "sessions": list(member.sessions.all()),
        "hours": selectors.mentoring_hours(member),
        "milestones": list(member.milestones.all()),
        "training": list(selectors.training_of(member)),
        "session_form": session_form,
        "milestone_form": milestone_form,
    }
    forms = [form for form in (session_form, milestone_form) if form is not None]
    return render(request, "cohorts/member.html", context, status=_status(*forms))
