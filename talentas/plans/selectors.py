"""Reads of action plans, each with a fixed number of queries however large the plan is."""

from __future__ import annotations

from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from .models import Action, Indicator, Plan, StrategicObjective
from .units import unit_for, unit_name

__all__ = ["ACTIVE_INDICATORS", "unit_for", "unit_name"]  # units: how other apps show a plan's units

ACTIVE_INDICATORS = Indicator.objects.filter(is_active=True)


def plans_for_list() -> QuerySet[Plan]:
    """Every plan, the default first, with `objective_count` and `action_count`. One query."""
    return Plan.objects.annotate(
        objective_count=Count("objectives", distinct=True), action_count=Count("actions", distinct=True)
    )


def plan_with_actions(*, slug: str) -> Plan:
    """The whole plan: objectives with their actions and active indicators, `plan_indicators` (active, not tied
    to an action), facts, causes, budget phases, funding sources, governance bodies and the M&E table.

    Eleven queries whatever the plan's size; nothing reached from the result queries the database again.
    Raises Http404 when there is no plan with this slug.
    """
    queryset = Plan.objects.prefetch_related(
        "facts",
        "causes",
        "budget_phases",
        "funding_sources",
        "governance_bodies",
        "monitoring_responsibilities",
        Prefetch("objectives", queryset=StrategicObjective.objects.all()),
        Prefetch("objectives__actions", queryset=Action.objects.all()),
        Prefetch("objectives__actions__indicators", queryset=ACTIVE_INDICATORS),
        Prefetch("indicators", queryset=ACTIVE_INDICATORS.filter(action=None), to_attr="plan_indicators"),
    )
    plan = queryset.filter(slug=slug).first()
    if plan is None:
        raise Http404(_("There is no plan “%(slug)s”.") % {"slug": slug})
    return plan


def action_in_plan(*, slug: str, code: str) -> Action:
    """One action with its plan, objective and active indicators. Two queries; Http404 if the plan lacks it."""
    queryset = Action.objects.select_related("plan", "objective").prefetch_related(
        Prefetch("indicators", queryset=ACTIVE_INDICATORS)
    )
    action = queryset.filter(plan__slug=slug, code=code).first()
    if action is None:
        raise Http404(_("Plan “%(slug)s” has no action %(code)s.") % {"slug": slug, "code": code})
    return action


def neighbouring_actions(action: Action) -> tuple[Action | None, Action | None]:
    """The actions before and after this one in the plan's order (objective, then action). One query."""
    # Only what a link needs: a plan may have hundreds of actions with long descriptions.
    siblings = list(
        Action.objects.filter(plan_id=action.plan_id)
        .only("pk", "code", "title", "plan_id", "objective_id")
        .order_by("objective__order", "objective_id", "order", "pk")
    )
    index = next(i for i, sibling in enumerate(siblings) if sibling.pk == action.pk)
    previous = siblings[index - 1] if index > 0 else None
    following = siblings[index + 1] if index + 1 < len(siblings) else None
    return previous, following


def default_plan() -> Plan | None:
    """The plan the home page shows (the default one, else the first), with `action_count` and its objectives
    each with `action_count`. Two queries; None when there is no plan."""
    objectives = StrategicObjective.objects.annotate(action_count=Count("actions"))
    return (
        Plan.objects.annotate(action_count=Count("actions"))
        .prefetch_related(Prefetch("objectives", queryset=objectives))
        .order_by("-is_default", "created_at", "pk")
        .first()
    )
