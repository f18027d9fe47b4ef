"""Writes to action plans: loading a plan file into the database, exporting a plan back to one, and the few
fields staff may change between plan revisions (an indicator's baseline)."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db import models, transaction
from django.utils import translation
from django.utils.translation import gettext as _
from modeltranslation import settings as mt_settings

from talentas.core.errors import DomainError, validate
from talentas.core.metrics import data_changed_after_commit

from . import selectors
from .models import (
    Action,
    BudgetPhase,
    FundingSource,
    GovernanceBody,
    Indicator,
    MonitoringResponsibility,
    Plan,
    PlanFact,
    ProblemCause,
    StrategicObjective,
)
from .plan_file import LANGUAGES, PlanFileInvalid, Problem, Row, plan_document, read_plan_file, write_plan_file
from .translation import TRANSLATED_FIELDS

OUTCOMES = ("created", "updated", "unchanged", "deleted", "deactivated")


@dataclass
class LoadReport:
    """What `load_plan` did, row by row kind: e.g. counts["actions"]["created"]."""

    slug: str
    outcome: str = "unchanged"  # of the plan row itself: created, updated or unchanged
    counts: dict[str, Counter] = field(default_factory=dict)

    @property
    def changed_anything(self) -> bool:
        return self.outcome != "unchanged" or any(
            counter[outcome] for counter in self.counts.values() for outcome in OUTCOMES if outcome != "unchanged"
        )

    def count(self, kind: str, outcome: str, number: int = 1) -> None:
        self.counts.setdefault(kind, Counter())[outcome] += number

    def lines(self) -> list[str]:
        if self.outcome == "created":
            lines = [f"Created plan '{self.slug}'."]
        elif self.changed_anything:
            lines = [f"Updated plan '{self.slug}'."]
        else:
            lines = [f"Plan '{self.slug}' was already up to date."]
        for kind, counter in self.counts.items():
            said = ", ".join(f"{counter[outcome]} {outcome}" for outcome in OUTCOMES if counter[outcome])
            lines.append(f"  {kind}: {said or 'none'}")
        return lines


def load_plan(*, text: str) -> LoadReport:
    """Create or update the plan a plan file describes, so that the database matches the file.

    Guarantees: the whole file is checked before anything is written, and an invalid file raises
    PlanFileInvalid listing every problem and changes nothing. Rows are matched by the plan's slug and their
    codes (or their place in a list, for rows without one) and updated in place, so reloading the same file
    changes nothing. Rows left out of the file are deleted, except indicators: those are deactivated, because
    monitoring records values against them. All writes happen in one transaction.
    """
    document = read_plan_file(text)
    with transaction.atomic(), translation.override(mt_settings.DEFAULT_LANGUAGE):
        # The untranslated column of each text keeps the default language, whoever runs the load.
        report = _PlanWriter(document).write()
        data_changed_after_commit()  # some rows change by QuerySet.update, which sends no signals
        return report


def set_indicator_baseline(*, indicator: Indicator, value: Decimal | None, year: int | None) -> bool:
    """Record where an indicator started (value and year), validated as the plan file is: a year needs a value, and
    the year lies between 1990 and the plan's last year. Returns whether anything changed.

    The caller checks the person's right (monitoring lets plan managers and the M&E team set it)."""
    if year is not None and value is None:
        raise DomainError(
            _("A baseline year needs a baseline value."), field="baseline_value", code="baseline_value_missing"
        )
    if year is not None and not 1990 <= year <= indicator.plan.end_year:
        raise DomainError(
            _("The baseline year must be between 1990 and %(end)s.") % {"end": indicator.plan.end_year},
            field="baseline_year",
            code="baseline_year_out_of_range",
        )
    if (indicator.baseline_value, indicator.baseline_year) == (value, year):
        return False
    indicator.baseline_value, indicator.baseline_year = value, year
    indicator.save(update_fields=["baseline_value", "baseline_year"])
    return True


def export_plan(*, slug: str) -> str:
    """The plan as plan-file text. Loading that text reproduces the plan, and exporting it again gives the same text.

    Only active indicators are exported. Raises Http404 when there is no such plan.
    """
    plan = selectors.plan_with_actions(slug=slug)
    header = (
        f"Action plan '{plan.slug}', exported by Talentas. Format: docs/plan-format.md\n"
        f"Load it with: python manage.py load_plan FILE"
    )
    return write_plan_file(plan_document(plan), header=header)


