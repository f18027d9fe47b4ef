"""Demo data: the Alytus ecosystem's organisations and one account per role, safe to load again and again.

Sources: the IAP (section 7, governance and monitoring) for the municipal departments, and the DERREG
report's "Business Support Policy Landscape in Alytus County" (Table 3) for the business support
organisations at county and national level. Its 2011 "Department of Economics" is left out: today's
Business Support Department does that work. Companies, startups, the investor and the NGO marked
"fictional" are made up for the demo; schools are Alytus' real ones, listed unclaimed.
"""

from dataclasses import dataclass

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
TABLE_3 = "Named in the DERREG report's business support landscape of Alytus County (Table 3)."
FICTIONAL = "Fictional organisation, made up for the Talentas demo."


@dataclass(frozen=True)
class DemoOrganisation:
    slug: str
    name: str
    kind: str
    description: str
    level: str = Level.LOCAL
    city: str = "Alytus"
    parent: str = ""
    responsible_entity: str = ""
    website: str = ""
    address: str = ""
    verified: bool = False


def _department(slug: str, name: str, entity: str, description: str, parent: str = "alytus-city-municipality"):
    return DemoOrganisation(
        slug, name, Kind.MUNICIPAL_DEPARTMENT, description, parent=parent, responsible_entity=entity, verified=True
    )


def _table_3(slug: str, name: str, kind: str = Kind.BUSINESS_SUPPORT, level: str = Level.REGIONAL):
    return DemoOrganisation(slug, name, kind, TABLE_3, level=level, city="" if level == Level.NATIONAL else "Alytus")


