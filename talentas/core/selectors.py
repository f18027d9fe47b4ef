"""Reads for the home page: one list of blocks, each read by its own selector, each a fixed number of queries.

`HOME_BLOCKS` is the extension point. A later module (funding calls, the co-working hub) adds its block from its
AppConfig.ready():

    from talentas.core.selectors import HomeBlock, add_home_block
    add_home_block(HomeBlock("calls", "calls/partials/home_calls.html", read_open_calls), before="events")

A block's `read(user)` returns the context its template needs, or None when the block has nothing to say to
this person (an anonymous visitor has no next steps); an empty list is not None: the block then shows its empty
state with an illustration and an action. Each read costs a fixed number of queries whatever the amount of data
(asserted in core/tests/test_home.py), so the page's cost does not grow with the city.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from django.http import Http404
from django.utils import timezone

from talentas.accounts import permissions as roles
from talentas.accounts.permissions import AnyUser

if TYPE_CHECKING:
    from talentas.accounts.models import User

HOME_EVENTS = 6
HOME_OPPORTUNITIES = 4
NEW_MATCH_DAYS = 14  # a match counts as new when the opportunity was published within this many days
MATCH_DEPTH = 20  # how many of a person's best matches are looked at


@dataclass(frozen=True)
class HomeBlock:
    """One block of the home page: its template (under templates/core/partials/ or the owning app's) and the read
    that fills it for this person."""

    slug: str
    template: str
    read: Callable[[AnyUser], dict[str, Any] | None]


@dataclass
class RenderedBlock:
    slug: str
    template: str
    context: dict[str, Any] = field(default_factory=dict)


# --- The blocks' reads ----------------------------------------------------------------------------------------


def next_events(user: AnyUser) -> dict[str, Any]:
    """The next scheduled events not yet over, soonest first, with their place and seats left. Three queries."""
    from talentas.events import selectors as event_selectors
    from talentas.events.models import Event

    events = list(event_selectors.calendar().filter(status=Event.Status.SCHEDULED)[:HOME_EVENTS])
    return {"events": events}


def newest_opportunities(user: AnyUser) -> dict[str, Any]:
    """The newest open opportunities of verified organisations and how many there are. Two queries."""
    from talentas.talent import selectors as talent_selectors

    listed = talent_selectors.listed_opportunities()
    return {"opportunities": list(listed[:HOME_OPPORTUNITIES]), "open_count": listed.count()}


@dataclass
class ObjectiveProgress:
    code: str
    title: str
    indicators: int
    on_track: int  # on track or achieved
    achieved: int
    behind: int  # at risk or behind
    status: str
    status_label: str

    @property
    def share(self) -> int:
        """Whole percent of the objective's indicators on track or achieved (0 with no indicators)."""
        return round(100 * self.on_track / self.indicators) if self.indicators else 0


def plan_progress_by_objective(user: AnyUser) -> dict[str, Any]:
    """The default plan's objectives with the share of their indicators on track or achieved, from the public
    dashboard's cache (the same figures, the same data version): no query on a hit."""
    from talentas.monitoring.selectors import dashboard as dashboard_selectors

    try:
        dashboard = dashboard_selectors.public_dashboard()
    except Http404:  # no plan loaded yet
        return {"objectives": [], "plan_slug": None, "status_counts": []}
    objectives = []
    for objective in dashboard.progress.objectives:
        statuses = [figure.status for action in objective.actions for figure in action.indicators]
        objectives.append(
            ObjectiveProgress(
                code=objective.code,
                title=objective.title,
                indicators=len(statuses),
                on_track=sum(status in ("on_track", "achieved") for status in statuses),
                achieved=statuses.count("achieved"),
                behind=sum(status in ("at_risk", "behind") for status in statuses),
                status=objective.status,
                status_label=objective.status_label,
            )
        )
    return {
        "objectives": objectives,
        "plan_slug": dashboard.plan_slug,
        "plan_title": dashboard.plan_title,
        "as_of": dashboard.progress.as_of,
        "status_counts": dashboard.progress.status_counts(),
    }


def key_figures(user: AnyUser) -> dict[str, Any]:
    """What's happening: events this month, open opportunities, listed organisations, indicators on track. Four
    queries (the last from the dashboard's cache)."""
    from talentas.events.models import Event
    from talentas.organisations import selectors as organisation_selectors
    from talentas.talent import selectors as talent_selectors

    now = timezone.localtime()
    month_end = (now.replace(day=28) + datetime.timedelta(days=4)).replace(day=1, hour=0, minute=0, second=0)
    progress = plan_progress_by_objective(user)
    indicators = sum(o.indicators for o in progress["objectives"])
    on_track = sum(o.on_track for o in progress["objectives"])
    return {
        "events_this_month": Event.objects.filter(
            status=Event.Status.SCHEDULED, ends_at__gte=now, starts_at__lt=month_end
        ).count(),
        "open_opportunities": talent_selectors.listed_opportunities().count(),
        "organisations": organisation_selectors.directory().count(),
        "indicators": indicators,
        "indicators_on_track": on_track,
    }


@dataclass
class TalentSteps:
    progress: Any  # talent.selectors.ProfileProgress
    has_profile: bool
    new_matches: int
    next_registration: Any  # events.Registration | None
    applications: list = field(default_factory=list)
    applications_open: int = 0


@dataclass
class StaffSteps:
    values_due: int
    overdue: int
    approvals_waiting: int
    claims_waiting: int
    can_run_monitoring: bool
    can_review_claims: bool
    has_departments: bool


@dataclass
class OrganisationSteps:
    organisations: list
    applicants_to_review: int
    claims_pending: int
    open_opportunities: int


def _talent_steps(user: User) -> TalentSteps | None:
    from talentas.accounts.models import Audience
    from talentas.events import selectors as event_selectors
    from talentas.events.models import Registration
    from talentas.hiring import selectors as hiring_selectors
    from talentas.talent import selectors as talent_selectors

    profile = talent_selectors.profile_of(user)
    if profile is None and user.audience != Audience.TALENT and not roles.is_talent(user):
        return None
    new_matches = 0
    if profile is not None and profile.match_vector:
        since = timezone.now() - datetime.timedelta(days=NEW_MATCH_DAYS)
        ranked = [pk for _score, pk in talent_selectors.top_opportunity_ids(profile, k=MATCH_DEPTH)]
        new_matches = talent_selectors.listed_opportunities().filter(pk__in=ranked, created_at__gte=since).count()
    holding = (Registration.Status.CONFIRMED, Registration.Status.WAITLISTED, Registration.Status.PENDING)
    next_registration = (
        event_selectors.my_registrations(user)
        .filter(status__in=holding, event__ends_at__gte=timezone.now(), event__status="scheduled")
        .first()
    )
    applications = list(hiring_selectors.applications_of_person(user)[:3])
    return TalentSteps(
        progress=talent_selectors.profile_progress(profile),
        has_profile=profile is not None,
        new_matches=new_matches,
        next_registration=next_registration,
        applications=applications,
        applications_open=hiring_selectors.open_applications_count(user),
    )


def _staff_steps(user: User) -> StaffSteps | None:
    from talentas.monitoring.selectors.values import submissions_to_review, values_due
    from talentas.organisations import selectors as organisation_selectors

    departments = roles.indicator_departments(user)
    everything = roles.can_run_monitoring(user)
    review_claims = roles.can_review_organisation_claims(user)
    if not (departments or everything or review_claims):
        return None
    due = (
        values_due(today=timezone.localdate(), departments=None if everything else departments)
        if (departments or everything)
        else []
    )
    return StaffSteps(
        values_due=len(due),
        overdue=sum(item.overdue for item in due),
        approvals_waiting=submissions_to_review(user=user).count() if everything else 0,
        claims_waiting=organisation_selectors.pending_claims().count() if review_claims else 0,
        can_run_monitoring=everything,
        can_review_claims=review_claims,
        has_departments=bool(departments),
    )


def _organisation_steps(user: User) -> OrganisationSteps | None:
    from talentas.hiring import selectors as hiring_selectors
    from talentas.organisations import selectors as organisation_selectors
    from talentas.talent import selectors as talent_selectors

    organisations = organisation_selectors.organisations_of(user)
    claims_pending = organisation_selectors.pending_claims_of(user)
    if not organisations and not claims_pending:
        return None
    return OrganisationSteps(
        organisations=organisations,
        applicants_to_review=hiring_selectors.applicants_to_review_count(organisations) if organisations else 0,
        claims_pending=claims_pending,
        open_opportunities=talent_selectors.open_opportunity_count_of(organisations) if organisations else 0,
    )


def my_next_steps(user: AnyUser) -> dict[str, Any] | None:
    """A signed-in person's own next steps by role: a talent's profile, matches, next event and applications;
    staff's values due, approvals and claims waiting; an organisation's applicants and claims. None for a visitor.
    A fixed number of queries for each role, whatever the amount of data."""
    from talentas.accounts.models import User
    from talentas.accounts.selectors import first_landing_of

    if not isinstance(user, User) or not user.is_authenticated:
        return None

    staff = _staff_steps(user)
    organisation = _organisation_steps(user)
    talent = _talent_steps(user)
    return {
        "person": user,
        "audience": user.audience,
        "first_landing": first_landing_of(user),
        "talent": talent,
        "staff": staff,
        "organisation": organisation,
        "nothing_to_do": not (talent or staff or organisation),
    }


# --- The list of blocks ---------------------------------------------------------------------------------------

HOME_BLOCKS: list[HomeBlock] = [
    HomeBlock("next_steps", "core/partials/home_next_steps.html", my_next_steps),
    HomeBlock("happening", "core/partials/home_happening.html", key_figures),
    HomeBlock("events", "core/partials/home_events.html", next_events),
    HomeBlock("opportunities", "core/partials/home_opportunities.html", newest_opportunities),
    HomeBlock("plan_progress", "core/partials/home_plan_progress.html", plan_progress_by_objective),
]


def add_home_block(block: HomeBlock, *, before: str | None = None) -> None:
    """Add a module's block to the home page (once: a second call with the same slug replaces it), before the
    block named `before`, else at the end."""
    HOME_BLOCKS[:] = [existing for existing in HOME_BLOCKS if existing.slug != block.slug]
    slugs = [existing.slug for existing in HOME_BLOCKS]
    HOME_BLOCKS.insert(slugs.index(before) if before in slugs else len(HOME_BLOCKS), block)


def home_blocks(user: AnyUser) -> list[RenderedBlock]:
    """The home page's blocks for this person, in order, each with its context; blocks with nothing to say to the
    person (None) are left out."""
    rendered = []
    for block in HOME_BLOCKS:
        context = block.read(user)
        if context is not None:
            rendered.append(RenderedBlock(block.slug, block.template, context))
    return rendered
