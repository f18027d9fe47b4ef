"""Demo data: the Alytus ecosystem's organisations and one account per role, safe to load again and again.

Sources: the IAP (section 7, governance and monitoring) for the municipal departments, and the DERREG
report's "Business Support Policy Landscape in Alytus County" (Table 3) for the business support
organisations at county and national level. Its 2011 "Department of Economics" is left out: today's
Business Support Department does that work. The companies, startups, the investor and the NGO are made up
for the demo (the demo's footer says so, once, on every page); schools are Alytus' real ones, listed unclaimed.
Every description is written in Lithuanian and in English.
"""

from dataclasses import dataclass
from typing import NamedTuple

from django.db import transaction

from talentas.accounts import services as account_services
from talentas.accounts.models import Role, User
from talentas.core import demo_pictures
from talentas.core.choices import ResponsibleEntity

from . import permissions, services
from .models import Membership, Organisation, OrganisationClaim

# Documented in `manage.py load_demo --help`; DEMO_PASSWORD overrides it. Only for the demo's own accounts.
DEFAULT_DEMO_PASSWORD = "Dzukija-Talentas-2025!"  # noqa: S105

Kind = Organisation.Kind
Level = Organisation.Level


class Texts(NamedTuple):
    """A text in Lithuanian and in English."""

    lt: str
    en: str


# What the demo wrote before descriptions came in two languages: a second run replaces these, never an edit.
OLD_DESCRIPTIONS = (
    "Named in the DERREG report's business support landscape of Alytus County (Table 3).",
    "Fictional organisation, made up for the Talentas demo.",
    "A gymnasium in Alytus.",
    "Alytus' vocational training centre.",
)


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    kind: str
    description: Texts
    level: str = Level.LOCAL
    city: str = "Alytus"
    parent: str = ""
    responsible_entity: str = ""
    website: str = ""
    address: str = ""
    verified: bool = False


def _department(slug: str, name: str, entity: str, description: Texts, parent: str = "alytus-city-municipality"):
    return DemoOrganisation(
        slug, name, Kind.MUNICIPAL_DEPARTMENT, description, parent=parent, responsible_entity=entity, verified=True
    )


def _table_3(slug: str, name: str, description: Texts, kind: str = Kind.BUSINESS_SUPPORT, level: str = Level.REGIONAL):
    """A business support organisation of Alytus County's landscape (the DERREG report's Table 3)."""
    city = "" if level == Level.NATIONAL else "Alytus"
    return DemoOrganisation(slug, name, kind, description, level=level, city=city)


