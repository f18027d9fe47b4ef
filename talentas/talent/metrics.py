"""Metrics this module reports to monitoring (see talentas.core.metrics).

- talent.registered_persons (IAP action 3.4, target 100): people with a talent profile made before
  the period's end; a qualifier counts one kind (talent.registered_persons.return_migrant).
- talent.matches: pairs first found to match (score >= the threshold) in the period.
- talent.contacts_accepted: contact requests people accepted in the period.
- talent.placements: placements in the period: contacts that led to one, and hires in the job applications'
  pipeline (hiring); each organisation and person counts once, when first placed.
- ecosystem.registered_users (IAP action 3.2): people registered on the platform as a talent or an
  organisation member, before the period's end.
"""

from datetime import date, datetime, time

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentas.core.metrics import register_metric
from talentas.organisations.models import Membership

from .models import ContactRequest, Match, TalentProfile

KIND_QUALIFIERS = {kind.value.replace("-", "_"): kind.value for kind in TalentProfile.Kind}


def moment(day: date) -> datetime:
    return timezone.make_aware(datetime.combine(day, time.min))


@register_metric(
    "talent.registered_persons",
    sources=[TalentProfile],
    label=_("Registered persons on the talent platform"),
    unit=_("persons"),
    qualifiers=tuple(KIND_QUALIFIERS),
    qualifier_names={qualifier: TalentProfile.Kind(kind).label for qualifier, kind in KIND_QUALIFIERS.items()},
    cumulative=True,
    description=_("People with a talent profile; a qualifier counts one kind, e.g. return migrants."),
)
def registered_persons(start: date, end: date, qualifier: str) -> int:
    profiles = TalentProfile.objects.filter(created_at__lt=moment(end))
    if qualifier:
        profiles = profiles.filter(kind=KIND_QUALIFIERS[qualifier])
    return profiles.count()


@register_metric(
    "talent.matches",
    label=_("Matches made"),
    unit=_("matches"),
    sources=[Match],
    unused_reason="Shows the marketplace at work; the shipped plan sets no target for matches.",
)
def matches(start: date, end: date, qualifier: str) -> int:
    return Match.objects.filter(created_at__gte=moment(start), created_at__lt=moment(end)).count()


@register_metric(
    "talent.contacts_accepted",
    label=_("Contact requests accepted"),
    unit=_("contacts"),
    sources=[ContactRequest],
    unused_reason="Shows the marketplace at work; the shipped plan sets no target for contacts.",
)
def contacts_accepted(start: date, end: date, qualifier: str) -> int:
    return ContactRequest.objects.filter(
        status=ContactRequest.Status.ACCEPTED, answered_at__gte=moment(start), answered_at__lt=moment(end)
    ).count()


@register_metric(
    "talent.placements",
    label=_("Placements reported"),
    unit=_("placements"),
    sources=[ContactRequest],
    unused_reason="The shipped plan counts registered persons, not placements; kept for plans that do.",
)
def placements(start: date, end: date, qualifier: str) -> int:
    # Hiring sits beside talent and reads it; it is asked here, at run time, so the two imports never cycle.
    from talentas.hiring import selectors as hiring_selectors

    until = moment(end)
    first: dict[tuple[int, int], datetime] = {}
    contacts = ContactRequest.objects.filter(placed_at__lt=until).values_list(
        "organisation_id", "profile_id", "placed_at"
    )
    for organisation_id, profile_id, at in [*contacts, *hiring_selectors.hires_before(until)]:
        pair = (organisation_id, profile_id)
        if at is None:  # the filters above leave no unplaced contact; the check tells the type checker so
            continue
        if pair not in first or at < first[pair]:
            first[pair] = at
    since = moment(start)
    return sum(1 for at in first.values() if at >= since)


@register_metric(
    "ecosystem.registered_users",
    # Not the user model: every login saves it, and only people with a profile or a membership count.
    sources=[TalentProfile, Membership],
    label=_("Registered users of the ecosystem platform"),
    unit=_("users"),
    cumulative=True,
    description=_("Organisation members and talents registered on the platform (each person once)."),
)
def ecosystem_registered_users(start: date, end: date, qualifier: str) -> int:
    from django.contrib.auth import get_user_model

    until = moment(end)
    users = get_user_model().objects.filter(date_joined__lt=until, is_active=True)
    talents = TalentProfile.objects.filter(created_at__lt=until).values("user_id")
    members = Membership.objects.filter(created_at__lt=until).values("user_id")
    return users.filter(pk__in=talents).union(users.filter(pk__in=members)).count()
