"""The plan file's fields: one table (`PLAN`) that says which key of the file fills which model field.

Reading (reading.py) and writing (writing.py) both follow it, so whatever is exported reads back to the same plan.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from types import SimpleNamespace
from typing import Any

from django.db import models
from modeltranslation.settings import AVAILABLE_LANGUAGES

from talentas.core.errors import DomainError

from .. import models as plan_models

FORMAT_VERSION = 1
# Files list languages alphabetically, so an export is the same whatever the site's default language.
LANGUAGES: tuple[str, ...] = tuple(sorted(AVAILABLE_LANGUAGES))
MONTH = re.compile(r"^(\d{4})-(\d{2})$")

Path = tuple[str | int, ...]


class Kind(StrEnum):
    TEXT = "text"  # translatable: a string, or {en: ..., lt: ...}
    TEXTS = "texts"  # a list of translatable strings
    STRING = "string"  # the same in every language: slugs, codes, names of metrics
    INT = "int"
    NUMBER = "number"
    BOOL = "bool"
    CHOICE = "choice"  # one key of the model field's choices
    KEYS = "keys"  # a list of keys of a vocabulary (KeyListValidator)
    MONTH = "month"  # "2025-01", stored as the first day of the month


@dataclass(frozen=True)
class Value:
    key: str
    kind: Kind
    attr: str = ""  # the model field; the key when empty
    optional: bool = False  # may be left out although the model requires it (a default fills it in)

    @property
    def name(self) -> str:
        return self.attr or self.key


@dataclass(frozen=True)
class Group:
    """A mapping in the file whose values are fields of the enclosing row (e.g. an action's `target`)."""

    key: str
    fields: tuple[Spec, ...]


@dataclass(frozen=True)
class Rows:
    """A list of child rows; `source` gives them from a saved object when exporting."""

    key: str
    node: Node
    source: Callable[[Any], Iterable[Any]]
    name: str = ""
    required: bool = False

    @property
    def child_name(self) -> str:
        return self.name or self.key


@dataclass(frozen=True)
class Node:
    model: type[models.Model]
    fields: tuple[Spec, ...]


Spec = Value | Group | Rows


@dataclass
class Row:
    """One object read from the file: field values by model attribute, child rows by list name."""

    path: Path
    values: dict[str, Any] = field(default_factory=dict)
    children: dict[str, list[Row]] = field(default_factory=dict)


@dataclass(frozen=True)
class Problem:
    path: Path
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f" (line {self.line})" if self.line else ""
        return f"{format_path(self.path)}: {self.message}{where}"


class PlanFileInvalid(DomainError):
    """The file was not loaded: `problems` says everything that is wrong with it."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        count = len(problems)
        lines = "\n".join(f"  {problem}" for problem in problems)
        super().__init__(f"The plan file has {count} problem{'s' if count != 1 else ''}:\n{lines}")


def format_path(path: Path) -> str:
    text = ""
    for part in path:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text or "(top level)"


def _active_indicators(owner) -> list:
    # The selector prefetches active indicators only; a plain related manager needs the filter.
    return [indicator for indicator in owner.indicators.all() if indicator.is_active]


def _plan_indicators(plan) -> list:
    # `selectors.plan_with_actions` prefetched them as `plan_indicators`; otherwise ask the database.
    if hasattr(plan, "plan_indicators"):
        return plan.plan_indicators
    return list(plan.indicators.filter(is_active=True, action=None))


def _funding_groups(plan) -> list[SimpleNamespace]:
    """Funding sources are stored one per row; the file lists them under their group, in order."""
    groups: list[SimpleNamespace] = []
    for source in plan.funding_sources.all():
        texts = {f"group_{lang}": getattr(source, f"group_{lang}") or "" for lang in LANGUAGES}
        if not groups or any(getattr(groups[-1], name) != text for name, text in texts.items()):
            groups.append(SimpleNamespace(**texts, items=[]))
        groups[-1].items.append(source)
    return groups


INDICATOR = Node(
    plan_models.Indicator,
    (
        Value("code", Kind.STRING),
        Value("name", Kind.TEXT),
        Value("description", Kind.TEXT),
        Value("kind", Kind.CHOICE),
        Value("category", Kind.CHOICE),
        Value("responsible", Kind.CHOICE, optional=True),  # defaults to the M&E table's entity for the category
        Value("unit", Kind.TEXT),
        Group("target", (Value("value", Kind.NUMBER, "target_value"), Value("period", Kind.CHOICE, "target_period"))),
        Group("baseline", (Value("value", Kind.NUMBER, "baseline_value"), Value("year", Kind.INT, "baseline_year"))),
        Value("metric", Kind.STRING),
    ),
)

ACTION = Node(
    plan_models.Action,
    (
        Value("code", Kind.STRING),
        Value("title", Kind.TEXT),
        Value("description", Kind.TEXT),
        Group(
            "target",
            (
                Value("value", Kind.NUMBER, "target_value"),
                Value("unit", Kind.TEXT, "target_unit"),
                Value("period", Kind.CHOICE, "target_period"),
                Value("text", Kind.TEXT, "target_text"),
            ),
        ),
        Value("lead", Kind.TEXT),
        Value("partners", Kind.KEYS),
        Value("resourcing", Kind.KEYS),
        Value("timeframe", Kind.TEXT),
        Value("horizon", Kind.CHOICE),
        Group(
            "schedule",
            (
                Value("start", Kind.MONTH, "planned_start"),
                Value("end", Kind.MONTH, "planned_end"),
                Value("ready_by", Kind.MONTH),
            ),
        ),
        Rows("indicators", INDICATOR, _active_indicators),
    ),
)

OBJECTIVE = Node(
    plan_models.StrategicObjective,
    (
        Value("code", Kind.STRING),
        Value("title", Kind.TEXT),
        Rows("actions", ACTION, lambda objective: objective.actions.all(), required=True),
    ),
)

FACT = Node(
    plan_models.PlanFact,
    (Value("label", Kind.TEXT), Value("value", Kind.NUMBER), Value("unit", Kind.TEXT), Value("note", Kind.TEXT)),
)
CAUSE = Node(plan_models.ProblemCause, (Value("label", Kind.TEXT), Value("text", Kind.TEXT)))
PHASE = Node(
    plan_models.BudgetPhase,
    (
        Value("horizon", Kind.CHOICE),
        Value("name", Kind.TEXT),
        Group("years", (Value("start", Kind.INT, "start_year"), Value("end", Kind.INT, "end_year"))),
        Value("amount_eur", Kind.NUMBER),
        Value("purpose", Kind.TEXT),
    ),
)
FUNDING_ITEM = Node(plan_models.FundingSource, (Value("name", Kind.TEXT), Value("purpose", Kind.TEXT)))
FUNDING_GROUP = Node(
    plan_models.FundingSource,
    (Value("group", Kind.TEXT), Rows("items", FUNDING_ITEM, lambda group: group.items, required=True)),
)
BODY = Node(
    plan_models.GovernanceBody,
    (
        Value("name", Kind.TEXT),
        Value("role", Kind.TEXT),
        Value("members", Kind.TEXTS),
        Value("meets", Kind.CHOICE, "meeting_frequency"),
    ),
)
RESPONSIBILITY = Node(
    plan_models.MonitoringResponsibility,
    (Value("category", Kind.CHOICE), Value("indicator_type", Kind.TEXT), Value("responsible", Kind.CHOICE)),
)

PLAN = Node(
    plan_models.Plan,
    (
        Value("slug", Kind.STRING),
        Value("default", Kind.BOOL, "is_default"),
        Value("city", Kind.TEXT),
        Value("country", Kind.TEXT),
        Value("title", Kind.TEXT),
        Value("network", Kind.STRING),
        Value("programme", Kind.STRING),
        Group("period", (Value("start", Kind.INT, "start_year"), Value("end", Kind.INT, "end_year"))),
        Value("source", Kind.TEXT, "source_note"),
        Rows("facts", FACT, lambda plan: plan.facts.all()),
        Value("context", Kind.TEXT),
        Value("methodology", Kind.TEXT),
        Value("integrated_approach", Kind.TEXT),
        Group(
            "problem",
            (
                Value("statement", Kind.TEXT, "core_problem"),
                Rows("causes", CAUSE, lambda plan: plan.causes.all()),
            ),
        ),
        Value("vision", Kind.TEXT),
        Rows("objectives", OBJECTIVE, lambda plan: plan.objectives.all(), required=True),
        Rows("indicators", INDICATOR, _plan_indicators),
        Group(
            "budget",
            (
                Value("total_eur", Kind.NUMBER, "total_budget_eur"),
                Value("summary", Kind.TEXT, "budget_summary"),
                Rows("phases", PHASE, lambda plan: plan.budget_phases.all(), name="budget_phases"),
            ),
        ),
        Group(
            "funding",
            (
                Value("summary", Kind.TEXT, "funding_summary"),
                Value("non_financial_resources", Kind.TEXT),
                Rows("sources", FUNDING_GROUP, _funding_groups, name="funding_groups"),
            ),
        ),
        Group(
            "governance",
            (
                Value("summary", Kind.TEXT, "governance_summary"),
                Rows("bodies", BODY, lambda plan: plan.governance_bodies.all(), name="governance_bodies"),
            ),
        ),
        Group(
            "monitoring",
            (
                Value("coordinator", Kind.TEXT, "monitoring_coordinator"),
                Value("quarterly_internal_reports", Kind.BOOL),
                Value("annual_public_reports", Kind.BOOL),
                Value("midterm_evaluation", Kind.BOOL),
                Value("final_evaluation", Kind.BOOL),
                Value("independent_evaluations", Kind.BOOL),
                Value("realtime_dashboard", Kind.BOOL),
                Value("summary", Kind.TEXT, "monitoring_summary"),
                Rows(
                    "responsibilities",
                    RESPONSIBILITY,
                    lambda plan: plan.monitoring_responsibilities.all(),
                    name="monitoring_responsibilities",
                ),
            ),
        ),
    ),
)


def plain_number(value: Decimal) -> int | float:
    """A stored amount as people write it: 5, not 5.00; 39.45 stays 39.45."""
    return int(value) if value == value.to_integral_value() else float(value)
