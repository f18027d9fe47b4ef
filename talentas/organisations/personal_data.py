"""Organisations' part of the personal-data export: memberships, claims with their messages and review notes."""

from talentas.accounts.models import User
from talentas.core import personal_data

from .models import Membership, Organisation, OrganisationClaim


def export_organisations(user: User) -> dict:
    return {
        "memberships": [
            {"organisation": m.organisation.name, "role": m.role, "since": m.created_at}
            for m in Membership.objects.filter(user=user).select_related("organisation")
        ],
        "claims": [
            {
                "organisation": c.organisation.name,
                "status": c.status,
                "message": c.message,
                "review_note": c.review_note,
                "made_at": c.created_at,
                "reviewed_at": c.reviewed_at,
            }
            for c in OrganisationClaim.objects.filter(user=user).select_related("organisation")
        ],
        # Decisions taken as a reviewer stay with the organisation; erasure only removes the name from them.
        "claims_reviewed": OrganisationClaim.objects.filter(reviewer=user).count(),
        "organisations_verified": list(Organisation.objects.filter(verified_by=user).values_list("name", flat=True)),
    }


personal_data.register(
    "organisations",
    models=("organisations.Membership", "organisations.OrganisationClaim", "organisations.Organisation"),
    export=export_organisations,
)
