"""Demo applications for the talent demo (run by `load_demo_talent`, after its talents and opportunities): a few
questions on two opportunities and believable applications, in Lithuanian and English, at different stages.
Safe to load again: an application that exists is left as it is."""

from dataclasses import dataclass

from django.db import transaction
from django.db.models import Q

from talentas.accounts import selectors as account_selectors
from talentas.organisations import selectors as organisation_selectors
from talentas.talent import selectors as talent_selectors
from talentas.talent.models import Opportunity

from . import selectors, services
from .models import Application, Question

S = Application.Status


@dataclass(frozen=True)
class DemoApplication:
    email: str
    organisation: str
    title: str
    message: str
    stages: tuple[str, ...] = ()
    answers: tuple[str, ...] = ()
    interest_only: bool = False
    note: str = ""
    rating: int | None = None


QUESTIONS = {
    ("nemuno-inzinerija", "Welder (MIG/MAG, arc)"): [
        services.QuestionInput(text="Ar turite suvirintojo pažymėjimą (LST EN ISO 9606)?", kind=Question.Kind.YES_NO),
        services.QuestionInput(
            text="Kada galėtumėte pradėti?",
            kind=Question.Kind.CHOICE,
            choices=("Iš karto", "Po mėnesio", "Po dviejų mėnesių ar vėliau"),
            required=True,
        ),
    ],
    ("kodas-dzukija", "Junior web developer"): [
        services.QuestionInput(text="Link to your code (GitHub, GitLab or a portfolio)", required=True),
        services.QuestionInput(text="Would you work two days a week in our Alytus office?", kind=Question.Kind.YES_NO),
    ],
}

APPLICATIONS = [
    DemoApplication(
        "simona.student@talentas.example",
        "kodas-dzukija",
        "Junior web developer",
        "Sveiki, baigiu programų sistemų studijas Alytaus kolegijoje ir jau metus kuriu Django svetaines vietos "
        "įmonėms. Norėčiau augti jūsų komandoje.",
        stages=(S.REVIEWING, S.SHORTLISTED, S.INTERVIEW),
        answers=("https://github.com/simona-demo", "yes"),
        note="Stiprus portfolio; pokalbis ketvirtadienį 10 val.",
        rating=4,
    ),
    DemoApplication(
        "olena.expat@talentas.example",
        "kodas-dzukija",
        "Junior web developer",
        "Hello! I moved to Alytus last year and have built React and Python projects for a Kyiv agency. I am "
        "learning Lithuanian (A2) and would love to join a local team.",
        stages=(S.REVIEWING,),
        answers=("https://gitlab.com/olena-demo", "yes"),
        rating=3,
    ),
    DemoApplication(
        "mantas.student@talentas.example",
        "kodas-dzukija",
        "Software development internship for kolegija students",
        "",
        interest_only=True,
    ),
    DemoApplication(
        "tomas.return@talentas.example",
        "nemuno-inzinerija",
        "Welder (MIG/MAG, arc)",
        "Laba diena, penkerius metus dirbau suvirintoju Norvegijoje, dabar grįžtu į Alytų su šeima. Turiu "
        "tarptautinį pažymėjimą.",
        stages=(S.REVIEWING, S.SHORTLISTED, S.INTERVIEW, S.OFFER, S.HIRED),
        answers=("yes", "Po mėnesio"),
        note="Patirtis Norvegijos laivų statykloje; atlyginimo lūkesčiai atitinka.",
        rating=5,
    ),
    DemoApplication(
        "lukas.school@talentas.example",
        "nemuno-inzinerija",
        "Welder (MIG/MAG, arc)",
        "Baigiau profesinę mokyklą, suvirinimo praktiką atlikau Alytuje. Noriu dirbti ir mokytis toliau.",
        stages=(S.NOT_SELECTED,),
        answers=("no", "Iš karto"),
    ),
    DemoApplication(
        "mateusz.expat@talentas.example",
        "nemuno-inzinerija",
        "Mechanical engineering technician",
        "Good afternoon, I am a mechanical technician from Białystok with CAD and CNC experience, and I can "
        "commute to Alytus. My Lithuanian is basic, my English and Russian are good.",
    ),
]


def _opportunity(organisation_slug: str, title: str) -> Opportunity | None:
    organisation = organisation_selectors.organisation_by_slug(organisation_slug)
    if organisation is None:
        return None
    # The demo names opportunities by their English titles (they have a Lithuanian one too; see talent.demo).
    return Opportunity.objects.filter(Q(title_en=title) | Q(title_lt=title), organisation=organisation).first()


@transaction.atomic
def load_demo_applications() -> int:
    """Add the demo questions and applications that are missing; returns how many applications were added."""
    for (slug, title), questions in QUESTIONS.items():
        opportunity = _opportunity(slug, title)
        if opportunity is not None and opportunity.posted_by and not selectors.questions_of(opportunity):
            services.save_questions(user=opportunity.posted_by, opportunity=opportunity, questions=questions)
    made = 0
    for entry in APPLICATIONS:
        opportunity = _opportunity(entry.organisation, entry.title)
        user = account_selectors.user_with_email(entry.email)
        if opportunity is None or opportunity.posted_by is None or user is None:
            continue
        profile = talent_selectors.profile_of(user)
        if profile is None or Application.objects.filter(opportunity=opportunity, profile=profile).exists():
            continue
        questions = selectors.questions_of(opportunity)
        application = services.apply(
            user=user,
            opportunity=opportunity,
            consent=True,
            interest_only=entry.interest_only,
            message=entry.message,
            answers={q.pk: answer for q, answer in zip(questions, entry.answers, strict=False)},
        )
        employer = opportunity.posted_by
        for stage in entry.stages:
            services.move(actor=employer, application_id=application.pk, status=stage)
        if entry.note:
            services.add_note(actor=employer, application_id=application.pk, body=entry.note)
        if entry.rating:
            services.rate(actor=employer, application_id=application.pk, rating=entry.rating)
        made += 1
    return made
