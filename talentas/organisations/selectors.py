"""Reads for organisations, with the joins each page needs already applied."""

from django.db.models import Q, QuerySet

from talentas.accounts.models import User

from .models import Membership, Organisation, OrganisationClaim


def directory(*, kind: str = "", query: str = "") -> QuerySet[Organisation]:
    """Listed organisations, by name, optionally of one kind and matching a text in name, description or city."""
    organisations = Organisation.objects.filter(is_listed=True).order_by("name", "pk")
    if kind:
        organisations = organisations.filter(kind=kind)
    for word in query.split()[:8]:
        organisations = organisations.filter(
            Q(name__icontains=word) | Q(description__icontains=word) | Q(city__icontains=word)
        )
    return organisations


def organisation_by_slug(slug: str) -> Organisation | None:
    """Any organisation by slug, listed or not: callers decide through permissions who may see it."""
    return Organisation.objects.select_related("parent").filter(slug=slug).first()


def members_of(organisation: Organisation) -> QuerySet[Membership]:
    """Owners first, then members, by name."""
    return (
        Membership.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("role", "user__full_name", "user__email")
    )


def memberships_of(user: User) -> QuerySet[Membership]:
    """The organisations a person belongs to, by organisation name."""
    return Membership.objects.filter(user=user).select_related("organisation").order_by("organisation__name")


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
