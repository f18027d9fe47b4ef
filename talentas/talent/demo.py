"""Demo talents and opportunities for Alytus, safe to load again and again (after load_demo and import_esco).

People and firms are fictional; the schools (Alytaus kolegija, the gymnasiums) and the return-migration
situations follow the IAP and the return-migration study. Skills are named by their ESCO English
preferred labels and resolved to concepts on load.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from talentas.accounts import selectors as account_selectors
from talentas.accounts import services as account_services
from talentas.accounts.models import Role
from talentas.organisations import selectors as organisation_selectors
from talentas.organisations import services as organisation_services

from . import selectors, services
from .models import Opportunity, TalentProfile

Kind = TalentProfile.Kind
Mobility = TalentProfile.Mobility


@dataclass(frozen=True)
class DemoTalent:
    email: str
    full_name: str
    kind: str
    headline: str
    about: str
    city: str
    country: str
    mobility: str
    skills: dict[str, int]
    languages: dict[str, int]
    education_level: int | None = None
    education_field: str = ""
    institution: str = ""
    education_years: tuple[int, int] | None = None
    occupation: str = ""
    experience_years: int | None = None
    looking_for: tuple[str, ...] = ("job",)
    available_in_days: int | None = 0
    move_in_days: int | None = None
    remote_ok: bool = False
    visibility: str = TalentProfile.Visibility.EMPLOYERS
    language: str = "lt"


@dataclass(frozen=True)
class DemoOpportunity:
    organisation: str
    title: str
    kind: str
    description: str
    required: tuple[str, ...]
    optional: tuple[str, ...] = ()
    languages: tuple[tuple[str, int, bool], ...] = (("lt", 4, True),)
    occupation: str = ""
    education_level: int | None = None
    workplace: str = Opportunity.Workplace.ON_SITE
    salary: tuple[int, int] | None = None
    start_in_days: int | None = 30
    closes_in_days: int | None = 45
    poster: str = "org.owner@talentas.example"
    extra: dict = field(default_factory=dict)
    # The Lithuanian texts; `title` and `description` are the English ones (and the demo's texts before it
    # spoke both languages, so a rerun finds its old opportunities by them).
    title_lt: str = ""
    description_lt: str = ""


KOLEGIJA = "Alytaus kolegija"
# A demo employer of the fictional metalworking firm, so its opportunities have a poster.
EMPLOYER_EMAIL = "hr.nemuno@talentas.example"
EMPLOYER_NAME = "Rimantas Sabaliauskas"
EMPLOYER_ORGANISATION = "nemuno-inzinerija"
TALENTS: list[DemoTalent] = [
    DemoTalent(
        "talent@talentas.example",
        "Greta Mockutė",
        Kind.STUDENT,
        "Software engineering student looking for an internship in Alytus",
        "Third-year student of software systems at Alytaus kolegija. I build small web apps in Python and "
        "JavaScript and would like to stay in Alytus after graduating.",
        "Alytus",
        "Lithuania",
        Mobility.LIVES_HERE,
        {"Python (computer programming)": 3, "JavaScript": 2, "SQL": 2, "web programming": 2, "debug software": 2},
        {"lt": 6, "en": 4},
        education_level=5,
        education_field="Software systems",
        institution=KOLEGIJA,
        education_years=(2023, 2026),
        occupation="software developer",
        looking_for=("internship", "job"),
        language="en",
    ),
    DemoTalent(
        "tomas.return@talentas.example",
        "Tomas Jakubauskas",
        Kind.RETURN_MIGRANT,
        "Welder with 8 years in Norwegian shipyards, coming home to Alytus",
        "Worked in Stavanger as a certified MIG/MAG and arc welder. Moving back to Alytus with my family "
        "next month and want to keep working in my trade.",
        "Stavanger",
        "Norway",
        Mobility.WILL_MOVE,
        {
            "apply arc welding techniques": 4,
            "welding techniques": 4,
            "join metals": 4,
            "types of metal": 3,
            "read engineering drawings": 2,
            "quality standards": 3,
        },
        {"lt": 6, "en": 3, "no": 3},
        education_level=3,
        education_field="Welding",
        institution="Alytaus profesinio rengimo centras",
        occupation="welder",
        experience_years=8,
        available_in_days=30,
        move_in_days=25,
    ),
    DemoTalent(
        "ruta.return@talentas.example",
        "Rūta Kavaliauskaitė",
        Kind.RETURN_MIGRANT,
        "Data analyst back from London, looking for analytics work in Alytus",
        "Five years of reporting and data analysis in a London logistics company: SQL, Excel and "
        "dashboards. Returned to Alytus in spring; would like a job or a project with the municipality.",
        "Alytus",
        "Lithuania",
        Mobility.LIVES_HERE,
        {
            "statistics": 3,
            "SQL": 3,
            "business intelligence": 3,
            "perform data analysis": 4,
            "use spreadsheets software": 4,
            "visual presentation techniques": 3,
        },
        {"lt": 6, "en": 5},
        education_level=6,
        education_field="Economics",
        institution="Vilnius University",
        occupation="data analyst",
        experience_years=5,
        looking_for=("job", "project"),
    ),
    DemoTalent(
        "darius.abroad@talentas.example",
        "Darius Petrauskas",
        Kind.LITHUANIAN_ABROAD,
        "Electrician in Dublin thinking of coming back to Alytus",
        "Licensed electrician in Ireland since 2017: installations, maintenance, testing. Would move back "
        "to Alytus next year for the right job.",
        "Dublin",
        "Ireland",
        Mobility.WILL_MOVE,
        {
            "install electrical and electronic equipment": 4,
            "electricity": 3,
            "electrical wiring plans": 3,
            "maintain electrical equipment": 4,
            "test electrical equipment": 3,
        },
        {"lt": 6, "en": 5},
        education_level=4,
        education_field="Electrical engineering",
        occupation="electrician",
        experience_years=9,
        available_in_days=150,
        move_in_days=140,
    ),
    DemoTalent(
        "olena.expat@talentas.example",
        "Olena Kovalenko",
        Kind.EXPATRIATE,
        "Graphic designer from Kharkiv, living in Alytus",
        "Brand identities, social media graphics and print. Living in Alytus since 2022, learning "
        "Lithuanian; I work in English, Ukrainian and Russian.",
        "Alytus",
        "Lithuania",
        Mobility.LIVES_HERE,
        {
            "graphic design": 4,
            "use creative suite software": 4,
            "design graphics": 4,
            "develop creative ideas": 3,
            "social media marketing techniques": 2,
        },
        {"uk": 6, "ru": 6, "en": 4, "lt": 2},
        education_level=6,
        education_field="Graphic design",
        institution="Kharkiv State Academy of Design and Arts",
        occupation="graphic designer",
        experience_years=6,
        looking_for=("job", "project", "coworking"),
        remote_ok=True,
        language="en",
    ),
    DemoTalent(
        "mateusz.expat@talentas.example",
        "Mateusz Nowak",
        Kind.EXPATRIATE,
        "Mechanical engineering technician, CAD and CNC",
        "From Suwałki, working in Alytus for three years on furniture machinery. CAD drawings, CNC "
        "programming and troubleshooting.",
        "Alytus",
        "Lithuania",
        Mobility.LIVES_HERE,
        {
            "read engineering drawings": 4,
            "use CAD software": 3,
            "principles of mechanical engineering": 3,
            "troubleshoot": 3,
            "program a CNC controller": 3,
            "technical drawings": 3,
        },
        {"pl": 6, "lt": 4, "en": 3},
        education_level=5,
        education_field="Mechanical engineering",
        occupation="mechanical engineering technician",
        experience_years=4,
        language="en",
    ),
    DemoTalent(
        "paulius.abroad@talentas.example",
        "Paulius Žilinskas",
        Kind.LITHUANIAN_ABROAD,
        "Senior web developer in Berlin, open to remote work for Alytus firms",
        "TypeScript, JavaScript and Python web applications for eight years. Would love to mentor young "
        "programmers in Alytus or co-found something at home.",
        "Berlin",
        "Germany",
        Mobility.REMOTE_ONLY,
        {
            "JavaScript": 4,
            "TypeScript": 4,
            "web programming": 4,
            "Python (computer programming)": 3,
            "use markup languages": 4,
            "style sheet languages": 4,
            "mentor individuals": 3,
        },
        {"lt": 6, "en": 5, "de": 4},
        education_level=7,
        education_field="Computer science",
        institution="Kaunas University of Technology",
        occupation="web developer",
        experience_years=8,
        looking_for=("mentorship", "cofounder", "project"),
        remote_ok=True,
        visibility=TalentProfile.Visibility.MATCHED,
    ),
    DemoTalent(
        "lukas.school@talentas.example",
        "Lukas Vaitkus",
        Kind.SCHOOL_LEAVER,
        "Putinų gimnazija graduate looking for an electrician apprenticeship",
        "Finishing school this June. I like fixing things and want to learn a trade in Alytus.",
        "Alytus",
        "Lithuania",
        Mobility.LIVES_HERE,
        {"electricity": 1, "use power tools": 2, "mathematics": 2},
        {"lt": 6, "en": 3},
        education_level=3,
        institution="Alytaus Putinų gimnazija",
        looking_for=("apprenticeship", "internship"),
        available_in_days=20,
    ),
    DemoTalent(
        "emilija.school@talentas.example",
        "Emilija Stankevičiūtė",
        Kind.SCHOOL_LEAVER,
        "Jotvingių gimnazija graduate interested in design",
        "I draw, edit photos and run my class's Instagram. Looking for an internship before college.",
        "Alytus",
        "Lithuania",
        Mobility.LIVES_HERE,
        {"design graphics": 2, "social media marketing techniques": 2, "develop creative ideas": 2},
        {"lt": 6, "en": 4},
        education_level=3,
        institution="Alytaus Jotvingių gimnazija",
        looking_for=("internship", "mentorship"),
    ),
    DemoTalent(
        "simona.student@talentas.example",
        "Simona Račkauskaitė",
        Kind.STUDENT,
        "Accounting student at Alytaus kolegija",
        "Studying accounting and finance; practice at a local accounting office. Looking for a part-time job.",
        "Alytus",
        "Lithuania",
        Mobility.LIVES_HERE,
        {
            "accounting techniques": 2,
            "financial statements": 2,
            "use accounting systems": 2,
            "bookkeeping regulations": 2,
            "use spreadsheets software": 3,
        },
        {"lt": 6, "en": 3},
        education_level=5,
        education_field="Accounting",
        institution=KOLEGIJA,
        education_years=(2024, 2027),
        occupation="accountant",
        looking_for=("job", "internship"),
    ),
    DemoTalent(
        "mantas.student@talentas.example",
        "Mantas Jankauskas",
        Kind.STUDENT,
        "Mechanical engineering student, Alytaus kolegija",
        "Second-year student of mechanical engineering technology; CAD projects and a summer at a metalworking plant.",
        "Alytus",
        "Lithuania",
        Mobility.LIVES_HERE,
        {"use CAD software": 2, "technical drawings": 3, "read engineering drawings": 2, "mathematics": 3},
        {"lt": 6, "en": 4},
        education_level=5,
        education_field="Mechanical engineering technology",
        institution=KOLEGIJA,
        education_years=(2024, 2027),
        looking_for=("internship", "apprenticeship"),
    ),
    DemoTalent(
        "vaida.local@talentas.example",
        "Vaida Marcinkevičienė",
        Kind.LOCAL_PROFESSIONAL,
        "Mathematics teacher who codes: afternoon programming classes",
        "Teaching mathematics at a gymnasium for 12 years; I teach Python to my students and would like to "
        "run afternoon programming classes.",
        "Alytus",
        "Lithuania",
        Mobility.LIVES_HERE,
        {
            "prepare lesson content": 4,
            "adapt teaching to student's capabilities": 4,
            "mathematics": 4,
            "Python (computer programming)": 2,
            "apply teaching strategies": 4,
        },
        {"lt": 6, "en": 4},
        education_level=7,
        education_field="Mathematics education",
        institution="Vytautas Magnus University",
        occupation="secondary school teacher",
        experience_years=12,
        looking_for=("job", "project"),
    ),
    DemoTalent(
        "andrius.local@talentas.example",
        "Andrius Mickevičius",
        Kind.LOCAL_PROFESSIONAL,
        "Marketing manager looking for a co-founder and a desk",
        "Ten years in marketing for Dzūkija food producers. Starting an e-commerce business for local farms "
        "and looking for a technical co-founder and a co-working desk.",
        "Alytus",
        "Lithuania",
        Mobility.LIVES_HERE,
        {
            "plan marketing strategy": 4,
            "market research": 4,
            "develop business plans": 3,
            "social media marketing techniques": 3,
            "entrepreneurship": 3,
        },
        {"lt": 6, "en": 4, "ru": 3},
        education_level=6,
        education_field="Business management",
        occupation="marketing manager",
        experience_years=10,
        looking_for=("cofounder", "coworking", "mentorship"),
    ),
    DemoTalent(
        "ieva.hidden@talentas.example",
        "Ieva Gudaitė",
        Kind.GRADUATE,
        "Project management graduate (profile hidden from employers)",
        "I keep my profile private while I look around.",
        "Kaunas",
        "Lithuania",
        Mobility.WILL_MOVE,
        {"project management": 2, "manage budgets": 2},
        {"lt": 6, "en": 5},
        education_level=6,
        visibility=TalentProfile.Visibility.NOBODY,
    ),
]

OPPORTUNITIES: list[DemoOpportunity] = [
    DemoOpportunity(
        "kodas-dzukija",
        "Junior web developer",
        "job",
        "Build web apps for Alytus firms with our small team: JavaScript on the front, Python behind. "
        "Mentoring from senior developers, flexible hours.",
        ("web programming", "JavaScript", "debug software"),
        ("Python (computer programming)", "SQL", "use markup languages"),
        (("lt", 4, True), ("en", 3, False)),
        occupation="web developer",
        education_level=5,
        workplace=Opportunity.Workplace.HYBRID,
        salary=(1400, 2000),
        title_lt="Jaunesnysis žiniatinklio programuotojas",
        description_lt=(
            "Kurkite žiniatinklio programas Alytaus įmonėms kartu su mūsų nedidele komanda: naudotojo sąsajai "
            "JavaScript, serverio pusei Python. Patyrusių programuotojų mentorystė, lankstus darbo laikas."
        ),
    ),
    DemoOpportunity(
        "kodas-dzukija",
        "Software development internship for kolegija students",
        "internship",
        "Three-month paid internship for students of Alytaus kolegija: Python, SQL and real client projects.",
        ("Python (computer programming)", "SQL"),
        ("debug software", "web programming"),
        (("lt", 4, True),),
        occupation="software developer",
        salary=(800, 900),
        start_in_days=45,
        title_lt="Programavimo praktika kolegijos studentams",
        description_lt=(
            "Trijų mėnesių apmokama praktika Alytaus kolegijos studentams: Python, SQL ir tikri klientų projektai."
        ),
    ),
    DemoOpportunity(
        "kodas-dzukija",
        "Afternoon programming teacher",
        "job",
        "Teach Python to school students twice a week in the afternoons. Lesson materials provided.",
        ("prepare lesson content", "Python (computer programming)"),
        ("adapt teaching to student's capabilities", "apply teaching strategies"),
        (("lt", 5, True),),
        salary=(600, 800),
        title_lt="Popamokinio programavimo mokytojas",
        description_lt=(
            "Du kartus per savaitę popietėmis mokykite moksleivius programuoti Python kalba. Pamokų medžiagą "
            "parūpinsime."
        ),
    ),
    DemoOpportunity(
        "kodas-dzukija",
        "Technical co-founder for an e-commerce platform for farms",
        "cofounder",
        "We are founding a startup selling Dzūkija farm products online and look for a technical co-founder.",
        ("web programming",),
        ("JavaScript", "Python (computer programming)", "develop business plans"),
        (("lt", 4, False), ("en", 4, False)),
        workplace=Opportunity.Workplace.REMOTE,
        start_in_days=None,
        closes_in_days=None,
        title_lt="Techninis bendraįkūrėjis ūkių e. prekybos platformai",
        description_lt=(
            "Kuriame startuolį, kuris internetu parduos Dzūkijos ūkių produkciją, ir ieškome techninio bendraįkūrėjo."
        ),
    ),
    DemoOpportunity(
        "nemuno-inzinerija",
        "Welder (MIG/MAG, arc)",
        "job",
        "Welding steel frames for furniture machinery. Certified welders welcome; we help returning "
        "Lithuanians settle in.",
        ("apply arc welding techniques", "welding techniques", "join metals"),
        ("read engineering drawings", "quality standards"),
        (("lt", 3, True),),
        occupation="welder",
        education_level=3,
        salary=(1600, 2200),
        poster=EMPLOYER_EMAIL,
        title_lt="Suvirintojas (MIG/MAG, lankinis suvirinimas)",
        description_lt=(
            "Suvirinsite plieninius baldų gamybos įrenginių rėmus. Laukiame atestuotų suvirintojų; grįžtantiems "
            "lietuviams padedame įsikurti."
        ),
    ),
    DemoOpportunity(
        "nemuno-inzinerija",
        "Mechanical engineering technician",
        "job",
        "Prepare CAD drawings, set up CNC machines and troubleshoot the production line.",
        ("read engineering drawings", "use CAD software", "troubleshoot"),
        ("program a CNC controller", "principles of mechanical engineering"),
        (("lt", 3, True), ("en", 3, False)),
        occupation="mechanical engineering technician",
        education_level=5,
        salary=(1500, 2100),
        poster=EMPLOYER_EMAIL,
        title_lt="Mechanikos inžinerijos technikas",
        description_lt=(
            "Rengsite brėžinius CAD programomis, derinsite CNC stakles ir šalinsite gamybos linijos gedimus."
        ),
    ),
    DemoOpportunity(
        "nemuno-inzinerija",
        "Electrician apprenticeship",
        "apprenticeship",
        "Learn industrial electrical installation and maintenance alongside our electricians. For school leavers.",
        ("electricity",),
        ("use power tools", "install electrical and electronic equipment"),
        (("lt", 4, True),),
        education_level=3,
        salary=(900, 1000),
        poster=EMPLOYER_EMAIL,
        title_lt="Elektriko pameistrystė",
        description_lt=(
            "Kartu su mūsų elektrikais išmoksite įrengti ir prižiūrėti pramoninius elektros įrenginius. Skirta "
            "baigusiems mokyklą."
        ),
    ),
    DemoOpportunity(
        "nemuno-inzinerija",
        "Maintenance electrician",
        "job",
        "Install and maintain electrical equipment in our Alytus plant; test and repair machinery.",
        ("install electrical and electronic equipment", "maintain electrical equipment", "electricity"),
        ("test electrical equipment", "electrical wiring plans"),
        (("lt", 4, True),),
        occupation="electrician",
        education_level=4,
        salary=(1500, 2000),
        start_in_days=120,
        closes_in_days=90,
        poster=EMPLOYER_EMAIL,
        title_lt="Techninės priežiūros elektrikas",
        description_lt=(
            "Įrengsite ir prižiūrėsite elektros įrenginius mūsų Alytaus gamykloje, tikrinsite ir taisysite įrangą."
        ),
    ),
    DemoOpportunity(
        "business-support-department",
        "Data analyst internship at the municipality",
        "internship",
        "Help the Business Support Department analyse the action plan's indicators and build dashboards.",
        ("statistics", "perform data analysis"),
        ("SQL", "business intelligence", "visual presentation techniques"),
        (("lt", 5, True), ("en", 3, False)),
        occupation="data analyst",
        education_level=5,
        poster="plan.manager@talentas.example",
        title_lt="Duomenų analitiko praktika savivaldybėje",
        description_lt="Padėkite Verslo rėmimo skyriui analizuoti veiksmų plano rodiklius ir kurti duomenų suvestines.",
    ),
    DemoOpportunity(
        "business-support-department",
        "Mentoring for people starting a business",
        "mentorship",
        "Six months of mentoring by local entrepreneurs for anyone starting a business in Alytus, return "
        "migrants especially welcome.",
        ("develop business plans",),
        ("entrepreneurship", "market research"),
        (("lt", 3, False), ("en", 3, False)),
        start_in_days=14,
        closes_in_days=60,
        poster="plan.manager@talentas.example",
        title_lt="Mentorystė pradedantiems verslą",
        description_lt=(
            "Šešių mėnesių vietos verslininkų mentorystė visiems, kurie pradeda verslą Alytuje; ypač laukiame "
            "grįžtančių emigrantų."
        ),
    ),
    DemoOpportunity(
        "business-support-department",
        "Co-working desk at the Business Innovation Center",
        "coworking",
        "Free desk for three months for freelancers, startups and remote workers moving to Alytus.",
        (),
        (),
        (),
        workplace=Opportunity.Workplace.ON_SITE,
        start_in_days=0,
        closes_in_days=None,
        poster="plan.manager@talentas.example",
        title_lt="Darbo vieta Verslo inovacijų centro bendradarbystės erdvėje",
        description_lt=(
            "Nemokama darbo vieta trims mėnesiams laisvai samdomiems specialistams, startuoliams ir nuotoliniu būdu "
            "dirbantiems žmonėms, kurie persikelia į Alytų."
        ),
    ),
    DemoOpportunity(
        "business-support-department",
        "Graphic design for the city's talent campaign",
        "project",
        "Design the visual identity and social media graphics of the C4TALENT campaign in Alytus.",
        ("graphic design", "design graphics"),
        ("use creative suite software", "social media marketing techniques"),
        (("en", 3, True),),
        occupation="graphic designer",
        workplace=Opportunity.Workplace.HYBRID,
        salary=(1200, 1800),
        poster="plan.manager@talentas.example",
        title_lt="Miesto talentų kampanijos grafinis dizainas",
        description_lt="Sukurkite C4TALENT kampanijos Alytuje vizualinį identitetą ir grafiką socialiniams tinklams.",
    ),
]


def _skill_ids(labels) -> list[int]:
    ids = []
    for label in labels:
        skill = selectors.resolve_skill(label)
        if skill is None:
            raise LookupError(f"ESCO skill {label!r} not found: run `manage.py import_esco` first.")
        ids.append(skill.pk)
    return ids


def _occupation_id(label: str) -> int | None:
    occupation = selectors.resolve_occupation(label) if label else None
    return occupation.pk if occupation else None


def _write_both_languages(opportunity: Opportunity, entry: DemoOpportunity) -> None:
    """Give a demo opportunity its Lithuanian and English texts. A text is replaced only while it is empty or still
    what the demo wrote before (its English text, which the Lithuanian column held too): whatever an employer
    edited stays as they wrote it."""
    wanted = {
        "title_lt": entry.title_lt,
        "title_en": entry.title,
        "description_lt": entry.description_lt,
        "description_en": entry.description,
    }
    old = {"title": entry.title, "description": entry.description}
    changed = []
    for column, text in wanted.items():
        current = getattr(opportunity, column) or ""
        if text and current != text and (not current.strip() or current == old[column.rsplit("_", 1)[0]]):
            setattr(opportunity, column, text)
            changed.append(column)
    if changed:
        opportunity.save(update_fields=[*changed, "updated_at"])
        services.refresh_opportunity_vector(opportunity)
        services.refresh_opportunity_search_document(opportunity)


@transaction.atomic
def load_demo_talent(*, password: str) -> dict[str, int]:
    """Make the demo talents and opportunities that are missing; never touch what people changed."""
    made = {"talents": 0, "opportunities": 0}
    today = timezone.localdate()
    # The demo accounts share a password: one hash tells whether they need it set (a rerun stays quick).
    check = account_services.password_needs_setting(email=EMPLOYER_EMAIL, password=password)
    employer = account_services.ensure_verified_account(
        email=EMPLOYER_EMAIL, full_name=EMPLOYER_NAME, password=password, preferred_language="lt", check_password=check
    )
    firm = organisation_selectors.organisation_by_slug(EMPLOYER_ORGANISATION)
    if firm is None:
        raise LookupError("The demo organisations are missing: run `manage.py load_demo` first.")
    organisation_services.ensure_membership(organisation=firm, user=employer, role="owner")
    for talent in TALENTS:
        user = account_services.ensure_verified_account(
            email=talent.email,
            full_name=talent.full_name,
            password=password,
            preferred_language=talent.language,
            check_password=check,
        )
        account_services.grant_role(user=user, role=Role.TALENT)
        if TalentProfile.objects.filter(user=user).exists():
            continue
        start, end = talent.education_years or (None, None)
        services.save_talent_profile(
            user=user,
            data=services.ProfileInput(
                kind=talent.kind,
                headline=talent.headline,
                about=talent.about,
                city=talent.city,
                country=talent.country,
                mobility=talent.mobility,
                move_date=today + timedelta(days=talent.move_in_days) if talent.move_in_days is not None else None,
                remote_ok=talent.remote_ok,
                education_level=talent.education_level,
                education_field=talent.education_field,
                institution=talent.institution,
                education_start=start,
                education_end=end,
                occupation_id=_occupation_id(talent.occupation),
                experience_years=talent.experience_years,
                looking_for=talent.looking_for,
                available_from=today + timedelta(days=talent.available_in_days)
                if talent.available_in_days is not None
                else None,
                visibility=talent.visibility,
            ),
            skills=list(zip(_skill_ids(talent.skills), talent.skills.values(), strict=True)),
            languages=list(talent.languages.items()),
            consent=talent.visibility != TalentProfile.Visibility.NOBODY,
        )
        made["talents"] += 1
    for entry in OPPORTUNITIES:
        organisation = organisation_selectors.organisation_by_slug(entry.organisation)
        if organisation is None:
            raise LookupError(f"Organisation {entry.organisation!r} missing: run `manage.py load_demo` first.")
        existing = (
            Opportunity.objects.filter(organisation=organisation)
            .filter(Q(title_en=entry.title) | Q(title_lt=entry.title) | Q(title_lt=entry.title_lt))
            .first()
        )
        if existing is not None:
            _write_both_languages(existing, entry)
            continue
        poster = account_selectors.user_with_email(entry.poster)
        opportunity = services.create_opportunity(
            user=poster,
            organisation=organisation,
            data=services.OpportunityInput(
                kind=entry.kind,
                title=entry.title,
                description=entry.description,
                occupation_id=_occupation_id(entry.occupation),
                education_level=entry.education_level,
                workplace=entry.workplace,
                salary_min=entry.salary[0] if entry.salary else None,
                salary_max=entry.salary[1] if entry.salary else None,
                start_date=today + timedelta(days=entry.start_in_days) if entry.start_in_days is not None else None,
                closes_on=today + timedelta(days=entry.closes_in_days) if entry.closes_in_days is not None else None,
            ),
            skills=[(pk, True) for pk in _skill_ids(entry.required)]
            + [(pk, False) for pk in _skill_ids(entry.optional)],
            languages=list(entry.languages),
        )
        _write_both_languages(opportunity, entry)
        made["opportunities"] += 1
    return made
