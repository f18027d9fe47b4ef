"""Writes of pitch competitions: the final's set-up (finalists, running order, jury, prizes), the live rounds of
jury scoring, the audience vote and the prizes paid as awards of the call.

Rules that must never break, and where they are kept:
- a juror scores only while the finalist's round is open, and only as themselves (`score`);
- one audience vote per person per competition: the database's unique constraint decides, also for two votes
  sent at the same moment (`vote`);
- prizes are awards of the call, approved through `calls.services.approve` in one transaction, so the call's and
  the programme's budgets are checked by the database and a prize that does not fit leaves nothing paid.
"""

from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from talentas.accounts.models import User
from talentas.accounts.permissions import AnyUser
from talentas.audit.services import log_action
from talentas.calls import services as call_services
from talentas.calls.models import Application, Award, Call, ProgrammeKind
from talentas.core.errors import Conflict, DomainError, NotFound, require
from talentas.review import scoring
from talentas.review.models import Criterion, Rubric

from . import permissions, selectors
from .models import AudienceVote, Finalist, Juror, JuryScore, PitchEvent, Prize

_STAFF_ONLY = gettext_lazy("Only the programme team sets up pitch competitions.")
NO_SUCH_FINALIST = gettext_lazy("No such finalist.")
_CHAIR_ONLY = gettext_lazy("Only the chair of the jury opens and closes rounds.")
INVITABLE = selectors.INVITABLE


def _locked_event(pitch_event_id: int) -> PitchEvent:
    pitch_event = (
        PitchEvent.objects.select_for_update(of=("self",))
        .select_related("call", "call__programme")
        .filter(pk=pitch_event_id)
        .first()
    )
    if pitch_event is None:
        raise NotFound(permissions.NO_SUCH_COMPETITION, code="no_such_competition")
    return pitch_event


def _managed(actor: AnyUser, pitch_event_id: int) -> PitchEvent:
    require(permissions.can_manage(actor), _STAFF_ONLY, code="not_programme_staff")
    return _locked_event(pitch_event_id)


def _not_finished(pitch_event: PitchEvent) -> None:
    if pitch_event.prizes_paid_at is not None:
        raise Conflict(_("The prizes are paid: the competition is over."), code="competition_over")


# ----------------------------------------------------------------------------------------------- set-up


@transaction.atomic
def create_pitch_event(
    *,
    actor: User,
    call_id: int,
    starts_at,
    venue: str,
    rubric_id: int,
    audience_vote: str = PitchEvent.AudienceVote.SEPARATE_PRIZE,
    event_id: int | None = None,
) -> PitchEvent:
    """The final of a call of a pitch-competition programme, scored with `rubric_id`'s weighted criteria."""
    require(permissions.can_manage(actor), _STAFF_ONLY, code="not_programme_staff")
    call = Call.objects.select_related("programme").filter(pk=call_id).first()
    if call is None:
        raise NotFound(gettext_lazy("No such call."), code="no_such_call")
    if call.programme.kind != ProgrammeKind.PITCH_COMPETITION:
        raise DomainError(_("Choose a call of a pitch competition."), field="call", code="not_a_pitch_call")
    if PitchEvent.objects.filter(call=call).exists():
        raise Conflict(_("This call already has its pitch competition."), field="call", code="already_exists")
    rubric = Rubric.objects.filter(pk=rubric_id).first()
    if rubric is None or not rubric.criteria.exists():
        raise DomainError(_("Choose criteria for the jury."), field="rubric", code="no_criteria")
    if audience_vote not in PitchEvent.AudienceVote.values:
        raise DomainError(_("Choose how the audience vote counts."), field="audience_vote", code="invalid")
    venue = (venue or "").strip()
    if not venue:
        raise DomainError(_("Say where the final takes place."), field="venue", code="venue_required")
    pitch_event = PitchEvent.objects.create(
        call=call,
        starts_at=starts_at,
        venue=venue[:200],
        rubric=rubric,
        audience_vote=audience_vote,
        event_id=event_id,
    )
    log_action(actor=actor, verb="pitches.competition.create", target=pitch_event)
    return pitch_event


