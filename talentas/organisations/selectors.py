"""Reads for organisations, with the joins each page needs already applied."""

from django.db.models import Q, QuerySet

from talentas.accounts.models import User
from talentas.accounts.permissions import AnyUser

from .models import Membership, Organisation, OrganisationClaim


def directory(*, kind: str = "", query: str = "") -> QuerySet[Organisation]:
    """Listed organisations, by name, optionally of one kind and matching a text in name, description or city."""
    organisations = Organisation.objects.filter(is_listed=True).select_related("logo").order_by("name", "pk")
    if kind:
        organisations = organisations.filter(kind=kind)
    for word in query.split()[:8]:
        organisations = organisations.filter(
            Q(name__icontains=word) | Q(description__icontains=word) | Q(city__icontains=word)
        )
    return organisations


def organisation_by_slug(slug: str) -> Organisation | None:
    """Any organisation by slug, listed or not: callers decide through permissions who may see it."""
    return Organisation.objects.select_related("parent", "logo").filter(slug=slug).first()


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    """Owners first, then members, by name."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__full_name", "user__email")
    )


def member_names_of(organisation_ids) -> list[tuple[int, str, str]]:
    """(organisation id, full name, e-mail) of each member of these organisations, in one query: for those who
    publish about organisations and must leave their people out (open data)."""
    return list(
        Membership.objects.filter(organisation_id__in=organisation_ids).values_list(
            "organisation_id", "user__full_name", "user__email"
        )
    )


def memberships_of(user: User) -> QuerySet[Membership]:
    """The organisations a person belongs to, by organisation name."""
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")


_MEMBERSHIPS_ATTRIBUTE = "_talentas_memberships"


def _memberships_by_organisation(user: AnyUser) -> dict[int, Membership]:
    # One query per user object (the request's user: once per request), shared by every app's permissions.
    if not user.is_authenticated or not user.is_active:
        return {}
    cached = getattr(user, _MEMBERSHIPS_ATTRIBUTE, None)
    if cached is None:
        cached = {membership.organisation_id: membership for membership in memberships_of(user)}
        setattr(user, _MEMBERSHIPS_ATTRIBUTE, cached)
    return cached


def organisations_of(user: AnyUser, *, verified_only: bool = False) -> list[Organisation]:
    """The organisations the person may act for (owner or member), by name; only verified ones if asked.

    The answer is cached on the user object; a service that changes someone's memberships calls
    `forget_memberships` for that person.
    """
    organisations = [membership.organisation for membership in _memberships_by_organisation(user).values()]
    if verified_only:
        return [o for o in organisations if o.verification == Organisation.Verification.VERIFIED]
    return organisations


def organisation_ids_of(user: AnyUser, *, verified_only: bool = False) -> frozenset[int]:
    return frozenset(o.pk for o in organisations_of(user, verified_only=verified_only))


def membership_role_in(user: AnyUser, organisation: Organisation) -> str | None:
    """The person's role in the organisation ("owner", "member") or None, from the same cached answer."""
    membership = _memberships_by_organisation(user).get(organisation.pk)
    return membership.role if membership is not None else None


def forget_memberships(user: AnyUser) -> None:
    """Drop the cached answer after the person's memberships changed."""
    if hasattr(user, _MEMBERSHIPS_ATTRIBUTE):
        delattr(user, _MEMBERSHIPS_ATTRIBUTE)


def claims_of(user: User) -> QuerySet[OrganisationClaim]:
    """A person's claims and proposals, newest first."""
    return OrganisationClaim.objects.filter(user=user).select_related("organisation", "reviewer")


def pending_claims() -> QuerySet[OrganisationClaim]:
    """The review queue: pending claims, oldest first, so nobody waits longest."""
    return (
        OrganisationClaim.objects.filter(status=OrganisationClaim.Status.PENDING)
        .select_related("user", "organisation")
        .order_by("created_at", "pk")
    )


def claim_by_id(claim_id: int) -> OrganisationClaim | None:
    return OrganisationClaim.objects.select_related("user", "organisation", "reviewer").filter(pk=claim_id).first()


def pending_claims_of(user: User) -> int:
    """How many of the person's claims and proposals still wait for review. One query."""
    return OrganisationClaim.objects.filter(user=user, status=OrganisationClaim.Status.PENDING).count()
