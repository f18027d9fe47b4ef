"""Who may do what with events.

| check                        | plan manager, admin | member of an organiser | other person | anonymous |
| ---------------------------- | ------------------- | ---------------------- | ------------ | --------- |
| can_view_event               | yes                 | yes                    | yes          | yes       |
| can_register                 | yes                 | yes                    | yes          |           |
| can_create_events            | yes                 | any organisation member|              |           |
| can_manage_event             | yes                 | yes                    |              |           |
| can_record_lesson_at(school) | yes                 | members of the school  |              |           |

can_manage_event covers editing, cancelling, the attendee list, check-in and the CSV export. The Education
Department's indicator owners record STEAM lessons at any school.

The public sees aggregate numbers only (seats taken, seats left); names are for the organisers.
Membership answers are cached per request user, so a list of events asks the database once.
"""

from talentas.accounts import permissions as account_permissions
from talentas.accounts.permissions import AnyUser
from talentas.core.choices import ResponsibleEntity
from talentas.organisations import selectors as organisation_selectors

from .models import Event


def member_organisation_ids(user: AnyUser) -> frozenset[int]:
    """The organisations the person belongs to (owner or member), as organisations' selectors know them."""
    return organisation_selectors.organisation_ids_of(user)


def is_plan_staff(user: AnyUser) -> bool:
    return account_permissions.can_manage_plan(user)


def can_view_event(user: AnyUser, event: Event) -> bool:
    """Events are public: the calendar is the city's."""
    return True


def can_register(user: AnyUser, event: Event) -> bool:
    return bool(user.is_authenticated and user.is_active)


def can_create_events(user: AnyUser) -> bool:
    return is_plan_staff(user) or bool(member_organisation_ids(user))


def can_organise_for(user: AnyUser, organisation_ids: set[int]) -> bool:
    """May the person name these organisations as organisers? Staff may name any; members their own."""
    if is_plan_staff(user):
        return True
    return bool(organisation_ids) and bool(organisation_ids & member_organisation_ids(user))


def organiser_ids(event: Event) -> set[int]:
    """The event's organiser ids, from the prefetch when there is one."""
    return {organisation.pk for organisation in event.organisers.all()}


def can_manage_event(user: AnyUser, event: Event) -> bool:
    """Edit, cancel, see attendees, check people in, export the list."""
    if not user.is_authenticated or not user.is_active:
        return False
    return is_plan_staff(user) or bool(organiser_ids(event) & member_organisation_ids(user))


def can_record_for_any_school(user: AnyUser) -> bool:
    """Plan managers and the Education Department's indicator owners record lessons at any school."""
    return is_plan_staff(user) or account_permissions.is_indicator_owner(user, ResponsibleEntity.EDUCATION)


def can_record_lesson_at(user: AnyUser, school_id: int) -> bool:
    """Record a STEAM lesson at this school: the people above, or a member of the school itself."""
    return can_record_for_any_school(user) or school_id in member_organisation_ids(user)


def can_see_steam_report(user: AnyUser) -> bool:
    """The hours per grade are aggregate figures: public, like the plan's monitoring."""
    return True