@transaction.atomic
def invite_finalist(*, actor: User, pitch_event_id: int, application_id: int) -> Finalist:
    """Invite a submitted application of the competition's call to pitch; it goes to review (the applicant
    organisation's members are told by the calls workflow) and joins the end of the running order."""
    pitch_event = _managed(actor, pitch_event_id)
    _not_finished(pitch_event)
    application = Application.objects.filter(pk=application_id, call_id=pitch_event.call_id).first()
    if application is None:
        raise NotFound(gettext_lazy("No such application."), code="no_such_application")
    if application.status not in INVITABLE:
        raise Conflict(
            _("Only a submitted application still in the running can be invited."),
            field="application",
            code="not_invitable",
        )
    if Finalist.objects.filter(pitch_event=pitch_event, application=application).exists():
        raise Conflict(_("This application is already a finalist."), field="application", code="already_finalist")
    if application.status != Application.Status.IN_REVIEW:
        call_services.move(actor=actor, application_id=application.pk, transition="send_to_review")
    last = Finalist.objects.filter(pitch_event=pitch_event).order_by("-position").values_list("position", flat=True)
    finalist = Finalist.objects.create(
        pitch_event=pitch_event, application=application, position=(last.first() or 0) + 1
    )
    log_action(actor=actor, verb="pitches.finalist.invite", target=finalist)
    return finalist


@transaction.atomic
def remove_finalist(*, actor: User, finalist_id: int) -> None:
    finalist = Finalist.objects.filter(pk=finalist_id).first()
    if finalist is None:
        raise NotFound(NO_SUCH_FINALIST, code="no_such_finalist")
    pitch_event = _managed(actor, finalist.pitch_event_id)
    _not_finished(pitch_event)
    if finalist.round != Finalist.Round.PENDING:
        raise Conflict(_("A finalist who has pitched stays in the results."), code="already_pitched")
    log_action(actor=actor, verb="pitches.finalist.remove", target=finalist)
    finalist.delete()
    _renumber(pitch_event, [f.pk for f in Finalist.objects.filter(pitch_event=pitch_event)])


def _renumber(pitch_event: PitchEvent, order: list[int]) -> None:
    for position, pk in enumerate(order, start=1):
        Finalist.objects.filter(pk=pk, pitch_event=pitch_event).update(position=position)


@transaction.atomic
def set_running_order(*, actor: User, pitch_event_id: int, finalist_ids: list[int]) -> list[Finalist]:
    """The running order as given: every finalist once (the competition row is locked meanwhile)."""
    pitch_event = _managed(actor, pitch_event_id)
    current = set(Finalist.objects.filter(pitch_event=pitch_event).values_list("pk", flat=True))
    if len(finalist_ids) != len(current) or set(finalist_ids) != current:
        raise DomainError(_("Give every finalist once."), field="order", code="invalid_order")
    _renumber(pitch_event, finalist_ids)
    log_action(actor=actor, verb="pitches.order.set", target=pitch_event, changes={"order": [None, finalist_ids]})
    return selectors.finalists_of(pitch_event)


def move_finalist(*, actor: User, finalist_id: int, by: int) -> list[Finalist]:
    """Move a finalist up (`by=-1`) or down (`by=1`) the running order."""
    finalist = Finalist.objects.filter(pk=finalist_id).first()
    if finalist is None or not permissions.can_manage(actor):
        raise NotFound(NO_SUCH_FINALIST, code="no_such_finalist")
    order = list(Finalist.objects.filter(pitch_event_id=finalist.pitch_event_id).values_list("pk", flat=True))
    index = order.index(finalist.pk)
    target = min(max(index + by, 0), len(order) - 1)
    order.insert(target, order.pop(index))
    return set_running_order(actor=actor, pitch_event_id=finalist.pitch_event_id, finalist_ids=order)


@transaction.atomic
def add_juror(*, actor: User, pitch_event_id: int, user: User, is_chair: bool = False) -> Juror:
    pitch_event = _managed(actor, pitch_event_id)
    if Juror.objects.filter(pitch_event=pitch_event, user=user).exists():
        raise Conflict(_("This person is already on the jury."), field="user", code="already_juror")
    if is_chair:
        Juror.objects.filter(pitch_event=pitch_event, is_chair=True).update(is_chair=False)
    juror = Juror.objects.create(pitch_event=pitch_event, user=user, is_chair=is_chair)
    log_action(actor=actor, verb="pitches.juror.add", target=juror, changes={"is_chair": [None, is_chair]})
    return juror


