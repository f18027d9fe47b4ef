"""The main pages of the site, in one list, for every check that visits them all: the phone-width browser test
(core/tests/test_browser_phones.py: nothing scrolls sideways at 360 px, no axe violation) and `make screenshots`.

Each entry is a `MainPage(name, url_name, actor, kwargs)`: `actor` names who looks at the page ("anonymous",
"talent": a person with a talent profile, "owner": the owner of a verified organisation that organises events
and hires, "staff": the plan manager who is also the M&E officer) and `kwargs` maps each URL parameter to an
attribute path on a world of objects (core/tests/world.py's `World`, or anything with the same attributes).

    from talentas.core.tests.main_pages import main_pages
    for name, path, actor in main_pages(world, "lt"):   # ("plans:detail", "/lt/plans/alytus-.../", "anonymous")
        ...  # sign `world.actor(ACTOR_ATTRIBUTE[actor])` in, open `path`
"""

import operator
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils import translation

# Which World attribute holds each actor (None: nobody is signed in).
ACTOR_ATTRIBUTE = {"anonymous": None, "talent": "talent_user", "owner": "owner", "staff": "staff"}


@dataclass(frozen=True)
class MainPage:
    url_name: str
    actor: str
    kwargs: dict[str, str] = field(default_factory=dict)


PLAN = {"slug": "plan.slug"}
EVENT = {"event_id": "event.pk"}
OPPORTUNITY = {"pk": "opportunity.pk"}

MAIN_PAGES: tuple[MainPage, ...] = (
    # Public pages.
    MainPage("home", "anonymous"),
    MainPage("account_login", "anonymous"),
    MainPage("account_signup", "anonymous"),
    MainPage("plans:list", "anonymous"),
    MainPage("plans:detail", "anonymous", PLAN),
    MainPage("plans:action", "anonymous", {"code": "action.code", **PLAN}),
    MainPage("monitoring:dashboard", "anonymous"),
    MainPage("monitoring:plan_dashboard", "anonymous", PLAN),
    MainPage("monitoring:timeline", "anonymous", PLAN),
    MainPage("monitoring:reports", "anonymous", PLAN),
    MainPage("events:calendar", "anonymous"),
    MainPage("events:detail", "anonymous", EVENT),
    MainPage("events:steam", "anonymous"),
    MainPage("organisations:list", "anonymous"),
    MainPage("organisations:detail", "anonymous", {"slug": "organisation.slug"}),
    MainPage("talent:home", "anonymous"),
    MainPage("talent:opportunity_list", "anonymous"),
    MainPage("talent:opportunity_detail", "anonymous", OPPORTUNITY),
    MainPage("api_docs:reference", "anonymous"),
    MainPage("calls:list", "anonymous"),
    MainPage("calls:detail", "anonymous", {"pk": "call.pk"}),
    MainPage("calls:open_data", "anonymous"),
    MainPage("pitches:list", "anonymous"),
    # A person looking for work.
    MainPage("accounts:profile", "talent"),
    MainPage("talent:my_profile", "talent"),
    MainPage("talent:profile_tasks", "talent"),
    MainPage("talent:profile_step", "talent", {"step": "WORK_STEP"}),
    MainPage("talent:my_matches", "talent"),
    MainPage("talent:alerts", "talent"),
    MainPage("events:mine", "talent"),
    MainPage("hiring:my_applications", "talent"),
    MainPage("notices:list", "talent"),
    # A member (the owner) of an organisation that organises events and hires.
    MainPage("organisations:mine", "owner"),
    MainPage("organisations:members", "owner", {"slug": "organisation.slug"}),
    MainPage("events:organise", "owner"),
    MainPage("events:create", "owner"),
    MainPage("events:attendees", "owner", EVENT),
    MainPage("events:check_in", "owner", EVENT),
    MainPage("talent:employer", "owner"),
    MainPage("talent:finder", "owner"),
    MainPage("talent:opportunity_create", "owner"),
    MainPage("talent:opportunity_matches", "owner", OPPORTUNITY),
    MainPage("hiring:pipeline", "owner", OPPORTUNITY),
    MainPage("hiring:applicant_detail", "owner", {"pk": "application.pk"}),
    MainPage("calls:my_applications", "owner"),
    MainPage("review:mine", "owner"),
    MainPage("review:conflicts", "owner"),
    # Staff: the plan manager and M&E officer.
    MainPage("monitoring:staff", "staff"),
    MainPage("monitoring:indicator", "staff", {"pk": "indicator.pk"}),
    MainPage("monitoring:audit", "staff", {"pk": "indicator.pk"}),
    MainPage("monitoring:budget", "staff", PLAN),
    MainPage("monitoring:report", "staff", {"pk": "report.pk"}),
    MainPage("governance:meetings", "staff", PLAN),
    MainPage("talent:moderation", "staff"),
    MainPage("organisations:claims", "staff"),
    MainPage("calls:staff_applications", "staff"),
    MainPage("review:board", "staff", {"call_id": "call.pk"}),
    MainPage("review:ranking", "staff", {"call_id": "call.pk"}),
    MainPage("cohorts:list", "staff"),
    MainPage("forms:list", "staff"),
)

CONSTANTS = {"WORK_STEP": "work"}


def _value(world: object, path: str) -> object:
    return CONSTANTS[path] if path in CONSTANTS else operator.attrgetter(path)(world)


def main_pages(world: object, language: str) -> list[tuple[str, str, str]]:
    """(url name, path in `language`, actor) for every main page, its parameters taken from `world`."""
    with translation.override(language):
        return [
            (
                page.url_name,
                reverse(page.url_name, kwargs={key: _value(world, path) for key, path in page.kwargs.items()}),
                page.actor,
            )
            for page in MAIN_PAGES
        ]
