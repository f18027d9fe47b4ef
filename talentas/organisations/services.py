"""Writes for organisations: proposals and claims, their review, editing, and membership."""

from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext as _

from talentas.accounts import permissions as account_permissions
from talentas.accounts import selectors as account_selectors
from talentas.accounts.models import User
from talentas.core.errors import Conflict, DomainError, PermissionDenied
from talentas.core.links import absolute_url

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
    claim.full_clean()
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
    organisation.full_clean()
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


def _pending_claim_for_review(*, reviewer: User, claim_id: int) -> OrganisationClaim:
    if not account_permissions.can_review_organisation_claims(reviewer):
        raise PermissionDenied(_("Only plan managers and platform administrators review organisation claims."))
    claim = (
        OrganisationClaim.objects.select_for_update().select_related("user", "organisation").filter(pk=claim_id).first()
    )
    if claim is None:
        raise DomainError(_("There is no such claim."), status_code=404)
    if claim.status != OrganisationClaim.Status.PENDING:
        raise Conflict(_("This claim has already been decided."))
    return claim


def _decide(claim: OrganisationClaim, *, reviewer: User, status: str, note: str) -> None:
    claim.status = status
    claim.reviewer = reviewer
    claim.reviewed_at = timezone.now()
    claim.review_note = note.strip()
    claim.save(update_fields=["status", "reviewer", "reviewed_at", "review_note", "updated_at"])
    transaction.on_commit(lambda: tell_claimant_of_decision(claim))


@transaction.atomic
def approve_claim(*, reviewer: User, claim_id: int, note: str = "") -> OrganisationClaim:
    """Approve a pending claim: the organisation becomes verified and listed, the claimant its owner.

    The claimant is e-mailed once the transaction commits.
    """
    claim = _pending_claim_for_review(reviewer=reviewer, claim_id=claim_id)
    _decide(claim, reviewer=reviewer, status=OrganisationClaim.Status.APPROVED, note=note)
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
    """Reject a pending claim with a note the claimant reads; they are e-mailed once the transaction commits.

    A rejected proposal leaves its organisation unlisted and "rejected"; a listed organisation with
    no other pending claim goes back to "not verified".
    """
    if not note.strip():
        raise DomainError(_("Tell the claimant why: write a note."), field="note")
    claim = _pending_claim_for_review(reviewer=reviewer, claim_id=claim_id)
    _decide(claim, reviewer=reviewer, status=OrganisationClaim.Status.REJECTED, note=note)
    organisation = claim.organisation
    others_pending = organisation.claims.filter(status=OrganisationClaim.Status.PENDING).exists()
    if organisation.verification == Organisation.Verification.PENDING and not others_pending:
        organisation.verification = (
            Organisation.Verification.UNVERIFIED if organisation.is_listed else Organisation.Verification.REJECTED
        )
        organisation.save(update_fields=["verification", "updated_at"])
    return claim


def tell_claimant_of_decision(claim: OrganisationClaim) -> None:
    """E-mail the claimant the decision, in their preferred language."""
    with translation.override(claim.user.preferred_language):
        context = {
            "claim": claim,
            "organisation_url": absolute_url(claim.organisation.get_absolute_url()),
            "claims_url": absolute_url(reverse("organisations:mine")),
        }
        subject = render_to_string("organisations/email/claim_decided_subject.txt", context)
        body = render_to_string("organisations/email/claim_decided_message.txt", context)
    send_mail(" ".join(subject.split()), body, None, [claim.user.email])


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
    organisation.full_clean()
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
    membership.full_clean()
    membership.save()
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
    organisation.full_clean()
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
