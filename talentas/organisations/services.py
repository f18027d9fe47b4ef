"""Writes for organisations: proposals and claims, their review, editing, and membership."""

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from talentas.accounts import permissions as account_permissions
from talentas.accounts import selectors as account_selectors
from talentas.accounts import services as account_services
from talentas.accounts.models import User
from talentas.audit.services import log_action
from talentas.core import pictures
from talentas.core.errors import Conflict, DomainError, PermissionDenied, validate
from talentas.core.links import absolute_url
from talentas.core.models import Picture
from talentas.core.workflows import Transition, Workflow
from talentas.notices import services as notices
from talentas.notices.services import Draft

from . import permissions, selectors
from .models import Membership, Organisation, OrganisationClaim

# Paths under /organisations/ that a slug must not shadow.
RESERVED_SLUGS = {"propose", "mine", "claims"}
EDITABLE_FIELDS = ("name", "kind", "description", "website", "email", "city", "address")


def unique_slug(name: str) -> str:
    """A free slug made from `name` (Lithuanian letters become ASCII), with -2, -3... when taken."""
    base = slugify(name)[:200] or "organisation"
    slug, number = base, 1
    while slug in RESERVED_SLUGS or Organisation.objects.filter(slug=slug).exists():
        number += 1
        slug = f"{base}-{number}"
    return slug


def _require_signed_in(user: User) -> None:
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Log in first."))


def _new_claim(
    *, user: User, organisation: Organisation, is_proposal: bool, message: str, contact_role: str
) -> OrganisationClaim:
    if OrganisationClaim.objects.filter(
        user=user, organisation=organisation, status=OrganisationClaim.Status.PENDING
    ).exists():
        raise Conflict(_("You already have a claim for this organisation waiting for review."))
    claim = OrganisationClaim(
        user=user,
        organisation=organisation,
        is_proposal=is_proposal,
        message=message.strip(),
        contact_role=contact_role.strip(),
    )
    validate(claim)
    claim.save()
    return claim


@transaction.atomic
def propose_organisation(
    *, user: User, name: str, kind: str, message: str, contact_role: str, **details: str
) -> OrganisationClaim:
    """Record a new organisation, unlisted and pending, with the proposer's claim to speak for it.

    It enters the directory only when a reviewer approves the claim. `details` are further
    editable fields (description, website, e-mail, city, address).
    """
    _require_signed_in(user)
    unknown = set(details) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    organisation = Organisation(
        name=name.strip(),
        slug=unique_slug(name),
        kind=kind,
        is_listed=False,
        verification=Organisation.Verification.PENDING,
        **details,
    )
    validate(organisation)
    organisation.save()
    return _new_claim(
        user=user, organisation=organisation, is_proposal=True, message=message, contact_role=contact_role
    )


@transaction.atomic
def claim_organisation(*, user: User, organisation: Organisation, message: str, contact_role: str) -> OrganisationClaim:
    """Ask to become the owner of a listed organisation that has none; at most one pending claim per person."""
    _require_signed_in(user)
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if permissions.is_member(user, organisation):
        raise Conflict(_("You already belong to this organisation."))
    if not permissions.can_claim_organisation(user, organisation):
        raise Conflict(_("This organisation already has an owner: ask them to add you as a member."))
    claim = _new_claim(
        user=user, organisation=organisation, is_proposal=False, message=message, contact_role=contact_role
    )
    if organisation.verification == Organisation.Verification.UNVERIFIED:
        organisation.verification = Organisation.Verification.PENDING
        organisation.save(update_fields=["verification", "updated_at"])
    return claim


def _may_review(reviewer: User, claim: OrganisationClaim) -> bool:
    return account_permissions.can_review_organisation_claims(reviewer)