@transaction.atomic
def remove_juror(*, actor: User, juror_id: int) -> None:
    juror = Juror.objects.filter(pk=juror_id).first()
    if juror is None:
        raise NotFound(gettext_lazy("No such juror."), code="no_such_juror")
    _managed(actor, juror.pitch_event_id)
    if juror.scores.exists():
        raise Conflict(_("A juror who has scored stays on the jury."), code="juror_has_scored")
    log_action(actor=actor, verb="pitches.juror.remove", target=juror)
    juror.delete()


@transaction.atomic
def add_prize(
    *, actor: User, pitch_event_id: int, kind: str, place: int, title_lt: str, title_en: str, amount_eur: Any
) -> Prize:
    pitch_event = _managed(actor, pitch_event_id)
    _not_finished(pitch_event)
    if kind not in Prize.Kind.values:
        raise DomainError(_("Choose the kind of prize."), field="kind", code="invalid")
    if kind == Prize.Kind.AUDIENCE and pitch_event.audience_vote != PitchEvent.AudienceVote.SEPARATE_PRIZE:
        raise DomainError(
            _("This competition has no audience prize: its audience vote breaks ties or there is none."),
            field="kind",
            code="no_audience_prize",
        )
    if kind == Prize.Kind.AUDIENCE:
        place = 1
    if not (title_lt or "").strip() and not (title_en or "").strip():
        raise DomainError(_("Give the prize a title."), field="title_en", code="title_required")
    amount = _money(amount_eur)
    if Prize.objects.filter(pitch_event=pitch_event, kind=kind, place=place).exists():
        raise Conflict(_("There is already a prize for this place."), field="place", code="place_taken")
    prize = Prize.objects.create(
        pitch_event=pitch_event,
        kind=kind,
        place=max(int(place), 1),
        title_lt=(title_lt or "").strip()[:200],
        title_en=(title_en or "").strip()[:200],
        amount_eur=amount,
    )
    log_action(actor=actor, verb="pitches.prize.add", target=prize, changes={"amount_eur": [None, str(amount)]})
    return prize


# ------------------------------------------------------------------------------------------ live rounds


def _run_finalist(actor: AnyUser, finalist_id: int) -> tuple[PitchEvent, Finalist]:
    finalist = Finalist.objects.filter(pk=finalist_id).first()
    if finalist is None:
        raise NotFound(NO_SUCH_FINALIST, code="no_such_finalist")
    pitch_event = _locked_event(finalist.pitch_event_id)
    if not permissions.can_run(actor, pitch_event):
        if permissions.juror_seat(actor, pitch_event) is None:
            raise NotFound(NO_SUCH_FINALIST, code="no_such_finalist")
        require(False, _CHAIR_ONLY, code="not_the_chair")
    _not_finished(pitch_event)
    finalist.refresh_from_db()
    return pitch_event, finalist


@transaction.atomic
def open_round(*, actor: User, finalist_id: int) -> Finalist:
    """The chair opens a finalist's round: the jury may score them now."""
    _pitch_event, finalist = _run_finalist(actor, finalist_id)
    if finalist.round != Finalist.Round.PENDING:
        raise Conflict(_("This round has already been opened."), code="round_not_pending")
    finalist.round = Finalist.Round.OPEN
    finalist.save(update_fields=["round", "updated_at"])
    log_action(actor=actor, verb="pitches.round.open", target=finalist)
    return finalist


@transaction.atomic
def close_round(*, actor: User, finalist_id: int) -> Finalist:
    """The chair closes a finalist's round: no more scores, and the jury sees the totals."""
    _pitch_event, finalist = _run_finalist(actor, finalist_id)
    if finalist.round != Finalist.Round.OPEN:
        raise Conflict(_("Only an open round can be closed."), code="round_not_open")
    finalist.round = Finalist.Round.CLOSED
    finalist.round_closed_at = timezone.now()
    finalist.save(update_fields=["round", "round_closed_at", "updated_at"])
    log_action(actor=actor, verb="pitches.round.close", target=finalist)
    return finalist


