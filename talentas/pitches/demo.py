"""Demo data for pitch competitions (run by `load_demo_pitches`, after `load_demo_calls`): this year's pitch
competition of action 2.2: five startups pitched at the final, a jury of three scored them with weighted criteria,
the audience voted, and the prizes were paid as awards of the call (within its budget); the results are published.

Everything is made through the services; the call's dates are then moved before the final, which only demo data
may do. Safe to run again: nothing is added once the competition exists.
"""

import datetime

from django.db import transaction
from django.utils import timezone

from talentas.accounts.models import User
from talentas.calls import demo as calls_demo
from talentas.calls.models import Call, Programme, ProgrammeKind
from talentas.core.metrics import data_changed_after_commit
from talentas.review.models import Criterion, Rubric

from . import services
from .models import PitchEvent

JURY = [
    ("jury.chair@talentas.example", "Aušra Jurgaitienė"),
    ("jury.investor@talentas.example", "Tomas Vaitkus"),
    ("jury.mentor@talentas.example", "Ieva Petrauskaitė"),
]
CRITERIA = [
    ("Komanda", "Team", 3, 10),
    ("Problema ir rinka", "Problem and market", 2, 10),
    ("Pristatymas", "The pitch itself", 1, 5),
]
# (startup index in calls.demo.STARTUPS, pitch title) in the running order
PITCHES = [
    (0, "Kodo klubai kaimo mokykloms"),
    (1, "Šiltnamių jutikliai"),
    (3, "Tvari pakuotė"),
    (6, "Robotų rankos baldininkams"),
    (7, "Širdies ritmo treneris"),
]
# each juror's (team, market, pitch) per finalist, in the running order
SCORES = [
    [(7, 6, 4), (8, 6, 3), (7, 7, 4)],
    [(9, 8, 5), (8, 9, 4), (9, 8, 5)],
    [(6, 7, 3), (7, 6, 4), (6, 6, 3)],
    [(8, 7, 4), (7, 8, 4), (8, 7, 3)],
    [(7, 8, 5), (8, 7, 5), (6, 8, 4)],
]
VOTES = [1, 4, 4, 4, 0, 4, 1, 3, 4, 2, 4, 1]  # the audience's choices (finalist index)
PRIZES = [
    ("jury", 1, "I vieta", "First place", "3000"),
    ("jury", 2, "II vieta", "Second place", "1500"),
    ("jury", 3, "III vieta", "Third place", "1000"),
    ("audience", 1, "Žiūrovų simpatijų prizas", "Audience prize", "500"),
]


def _person(email: str, name: str) -> User:
    user, _created = User.objects.get_or_create(email=email, defaults={"full_name": name})
    return user


def _rubric() -> Rubric:
    rubric = Rubric.objects.create(title_lt="Idėjų konkurso vertinimas", title_en="Pitch competition scoring")
    for position, (title_lt, title_en, weight, max_score) in enumerate(CRITERIA, start=1):
        Criterion.objects.create(
            rubric=rubric, position=position, title_lt=title_lt, title_en=title_en, weight=weight, max_score=max_score
        )
    return rubric


@transaction.atomic
def load_demo_pitches() -> dict[str, int]:
    """The demo's pitch competition; {"competitions", "finalists", "votes"} added."""
    programme = Programme.objects.filter(kind=ProgrammeKind.PITCH_COMPETITION).first()
    if programme is None:
        raise LookupError("Run `load_demo_calls` first: the pitch demo needs the pitch-competition programme.")
    if PitchEvent.objects.filter(call__programme=programme).exists():
        return {"competitions": 0, "finalists": 0, "votes": 0}
    staff = User.objects.get(email=calls_demo.STAFF_EMAIL)
    year = timezone.localdate().year
    call = calls_demo._call(
        programme, year=year,
        title=(f"Alytaus startuolių idėjų konkursas {year}", f"Alytus startup pitch competition {year}"),
        summary=("Penki finalistai, žiuri ir žiūrovų balsas; prizų fondas 6 000 EUR.",
                 "Five finalists, a jury and the audience's vote; EUR 6,000 in prizes."),
        body=("Startuoliai pristato idėją per penkias minutes; žiuri vertina komandą, rinką ir pristatymą.",
              "Startups pitch in five minutes; the jury scores the team, the market and the pitch."),
        budget="8000", max_award="3500",
    )  # fmt: skip
    applications = [
        calls_demo._apply(call, calls_demo.STARTUPS[index], title=title, summary=title, amount="3000")
        for index, title in PITCHES
    ]
    now = timezone.now()
    final = max(now - datetime.timedelta(days=10), now.replace(month=1, day=15, hour=17, minute=0))
    pitch_event = services.create_pitch_event(
        actor=staff, call_id=call.pk, starts_at=final, venue="Alytaus verslo inkubatorius, Pulko g. 4",
        rubric_id=_rubric().pk, audience_vote=PitchEvent.AudienceVote.SEPARATE_PRIZE,
    )  # fmt: skip
    finalists = [
        services.invite_finalist(actor=staff, pitch_event_id=pitch_event.pk, application_id=application.pk)
        for application in applications
    ]
    jurors = [_person(email, name) for email, name in JURY]
    for index, juror in enumerate(jurors):
        services.add_juror(actor=staff, pitch_event_id=pitch_event.pk, user=juror, is_chair=index == 0)
    for kind, place, title_lt, title_en, amount in PRIZES:
        services.add_prize(
            actor=staff, pitch_event_id=pitch_event.pk, kind=kind, place=place, title_lt=title_lt,
            title_en=title_en, amount_eur=amount,
        )  # fmt: skip
    criteria = list(Criterion.objects.filter(rubric=pitch_event.rubric).order_by("position"))
    chair = jurors[0]
    for finalist, by_juror in zip(finalists, SCORES, strict=True):
        services.open_round(actor=chair, finalist_id=finalist.pk)
        for juror, values in zip(jurors, by_juror, strict=True):
            for criterion, value in zip(criteria, values, strict=True):
                services.score(user=juror, finalist_id=finalist.pk, criterion_id=criterion.pk, value=value)
        services.close_round(actor=chair, finalist_id=finalist.pk)
    services.set_voting(actor=chair, pitch_event_id=pitch_event.pk, open=True)
    for number, choice in enumerate(VOTES, start=1):
        voter = _person(f"audience.{number}@talentas.example", f"Žiūrovas {number}")
        services.vote(user=voter, pitch_event_id=pitch_event.pk, finalist_id=finalists[choice].pk)
    services.set_voting(actor=chair, pitch_event_id=pitch_event.pk, open=False)
    services.pay_prizes(actor=staff, pitch_event_id=pitch_event.pk)
    services.publish_results(actor=chair, pitch_event_id=pitch_event.pk)
    # Demo only: the call closed before the final.
    Call.objects.filter(pk=call.pk).update(
        opens_at=final - datetime.timedelta(days=45), closes_at=final - datetime.timedelta(days=14)
    )
    data_changed_after_commit()
    return {"competitions": 1, "finalists": len(finalists), "votes": len(VOTES)}
