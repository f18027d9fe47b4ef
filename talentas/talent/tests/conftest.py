from datetime import timedelta

import pytest
from django.utils import timezone

from talentas.accounts.models import Role
from talentas.accounts.tests.factories import RoleAssignmentFactory, UserFactory
from talentas.organisations.models import Membership, Organisation
from talentas.organisations.tests.factories import MembershipFactory, OrganisationFactory
from talentas.talent import services
from talentas.talent.models import TalentProfile

from .factories import SkillFactory, SkillRelationFactory


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def vocabulary(db):
    """A small ESCO-like vocabulary: Python with its synonyms in two languages, a related skill, and others."""
    python = SkillFactory(
        label_en="Python (computer programming)",
        label_lt="Python (programavimas)",
        alt_labels_en="Python\nPython3",
        alt_labels_lt="Pitonas",
    )
    programming = SkillFactory(label_en="computer programming", label_lt="kompiuterių programavimas")
    SkillRelationFactory(skill=python, related=programming)
    return {
        "python": python,
        "programming": programming,
        "sql": SkillFactory(label_en="SQL", label_lt="SQL"),
        "welding": SkillFactory(label_en="welding techniques", label_lt="suvirinimo metodai", alt_labels_en="welding"),
        "design": SkillFactory(label_en="graphic design", label_lt="grafinis dizainas"),
    }


@pytest.fixture
def organisation(db):
    return OrganisationFactory(
        name="Kodas Dzūkija", slug="kodas-dzukija", verification=Organisation.Verification.VERIFIED
    )


@pytest.fixture
def employer(owner):
    """The owner of the verified organisation above (the root conftest's owner)."""
    return owner


@pytest.fixture
def colleague(member):
    return member


@pytest.fixture
def other_employer(db):
    other = OrganisationFactory(name="Nemuno inžinerija", verification=Organisation.Verification.VERIFIED)
    return MembershipFactory(organisation=other, role=Membership.Role.OWNER).user


@pytest.fixture
def unverified_member(db):
    return MembershipFactory(organisation=OrganisationFactory(name="Unverified UAB")).user


@pytest.fixture
def moderator(db):
    return RoleAssignmentFactory(role=Role.PLAN_MANAGER).user


def make_profile(user=None, *, skills=(), languages=(("lt", 6),), visibility="employers", consent=True, **fields):
    user = user or UserFactory()
    data = {
        "kind": TalentProfile.Kind.STUDENT,
        "headline": "Python developer",
        "city": "Alytus",
        "mobility": TalentProfile.Mobility.LIVES_HERE,
        "education_level": 6,
        "looking_for": ("job",),
        "available_from": timezone.localdate(),
        "visibility": visibility,
        **fields,
    }
    return services.save_talent_profile(
        user=user,
        data=services.ProfileInput(**data),
        skills=[(s.pk, level) for s, level in skills],
        languages=list(languages),
        consent=consent,
    )


def make_opportunity(organisation, user, *, required=(), optional=(), languages=(("lt", 4, True),), **fields):
    data = {
        "kind": "job",
        "title": "Junior Python developer",
        "description": "Python web applications for Alytus firms.",
        "education_level": 5,
        "city": "Alytus",
        "start_date": timezone.localdate() + timedelta(days=30),
        "closes_on": timezone.localdate() + timedelta(days=20),
        **fields,
    }
    return services.create_opportunity(
        user=user,
        organisation=organisation,
        data=services.OpportunityInput(**data),
        skills=[(s.pk, True) for s in required] + [(s.pk, False) for s in optional],
        languages=list(languages),
    )


@pytest.fixture
def opportunity(organisation, employer, vocabulary):
    return make_opportunity(
        organisation, employer, required=[vocabulary["python"], vocabulary["sql"]], optional=[vocabulary["design"]]
    )


@pytest.fixture
def talent(vocabulary):
    return make_profile(skills=[(vocabulary["python"], 3), (vocabulary["sql"], 2)], languages=[("lt", 6), ("en", 4)])


@pytest.fixture(autouse=True)
def match_index_in_tmp(settings, tmp_path):
    """Each test writes its match index files apart (a rolled-back test reuses ids and counter values)."""
    settings.MATCH_INDEX_DIR = tmp_path / "match-index"
