"""Who may do what in a pitch competition.

| check               | programme staff | the chair | a juror            | a signed-in person | others |
| ------------------- | --------------- | --------- | ------------------ | ------------------ | ------ |
| manage (finalists, order, jury, prizes, pay) | yes |  |             |                    |        |
| open / close rounds, voting; publish | yes | yes   |                    |                    |        |
| score a finalist    |                 | yes       | yes, while its round is open |          |        |
| see own scores      |                 | yes       | yes                |                    |        |
| see the totals of a round | after it closed | after it closed | after it closed |             |        |
| vote                | yes             | yes       | yes                | yes, once          |        |
| see the results     | before publishing | before publishing | before publishing | once published | once published |

A person who may not see a competition's jury page gets 404: a refusal does not confirm that they are not a juror.
"""

from django.utils.translation import gettext_lazy

from talentas.accounts.permissions import AnyUser
from talentas.calls import permissions as call_permissions
from talentas.core.errors import NotFound

from .models import Juror, PitchEvent

NO_SUCH_COMPETITION = gettext_lazy("No such pitch competition.")


def can_manage(user: AnyUser) -> bool:
    """The programme team of the calls (plan managers and administrators) runs the competitions."""
    return call_permissions.can_manage_calls(user)


def juror_seat(user: AnyUser, pitch_event: PitchEvent) -> Juror | None:
    if not user.is_authenticated:
        return None
    return Juror.objects.filter(pitch_event=pitch_event, user=user).first()


def is_chair(user: AnyUser, pitch_event: PitchEvent) -> bool:
    seat = juror_seat(user, pitch_event)
    return seat is not None and seat.is_chair


def can_run(user: AnyUser, pitch_event: PitchEvent) -> bool:
    """Open and close rounds and the vote, publish the results: the chair, and staff in the chair's absence."""
    return can_manage(user) or is_chair(user, pitch_event)


def can_see_results(user: AnyUser, pitch_event: PitchEvent) -> bool:
    if pitch_event.is_published:
        return True
    return can_manage(user) or juror_seat(user, pitch_event) is not None


def managed(user: AnyUser, pitch_event: PitchEvent | None) -> PitchEvent:
    if pitch_event is None or not can_manage(user):
        raise NotFound(NO_SUCH_COMPETITION, code="no_such_competition")
    return pitch_event


def jury_seat_or_404(user: AnyUser, pitch_event: PitchEvent | None) -> Juror:
    seat = juror_seat(user, pitch_event) if pitch_event is not None else None
    if seat is None:
        raise NotFound(NO_SUCH_COMPETITION, code="no_such_competition")
    return seat


def results_visible(user: AnyUser, pitch_event: PitchEvent | None) -> PitchEvent:
    if pitch_event is None or not can_see_results(user, pitch_event):
        raise NotFound(NO_SUCH_COMPETITION, code="no_such_competition")
    return pitch_event


def open_for_voting(pitch_event: PitchEvent | None) -> PitchEvent:
    """The vote page exists for a competition whose call is published and that has an audience vote."""
    if (
        pitch_event is None
        or not pitch_event.call.is_published
        or pitch_event.audience_vote == PitchEvent.AudienceVote.NONE
    ):
        raise NotFound(NO_SUCH_COMPETITION, code="no_such_competition")
    return pitch_event
