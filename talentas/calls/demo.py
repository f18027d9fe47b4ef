"""Demo data for calls (run by `load_demo_calls`, after `load_plan` and `load_demo`): the four programmes of actions
1.2, 1.3, 2.1 and 2.2, a decided and fully paid 2025 grant round within its budget, an accelerator intake this year
in two stages (concepts first: most invited to the full application and approved, one declined, one invited and
drafting, one waiting for the decision) and an incubator intake, and an open grant call taking applications with its
own form, in Lithuanian and English.

Everything is made through the services (so the budgets, the audit log and the notices are real); the 2025 round is
then moved back to 2025 dates, which only demo data may do. Safe to run again: nothing is added once the grant
fund exists.
"""

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from talentas.accounts.models import User
from talentas.core.metrics import data_changed_after_commit
from talentas.forms import services as form_services
from talentas.forms.models import OwnerKind
from talentas.monitoring.services import budget as monitoring_budget
from talentas.organisations import services as organisation_services
from talentas.organisations.models import Membership, Organisation
from talentas.plans import selectors as plan_selectors

from . import services
from .models import Application, Award, Call, Instalment, MilestoneReport, Programme, ProgrammeKind, ProgrammeYear

STAFF_EMAIL = "plan.manager@talentas.example"
FICTIONAL = "Demo organisation."


@dataclass(frozen=True)
class Startup:
    slug: str
    name: str
    description: str
    women_led: str = "no"
    founded_years_ago: int = 2


STARTUPS = [
    Startup("kodas-dzukija", "Kodas Dzūkija", "", "women_cofounded", 3),
    Startup("greenhub-alytus", "GreenHub Alytus", "", "women_led", 2),
    Startup("dzukijos-dronai", "Dzūkijos dronai", f"{FICTIONAL} Drone mapping of farms and forests."),
    Startup("ruta-design", "Rūta Design Studio", f"{FICTIONAL} Packaging design for food makers.", "women_led", 1),
    Startup("nemunas-data", "Nemunas Data", f"{FICTIONAL} Dashboards for small manufacturers.", "no", 4),
    Startup("grybu-takas", "Grybų takas", f"{FICTIONAL} Mushroom tourism routes and an app.", "women_cofounded", 1),
    Startup("alytus-robotics", "Alytus Robotics", f"{FICTIONAL} Robot arms for furniture workshops.", "no", 2),
    Startup("sveikas-ritmas", "Sveikas ritmas", f"{FICTIONAL} Heart-rate coaching for seniors.", "women_led", 1),
]
PROGRAMMES = [
    ("startup-grant-fund", ProgrammeKind.GRANT_FUND, "2.1", "Startuolių dotacijų fondas", "Startup grant fund",
     "Dotacijos pradinėms startuolių išlaidoms: produkto kūrimui ir darbuotojų samdai.",
     "Grants for startups' first costs: building the product and hiring.", Decimal("60000")),
    ("alytus-accelerator", ProgrammeKind.ACCELERATOR, "1.2", "Alytaus akceleratorius", "Alytus accelerator",
     "Mentorystė, mokymai ir pradinis finansavimas; geresnės sąlygos moterų verslui.",
     "Mentoring, training and seed funding; better conditions for women's business.", Decimal("25000")),
    ("alytus-incubator", ProgrammeKind.INCUBATOR, "1.3", "Alytaus inkubatorius", "Alytus incubator",
     "Ankstyvosios stadijos startuoliams: mentorystė, biuras ir verslo plėtros mokymai.",
     "For early-stage startups: mentoring, office space and business development training.", Decimal("10000")),
    ("pitch-competitions", ProgrammeKind.PITCH_COMPETITION, "2.2", "Idėjų pristatymo konkursai",
     "Pitch competitions", "Startuoliai pristato idėjas investuotojams ir varžosi dėl piniginių prizų.",
     "Startups pitch to investors and compete for cash prizes.", Decimal("10000")),
]  # fmt: skip


def _founder(startup: Startup) -> User:
    organisation, _made = organisation_services.ensure_listed_organisation(
        slug=startup.slug, name=startup.name, kind=Organisation.Kind.STARTUP, description=startup.description,
        city="Alytus",
    )  # fmt: skip
    owner = Membership.objects.filter(organisation=organisation, role=Membership.Role.OWNER).select_related("user")
    if owner.exists():
        return owner.first().user  # type: ignore[union-attr]
    user, _created = User.objects.get_or_create(
        email=f"founder.{startup.slug}@talentas.example", defaults={"full_name": f"{startup.name} founder"}
    )
    organisation_services.ensure_membership(organisation=organisation, user=user, role=Membership.Role.OWNER)
    return user