@transaction.atomic
def score(*, user: AnyUser, finalist_id: int, criterion_id: int, value: Any) -> JuryScore:
    """The juror's own score of a finalist on one criterion, while the round is open; a new score replaces the
    juror's earlier one. Anyone not on the jury gets 404."""
    finalist = Finalist.objects.select_related("pitch_event").filter(pk=finalist_id).first()
    seat = permissions.juror_seat(user, finalist.pitch_event) if finalist is not None else None
    if finalist is None or seat is None:
        raise NotFound(NO_SUCH_FINALIST, code="no_such_finalist")
    finalist = Finalist.objects.select_for_update().get(pk=finalist.pk)
    if finalist.round != Finalist.Round.OPEN:
        raise Conflict(_("This round is not open for scoring."), code="round_not_open")
    criterion = Criterion.objects.filter(pk=criterion_id, rubric_id=finalist.pitch_event.rubric_id).first()
    if criterion is None:
        raise DomainError(_("No such criterion."), field="criterion", code="no_such_criterion")
    number = None if isinstance(value, bool) else as_int(value)
    scoring.check_scores([criterion], {criterion.pk: number}, complete=True)
    row, _created = JuryScore.objects.update_or_create(
        finalist=finalist, juror=seat, criterion=criterion, defaults={"value": number}
    )
    return row


# --------------------------------------------------------------------------------------- audience vote


@transaction.atomic
def set_voting(*, actor: User, pitch_event_id: int, open: bool) -> PitchEvent:
    pitch_event = _locked_event(pitch_event_id)
    if not permissions.can_run(actor, pitch_event):
        raise NotFound(permissions.NO_SUCH_COMPETITION, code="no_such_competition")
    _not_finished(pitch_event)
    if pitch_event.audience_vote == PitchEvent.AudienceVote.NONE:
        raise Conflict(_("This competition has no audience vote."), code="no_audience_vote")
    pitch_event.voting_open = open
    pitch_event.save(update_fields=["voting_open", "updated_at"])
    log_action(actor=actor, verb="pitches.voting." + ("open" if open else "close"), target=pitch_event)
    return pitch_event


def vote(*, user: AnyUser, pitch_event_id: int, finalist_id: Any) -> AudienceVote:
    """A signed-in person's one vote in the competition, for one finalist, while voting is open. A second vote
    is refused with 409 `already_voted` by the database's unique constraint, also when both arrive at once."""
    if not user.is_authenticated:
        raise DomainError(_("Sign in to vote."), code="sign_in_to_vote", status_code=401)
    pitch_event = permissions.open_for_voting(selectors.pitch_event_by_id(pitch_event_id))
    if not pitch_event.voting_open:
        raise Conflict(_("Voting is not open."), code="voting_closed")
    finalist = Finalist.objects.filter(pk=as_int(finalist_id) or 0, pitch_event=pitch_event).first()
    if finalist is None:
        raise DomainError(_("Choose a finalist."), field="finalist", code="finalist_required")
    try:
        with transaction.atomic():
            return AudienceVote.objects.create(pitch_event=pitch_event, finalist=finalist, voter=user)
    except IntegrityError:
        raise Conflict(_("You have already voted in this competition."), code="already_voted") from None


def _money(value: Any) -> Decimal:
    try:
        amount = Decimal(str(value).replace(",", ".").replace(" ", ""))
    except (ArithmeticError, ValueError):
        amount = Decimal(0)
    if not amount.is_finite() or amount <= 0 or amount != amount.quantize(Decimal("0.01")):
        raise DomainError(_("Give an amount in euros, more than 0."), field="amount_eur", code="invalid_amount")
    return amount


def as_int(value: Any) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# ------------------------------------------------------------------------------------ prizes, results


def _winners(pitch_event: PitchEvent) -> dict[int, Finalist]:
    """{prize id: winning finalist}: jury prizes by place in the ranking, the audience prize to the most votes
    (ties by the jury's ranking). Refused while two finalists share a prize's place."""
    ranked = selectors.ranking(pitch_event)
    by_rank = [row.finalist for row in ranked if row.jury_score is not None]
    winners: dict[int, Finalist] = {}
    for prize in Prize.objects.filter(pitch_event=pitch_event):
        if prize.kind == Prize.Kind.AUDIENCE:
            voted = [row for row in ranked if row.votes]
            if voted:
                winners[prize.pk] = max(voted, key=lambda row: row.votes).finalist
            continue
        holders = [row for row in ranked if row.place == prize.place and row.jury_score is not None]
        if len(holders) > 1:
            raise Conflict(
                _("Two finalists share place %(place)s: the jury must break the tie.") % {"place": prize.place},
                code="tied",
            )
        if prize.place <= len(by_rank):
            winners[prize.pk] = by_rank[prize.place - 1]
    return winners


