import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import IntegrityError, transaction

from talentas.accounts import permissions, selectors, services
from talentas.accounts.models import Role, RoleAssignment
from talentas.core.choices import ResponsibleEntity
from talentas.core.errors import DomainError

from .factories import RoleAssignmentFactory, UserFactory

pytestmark = pytest.mark.django_db
EDUCATION = ResponsibleEntity.EDUCATION
FINANCE = ResponsibleEntity.FINANCE_AND_INVESTMENT

# Who gets "yes" from each check; every other kind of person gets "no".
EXPECTED = {
    "can_manage_plan": {"superuser", "platform-admin", "plan-manager"},
    "can_run_monitoring": {"superuser", "platform-admin", "plan-manager", "me-officer"},
    "can_see_steering_reports": {"superuser", "platform-admin", "plan-manager", "me-officer", "steering-committee"},
    "can_review_organisation_claims": {"superuser", "platform-admin", "plan-manager"},
    "is_platform_admin": {"superuser", "platform-admin"},
    "can_mentor": {"reviewer"},
    "is_talent": {"talent"},
}
PEOPLE = ["anonymous", "nobody", "inactive-admin", "superuser", *Role.values]


def _person(kind: str):
    if kind == "anonymous":
        return AnonymousUser()
    if kind == "nobody":
        return UserFactory()
    if kind == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    if kind == "inactive-admin":
        return RoleAssignmentFactory(role=Role.PLATFORM_ADMIN, user=UserFactory(is_active=False)).user
    department = EDUCATION if kind == Role.INDICATOR_OWNER else None
    return RoleAssignmentFactory(role=kind, department=department).user


@pytest.mark.parametrize("kind", PEOPLE)
@pytest.mark.parametrize("check", sorted(EXPECTED))
def test_role_checks(kind, check):
    assert getattr(permissions, check)(_person(kind)) is (kind in EXPECTED[check])


@pytest.mark.parametrize("kind", PEOPLE)
def test_indicator_values_are_recorded_by_their_department_only(kind):
    person = _person(kind)
    may_record_all = kind in {"superuser", "platform-admin", "me-officer"}
    assert permissions.can_record_indicator_values(person, EDUCATION) is (may_record_all or kind == "indicator-owner")
    assert permissions.can_record_indicator_values(person, FINANCE) is may_record_all
    assert permissions.is_indicator_owner(person, EDUCATION) is (kind == "indicator-owner")
    assert permissions.is_indicator_owner(person, FINANCE) is False


def test_has_role_for_each_role_and_anonymous():
    for role in Role.values:
        person = _person(role)
        assert [r for r in Role.values if permissions.has_role(person, r)] == [role]
    assert not any(permissions.has_role(AnonymousUser(), role) for role in Role.values)


def test_roles_are_read_once_per_user_object(django_assert_num_queries):
    person = _person(Role.PLAN_MANAGER)
    with django_assert_num_queries(1):
        assert permissions.can_manage_plan(person)
        assert permissions.can_review_organisation_claims(person)
        assert not permissions.is_talent(person)


def test_indicator_owner_needs_a_department_in_the_database():
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.INDICATOR_OWNER, department=None)


def test_other_roles_take_no_department_in_the_database():
    user = UserFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=user, role=Role.PLAN_MANAGER, department=EDUCATION)


@pytest.mark.parametrize("department", [None, EDUCATION])
def test_a_role_is_held_once(department):
    role = Role.INDICATOR_OWNER if department else Role.TALENT
    assignment = RoleAssignmentFactory(role=role, department=department)
    with pytest.raises(IntegrityError), transaction.atomic():
        RoleAssignment.objects.create(user=assignment.user, role=role, department=department)


def test_one_person_may_own_indicators_of_two_departments():
    person = UserFactory()
    services.grant_role(user=person, role=Role.INDICATOR_OWNER, department=EDUCATION)
    services.grant_role(user=person, role=Role.INDICATOR_OWNER, department=FINANCE)
    assert permissions.indicator_departments(person) == {EDUCATION, FINANCE}


def test_grant_role_is_idempotent_and_refreshes_the_cache():
    person = UserFactory()
    assert not permissions.is_talent(person)
    first = services.grant_role(user=person, role=Role.TALENT)
    assert services.grant_role(user=person, role=Role.TALENT) == first
    assert permissions.is_talent(person)
    assert RoleAssignment.objects.filter(user=person).count() == 1


@pytest.mark.parametrize("role, department", [(Role.INDICATOR_OWNER, None), (Role.TALENT, EDUCATION)])
def test_grant_role_refuses_a_wrong_department(role, department):
    with pytest.raises(DomainError) as error:
        services.grant_role(user=UserFactory(), role=role, department=department)
    assert error.value.field == "department"


def test_people_with_role_matches_role_and_department_on_one_assignment(db):
    finance = UserFactory()
    RoleAssignmentFactory(user=finance, role=Role.INDICATOR_OWNER, department="finance-and-investment")
    education = UserFactory()
    RoleAssignmentFactory(user=education, role=Role.INDICATOR_OWNER, department="education")
    RoleAssignmentFactory(user=education, role=Role.STEERING_COMMITTEE)
    retired = UserFactory(is_active=False)
    RoleAssignmentFactory(user=retired, role=Role.STEERING_COMMITTEE)

    assert selectors.people_with_role(Role.INDICATOR_OWNER, "finance-and-investment") == [finance]
    assert selectors.people_with_role(Role.INDICATOR_OWNER) == [finance, education]
    assert selectors.people_with_role(Role.STEERING_COMMITTEE) == [education]