ORGANISATIONS: list[DemoOrganisation] = [
    DemoOrganisation(
        "alytus-city-municipality",
        "Alytus City Municipality",
        Kind.PUBLIC_BODY,
        Texts(
            "Vadovauja talentų ir startuolių integruotam veiksmų planui; planą ir jo biudžetą tvirtina miesto taryba.",
            "Leads the Integrated Action Plan for talent and startups; the City Council approves it and its budget.",
        ),
        website="https://www.alytus.lt",
        address="Rotušės a. 4, Alytus",
        verified=True,
    ),
    _department(
        "business-support-department",
        "Business Support Department",
        ResponsibleEntity.BUSINESS_SUPPORT,
        Texts(
            "Kasdien įgyvendina veiksmų planą: organizuoja darbus, rengia ataskaitas ir prižiūri finansus. Atsako "
            "už startuolių kūrimo ir ekosistemos rodiklius.",
            "Manages the action plan day to day: operations, reporting and financial oversight. Answers for the "
            "startup creation and ecosystem indicators.",
        ),
    ),
    _department(
        "business-support-me-team",
        "Business Support Department: M&E team",
        "",
        Texts(
            "Koordinuoja stebėseną ir vertinimą: ketvirtines vidaus ataskaitas, metines viešas ataskaitas, "
            "tarpinį ir galutinį vertinimą bei gyvą rodiklių suvestinę.",
            "Coordinates monitoring and evaluation: quarterly internal reports, annual public reports, the "
            "mid-term and final evaluations, and the live dashboard.",
        ),
        parent="business-support-department",
    ),
    _department(
        "finance-and-investment-department",
        "Finance and Investment Department",
        ResponsibleEntity.FINANCE_AND_INVESTMENT,
        Texts(
            "Atsako už finansinius veiksmų plano rodiklius: dotacijas ir investicijas.",
            "Answers for the financial indicators of the action plan: grants and investments.",
        ),
    ),
    _department(
        "education-department",
        "Education Department",
        ResponsibleEntity.EDUCATION,
        Texts(
            "Atsako už su švietimu susijusius veiksmų plano rodiklius, pavyzdžiui, STEAM pamokas mokyklose.",
            "Answers for the education-related indicators of the action plan, such as STEAM lessons in schools.",
        ),
    ),
    _department(
        "ulg-coordination",
        "Urban Local Group (ULG) coordination",
        ResponsibleEntity.ULG_COORDINATOR,
        Texts(
            "Koordinuoja verslo, švietimo ir pilietinės visuomenės atstovų URBACT vietos grupę ir atsako už "
            "visuomenės įsitraukimo ir vietos grupės poveikio rodiklius.",
            "Coordinates the Urban Local Group of businesses, educators and civil society, and answers for the "
            "social engagement and ULG impact indicators.",
        ),
    ),
    # Table 3, county (regional) level
    _table_3(
        "alytus-county-regional-development-section",
        "Alytus County Section of Regional Development Department, Ministry of Interior",
        Texts(
            "Vidaus reikalų ministerijos padalinys, kuris Alytaus apskrityje rengia ir prižiūri regiono plėtros "
            "projektus.",
            "The Ministry of the Interior's office that prepares and oversees regional development projects in "
            "Alytus County.",
        ),
        Kind.PUBLIC_BODY,
    ),
    _table_3(
        "alytus-regional-development-council",
        "Alytus Regional Development Council",
        Texts(
            "Apskrities savivaldybių taryba, kuri tvirtina regiono plėtros planą ir atrenka jo finansuojamus "
            "projektus.",
            "The county's council of municipalities: it approves the regional development plan and chooses the "
            "projects it funds.",
        ),
        Kind.PUBLIC_BODY,
    ),
    _table_3(
        "vilnius-chamber-alytus-branch",
        "Vilnius Chamber of Commerce, Industry and Crafts, Alytus Branch",
        Texts(
            "Vienija regiono įmones, išduoda kilmės sertifikatus, rengia eksporto mokymus ir verslo misijas.",
            "Brings the region's firms together, issues certificates of origin, and runs export training and "
            "business missions.",
        ),
    ),
    _table_3(
        "alytus-business-advisory-centre",
        "Alytus Business Advisory Centre",
        Texts(
            "Konsultuoja pradedančiuosius: verslo planai, apskaita, mokesčiai ir paraiškos paramai gauti.",
            "Advises people starting a business: business plans, bookkeeping, taxes and applications for support.",
        ),
    ),
    _table_3(
        "business-association-of-alytus-region",
        "Business Association of Alytus Region",
        Texts(
            "Alytaus krašto įmonių asociacija, atstovaujanti verslui savivaldybėje ir rengianti narių susitikimus.",
            "An association of the region's firms: it speaks for business at the municipality and brings its "
            "members together.",
        ),
    ),
    _table_3(
        "south-lithuanian-business-cooperation-centre",
        "South Lithuanian Business Cooperation Centre",
        Texts(
            "Padeda Pietų Lietuvos įmonėms rasti partnerių kaimyninėse šalyse ir dalyvauti tarptautiniuose "
            "projektuose.",
            "Helps firms of southern Lithuania find partners in neighbouring countries and join international "
            "projects.",
        ),
    ),
    _table_3(
        "lic-southern-lithuania",
        "Lithuanian Innovation Center Section for Southern Lithuania",
        Texts(
            "Lietuvos inovacijų centro skyrius, padedantis regiono įmonėms diegti inovacijas ir rasti partnerių "
            "Europoje.",
            "The Lithuanian Innovation Center's office that helps the region's firms innovate and find partners in "
            "Europe.",
        ),
    ),
    _table_3(
        "alytus-business-innovation-center",
        "Alytus Business Innovation Center",
        Texts(
            "Bendradarbystės erdvės, posėdžių salės ir renginiai technologijų įmonėms Naujojoje gatvėje.",
            "Coworking space, meeting rooms and events for technology firms on Naujoji street.",
        ),
    ),
    _table_3(
        "alytus-business-incubator",
        "Alytus Business Incubator",
        Texts(
            "Biurai ir dirbtuvės jaunoms įmonėms už prieinamą kainą, mentorių programa ir tinklaveikos vakarai.",
            "Affordable offices and workshops for young firms, a mentoring programme and networking evenings.",
        ),
    ),
    # Table 3, national level
    _table_3(
        "lithuanian-business-support-agency",
        "Lithuanian Business Support Agency",
        Texts(
            "Valstybės agentūra, administruojanti ES fondų paramą verslui.",
            "The state agency that administers EU funds for business.",
        ),
        Kind.PUBLIC_BODY,
        Level.NATIONAL,
    ),
    _table_3(
        "enterprise-lithuania",
        "Enterprise Lithuania",
        Texts(
            "Valstybės agentūra, padedanti pradėti verslą ir eksportuoti; rengia mokymus ir konsultuoja.",
            "The state agency that helps people start a business and export; it trains and advises.",
        ),
        Kind.PUBLIC_BODY,
        Level.NATIONAL,
    ),
    _table_3(
        "lithuanian-chambers-of-commerce",
        "Lithuanian Association of Chambers of Commerce, Industry and Crafts",
        Texts(
            "Vienija penkis regionų prekybos, pramonės ir amatų rūmus ir atstovauja jiems nacionaliniu lygiu.",
            "Brings the five regional chambers together and speaks for them nationally.",
        ),
        level=Level.NATIONAL,
    ),
    _table_3(
        "lithuanian-innovation-center",
        "Lithuanian Innovation Center",
        Texts(
            "Padeda įmonėms ir mokslininkams paversti idėjas produktais ir rasti partnerių Europos tinkle.",
            "Helps firms and researchers turn ideas into products and find partners in the European network.",
        ),
        level=Level.NATIONAL,
    ),
    _table_3(
        "lithuanian-sme-development-agency",
        "Lithuanian Small and Medium Business Development Agency",
        Texts(
            "Valstybės agentūra, rengianti smulkiojo ir vidutinio verslo rėmimo programas.",
            "The state agency that designs support programmes for small and medium-sized firms.",
        ),
        Kind.PUBLIC_BODY,
        Level.NATIONAL,
    ),
    _table_3(
        "lithuanian-business-employers-confederation",
        "Lithuanian Business Employers Confederation",
        Texts(
            "Darbdavių organizacija, atstovaujanti verslui trišalėje taryboje ir rengianti verslo forumus.",
            "An employers' organisation that speaks for business in the national tripartite council and holds "
            "business forums.",
        ),
        level=Level.NATIONAL,
    ),
    _table_3(
        "countryside-tourism-association",
        "Countryside Tourism Association of Lithuania",
        Texts(
            "Vienija kaimo turizmo sodybas, konsultuoja jų šeimininkus ir kviečia keliautojus į Lietuvos kaimą.",
            "Brings countryside guesthouses together, advises their owners and invites travellers to rural Lithuania.",
        ),
        level=Level.NATIONAL,
    ),
    # Schools and colleges
    DemoOrganisation(
        "alytus-college",
        "Alytus College (Alytaus kolegija)",
        Kind.SCHOOL,
        Texts(
            "Regiono aukštojo mokslo centras; jo dėstytojai ir studentai dirba kartu su vietos įmonėmis.",
            "The region's higher education centre; its lecturers and students work with local firms.",
        ),
    ),
    DemoOrganisation(
        "alytus-putinai-gymnasium",
        "Alytaus Putinų gimnazija",
        Kind.SCHOOL,
        Texts(
            "Gimnazija Putinų mikrorajone; jos mokiniai lanko STEAM pamokas su vietos įmonėmis.",
            "A gymnasium in the Putinai district; its students take STEAM lessons with local firms.",
        ),
    ),
    DemoOrganisation(
        "alytus-jotvingiai-gymnasium",
        "Alytaus Jotvingių gimnazija",
        Kind.SCHOOL,
        Texts(
            "Gimnazija 9-12 klasių mokiniams, stipri gamtos mokslų ir technologijų pamokomis.",
            "A gymnasium for grades 9 to 12, known for its science and technology classes.",
        ),
    ),
    DemoOrganisation(
        "alytus-vocational-training-centre",
        "Alytaus profesinio rengimo centras",
        Kind.SCHOOL,
        Texts(
            "Rengia suvirintojus, mechatronikus, virėjus ir kitų profesijų specialistus; praktiką atlieka vietos "
            "įmonėse.",
            "Trains welders, mechatronics technicians, cooks and other trades, with placements at local firms.",
        ),
    ),
    # Companies, startups, investor, NGO (made up for the demo)
    DemoOrganisation(
        "nemuno-inzinerija",
        "Nemuno inžinerija UAB",
        Kind.COMPANY,
        Texts(
            "Metalo apdirbimas ir inžinerija baldų bei buitinės technikos gamintojams; ieško technikų.",
            "Metalworking and engineering for furniture and appliance makers; hires technicians.",
        ),
        verified=True,
    ),
    DemoOrganisation(
        "vidzgiris-logistics",
        "Vidzgiris Logistics UAB",
        Kind.COMPANY,
        Texts("Sandėliavimas ir kroviniai vežimai regione.", "Warehousing and regional transport."),
    ),
    DemoOrganisation(
        "kodas-dzukija",
        "Kodas Dzūkija",
        Kind.STARTUP,
        Texts(
            "Po pamokų moko mokinius programuoti ir kuria programėles vietos įmonėms.",
            "Teaches programming to school students in the afternoons and builds apps for local firms.",
        ),
        verified=True,
    ),
    DemoOrganisation(
        "greenhub-alytus",
        "GreenHub Alytus",
        Kind.STARTUP,
        Texts(
            "Dirvožemio ir šiltnamių jutikliai Dzūkijos ūkiams.",
            "Soil and greenhouse sensors for the farms of Dzūkija.",
        ),
    ),
    DemoOrganisation(
        "dzukija-business-angels",
        "Dzūkija Business Angels",
        Kind.INVESTOR,
        Texts(
            "Vietos verslininkų klubas, investuojantis į ankstyvos stadijos regiono startuolius.",
            "A club of local entrepreneurs investing in early-stage startups of the region.",
        ),
    ),
    DemoOrganisation(
        "alytus-youth-initiatives",
        "Alytus Youth Initiatives",
        Kind.NGO,
        Texts(
            "Jaunimo projektai, savanorystė ir pagalbos punktas tiems, kurie grįžta gyventi į Alytų.",
            "Young people's projects, volunteering and a welcome desk for those coming back to Alytus.",
        ),
    ),
]


