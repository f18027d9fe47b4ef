"""Who may see and do what in the talent marketplace.

An "employer" is a member of a verified organisation, acting for it.

- can_view_profile: the person always; an employer as the person's visibility allows ("employers":
  yes; "matched": if one of its open opportunities matches, or it has asked for contact; "nobody" or
  no consent: never). Moderators and other people: never.
- can_see_contact_details: the person; an employer after the person accepted its contact request.
- can_post_opportunities / can_manage_opportunity: members of the (verified) organisation.
- can_view_opportunity: anyone while it is listed (open, not expired); its organisation and
  moderators in any state.
- can_moderate: plan managers and platform administrators.
- can_use_thread: the two sides of an accepted contact.

Moderators (plan managers, platform administrators) never see profiles: moderation is about
opportunities and reported contacts.
"""

from django.db.models import Q

from talentas.accounts import permissions as account_permissions
from talentas.accounts.permissions import AnyUser
from talentas.core.models import Picture
from talentas.organisations import selectors as organisation_selectors
from talentas.organisations.models import Organisation

from . import matching
from .models import ContactRequest, Opportunity, TalentProfile


def employer_organisations(user: AnyUser) -> list[Organisation]:
    """The verified organisations the person belongs to (organisations' selectors cache it per request)."""
    return organisation_selectors.organisations_of(user, verified_only=True)


def is_employer(user: AnyUser) -> bool:
    return bool(employer_organisations(user))


def is_employer_of(user: AnyUser, organisation: Organisation) -> bool:
    return any(o.pk == organisation.pk for o in employer_organisations(user))


def can_post_opportunities(user: AnyUser, organisation: Organisation) -> bool:
    return is_employer_of(user, organisation)


def can_manage_opportunity(user: AnyUser, opportunity: Opportunity) -> bool:
    return any(o.pk == opportunity.organisation_id for o in employer_organisations(user))


def can_moderate(user: AnyUser) -> bool:
    return account_permissions.can_review_organisation_claims(user)


def is_listed_opportunity(opportunity: Opportunity, *, today: int | None = None) -> bool:
    """Open, not suspended, not past its closing date, from a verified organisation: what search shows."""
    vector = opportunity.match_vector or {}
    if not vector.get("open") or opportunity.status != Opportunity.Status.OPEN:
        return False
    closes = opportunity.closes_on
    return closes is None or closes.toordinal() >= (today or matching.today_ordinal())


def can_view_opportunity(user: AnyUser, opportunity: Opportunity) -> bool:
    return is_listed_opportunity(opportunity) or can_manage_opportunity(user, opportunity) or can_moderate(user)


def _matches_open_opportunity(profile: TalentProfile, organisation: Organisation) -> bool:
    if not profile.match_vector:
        return False
    talent = matching.TalentVector.from_json(profile.pk, profile.match_vector)
    today = matching.today_ordinal()
    vectors = Opportunity.objects.filter(organisation=organisation, status=Opportunity.Status.OPEN).values_list(
        "pk", "match_vector"
    )
    for pk, data in vectors:
        value = matching.score(talent, matching.OpportunityVector.from_json(pk, data), today)
        if value is not None and value >= matching.MATCH_THRESHOLD:
            return True
    return False


def profile_visible_to_organisation(profile: TalentProfile, organisation: Organisation) -> bool:
    if profile.consent_at is None or profile.visibility == TalentProfile.Visibility.NOBODY:
        return False
    if profile.visibility == TalentProfile.Visibility.EMPLOYERS:
        return True
    if ContactRequest.objects.filter(profile=profile, organisation=organisation).exists():
        return True
    return _matches_open_opportunity(profile, organisation)


def can_view_profile(user: AnyUser, profile: TalentProfile, *, organisation: Organisation | None = None) -> bool:
    """The owner always; an employer (for `organisation`, or any of theirs) as the owner's visibility allows."""
    if user.is_authenticated and profile.user_id == user.pk:
        return True
    organisations = employer_organisations(user)
    if organisation is not None:
        organisations = [o for o in organisations if o.pk == organisation.pk]
    return any(profile_visible_to_organisation(profile, o) for o in organisations)


def can_see_contact_details(user: AnyUser, profile: TalentProfile) -> bool:
    if user.is_authenticated and profile.user_id == user.pk:
        return True
    organisations = [o.pk for o in employer_organisations(user)]
    return (
        bool(organisations)
        and ContactRequest.objects.filter(
            profile=profile, organisation_id__in=organisations, status=ContactRequest.Status.ACCEPTED
        ).exists()
    )


def can_use_thread(user: AnyUser, contact: ContactRequest, *, pending_ok: bool = False) -> bool:
    if not user.is_authenticated:
        return False
    allowed = {ContactRequest.Status.ACCEPTED} | ({ContactRequest.Status.PENDING} if pending_ok else set())
    if contact.status not in allowed:
        return False
    if ContactRequest.objects.filter(pk=contact.pk, profile__user=user).exists():
        return True
    return any(o.pk == contact.organisation_id for o in employer_organisations(user))


def can_view_contact(user: AnyUser, contact: ContactRequest) -> bool:
    """Either side sees the request and its state, whatever the state."""
    if not user.is_authenticated:
        return False
    return ContactRequest.objects.filter(
        Q(pk=contact.pk) & (Q(profile__user=user) | Q(organisation__in=[o.pk for o in employer_organisations(user)]))
    ).exists()


def can_view_photo(user: AnyUser, picture: Picture) -> bool:
    """A face says who someone is, so a profile photo goes with the person's name, not with the pseudonymous
    profile: the person themselves, and an employer once the person accepted its contact request; nobody else,
    whatever the address. Withdrawing consent hides the profile and so the photo."""
    profile = TalentProfile.objects.filter(photo=picture).first()
    return profile is not None and can_view_profile(user, profile) and can_see_contact_details(user, profile)