def _decision_notice(claim: OrganisationClaim, transition: Transition) -> Draft:
    """The claimant's notice of the decision, written in their language."""

    def context() -> dict:
        return {
            "claim": claim,
            "organisation_url": absolute_url(claim.organisation.get_absolute_url()),
            "claims_url": absolute_url(reverse("organisations:mine")),
        }

    return Draft(
        user=claim.user,
        key=f"organisations.claim.{claim.pk}.{transition.name}",
        title=lambda: " ".join(render_to_string("organisations/email/claim_decided_subject.txt", context()).split()),
        body=lambda: render_to_string("organisations/email/claim_decided_message.txt", context()),
        url=lambda: reverse("organisations:mine"),
    )


_REFUSAL = _lazy("Only plan managers and platform administrators review organisation claims.")
CLAIM_REVIEW: Workflow[OrganisationClaim] = Workflow(
    model=OrganisationClaim,
    verb_prefix="organisations.claim",
    transitions=[
        Transition(
            "approve",
            source=[OrganisationClaim.Status.PENDING],
            target=OrganisationClaim.Status.APPROVED,
            allowed=_may_review,
            refusal=_REFUSAL,
        ),
        Transition(
            "reject",
            source=[OrganisationClaim.Status.PENDING],
            target=OrganisationClaim.Status.REJECTED,
            allowed=_may_review,
            refusal=_REFUSAL,
        ),
    ],
    notice=_decision_notice,
    queryset=lambda: OrganisationClaim.objects.select_related("user", "organisation"),
)


def _decide(*, reviewer: User, claim_id: int, transition: str, note: str) -> OrganisationClaim:
    def record_review(claim: OrganisationClaim) -> None:
        claim.reviewer = reviewer
        claim.reviewed_at = timezone.now()
        claim.review_note = note.strip()

    return CLAIM_REVIEW.run(claim_id, transition, actor=reviewer, apply=record_review)


@transaction.atomic
def approve_claim(*, reviewer: User, claim_id: int, note: str = "") -> OrganisationClaim:
    """Approve a pending claim: the organisation becomes verified and listed, the claimant its owner.

    The claimant is told (a notice, e-mailed once the transaction commits); the decision is in the audit log.
    """
    claim = _decide(reviewer=reviewer, claim_id=claim_id, transition="approve", note=note)
    organisation = claim.organisation
    organisation.is_listed = True
    organisation.verification = Organisation.Verification.VERIFIED
    organisation.verified_by = reviewer
    organisation.verified_at = claim.reviewed_at
    organisation.save(update_fields=["is_listed", "verification", "verified_by", "verified_at", "updated_at"])
    Membership.objects.update_or_create(
        organisation=organisation, user=claim.user, defaults={"role": Membership.Role.OWNER}
    )
    selectors.forget_memberships(claim.user)
    return claim


@transaction.atomic
def reject_claim(*, reviewer: User, claim_id: int, note: str) -> OrganisationClaim:
    """Reject a pending claim with a note the claimant reads; they are told once the transaction commits.

    A rejected proposal leaves its organisation unlisted and "rejected"; a listed organisation with
    no other pending claim goes back to "not verified".
    """
    if not note.strip():
        raise DomainError(_("Tell the claimant why: write a note."), field="note", code="note_required")
    claim = _decide(reviewer=reviewer, claim_id=claim_id, transition="reject", note=note)
    organisation = claim.organisation
    others_pending = organisation.claims.filter(status=OrganisationClaim.Status.PENDING).exists()
    if organisation.verification == Organisation.Verification.PENDING and not others_pending:
        organisation.verification = (
            Organisation.Verification.UNVERIFIED if organisation.is_listed else Organisation.Verification.REJECTED
        )
        organisation.save(update_fields=["verification", "updated_at"])
    return claim