@dataclass(frozen=True)
class DemoAccount:
    email: str
    full_name: str
    title: str  # what the printed table calls the account
    role: str = ""
    department: str | None = None
    superuser: bool = False
    language: str = "lt"
    organisation: str = ""
    membership_role: str = Membership.Role.MEMBER


def _indicator_owner(key: str, entity: ResponsibleEntity, full_name: str, organisation: str) -> DemoAccount:
    return DemoAccount(
        f"indicators.{key}@talentas.example",
        full_name,
        f"Indicator owner: {entity.label}",
        Role.INDICATOR_OWNER,
        department=entity.value,
        organisation=organisation,
    )


ACCOUNTS: list[DemoAccount] = [
    DemoAccount(
        "admin@talentas.example", "Aistė Vaitkienė", "Platform administrator", Role.PLATFORM_ADMIN, superuser=True
    ),
    DemoAccount(
        "plan.manager@talentas.example",
        "Tomas Žukauskas",
        "Plan manager (Business Support Department)",
        Role.PLAN_MANAGER,
        organisation="business-support-department",
        membership_role=Membership.Role.OWNER,
    ),
    DemoAccount(
        "me.officer@talentas.example",
        "Rasa Kazlauskienė",
        "M&E officer",
        Role.ME_OFFICER,
        organisation="business-support-me-team",
        membership_role=Membership.Role.OWNER,
    ),
    _indicator_owner(
        "finance", ResponsibleEntity.FINANCE_AND_INVESTMENT, "Darius Paulauskas", "finance-and-investment-department"
    ),
    _indicator_owner(
        "business", ResponsibleEntity.BUSINESS_SUPPORT, "Eglė Jankauskienė", "business-support-department"
    ),
    _indicator_owner("education", ResponsibleEntity.EDUCATION, "Laura Petrauskaitė", "education-department"),
    _indicator_owner("ulg", ResponsibleEntity.ULG_COORDINATOR, "Mantas Stankevičius", "ulg-coordination"),
    DemoAccount("steering@talentas.example", "Vytautas Butkus", "Steering Committee member", Role.STEERING_COMMITTEE),
    DemoAccount(
        "org.owner@talentas.example",
        "Ieva Navickaitė",
        "Organisation owner (Kodas Dzūkija)",
        organisation="kodas-dzukija",
        membership_role=Membership.Role.OWNER,
    ),
    DemoAccount(
        "org.member@talentas.example",
        "Jonas Urbonas",
        "Organisation member (Kodas Dzūkija)",
        organisation="kodas-dzukija",
    ),
    DemoAccount("talent@talentas.example", "Greta Mockutė", "Talent", Role.TALENT, language="en"),
    DemoAccount("mentor@talentas.example", "Andrius Kavaliauskas", "Reviewer or mentor", Role.REVIEWER),
]

