"""Pages of pitch competitions: the programme team's set-up, the jury's phone page with live scoring (htmx), the
audience vote and the public results. Thin views over services, selectors and permissions."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from talentas.accounts import selectors as account_selectors
from talentas.core.errors import DomainError, add_to_form

from . import permissions, selectors, services
from .forms import CreateForm, InviteForm, JurorForm, PrizeForm
from .models import Finalist, Juror, PitchEvent


def _status(error: DomainError | None) -> int:
    return error.status_code if error is not None else 200


def competition_list(request: HttpRequest) -> HttpResponse:
    context = {
        "published": list(selectors.published_competitions()),
        "juries": list(selectors.juries_of(request.user)),
        "all": list(selectors.competitions()) if permissions.can_manage(request.user) else [],
    }
    return render(request, "pitches/list.html", context)


# ----------------------------------------------------------------------------------------------- staff


@login_required
def create(request: HttpRequest) -> HttpResponse:
    permissions.managed(request.user, PitchEvent())
    form = CreateForm(
        request.POST or None, calls=selectors.calls_without_competition(), rubrics=selectors.jury_rubrics()
    )
    if request.method == "POST" and form.is_valid():
        try:
            pitch_event = services.create_pitch_event(
                actor=request.user,  # type: ignore[arg-type]
                call_id=int(form.cleaned_data["call"]),
                starts_at=form.cleaned_data["starts_at"],
                venue=form.cleaned_data["venue"],
                rubric_id=int(form.cleaned_data["rubric"]),
                audience_vote=form.cleaned_data["audience_vote"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The pitch competition is set up: invite the finalists and the jury."))
            return redirect("pitches:manage", pk=pitch_event.pk)
    status = 400 if form.is_bound and form.errors else 200
    return render(request, "pitches/create.html", {"form": form}, status=status)


def _manage_action(request: HttpRequest, pitch_event: PitchEvent, forms: dict) -> None:
    action = request.POST.get("action", "")
    actor = request.user
    if action == "invite" and forms["invite"].is_valid():
        services.invite_finalist(
            actor=actor,  # type: ignore[arg-type]
            pitch_event_id=pitch_event.pk,
            application_id=int(forms["invite"].cleaned_data["application"]),
        )
        messages.success(request, _("The finalist is invited and added to the end of the running order."))
    elif action in ("up", "down"):
        services.move_finalist(
            actor=actor,  # type: ignore[arg-type]
            finalist_id=services.as_int(request.POST.get("finalist")) or 0,
            by=-1 if action == "up" else 1,
        )
    elif action == "remove_finalist":
        services.remove_finalist(actor=actor, finalist_id=services.as_int(request.POST.get("finalist")) or 0)  # type: ignore[arg-type]
    elif action == "juror" and forms["juror"].is_valid():
        person = account_selectors.user_with_email(forms["juror"].cleaned_data["email"])
        if person is None:
            raise DomainError(_("No account has this e-mail address."), field="email", code="no_such_person")
        services.add_juror(
            actor=actor,  # type: ignore[arg-type]
            pitch_event_id=pitch_event.pk,
            user=person,
            is_chair=forms["juror"].cleaned_data["is_chair"],
        )
        messages.success(request, _("The juror is on the jury."))
    elif action == "remove_juror":
        services.remove_juror(actor=actor, juror_id=services.as_int(request.POST.get("juror")) or 0)  # type: ignore[arg-type]
    elif action == "prize" and forms["prize"].is_valid():
        data = forms["prize"].cleaned_data
        services.add_prize(actor=actor, pitch_event_id=pitch_event.pk, **data)  # type: ignore[arg-type]
        messages.success(request, _("The prize is added."))
    elif action == "pay":
        awards = services.pay_prizes(actor=actor, pitch_event_id=pitch_event.pk)  # type: ignore[arg-type]
        messages.success(request, _("The prizes are paid as %(count)s awards of the call.") % {"count": len(awards)})
    else:
        raise DomainError(_("Check the form."), code="invalid")


@login_required
def manage(request: HttpRequest, pk: int) -> HttpResponse:
    pitch_event = permissions.managed(request.user, selectors.pitch_event_by_id(pk))
    action = request.POST.get("action", "") if request.method == "POST" else ""
    forms = {
        "invite": InviteForm(
            request.POST if action == "invite" else None,
            applications=selectors.invitable_applications(pitch_event),
        ),
        "juror": JurorForm(request.POST if action == "juror" else None, prefix="juror"),
        "prize": PrizeForm(request.POST if action == "prize" else None, prefix="prize"),
    }
    error = None
    if request.method == "POST":
        try:
            _manage_action(request, pitch_event, forms)
        except DomainError as refusal:
            error = refusal
            form = forms.get(action)
            if form is not None and form.is_bound:
                add_to_form(form, refusal)
            else:
                messages.error(request, str(refusal))
        else:
            return redirect("pitches:manage", pk=pitch_event.pk)
    context = {
        "pitch_event": pitch_event,
        "finalists": selectors.finalists_of(pitch_event),
        "jurors": selectors.jurors_of(pitch_event),
        "prizes": selectors.prizes_of(pitch_event),
        "criteria": selectors.criteria_of(pitch_event),
        "forms": forms,
    }
    return render(request, "pitches/manage.html", context, status=_status(error))


# ------------------------------------------------------------------------------------------------ jury


def _board(pitch_event: PitchEvent, seat: Juror) -> dict:
    criteria = selectors.criteria_of(pitch_event)
    finalists = selectors.finalists_of(pitch_event)
    mine = selectors.own_scores(seat)
    totals = selectors.closed_round_totals(pitch_event, criteria)
    done = selectors.scored_counts(pitch_event, len(criteria)) if seat.is_chair else {}
    rows = [
        {
            "finalist": finalist,
            "mine": [
                (criterion, mine.get(finalist.pk, {}).get(criterion.pk), range(criterion.max_score + 1))
                for criterion in criteria
            ],
            "total": totals.get(finalist.pk),
            "scored": done.get(finalist.pk, 0),
        }
        for finalist in finalists
    ]
    return {
        "pitch_event": pitch_event,
        "seat": seat,
        "rows": rows,
        "jurors_count": Juror.objects.filter(pitch_event=pitch_event).count(),
    }


def _jury_action(request: HttpRequest, pitch_event: PitchEvent) -> Finalist | None:
    action = request.POST.get("action", "")
    finalist_id = services.as_int(request.POST.get("finalist")) or 0
    user = request.user
    if action == "score":
        services.score(
            user=user,
            finalist_id=finalist_id,
            criterion_id=request.POST.get("criterion"),
            value=request.POST.get("value"),
        )
    elif action == "open_round":
        services.open_round(actor=user, finalist_id=finalist_id)  # type: ignore[arg-type]
    elif action == "close_round":
        services.close_round(actor=user, finalist_id=finalist_id)  # type: ignore[arg-type]
    elif action in ("open_voting", "close_voting"):
        services.set_voting(actor=user, pitch_event_id=pitch_event.pk, open=action == "open_voting")  # type: ignore[arg-type]
    elif action == "publish":
        services.publish_results(actor=user, pitch_event_id=pitch_event.pk)  # type: ignore[arg-type]
    else:
        raise DomainError(_("Choose what to do."), code="invalid")
    return selectors.finalist_by_id(finalist_id)


@login_required
def jury(request: HttpRequest, pk: int) -> HttpResponse:
    """The juror's phone page: the running order, the open round's scoring buttons, their own scores, and the
    totals of closed rounds. htmx posts a tap and swaps the finalist's card; the board refreshes itself."""
    pitch_event = selectors.pitch_event_by_id(pk)
    seat = permissions.jury_seat_or_404(request.user, pitch_event)
    assert pitch_event is not None
    error = None
    if request.method == "POST":
        try:
            _jury_action(request, pitch_event)
        except DomainError as refusal:
            error = refusal
            if not request.htmx:  # type: ignore[attr-defined]
                messages.error(request, str(refusal))
        else:
            if not request.htmx:  # type: ignore[attr-defined]
                return redirect("pitches:jury", pk=pitch_event.pk)
    pitch_event = selectors.pitch_event_by_id(pk)
    assert pitch_event is not None
    context = {**_board(pitch_event, seat), "error": error}
    template = "pitches/partials/jury_board.html" if request.htmx else "pitches/jury.html"  # type: ignore[attr-defined]
    return render(request, template, context, status=_status(error))


# ------------------------------------------------------------------------------------- audience, public


def vote(request: HttpRequest, pk: int) -> HttpResponse:
    pitch_event = permissions.open_for_voting(selectors.pitch_event_by_id(pk))
    error = None
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        try:
            services.vote(user=request.user, pitch_event_id=pitch_event.pk, finalist_id=request.POST.get("finalist"))
        except DomainError as refusal:
            error = refusal
        else:
            messages.success(request, _("Thank you: your vote is counted."))
            return redirect("pitches:vote", pk=pitch_event.pk)
    context = {
        "pitch_event": pitch_event,
        "finalists": selectors.finalists_of(pitch_event),
        "my_vote": selectors.vote_of(request.user, pitch_event),
        "error": error,
    }
    return render(request, "pitches/vote.html", context, status=_status(error))


def results(request: HttpRequest, pk: int) -> HttpResponse:
    pitch_event = permissions.results_visible(request.user, selectors.pitch_event_by_id(pk))
    context = {
        "pitch_event": pitch_event,
        "ranking": selectors.ranking(pitch_event),
        "prizes": selectors.prizes_of(pitch_event),
        "show_votes": pitch_event.audience_vote != PitchEvent.AudienceVote.NONE,
    }
    return render(request, "pitches/results.html", context)