def _programmes(staff: User, year: int) -> dict[str, Programme]:
    plan = plan_selectors.default_plan()
    made = {}
    for slug, kind, code, name_lt, name_en, text_lt, text_en, budget in PROGRAMMES:
        action = plan.actions.filter(code=code).first() if plan is not None else None
        programme = Programme.objects.create(
            slug=slug, kind=kind, action=action, name_lt=name_lt, name_en=name_en,
            description_lt=text_lt, description_en=text_en,
        )  # fmt: skip
        for budget_year in (year - 1, year):
            ProgrammeYear.objects.create(programme=programme, year=budget_year, budget_eur=budget)
        _plan_the_money(staff, programme, years=(year - 1, year), yearly=budget)
        made[kind] = programme
    return made


def _plan_the_money(staff: User, programme: Programme, *, years: tuple[int, int], yearly: Decimal) -> None:
    """The programme's budget as a line of its action in the plan's budget phase that holds both demo years, so
    that the awards' commitments and paid instalments land in Finance's books (monitoring follows only actions that
    have a line). The plan file gives phase totals, not lines per action; the Finance team enters these."""
    action = programme.action
    if action is None:
        return
    phase = action.plan.budget_phases.filter(start_year__lte=years[0], end_year__gte=years[1]).order_by("order").first()
    if phase is not None:
        monitoring_budget.save_budget_line(
            user=staff, plan=action.plan, phase=phase, action=action, planned_eur=yearly * len(years)
        )


def _call(programme: Programme, *, year: int, title: tuple[str, str], summary: tuple[str, str], body: tuple[str, str],
          budget: str, max_award: str, days_open: int = 30, **rules) -> Call:  # fmt: skip
    now = timezone.now()
    return Call.objects.create(
        programme=programme, budget_year=year, title_lt=title[0], title_en=title[1], summary_lt=summary[0],
        summary_en=summary[1], body_lt=body[0], body_en=body[1], is_published=True,
        opens_at=now - datetime.timedelta(days=14), closes_at=now + datetime.timedelta(days=days_open),
        budget_eur=Decimal(budget), max_award_eur=Decimal(max_award), **rules,
    )  # fmt: skip


def _apply(
    call: Call,
    startup: Startup,
    *,
    title: str,
    summary: str,
    amount: str,
    submit: bool = True,
    answers=None,
    invited_by: User | None = None,
) -> Application:
    """The startup's application; to a two-stage call its concept is submitted first and, when `invited_by` is
    given, invited to the full application (else it waits for the programme team's answer)."""
    founder = _founder(startup)
    organisation = Organisation.objects.get(slug=startup.slug)
    application = services.start_application(user=founder, call=call, organisation=organisation)
    concept = services.ApplicationInput(project_title=title, summary=summary, requested_eur=Decimal(amount))
    services.save_draft(user=founder, application_id=application.pk, data=concept)
    if application.is_concept:
        services.submit(user=founder, application_id=application.pk)
        if invited_by is None:
            return application
        services.invite_to_full(actor=invited_by, application_id=application.pk)
    services.save_draft(
        user=founder,
        application_id=application.pk,
        data=services.ApplicationInput(
            registered_in_city=True, stage="prototype", women_led=startup.women_led,
            founded_on=timezone.localdate() - datetime.timedelta(days=365 * startup.founded_years_ago),
        ),
    )  # fmt: skip
    if answers:
        services.save_answers(user=founder, application_id=application.pk, data=answers)
    if submit:
        services.submit(user=founder, application_id=application.pk)
    return application


GRANT_2025 = [
    # (startup index, project, amount requested, decision, amount awarded)
    (0, "Programavimo būreliai kaimo mokykloms", "9500", "approve", "9000"),
    (1, "Šiltnamių jutikliai ir programėlė", "10000", "approve", "10000"),
    (2, "Ūkių žemėlapiai dronais", "10000", "approve", "9500"),
    (3, "Tvari pakuotė Dzūkijos maistui", "8000", "approve", "8000"),
    (4, "Gamybos suvestinė mažoms įmonėms", "10000", "approve", "10000"),
    (5, "Grybų turizmo maršrutai", "6000", "approve", "6000"),
    (6, "Robotų rankos baldų dirbtuvėms", "10000", "reject", ""),
    (7, "Širdies ritmo treneris", "9000", "waitlist", ""),
]