# The claim queue is not empty in the demo: the mentor asks to speak for the incubator.
DEMO_CLAIM = {
    "email": "mentor@talentas.example",
    "organisation": "alytus-business-incubator",
    "contact_role": "Mentor and programme coordinator",
    "message": "I run the incubator's mentoring programme; the incubator's director can confirm it by e-mail.",
}


@transaction.atomic
def load_demo(*, password: str) -> tuple[list[DemoAccount], dict[str, int]]:
    """Make whatever of the demo is missing and return the demo accounts and how many of each thing were made.

    Idempotent: a second run makes nothing, and never deletes or overwrites what people changed;
    it only sets a demo account's password back to `password` when it no longer matches (every account is
    checked when the first one's does not; one password hash otherwise, so a rerun is quick).
    """
    made = {"organisations": 0}
    check = account_services.password_needs_setting(email=ACCOUNTS[0].email, password=password)
    admin = _ensure_account(ACCOUNTS[0], password, check)
    for entry in ORGANISATIONS:
        organisation, created = services.ensure_listed_organisation(
            slug=entry.slug,
            name=entry.name,
            kind=entry.kind,
            level=entry.level,
            city=entry.city,
            description_lt=entry.description.lt,
            description_en=entry.description.en,
            parent_slug=entry.parent,
            responsible_entity=entry.responsible_entity,
            website=entry.website,
            address=entry.address,
            verified_by=admin if entry.verified else None,
        )
        made["organisations"] += created
        if not created:
            _bring_description_up_to_date(organisation, entry.description)
    for account in ACCOUNTS:
        user = admin if account is ACCOUNTS[0] else _ensure_account(account, password, check)
        if account.role:
            account_services.grant_role(user=user, role=account.role, department=account.department)
        if account.organisation:
            organisation = Organisation.objects.get(slug=account.organisation)
            services.ensure_membership(organisation=organisation, user=user, role=account.membership_role)
    _ensure_demo_claim()
    _ensure_demo_logos(admin)
    return ACCOUNTS, made


