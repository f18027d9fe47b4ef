from datetime import timedelta
from decimal import Decimal

import pytest
from django.utils import timezone

from talentas.accounts.tests.factories import UserFactory
from talentas.calls.models import Application, Award, Call, Instalment
from talentas.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from talentas.core.metrics import metric_value
from talentas.pitches import metrics, selectors, services
from talentas.pitches.models import Finalist, JuryScore, PitchEvent, Prize
from talentas.pitches.permissions import juror_seat

from .factories import competition, score_all

pytestmark = pytest.mark.django_db


def test_finalists_are_invited_in_running_order_and_go_to_review(plan_manager):
    c = competition(plan_manager)
    assert [f.position for f in selectors.finalists_of(c.pitch_event)] == [1, 2, 3]
    assert all(f.application.status == Application.Status.IN_REVIEW for f in selectors.finalists_of(c.pitch_event))
    last = c.finalists[2]
    services.move_finalist(actor=plan_manager, finalist_id=last.pk, by=-1)
    services.move_finalist(actor=plan_manager, finalist_id=last.pk, by=-1)
    assert [f.pk for f in selectors.finalists_of(c.pitch_event)] == [last.pk, c.finalists[0].pk, c.finalists[1].pk]
    with pytest.raises(Conflict) as refusal:
        services.invite_finalist(
            actor=plan_manager, pitch_event_id=c.pitch_event.pk, application_id=c.finalists[0].application_id
        )
    assert refusal.value.code in ("already_finalist", "not_invitable")


def test_only_staff_set_up_and_reorder(plan_manager, outsider):
    c = competition(plan_manager)
    with pytest.raises(PermissionDenied):
        services.set_running_order(
            actor=c.chair, pitch_event_id=c.pitch_event.pk, finalist_ids=[f.pk for f in c.finalists]
        )
    with pytest.raises(NotFound):
        services.move_finalist(actor=outsider, finalist_id=c.finalists[1].pk, by=-1)


def test_a_juror_scores_only_an_open_round_and_sees_only_own_scores_until_it_closes(plan_manager):
    c = competition(plan_manager)
    first = c.finalists[0]
    team = c.criteria[0].pk
    with pytest.raises(Conflict) as closed:
        services.score(user=c.jurors[1], finalist_id=first.pk, criterion_id=team, value=8)
    assert closed.value.code == "round_not_open"
    services.open_round(actor=c.chair, finalist_id=first.pk)
    services.score(user=c.jurors[1], finalist_id=first.pk, criterion_id=team, value=8)
    services.score(user=c.jurors[2], finalist_id=first.pk, criterion_id=team, value=4)
    services.score(user=c.jurors[1], finalist_id=first.pk, criterion_id=team, value=9)  # replaces the 8
    mine = selectors.own_scores(juror_seat(c.jurors[1], c.pitch_event))
    assert mine == {first.pk: {team: 9}}
    # Before the chair closes the round, nobody's totals exist anywhere.
    assert selectors.closed_round_totals(c.pitch_event, c.criteria) == {}
    assert selectors.ranking(c.pitch_event)[0].jury_score is None
    services.close_round(actor=c.chair, finalist_id=first.pk)
    totals = selectors.closed_round_totals(c.pitch_event, c.criteria)
    # Team only (weight 2 of 2 scored): 9/10 → 90 and 4/10 → 40; the mean 65.
    assert totals[first.pk].jury_score == Decimal("65.00")
    assert totals[first.pk].jurors_scored == 2
    with pytest.raises(Conflict):
        services.score(user=c.jurors[1], finalist_id=first.pk, criterion_id=team, value=1)


def test_non_jurors_cannot_score_and_jurors_cannot_run_rounds(plan_manager, outsider):
    c = competition(plan_manager)
    services.open_round(actor=c.chair, finalist_id=c.finalists[0].pk)
    for person in (outsider, plan_manager):
        with pytest.raises(NotFound):
            services.score(user=person, finalist_id=c.finalists[0].pk, criterion_id=c.criteria[0].pk, value=5)
    with pytest.raises(PermissionDenied) as refusal:
        services.close_round(actor=c.jurors[1], finalist_id=c.finalists[0].pk)
    assert refusal.value.code == "not_the_chair"
    with pytest.raises(NotFound):
        services.close_round(actor=outsider, finalist_id=c.finalists[0].pk)
    for bad in (11, -1, "7.5", True, None):
        with pytest.raises(DomainError):
            services.score(user=c.chair, finalist_id=c.finalists[0].pk, criterion_id=c.criteria[0].pk, value=bad)
    assert not JuryScore.objects.exists()


def test_one_audience_vote_per_person(plan_manager):
    c = competition(plan_manager)
    voter = UserFactory()
    with pytest.raises(Conflict) as closed:
        services.vote(user=voter, pitch_event_id=c.pitch_event.pk, finalist_id=c.finalists[0].pk)
    assert closed.value.code == "voting_closed"
    services.set_voting(actor=c.chair, pitch_event_id=c.pitch_event.pk, open=True)
    services.vote(user=voter, pitch_event_id=c.pitch_event.pk, finalist_id=c.finalists[0].pk)
    with pytest.raises(Conflict) as again:
        services.vote(user=voter, pitch_event_id=c.pitch_event.pk, finalist_id=c.finalists[1].pk)
    assert again.value.code == "already_voted"
    assert selectors.vote_counts(c.pitch_event) == {c.finalists[0].pk: 1}


