"""Public pages of the action plans: anyone may read them, no login needed."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import selectors


def plan_list(request: HttpRequest) -> HttpResponse:
    return render(request, "plans/plan_list.html", {"plans": selectors.plans_for_list()})


def plan_detail(request: HttpRequest, slug: str) -> HttpResponse:
    return render(request, "plans/plan_detail.html", {"plan": selectors.plan_with_actions(slug=slug)})


def action_detail(request: HttpRequest, slug: str, code: str) -> HttpResponse:
    action = selectors.action_in_plan(slug=slug, code=code)
    previous, following = selectors.neighbouring_actions(action)
    context = {
        "action": action,
        "plan": action.plan,
        "objective": action.objective,
        "previous": previous,
        "next": following,
    }
    return render(request, "plans/action_detail.html", context)