def _bring_description_up_to_date(organisation: Organisation, description: Texts) -> None:
    """Writes both languages of a demo organisation's description while each still reads as the demo wrote it
    (empty, today's text or one of the demo's old English-only texts); a description someone edited stays."""
    current = Texts(organisation.description_lt or "", organisation.description_en or "")  # type: ignore[attr-defined]
    untouched = all(
        text in ("", wanted) or text.startswith(OLD_DESCRIPTIONS)
        for text, wanted in zip(current, description, strict=True)
    )
    if untouched and current != description:
        Organisation.objects.filter(pk=organisation.pk).update(
            description_lt=description.lt, description_en=description.en
        )


def _ensure_account(account: DemoAccount, password: str, check_password: bool) -> User:
    return account_services.ensure_verified_account(
        email=account.email,
        full_name=account.full_name,
        password=password,
        preferred_language=account.language,
        is_superuser=account.superuser,
        check_password=check_password,
    )


def _ensure_demo_claim() -> None:
    user = User.objects.get(email=DEMO_CLAIM["email"])
    organisation = Organisation.objects.get(slug=DEMO_CLAIM["organisation"])
    already_claimed = OrganisationClaim.objects.filter(user=user, organisation=organisation).exists()
    if not already_claimed and permissions.can_claim_organisation(user, organisation):
        services.claim_organisation(
            user=user,
            organisation=organisation,
            contact_role=DEMO_CLAIM["contact_role"],
            message=DEMO_CLAIM["message"],
        )


def _ensure_demo_logos(admin: User) -> None:
    """A drawn logo (core.demo_pictures) for each demo organisation that has none yet."""
    for organisation in Organisation.objects.filter(slug__in=[o.slug for o in ORGANISATIONS], logo__isnull=True):
        services.set_logo(
            user=admin,
            organisation=organisation,
            upload=demo_pictures.draw_logo(organisation.name, seed=organisation.slug),
        )