def _run_final(c, plan_manager):
    services.add_prize(
        actor=plan_manager,
        pitch_event_id=c.pitch_event.pk,
        kind="jury",
        place=1,
        title_lt="I vieta",
        title_en="First place",
        amount_eur="3000",
    )
    services.add_prize(
        actor=plan_manager,
        pitch_event_id=c.pitch_event.pk,
        kind="jury",
        place=2,
        title_lt="II vieta",
        title_en="Second place",
        amount_eur="1500",
    )
    services.add_prize(
        actor=plan_manager,
        pitch_event_id=c.pitch_event.pk,
        kind="audience",
        place=1,
        title_lt="Žiūrovų prizas",
        title_en="Audience prize",
        amount_eur="500",
    )
    score_all(c, c.finalists[0], [(6, 3), (7, 3), (6, 2)])
    score_all(c, c.finalists[1], [(9, 5), (8, 4), (9, 4)])
    score_all(c, c.finalists[2], [(5, 2), (4, 2), (5, 3)])
    services.set_voting(actor=c.chair, pitch_event_id=c.pitch_event.pk, open=True)
    for _ in range(3):
        services.vote(user=UserFactory(), pitch_event_id=c.pitch_event.pk, finalist_id=c.finalists[2].pk)
    services.set_voting(actor=c.chair, pitch_event_id=c.pitch_event.pk, open=False)


def test_ranking_prizes_paid_as_awards_within_budget_and_results_published(plan_manager):
    c = competition(plan_manager)
    _run_final(c, plan_manager)
    ranked = selectors.ranking(c.pitch_event)
    assert [row.finalist.pk for row in ranked] == [c.finalists[1].pk, c.finalists[0].pk, c.finalists[2].pk]
    with pytest.raises(Conflict):
        services.publish_results(actor=c.chair, pitch_event_id=c.pitch_event.pk)
    awards = services.pay_prizes(actor=plan_manager, pitch_event_id=c.pitch_event.pk)
    amounts = {award.application_id: award.amount_eur for award in awards}
    assert amounts == {
        c.finalists[1].application_id: Decimal("3000"),
        c.finalists[0].application_id: Decimal("1500"),
        c.finalists[2].application_id: Decimal("500"),
    }
    call = Call.objects.get(pk=c.pitch_event.call_id)
    assert call.committed_eur == Decimal("5000")
    assert Instalment.objects.filter(award__in=awards, position=1, status="released").count() == 3
    assert Prize.objects.get(kind="audience").winner_id == c.finalists[2].pk
    with pytest.raises(Conflict):
        services.pay_prizes(actor=plan_manager, pitch_event_id=c.pitch_event.pk)
    services.publish_results(actor=c.chair, pitch_event_id=c.pitch_event.pk)
    assert PitchEvent.objects.get(pk=c.pitch_event.pk).is_published


def test_prizes_beyond_the_budget_pay_nothing(plan_manager):
    c = competition(plan_manager, budget="4000")
    _run_final(c, plan_manager)  # 5,000 of prizes for a call of 4,000
    with pytest.raises(Conflict) as refusal:
        services.pay_prizes(actor=plan_manager, pitch_event_id=c.pitch_event.pk)
    assert refusal.value.code == "over_budget"
    assert not Award.objects.exists()
    assert Call.objects.get(pk=c.pitch_event.call_id).committed_eur == 0
    assert not Prize.objects.filter(winner__isnull=False).exists()
    assert PitchEvent.objects.get(pk=c.pitch_event.pk).prizes_paid_at is None


def test_audience_vote_breaks_a_tie_when_the_competition_says_so(plan_manager):
    c = competition(plan_manager, audience_vote=PitchEvent.AudienceVote.TIE_BREAK)
    for finalist in c.finalists:
        score_all(c, finalist, [(8, 4), (8, 4), (8, 4)])
    services.set_voting(actor=c.chair, pitch_event_id=c.pitch_event.pk, open=True)
    services.vote(user=UserFactory(), pitch_event_id=c.pitch_event.pk, finalist_id=c.finalists[2].pk)
    ranked = selectors.ranking(c.pitch_event)
    assert ranked[0].finalist.pk == c.finalists[2].pk and ranked[0].place == 1
    assert ranked[1].place == 2 and ranked[2].place == 2  # still equal: they share the place
    with pytest.raises(DomainError) as refusal:
        services.add_prize(
            actor=plan_manager,
            pitch_event_id=c.pitch_event.pk,
            kind="audience",
            place=1,
            title_lt="x",
            title_en="x",
            amount_eur="100",
        )
    assert refusal.value.code == "no_audience_prize"


def test_the_indicator_counts_finalists_once_per_organisation(plan_manager):
    competition(plan_manager)
    today = timezone.localdate()
    assert len(metrics.finalist_organisations(today, today + timedelta(days=1))) == 3
    assert metric_value("calls.participants.pitch_competition", start=today, end=today + timedelta(days=1)) == 3
    assert Finalist.objects.count() == 3