class _PlanWriter:
    def __init__(self, document: Row):
        self.document = document
        self.report = LoadReport(slug=document.values["slug"])

    def write(self) -> LoadReport:
        values, children = self.document.values, self.document.children
        plan = Plan.objects.filter(slug=values["slug"]).first()
        if values["is_default"]:
            # Only one plan is the default (a database constraint): this one takes over.
            Plan.objects.filter(is_default=True).exclude(slug=values["slug"]).update(is_default=False)
        plan, self.report.outcome = self._save(plan or Plan(), values, self.document)
        funding = [
            Row(item.path, {**item.values, "group": group.values["group"]})
            for group in children["funding_groups"]
            for item in group.children["items"]
        ]
        for model, kind, rows, key in (
            (PlanFact, "facts", children["facts"], "order"),
            (ProblemCause, "causes", children["causes"], "order"),
            (BudgetPhase, "budget_phases", children["budget_phases"], "horizon"),
            (FundingSource, "funding_sources", funding, "order"),
            (GovernanceBody, "governance_bodies", children["governance_bodies"], "order"),
            (
                MonitoringResponsibility,
                "monitoring_responsibilities",
                children["monitoring_responsibilities"],
                "category",
            ),
        ):
            kept = self._upsert(plan, model, kind, [(row, {}) for row in rows], key=key)
            self._delete_others(model._default_manager.filter(plan=plan), kept, kind)
        self._write_objectives(plan, children["objectives"], children["indicators"])
        return self.report

    def _write_objectives(self, plan: Plan, objectives: list[Row], plan_indicators: list[Row]) -> None:
        # Objectives, actions and indicators are matched by code across the whole plan, so an action may move
        # to another objective. Deletions wait until every kept row points at its new parent.
        objective_rows: list[tuple[Row, dict[str, Any]]] = [(row, {}) for row in objectives]
        kept_objectives = self._upsert(plan, StrategicObjective, "objectives", objective_rows, key="code")
        action_rows = [
            (action, {"objective": objective})
            for objective, row in zip(kept_objectives, objectives, strict=True)
            for action in row.children["actions"]
        ]
        kept_actions = self._upsert(plan, Action, "actions", action_rows, key="code")
        indicator_rows = [
            (indicator, {"action": action, "is_active": True})
            for action, (row, _parent) in zip(kept_actions, action_rows, strict=True)
            for indicator in row.children["indicators"]
        ] + [(indicator, {"action": None, "is_active": True}) for indicator in plan_indicators]
        kept_indicators = self._upsert(plan, Indicator, "indicators", indicator_rows, key="code")
        stale = plan.indicators.filter(is_active=True).exclude(pk__in=[obj.pk for obj in kept_indicators])
        self.report.count("indicators", "deactivated", stale.update(is_active=False))
        self._delete_others(plan.actions.all(), kept_actions, "actions")
        self._delete_others(plan.objectives.all(), kept_objectives, "objectives")

    def _upsert(
        self, plan: Plan, model: type[models.Model], kind: str, rows: list[tuple[Row, dict]], *, key: str
    ) -> list[Any]:
        """Create or update one object per file row, matched on `key`; return them in file order.

        `order` is the row's place in its list (indicators: in the whole file), so rows without a code match by place.
        """
        existing = {getattr(obj, key): obj for obj in model._default_manager.filter(plan=plan)}
        saved = []
        for order, (row, extra) in enumerate(rows):
            values = {**row.values, **extra, "order": order}
            obj, outcome = self._save(existing.get(values[key]) or model(plan=plan), values, row)
            self.report.count(kind, outcome)
            saved.append(obj)
        return saved

    def _save(self, obj: Any, values: dict[str, Any], row: Row) -> tuple[Any, str]:
        """Set the values, and validate and save the object only if it is new or one of them changed."""
        created = obj.pk is None
        changed = created
        translated = TRANSLATED_FIELDS.get(type(obj), ())
        for name, value in values.items():
            if obj._meta.get_field(name).is_relation:
                if getattr(obj, obj._meta.get_field(name).attname) != (value.pk if value else None):
                    setattr(obj, name, value)
                    changed = True
                continue
            pairs = [(f"{name}_{lang}", value[lang]) for lang in LANGUAGES] if name in translated else [(name, value)]
            for attr, new in pairs:
                if getattr(obj, attr) != new:
                    setattr(obj, attr, new)
                    changed = True
        if changed:
            try:
                validate(obj)
            except DomainError as error:  # a rule the file check missed: still say where, and write nothing
                raise PlanFileInvalid(_problems(row, error)) from error
            obj.save()
        return obj, "created" if created else "updated" if changed else "unchanged"

    def _delete_others(self, queryset: models.QuerySet, kept: list[Any], kind: str) -> None:
        _total, by_model = queryset.exclude(pk__in=[obj.pk for obj in kept]).delete()
        count = by_model.get(queryset.model._meta.label, 0)
        if count:
            self.report.count(kind, "deleted", count)


def _problems(row: Row, error: DomainError) -> list[Problem]:
    return [
        Problem((*row.path, problem["field"]) if problem["field"] else row.path, problem["message"])
        for problem in error.errors
    ]
