"""The plan's budget: planned, committed and spent, by action, phase and source."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum
from django.utils.translation import gettext as _

from ..models import (
    BudgetEntry,
    BudgetLine,
)


@dataclass
class BudgetRow:
    label: str
    reference_eur: Decimal | None  # the plan's own figure (a phase's amount), when it has one
    planned_eur: Decimal
    committed_eur: Decimal
    spent_eur: Decimal

    @property
    def spent_share(self) -> Decimal | None:
        base = self.planned_eur or self.reference_eur
        return (self.spent_eur / base) if base else None

    @property
    def committed_share(self) -> Decimal | None:
        base = self.planned_eur or self.reference_eur
        return (self.committed_eur / base) if base else None


@dataclass
class BudgetSummary:
    by_phase: list[BudgetRow]
    by_source: list[BudgetRow]
    by_action: list[BudgetRow]
    total: BudgetRow


def budget_summary(*, plan) -> BudgetSummary:
    """Planned vs committed vs spent by phase, by funding source and by action. Two queries (the plan's phases
    and sources come prefetched)."""
    committed = Sum("entries__amount_eur", filter=Q(entries__kind=BudgetEntry.Kind.COMMITMENT))
    spent = Sum("entries__amount_eur", filter=Q(entries__kind=BudgetEntry.Kind.EXPENDITURE))
    lines = list(
        BudgetLine.objects.filter(plan_id=plan.pk)
        .values("id", "phase_id", "source_id", "action_id", "planned_eur")
        .annotate(committed=committed, spent=spent)
    )
    actions = {
        action.pk: f"{action.code} {action.title}"
        for objective in plan.objectives.all()
        for action in objective.actions.all()
    }

    def rows(key: str, labels: dict, references: dict | None = None) -> list[BudgetRow]:
        totals: dict = defaultdict(lambda: [Decimal(0), Decimal(0), Decimal(0)])
        for line in lines:
            bucket = totals[line[key]]
            bucket[0] += line["planned_eur"]
            bucket[1] += line["committed"] or 0
            bucket[2] += line["spent"] or 0
        keys = list(labels) + ([None] if None in totals else [])
        result = []
        for item in keys:
            planned_eur, committed_eur, spent_eur = totals.get(item, [Decimal(0)] * 3)
            if references is None and not (planned_eur or committed_eur or spent_eur):
                continue
            result.append(
                BudgetRow(
                    labels.get(item, _("Not assigned")),
                    (references or {}).get(item),
                    planned_eur,
                    committed_eur,
                    spent_eur,
                )
            )
        return result

    phases = list(plan.budget_phases.all())
    by_phase = rows(
        "phase_id",
        {phase.pk: f"{phase.name} {phase.start_year}\u2013{phase.end_year}" for phase in phases},
        {phase.pk: phase.amount_eur for phase in phases},
    )
    by_source = rows("source_id", {source.pk: source.name for source in plan.funding_sources.all()})
    by_action = rows("action_id", actions)
    total = BudgetRow(
        _("Total"),
        plan.total_budget_eur,
        sum((row.planned_eur for row in by_phase), Decimal(0)),
        sum((row.committed_eur for row in by_phase), Decimal(0)),
        sum((row.spent_eur for row in by_phase), Decimal(0)),
    )
    return BudgetSummary(by_phase, by_source, by_action, total)


def budget_lines(*, plan) -> QuerySet[BudgetLine]:
    """The plan's budget lines with phase, source and action, and their committed and spent sums. One query."""
    return (
        BudgetLine.objects.filter(plan=plan)
        .select_related("phase", "source", "action")
        .annotate(
            committed=Sum("entries__amount_eur", filter=Q(entries__kind=BudgetEntry.Kind.COMMITMENT)),
            spent=Sum("entries__amount_eur", filter=Q(entries__kind=BudgetEntry.Kind.EXPENDITURE)),
        )
        .order_by("phase__order", "action__order", "pk")
    )


def recent_budget_entries(*, plan, limit: int = 20) -> QuerySet[BudgetEntry]:
    return (
        BudgetEntry.objects.filter(line__plan=plan)
        .select_related("line__phase", "line__action", "line__source", "recorded_by")
        .order_by("-date", "-pk")[:limit]
    )
