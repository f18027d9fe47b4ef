"""The person behind a token: GET /api/v1/me."""

from django.http import HttpRequest
from ninja import Router, Schema

from talentas.core.api import ErrorOut, authenticated
from talentas.organisations import selectors as organisation_selectors

from . import selectors

router = Router(tags=["accounts"])


class RoleOut(Schema):
    role: str
    label: str
    department: str | None = None


class OrganisationMembershipOut(Schema):
    slug: str
    name: str
    role: str


class MeOut(Schema):
    id: int
    email: str
    full_name: str
    preferred_language: str
    roles: list[RoleOut]
    organisations: list[OrganisationMembershipOut]


@router.get("/me", response={200: MeOut, 401: ErrorOut}, auth=authenticated, summary="Who am I")
def me(request: HttpRequest):
    """The person the token (or session) belongs to: profile, platform roles and organisation memberships."""
    user = request.auth
    return {
        "id": user.pk,
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": user.preferred_language,
        "roles": [
            {"role": assignment.role, "label": str(assignment.get_role_display()), "department": assignment.department}
            for assignment in selectors.roles_of(user)
        ],
        "organisations": [
            {"slug": m.organisation.slug, "name": m.organisation.name, "role": m.role}
            for m in organisation_selectors.memberships_of(user)
        ],
    }