def _decide(staff: User, application: Application, decision: str, amount: str) -> None:
    services.move(actor=staff, application_id=application.pk, transition="screen")
    services.move(actor=staff, application_id=application.pk, transition="send_to_review")
    if decision == "approve":
        services.approve(actor=staff, application_id=application.pk, amount_eur=amount, message="")
    elif decision == "waitlist":
        services.waitlist(actor=staff, application_id=application.pk, message="")
    else:
        services.reject(
            actor=staff, application_id=application.pk, message="Projektas dar per ankstyvas; kviečiame į inkubatorių."
        )


def _grant_round_2025(staff: User, programme: Programme, year: int) -> Call:
    call = _call(
        programme,
        year=year,
        title=(f"Startuolių dotacijos {year}", f"Startup grants {year}"),
        summary=("Iki 10 000 EUR jaunoms Alytaus įmonėms.", "Up to EUR 10,000 for young Alytus companies."),
        body=(
            "Dotacija padengia produkto kūrimo ir darbuotojų samdos išlaidas. 70 % išmokama pasirašius sutartį, "
            "30 % išmokama priėmus galutinę ataskaitą.",
            "The grant covers building the product and hiring. 70% is paid on signing the agreement, 30% once "
            "the final report is accepted.",
        ),
        budget="55000",
        max_award="10000",
        max_company_age_years=5,
    )
    for index, project, requested, decision, amount in GRANT_2025:
        startup = STARTUPS[index]
        application = _apply(call, startup, title=project, summary=f"{project}: {startup.name}.", amount=requested)
        _decide(staff, application, decision, amount)
    # Every award's final report was accepted and both instalments paid.
    for award in Award.objects.filter(application__call=call):
        founder = _founder(next(s for s in STARTUPS if s.slug == award.application.organisation.slug))
        last = award.instalments.get(position=2)
        report = services.submit_report(
            user=founder, instalment_id=last.pk, progress="Projektas įgyvendintas; produktas naudojamas.",
            spent_eur=award.amount_eur,
        )  # fmt: skip
        services.review_report(actor=staff, report_id=report.pk, accept=True)
        for instalment in award.instalments.all():
            services.mark_paid(actor=staff, instalment_id=instalment.pk)
    _move_to(call, year=year)
    return call


def _move_to(call: Call, *, year: int) -> None:
    """Demo only: the round happened in `year` (opened in March, decided in June, paid by December)."""
    tz = timezone.get_current_timezone()

    def at(month: int, day: int) -> datetime.datetime:
        return datetime.datetime(year, month, day, 10, tzinfo=tz)

    Call.objects.filter(pk=call.pk).update(opens_at=at(3, 1), closes_at=at(4, 30))
    applications = Application.objects.filter(call=call)
    applications.update(submitted_at=at(4, 20), status_changed_at=at(6, 15))
    applications.exclude(decided_at=None).update(decided_at=at(6, 15))
    Award.objects.filter(application__call=call).update(decided_at=at(6, 15))
    instalments = Instalment.objects.filter(award__application__call=call)
    instalments.filter(position=1).update(due_on=at(7, 1).date(), released_at=at(6, 15), paid_at=at(7, 1))
    instalments.filter(position=2).update(due_on=at(12, 15).date(), released_at=at(12, 1), paid_at=at(12, 15))
    MilestoneReport.objects.filter(instalment__award__application__call=call).update(reviewed_at=at(12, 1))
    data_changed_after_commit()


def _intake(staff: User, programme: Programme, year: int, *, title, summary, startups, amount: str, **rules) -> Call:
    call = _call(programme, year=year, title=title, summary=summary, body=summary, budget="20000", max_award=amount,
                 days_open=2, **rules)  # fmt: skip
    for index in startups:
        startup = STARTUPS[index]
        application = _apply(call, startup, title=f"{startup.name}", summary=startup.description or startup.name,
                             amount=amount, invited_by=staff)  # fmt: skip
        _decide(staff, application, "approve", amount)
    return call


def _concepts(staff: User, call: Call, amount: str) -> None:
    """The two-stage intake's other concepts: one declined, one invited and drafting, one waiting for the answer."""
    declined = _apply(call, STARTUPS[2], title="Dronų žemėlapiai ūkiams", summary="Drone maps for farms.",
                      amount=amount)  # fmt: skip
    services.decline_concept(
        actor=staff, application_id=declined.pk,
        message="Idėja įdomi, bet dar per ankstyva akceleratoriui; kviečiame į inkubatorių. / A promising idea, but "
        "too early for the accelerator: we invite you to the incubator.",
    )  # fmt: skip
    _apply(call, STARTUPS[4], title="Gamybos suvestinė", summary="Dashboards for small manufacturers.", amount=amount,
           submit=False, invited_by=staff)  # fmt: skip
    _apply(call, STARTUPS[6], title="Robotų rankos", summary="Robot arms for furniture workshops.", amount=amount)