@transaction.atomic
def pay_prizes(*, actor: User, pitch_event_id: int) -> list[Award]:
    """Give each prize to its winner and pay it as an award of the call: a finalist's prizes together are one
    award, in one instalment. All or nothing: if the call's or the programme's budget cannot take every award,
    409 `over_budget` and no prize is paid."""
    pitch_event = _managed(actor, pitch_event_id)
    _not_finished(pitch_event)
    if Finalist.objects.filter(pitch_event=pitch_event).exclude(round=Finalist.Round.CLOSED).exists():
        raise Conflict(_("Close every round before the prizes are given."), code="rounds_not_closed")
    if pitch_event.voting_open:
        raise Conflict(_("Close the audience vote before the prizes are given."), code="voting_open")
    winners = _winners(pitch_event)
    if not winners:
        raise Conflict(_("No prize has a winner yet."), code="no_winners")
    totals: dict[int, Decimal] = {}
    for prize in Prize.objects.filter(pitch_event=pitch_event):
        finalist = winners.get(prize.pk)
        prize.winner = finalist
        prize.save(update_fields=["winner", "updated_at"])
        if finalist is not None:
            totals[finalist.application_id] = totals.get(finalist.application_id, Decimal(0)) + prize.amount_eur
    today = timezone.localdate()
    awards = [
        call_services.approve(
            actor=actor,
            application_id=application_id,
            amount_eur=amount,
            message=_("Your prize in the pitch competition “%(title)s”.") % {"title": pitch_event.title},
            instalments=[call_services.InstalmentInput(amount, today, _("Prize won in the pitch competition"))],
        )
        for application_id, amount in sorted(totals.items())
    ]
    pitch_event.prizes_paid_at = timezone.now()
    pitch_event.save(update_fields=["prizes_paid_at", "updated_at"])
    log_action(actor=actor, verb="pitches.prizes.pay", target=pitch_event, changes={"awards": [None, len(awards)]})
    return awards


@transaction.atomic
def publish_results(*, actor: User, pitch_event_id: int) -> PitchEvent:
    """The chair (or staff) publishes the ranking and the prizes on the public results page."""
    pitch_event = _locked_event(pitch_event_id)
    if not permissions.can_run(actor, pitch_event):
        raise NotFound(permissions.NO_SUCH_COMPETITION, code="no_such_competition")
    if pitch_event.prizes_paid_at is None:
        raise Conflict(_("Give the prizes before publishing the results."), code="prizes_not_given")
    if pitch_event.results_published_at is None:
        pitch_event.results_published_at = timezone.now()
        pitch_event.save(update_fields=["results_published_at", "updated_at"])
        log_action(actor=actor, verb="pitches.results.publish", target=pitch_event)
    return pitch_event


# ------------------------------------------------------------------------------------------ personal data


def pitches_personal_data(*, user: User) -> dict[str, Any]:
    return {
        "jury_seats": [
            {"competition": str(j.pitch_event), "chair": j.is_chair}
            for j in Juror.objects.filter(user=user).select_related("pitch_event__call")
        ],
        "jury_scores": [
            {"finalist": s.finalist_id, "criterion": s.criterion_id, "score": s.value}
            for s in JuryScore.objects.filter(juror__user=user)
        ],
        "audience_votes": [
            {"competition": str(v.pitch_event), "finalist": v.finalist_id, "at": v.created_at.isoformat()}
            for v in AudienceVote.objects.filter(voter=user).select_related("pitch_event__call")
        ],
    }


def forget_person(*, user: User) -> None:
    """Votes go with the account (CASCADE); a juror's seat and scores go too, but the closed rounds' results
    stay as published only when other jurors scored: the erasure wins, as the GDPR requires."""
    AudienceVote.objects.filter(voter=user).delete()
    JuryScore.objects.filter(juror__user=user).delete()
    Juror.objects.filter(user=user).delete()
