"""Public pages of the action plans: anyone may read them, no login needed.

A plan's page is the same for every visitor in a language, and a large plan takes long to render, so the
page body (below the header, which shows who is signed in) comes from the cache, keyed by the data version
that every committed change to the plan moves (talentas.core.metrics; plans/metrics.py names the models).
"""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import Truncator

from talentas.core.metrics import cached_while_data_unchanged

from . import selectors
from .status import plan_statuses


def plan_list(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/plan_list.html", {"plans": selectors.plans_for_list()})


# Where the cached body goes in the page around it; the body is joined in as bytes, never parsed again.
BODY_MARK = "<!--talentas:cached-body-->"


def _cached_page(request: HttpRequest, template: str, *key: str, build) -> HttpResponse:
    """Render `template` around a body from the cache; `build()` gives (title, description, body) on a miss.

    The body is cached as UTF-8 bytes: they come out of the cache without decoding (a large plan's page is
    a megabyte of text) and go straight into the response. The body shows each action's status, which moves
    with the calendar as well as with the data, so the day is part of the key."""

    def build_bytes() -> tuple[str, str, bytes]:
        title, description, body = build()
        return title, description, body.encode()

    title, description, body = cached_while_data_unchanged(
        "plans.page", *key, timezone.localdate().isoformat(), compute=build_bytes
    )
    response = render(request, template, {"page": {"title": title, "description": description, "mark": BODY_MARK}})
    before, after = response.content.split(BODY_MARK.encode(), 1)
    response.content = b"".join((before, body, after))
    return response


def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    def build() -> tuple[str, str, str]:
        plan = selectors.plan_with_actions(slug=slug)  # Http404 for an unknown plan: nothing is cached then
        context = {"plan": plan, "statuses": plan_statuses(plan)}
        body = render_to_string("plans/partials/plan_body.html", context)
        return plan.title, Truncator(plan.vision).words(40), body

    return _cached_page(request, "plans/plan_detail.html", "plan", slug, build=build)


def action_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    def build() -> tuple[str, str, str]:
        action = selectors.action_in_plan(slug=slug, code=code)
        previous, following = selectors.neighbouring_actions(action)
        context = {
            "action": action,
            "plan": action.plan,
            "objective": action.objective,
            "previous": previous,
            "next": following,
            "statuses": plan_statuses(action.plan),
        }
        body = render_to_string("plans/partials/action_body.html", context)
        title = f"{action.code} {action.title} · {action.plan.title}"
        return title, Truncator(action.description or action.title).words(40), body

    return _cached_page(request, "plans/action_detail.html", "action", slug, code, build=build)
