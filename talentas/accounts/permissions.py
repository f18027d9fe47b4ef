"""Who may do what on the platform, by role (the IAP's governance and monitoring, section 7).

| check                             | admin | plan manager | M&E officer | indicator owner | Steering Committee |
| --------------------------------- | ----- | ------------ | ----------- | --------------- | ------------------ |
| can_manage_plan                   | yes   | yes          |             |                 |                    |
| can_run_monitoring                | yes   | yes          | yes         |                 |                    |
| can_record_indicator_values(dept) | yes   |              | yes         | own department  |                    |
| can_see_steering_reports          | yes   | yes          | yes         |                 | yes                |
| can_review_organisation_claims    | yes   | yes          |             |                 |                    |

"admin" is the platform administrator: a superuser or a holder of that role. `can_mentor` is for
reviewers/mentors, `is_talent` for talents. Organisation membership is a role derived from
memberships: its checks live in `talentas.organisations.permissions`.

Every function answers for anonymous and inactive people too (always "no"). A person's roles are
read once per request-bound user object and cached on it, so a page may ask many questions.
"""

from django.contrib.auth.models import AnonymousUser

from .models import Role, RoleAssignment, User

_CACHE_ATTRIBUTE = "_talentas_roles"

AnyUser = User | AnonymousUser


def _roles(user: AnyUser) -> frozenset[tuple[str, str | None]]:
    if not user.is_authenticated or not user.is_active:
        return frozenset()
    cached = getattr(user, _CACHE_ATTRIBUTE, None)
    if cached is None:
        cached = frozenset(RoleAssignment.objects.filter(user=user).values_list("role", "department"))
        setattr(user, _CACHE_ATTRIBUTE, cached)
    return cached


def forget_roles(user: AnyUser) -> None:
    """Drop the cached roles, after a grant or a withdrawal on this same user object."""
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def has_role(user: AnyUser, role: Role | str) -> bool:
    """True when the person holds `role` (for any department). Superusers hold only what was granted."""
    return any(held == role for held, _department in _roles(user))


def is_platform_admin(user: AnyUser) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_superuser) or has_role(user, Role.PLATFORM_ADMIN)


def is_indicator_owner(user: AnyUser, department: str) -> bool:
    """True when the person answers for the indicators of `department` (a ResponsibleEntity value)."""
    return (Role.INDICATOR_OWNER.value, department) in _roles(user)


def indicator_departments(user: AnyUser) -> set[str]:
    """The responsible departments whose indicators this person owns."""
    return {department for role, department in _roles(user) if role == Role.INDICATOR_OWNER and department}


def can_manage_plan(user: AnyUser) -> bool:
    """Edit the action plan: the Business Support Department manages day-to-day operations."""
    return is_platform_admin(user) or has_role(user, Role.PLAN_MANAGER)


def can_run_monitoring(user: AnyUser) -> bool:
    """Validate indicator values and prepare the quarterly and annual reports (the BSD's M&E team)."""
    return can_manage_plan(user) or has_role(user, Role.ME_OFFICER)


def can_record_indicator_values(user: AnyUser, department: str) -> bool:
    """Enter values for the indicators a department answers for."""
    return is_platform_admin(user) or has_role(user, Role.ME_OFFICER) or is_indicator_owner(user, department)


def can_see_steering_reports(user: AnyUser) -> bool:
    """Read the internal monitoring reports the Steering Committee acts on."""
    return can_run_monitoring(user) or has_role(user, Role.STEERING_COMMITTEE)


def can_review_organisation_claims(user: AnyUser) -> bool:
    """Approve or reject people's claims to speak for an organisation, and see every member list."""
    return is_platform_admin(user) or has_role(user, Role.PLAN_MANAGER)


def can_mentor(user: AnyUser) -> bool:
    return has_role(user, Role.REVIEWER)


def is_talent(user: AnyUser) -> bool:
    return has_role(user, Role.TALENT)
