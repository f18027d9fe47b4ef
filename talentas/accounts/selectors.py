"""Reads for accounts."""

from django.db.models import QuerySet
from django.urls import reverse

from .models import ApiToken, Audience, RoleAssignment, User

# Named by URL, not imported: the people floor must not import the domain apps above it.
FIRST_LANDINGS: dict[str, str] = {
    Audience.TALENT: "talent:profile_tasks",
    Audience.ORGANISATION: "organisations:start",
    Audience.FOLLOWER: "plans:list",
}


def first_landing_of(user: User) -> str:
    """The page that fits who the person said they are: a talent's profile steps, an organisation's claim and
    first opportunity, the plan's overview for followers; the home page when they have not said."""
    return reverse(FIRST_LANDINGS.get(user.audience, "home"))


def user_with_email(email: str, *, include_inactive: bool = False) -> User | None:
    """The active account registered with this e-mail address (any letter case), or None. `include_inactive` finds a
    deactivated account too, for callers that must not create a second account with the same address."""
    accounts = User.objects.filter(email__iexact=email.strip())
    return (accounts if include_inactive else accounts.filter(is_active=True)).first()


def roles_of(user: User) -> QuerySet[RoleAssignment]:
    """The person's role assignments, in a stable order."""
    return RoleAssignment.objects.filter(user=user).order_by("role", "department")


def active_api_tokens_of(user: User) -> QuerySet[ApiToken]:
    """The person's tokens that still work, newest first."""
    return ApiToken.objects.filter(user=user, revoked_at__isnull=True).order_by("-created_at", "-pk")


def people_with_role(role: str, department: str | None = None) -> list[User]:
    """Active people who hold `role` (for `department`, when given), each once, in a stable order.

    Role and department are matched on the same assignment, so a person counts only if one of their
    assignments is that role for that department."""
    assignments = {"role_assignments__role": role}
    if department:
        assignments["role_assignments__department"] = department
    return list(User.objects.filter(is_active=True, **assignments).distinct().order_by("pk"))