def _open_grant_call(staff: User, programme: Programme, year: int) -> Call:
    form = form_services.define_form(
        by=staff,
        title_lt=f"Startuolių dotacijų paraiška {year}",
        title_en=f"Startup grant application {year}",
        owner_kind=OwnerKind.CALL,
        sections=[
            {
                "title_lt": "Komanda ir planas",
                "title_en": "Team and plan",
                "questions": [
                    {"key": "team", "kind": "long_text", "label_lt": "Kas yra jūsų komanda?",
                     "label_en": "Who is your team?", "required": True},
                    {"key": "customers", "kind": "long_text", "label_lt": "Kas bus jūsų klientai?",
                     "label_en": "Who will your customers be?", "required": True},
                    {"key": "own_funds", "kind": "money", "label_lt": "Nuosavos lėšos projektui (EUR)",
                     "label_en": "Your own money in the project (EUR)"},
                ],
            }
        ],
    )  # fmt: skip
    call = _call(
        programme,
        year=year,
        title=(f"Startuolių dotacijos {year}", f"Startup grants {year}"),
        summary=(
            "Iki 10 000 EUR; 30 % biudžeto skirta moterų vadovaujamiems startuoliams.",
            "Up to EUR 10,000; 30% of the budget reserved for women-led startups.",
        ),
        body=(
            "Paraiškas gali teikti Alytuje registruotos ne senesnės nei 5 metų įmonės idėjos arba prototipo stadijoje.",
            "Companies registered in Alytus in the last 5 years, at the idea or prototype stage, may apply.",
        ),
        budget="50000",
        max_award="10000",
        max_company_age_years=5,
        stages_allowed=["idea", "prototype"],
        women_rule=Call.WomenRule.RESERVED_SHARE,
        women_reserved_percent=30,
        form=form.versions.get(),
    )
    _apply(
        call, STARTUPS[7], title="Širdies ritmo treneris senjorams", summary="Programėlė ir apyrankė.", amount="8000",
        answers={"team": "Kardiologė ir du programuotojai iš Alytaus.", "customers": "Senjorai ir jų šeimos.",
                 "own_funds": "2000"},
    )  # fmt: skip
    _apply(call, STARTUPS[5], title="Grybų takas: programėlė", summary="Maršrutai ir gidai.", amount="6000",
           submit=False, answers={"team": "Dvi gidės ir dizainerė."})  # fmt: skip
    return call


@transaction.atomic
def load_demo_calls() -> dict[str, int]:
    """The demo's programmes, calls, applications and awards; {"calls", "applications", "awards"} added."""
    if Programme.objects.filter(slug="startup-grant-fund").exists():
        return {"calls": 0, "applications": 0, "awards": 0}
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is None:
        raise LookupError("Run `load_demo` first: the calls demo needs the plan manager's account.")
    year = timezone.localdate().year
    programmes = _programmes(staff, year)
    _grant_round_2025(staff, programmes[ProgrammeKind.GRANT_FUND], year - 1)
    accelerator = _intake(
        staff, programmes[ProgrammeKind.ACCELERATOR], year,
        title=(f"Akceleratorius {year}", f"Accelerator {year}"),
        summary=("Šešių mėnesių programa su mentoriais ir 3 000 EUR pradiniu finansavimu; pirmiausia trumpa idėja.",
                 "A six-month programme with mentors and EUR 3,000 of seed funding; a short concept first."),
        startups=[0, 1, 3, 5, 7], amount="3000",
        two_stage=True, concept_closes_at=timezone.now() + datetime.timedelta(days=1),
    )  # fmt: skip
    _concepts(staff, accelerator, "3000")
    _intake(
        staff, programmes[ProgrammeKind.INCUBATOR], year,
        title=(f"Inkubatorius {year}", f"Incubator {year}"),
        summary=("Biuras, mentorystė ir 1 000 EUR verslo plėtros mokymams.",
                 "An office, mentoring and EUR 1,000 for business development training."),
        startups=[2, 4, 5, 6, 7], amount="1000",
    )  # fmt: skip
    _open_grant_call(staff, programmes[ProgrammeKind.GRANT_FUND], year)
    return {
        "calls": Call.objects.count(),
        "applications": Application.objects.count(),
        "awards": Award.objects.count(),
    }