@transaction.atomic
def update_organisation(*, user: User, organisation: Organisation, **changes: str) -> Organisation:
    """Save an owner's (or platform administrator's) edits to the public details."""
    if not permissions.can_edit_organisation(user, organisation):
        raise PermissionDenied(_("Only the organisation's owners can edit it."))
    unknown = set(changes) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    for field, value in changes.items():
        setattr(organisation, field, value.strip() if isinstance(value, str) else value)
    validate(organisation)
    organisation.save()
    return organisation


@transaction.atomic
def add_member(
    *, actor: User, organisation: Organisation, email: str, role: str = Membership.Role.MEMBER
) -> Membership:
    """Add an existing account, found by e-mail, to the organisation.

    Raises DomainError (field "email") for an address no account uses or a person already in.
    """
    if not permissions.can_manage_members(actor, organisation):
        raise PermissionDenied(_("Only the organisation's owners can add members."))
    person = account_selectors.user_with_email(email)
    if person is None:
        raise DomainError(
            _("No account uses this e-mail address. Ask the person to sign up first, then add them."), field="email"
        )
    if Membership.objects.filter(organisation=organisation, user=person).exists():
        raise Conflict(_("%(person)s is already a member.") % {"person": person}, field="email")
    membership = Membership(organisation=organisation, user=person, role=role)
    validate(membership)
    membership.save()
    log_action(actor=actor, verb="organisations.membership.add", target=membership, changes={"role": [None, role]})
    selectors.forget_memberships(person)
    return membership


@transaction.atomic
def remove_member(*, actor: User, organisation: Organisation, membership_id: int) -> Membership:
    """Remove a membership; the last owner cannot be removed, so the organisation is never orphaned by mistake."""
    if not permissions.can_manage_members(actor, organisation):
        raise PermissionDenied(_("Only the organisation's owners can remove members."))
    membership = (
        Membership.objects.select_for_update()
        .select_related("user")
        .filter(pk=membership_id, organisation=organisation)
        .first()
    )
    if membership is None:
        raise DomainError(_("This person is not a member."), status_code=404)
    # Locked rows, counted in Python: PostgreSQL refuses COUNT(*) ... FOR UPDATE.
    owner_ids = list(
        Membership.objects.select_for_update()
        .filter(organisation=organisation, role=Membership.Role.OWNER)
        .values_list("pk", flat=True)
    )
    if membership.role == Membership.Role.OWNER and owner_ids == [membership.pk]:
        raise Conflict(_("You cannot remove the last owner. Add another owner first."))
    log_action(
        actor=actor,
        verb="organisations.membership.remove",
        target=membership,
        changes={"role": [membership.role, None]},
    )
    membership.delete()
    selectors.forget_memberships(membership.user)
    return membership


@transaction.atomic
def ensure_listed_organisation(
    *, slug: str, name: str, kind: str, verified_by: User | None = None, parent_slug: str = "", **details: str
) -> tuple[Organisation, bool]:
    """The listed organisation with this slug, made if missing (verified when `verified_by` is given).

    An existing one is left exactly as it is, so running a seed again never undoes people's edits.
    Returns the organisation and whether it was made now.
    """
    existing = Organisation.objects.filter(slug=slug).first()
    if existing is not None:
        return existing, False
    organisation = Organisation(slug=slug, name=name, kind=kind, is_listed=True, **details)
    if parent_slug:
        organisation.parent = Organisation.objects.get(slug=parent_slug)
    if verified_by is not None:
        organisation.verification = Organisation.Verification.VERIFIED
        organisation.verified_by = verified_by
        organisation.verified_at = timezone.now()
    validate(organisation)
    organisation.save()
    return organisation, True


@transaction.atomic
def ensure_membership(*, organisation: Organisation, user: User, role: str) -> Membership:
    """The person's membership, made with `role` if missing; an existing one keeps its role."""
    membership, _created = Membership.objects.get_or_create(
        organisation=organisation, user=user, defaults={"role": role}
    )
    selectors.forget_memberships(user)
    return membership


