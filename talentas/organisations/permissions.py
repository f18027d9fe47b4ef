"""Who may see and change an organisation. Organisation membership is the derived role here.

| check                       | owner | member | reviewer (plan manager, platform admin) | other person | anonymous |
| --------------------------- | ----- | ------ | --------------------------------------- | ------------ | --------- |
| can_view_organisation       | yes   | yes    | yes                                     | if listed    | if listed |
| can_see_members             | yes   | yes    | yes                                     |              |           |
| can_edit_organisation       | yes   |        | platform admin only                     |              |           |
| can_manage_members          | yes   |        | platform admin only                     |              |           |
| can_claim_organisation      |       |        | if listed and without owner             | same         |           |

A claimant may also view the organisation their claim is about, so they can follow a proposal.
"""

from talentas.accounts import permissions as account_permissions
from talentas.accounts.permissions import AnyUser

from . import selectors
from .models import Membership, Organisation, OrganisationClaim


def membership_role(user: AnyUser, organisation: Organisation) -> str | None:
    """The person's membership role in the organisation ("owner", "member") or None."""
    return selectors.membership_role_in(user, organisation)


def is_owner(user: AnyUser, organisation: Organisation) -> bool:
    return membership_role(user, organisation) == Membership.Role.OWNER


def is_member(user: AnyUser, organisation: Organisation) -> bool:
    """Owners are members too."""
    return membership_role(user, organisation) is not None


def can_view_organisation(user: AnyUser, organisation: Organisation) -> bool:
    if organisation.is_listed or is_member(user, organisation):
        return True
    if account_permissions.can_review_organisation_claims(user):
        return True
    return bool(
        user.is_authenticated and OrganisationClaim.objects.filter(organisation=organisation, user=user).exists()
    )


def can_see_members(user: AnyUser, organisation: Organisation) -> bool:
    return is_member(user, organisation) or account_permissions.can_review_organisation_claims(user)


def can_edit_organisation(user: AnyUser, organisation: Organisation) -> bool:
    return is_owner(user, organisation) or account_permissions.is_platform_admin(user)


def can_manage_members(user: AnyUser, organisation: Organisation) -> bool:
    return can_edit_organisation(user, organisation)


def has_owner(organisation: Organisation) -> bool:
    return Membership.objects.filter(organisation=organisation, role=Membership.Role.OWNER).exists()


def is_claimable(organisation: Organisation) -> bool:
    """Listed, and nobody owns it on the platform yet."""
    return organisation.is_listed and not has_owner(organisation)


def can_claim_organisation(user: AnyUser, organisation: Organisation) -> bool:
    """Signed-in people may claim a claimable organisation they do not already belong to."""
    return user.is_authenticated and user.is_active and not is_member(user, organisation) and is_claimable(organisation)
