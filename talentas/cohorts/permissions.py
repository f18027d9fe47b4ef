"""Who may see and do what in cohorts.

| check                 | programme team (plan managers) | the cohort's mentors | the startup's members | others |
| --------------------- | ------------------------------ | -------------------- | --------------------- | ------ |
| see the cohort        | yes                            | yes                  | their own cohort      |        |
| manage the cohort     | yes (members, mentors, dates)  |                      |                       |        |
| see a member's page   | yes                            | yes                  | their own startup     |        |
| record a session      | yes                            | yes                  |                       |        |
| see private notes     | yes                            | yes                  | never                 |        |
| add a milestone       | yes                            | yes                  |                       |        |
| tick a milestone done | yes                            | yes                  | yes                   |        |

Everyone else learns nothing: a 404.
"""

from django.utils.translation import gettext_lazy

from talentas.accounts.permissions import AnyUser
from talentas.calls import permissions as call_permissions
from talentas.core.errors import NotFound
from talentas.organisations import permissions as organisation_permissions

from .models import Cohort, CohortMember

NO_SUCH_COHORT = gettext_lazy("No such cohort.")
NO_SUCH_MEMBER = gettext_lazy("No such startup in a cohort.")


def can_manage_cohorts(user: AnyUser) -> bool:
    """The Business Support Department runs the accelerator and the incubator, as it runs their calls."""
    return call_permissions.can_manage_calls(user)


def is_mentor_of(user: AnyUser, cohort: Cohort) -> bool:
    if not user.is_authenticated:
        return False
    return any(mentor.user_id == user.pk for mentor in cohort.mentors.all())


def is_startup_member(user: AnyUser, member: CohortMember) -> bool:
    return organisation_permissions.is_member(user, member.organisation)


def guides(user: AnyUser, cohort: Cohort) -> bool:
    """Staff or one of the cohort's mentors: they record sessions and milestones and read the private notes."""
    return can_manage_cohorts(user) or is_mentor_of(user, cohort)


def can_see_member(user: AnyUser, member: CohortMember) -> bool:
    return guides(user, member.cohort) or is_startup_member(user, member)


def can_see_cohort(user: AnyUser, cohort: Cohort, *, member_organisations=frozenset()) -> bool:
    if guides(user, cohort):
        return True
    return any(member.organisation_id in member_organisations for member in cohort.members.all())


def seen_cohort(user: AnyUser, cohort: Cohort | None, *, member_organisations=frozenset()) -> Cohort:
    if cohort is None or not can_see_cohort(user, cohort, member_organisations=member_organisations):
        raise NotFound(NO_SUCH_COHORT, code="no_such_cohort")
    return cohort


def seen_member(user: AnyUser, member: CohortMember | None) -> CohortMember:
    if member is None or not can_see_member(user, member):
        raise NotFound(NO_SUCH_MEMBER, code="no_such_member")
    return member