@transaction.atomic
def create_organisation_with_owner(
    *,
    name: str,
    kind: str,
    owner_email: str,
    owner_name: str = "",
    owner_language: str = "",
    website: str = "",
    verified: bool = False,
    actor: User | None = None,
) -> tuple[Organisation, User, bool]:
    """A listed organisation (verified at once with `verified`) whose first owner is the account with
    `owner_email`; an e-mail no account uses gets one, with an invitation to set its password. For the city's
    operators (`manage.py create_organisation`), who vouch for the organisation themselves. Audited.

    Returns the organisation, its owner and whether the owner was invited. Refuses (Conflict, field "name")
    an organisation whose name is taken, so running the command twice makes one.
    """
    name = name.strip()
    if Organisation.objects.filter(name__iexact=name).exists():
        raise Conflict(
            _("An organisation called %(name)s already exists.") % {"name": name},
            field="name",
            code="organisation_exists",
        )
    owner = account_selectors.user_with_email(owner_email, include_inactive=True)
    if owner is not None and not owner.is_active:
        raise DomainError(_("This account is deactivated."), field="owner_email", code="account_deactivated")
    organisation = Organisation(name=name, slug=unique_slug(name), kind=kind, website=website.strip(), is_listed=True)
    if verified:
        organisation.verification = Organisation.Verification.VERIFIED
        organisation.verified_by = actor
        organisation.verified_at = timezone.now()
    validate(organisation)
    organisation.save()
    invited = owner is None
    if owner is None:
        owner = account_services.invite_account(
            email=owner_email,
            full_name=owner_name,
            preferred_language=owner_language,
            reason=lambda: (
                _("You are the first owner of %(organisation)s on the platform.") % {"organisation": organisation.name}
            ),
        )
    membership = Membership(organisation=organisation, user=owner, role=Membership.Role.OWNER)
    validate(membership)
    membership.save()
    selectors.forget_memberships(owner)
    log_action(
        actor=actor,
        verb="organisations.create",
        target=organisation,
        changes={"verification": [None, organisation.verification], "owner": [None, owner.email]},
    )
    log_action(
        actor=actor,
        verb="organisations.membership.add",
        target=membership,
        changes={"role": [None, Membership.Role.OWNER]},
    )
    if not invited:
        notices.notify(
            user=owner,
            key=f"organisations.{organisation.pk}.first_owner",
            title=lambda: _("You are an owner of %(organisation)s") % {"organisation": organisation.name},
            body=lambda: (
                _("%(organisation)s is now on the platform, with you as its first owner.")
                % {"organisation": organisation.name}
            ),
            url=organisation.get_absolute_url,
        )
    return organisation, owner, invited


@transaction.atomic
def set_logo(*, user: User, organisation: Organisation, upload: UploadedFile) -> Organisation:
    """An owner (or platform administrator) gives the organisation a logo, or replaces it (core.pictures checks
    the file and keeps it as WebP). Raises DomainError (field "picture") for a file that is not a fit picture."""
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not permissions.can_edit_organisation(user, organisation):
        raise PermissionDenied(_("Only the organisation's owners can edit it."))
    organisation.logo = pictures.replace_picture(current=organisation.logo, upload=upload, kind=Picture.Kind.LOGO)
    organisation.save(update_fields=["logo", "updated_at"])
    log_action(actor=user, verb="organisations.logo.set", target=organisation, changes={})
    return organisation


@transaction.atomic
def remove_logo(*, user: User, organisation: Organisation) -> Organisation:
    organisation = Organisation.objects.select_for_update().get(pk=organisation.pk)
    if not permissions.can_edit_organisation(user, organisation):
        raise PermissionDenied(_("Only the organisation's owners can edit it."))
    if organisation.logo is not None:
        pictures.delete_picture(organisation.logo)
        organisation.logo = None
        organisation.save(update_fields=["logo", "updated_at"])
        log_action(actor=user, verb="organisations.logo.remove", target=organisation, changes={})
    return organisation