ORGANISATIONS: list[DemoOrganisation] = [
    DemoOrganisation(
        "alytus-city-municipality",
        "Alytus City Municipality",
        Kind.PUBLIC_BODY,
        "Leads the Integrated Action Plan for talent and startups; the City Council approves it and its budget.",
        website="https://www.alytus.lt",
        address="Rotušės a. 4, Alytus",
        verified=True,
    ),
    _department(
        "business-support-department",
        "Business Support Department",
        ResponsibleEntity.BUSINESS_SUPPORT,
        "Manages the action plan day to day: operations, reporting and financial oversight. Answers for the "
        "startup creation and ecosystem indicators.",
    ),
    _department(
        "business-support-me-team",
        "Business Support Department: M&E team",
        "",
        "Coordinates monitoring and evaluation: quarterly internal reports, annual public reports, the "
        "mid-term and final evaluations, and the live dashboard.",
        parent="business-support-department",
    ),
    _department(
        "finance-and-investment-department",
        "Finance and Investment Department",
        ResponsibleEntity.FINANCE_AND_INVESTMENT,
        "Answers for the financial indicators of the action plan: grants and investments.",
    ),
    _department(
        "education-department",
        "Education Department",
        ResponsibleEntity.EDUCATION,
        "Answers for the education-related indicators of the action plan, such as STEAM lessons in schools.",
    ),
    _department(
        "ulg-coordination",
        "Urban Local Group (ULG) coordination",
        ResponsibleEntity.ULG_COORDINATOR,
        "Coordinates the Urban Local Group of businesses, educators and civil society, and answers for the "
        "social engagement and ULG impact indicators.",
    ),
    # Table 3, county (regional) level
    _table_3(
        "alytus-county-regional-development-section",
        "Alytus County Section of Regional Development Department, Ministry of Interior",
        Kind.PUBLIC_BODY,
    ),
    _table_3("alytus-regional-development-council", "Alytus Regional Development Council", Kind.PUBLIC_BODY),
    _table_3("vilnius-chamber-alytus-branch", "Vilnius Chamber of Commerce, Industry and Crafts, Alytus Branch"),
    _table_3("alytus-business-advisory-centre", "Alytus Business Advisory Centre"),
    _table_3("business-association-of-alytus-region", "Business Association of Alytus Region"),
    _table_3("south-lithuanian-business-cooperation-centre", "South Lithuanian Business Cooperation Centre"),
    _table_3("lic-southern-lithuania", "Lithuanian Innovation Center Section for Southern Lithuania"),
    _table_3("alytus-business-innovation-center", "Alytus Business Innovation Center"),
    _table_3("alytus-business-incubator", "Alytus Business Incubator"),
    # Table 3, national level
    _table_3(
        "lithuanian-business-support-agency", "Lithuanian Business Support Agency", Kind.PUBLIC_BODY, Level.NATIONAL
    ),
    _table_3("enterprise-lithuania", "Enterprise Lithuania", Kind.PUBLIC_BODY, Level.NATIONAL),
    _table_3(
        "lithuanian-chambers-of-commerce",
        "Lithuanian Association of Chambers of Commerce, Industry and Crafts",
        level=Level.NATIONAL,
    ),
    _table_3("lithuanian-innovation-center", "Lithuanian Innovation Center", level=Level.NATIONAL),
    _table_3(
        "lithuanian-sme-development-agency",
        "Lithuanian Small and Medium Business Development Agency",
        Kind.PUBLIC_BODY,
        Level.NATIONAL,
    ),
    _table_3(
        "lithuanian-business-employers-confederation",
        "Lithuanian Business Employers Confederation",
        level=Level.NATIONAL,
    ),
    _table_3("countryside-tourism-association", "Countryside Tourism Association of Lithuania", level=Level.NATIONAL),
    # Schools and colleges
    DemoOrganisation(
        "alytus-college",
        "Alytus College (Alytaus kolegija)",
        Kind.SCHOOL,
        "The region's higher education centre; its lecturers and students work with local firms.",
    ),
    DemoOrganisation("alytus-putinai-gymnasium", "Alytaus Putinų gimnazija", Kind.SCHOOL, "A gymnasium in Alytus."),
    DemoOrganisation(
        "alytus-jotvingiai-gymnasium", "Alytaus Jotvingių gimnazija", Kind.SCHOOL, "A gymnasium in Alytus."
    ),
    DemoOrganisation(
        "alytus-vocational-training-centre",
        "Alytaus profesinio rengimo centras",
        Kind.SCHOOL,
        "Alytus' vocational training centre.",
    ),
    # Fictional companies, startups, investor, NGO
    DemoOrganisation(
        "nemuno-inzinerija",
        "Nemuno inžinerija UAB",
        Kind.COMPANY,
        f"{FICTIONAL} Metalworking and engineering for furniture and appliance makers; hires technicians.",
        verified=True,
    ),
    DemoOrganisation(
        "vidzgiris-logistics",
        "Vidzgiris Logistics UAB",
        Kind.COMPANY,
        f"{FICTIONAL} Warehousing and regional transport.",
    ),
    DemoOrganisation(
        "kodas-dzukija",
        "Kodas Dzūkija",
        Kind.STARTUP,
        f"{FICTIONAL} Teaches programming to school students in the afternoons and builds apps for local firms.",
        verified=True,
    ),
    DemoOrganisation(
        "greenhub-alytus",
        "GreenHub Alytus",
        Kind.STARTUP,
        f"{FICTIONAL} Soil and greenhouse sensors for the farms of Dzūkija.",
    ),
    DemoOrganisation(
        "dzukija-business-angels",
        "Dzūkija Business Angels",
        Kind.INVESTOR,
        f"{FICTIONAL} A club of local entrepreneurs investing in early-stage startups of the region.",
    ),
    DemoOrganisation(
        "alytus-youth-initiatives",
        "Alytus Youth Initiatives",
        Kind.NGO,
        f"{FICTIONAL} Young people's projects, volunteering and a welcome desk for those coming back to Alytus.",
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
        _organisation, created = services.ensure_listed_organisation(
            slug=entry.slug,
            name=entry.name,
            kind=entry.kind,
            level=entry.level,
            city=entry.city,
            description=entry.description,
            parent_slug=entry.parent,
            responsible_entity=entry.responsible_entity,
            website=entry.website,
            address=entry.address,
            verified_by=admin if entry.verified else None,
        )
        made["organisations"] += created
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
