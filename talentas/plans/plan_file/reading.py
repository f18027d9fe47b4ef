"""Reading a plan file: YAML text to a checked Row tree, or every problem with its place in the file."""

from __future__ import annotations

import datetime
import difflib
from decimal import Decimal, InvalidOperation
from typing import Any

import yaml
from django.core.exceptions import ValidationError
from django.db import models

from ..models import KeyListValidator
from .fields import (
    FORMAT_VERSION,
    LANGUAGES,
    MONTH,
    PLAN,
    Group,
    Kind,
    Node,
    Path,
    PlanFileInvalid,
    Problem,
    Row,
    Rows,
    Spec,
    Value,
    format_path,
)


def read_plan_file(text: str) -> Row:
    """Parse and check a whole plan file; return the plan's Row tree or raise PlanFileInvalid with every problem."""
    raw, lines, problems = _parse_yaml(text)
    if problems:
        raise PlanFileInvalid(problems)
    reader = _Reader(lines)
    if not isinstance(raw, dict):
        reader.problem((), f"the file must be a mapping (key: value) describing one plan, got {_describe(raw)}")
        raise PlanFileInvalid(reader.problems)
    version = raw.pop("format", FORMAT_VERSION)
    if version != FORMAT_VERSION:
        reader.problem(("format",), f"this Talentas reads format {FORMAT_VERSION}, got {_describe(version)}")
    root = reader.read_row(PLAN, raw, ())
    _check_plan(reader, root)
    if reader.problems:
        raise PlanFileInvalid(reader.problems)
    return root


def _parse_yaml(text: str) -> tuple[Any, dict[Path, int], list[Problem]]:
    """YAML to Python values, remembering the line of every value and refusing duplicate keys."""
    loader = yaml.SafeLoader(text)
    lines: dict[Path, int] = {}
    problems: list[Problem] = []
    try:
        node = loader.get_single_node()
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = ", ".join(filter(None, [getattr(error, "context", None), getattr(error, "problem", None)]))
        line = mark.line + 1 if mark is not None else None
        return None, lines, [Problem((), f"not valid YAML: {problem or error}", line)]

    def convert(node: yaml.Node, path: Path) -> Any:
        lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key = loader.construct_object(key_node, deep=True) if isinstance(key_node, yaml.ScalarNode) else None
                if not isinstance(key, str):
                    problems.append(Problem(path, f"keys must be words, got {_describe(key)}", lines[path]))
                    continue
                if key in result:
                    line = key_node.start_mark.line + 1
                    problems.append(Problem((*path, key), "this key is given twice in the same mapping", line))
                    continue
                result[key] = convert(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [convert(item, (*path, index)) for index, item in enumerate(node.value)]
        return loader.construct_object(node, deep=True)

    if node is None:
        return None, lines, [Problem((), "the file is empty", 1)]
    try:
        return convert(node, ()), lines, problems
    except yaml.YAMLError as error:  # a scalar that does not construct, e.g. a bad !!timestamp
        return None, lines, [Problem((), f"not valid YAML: {error}")]


def _describe(value: Any) -> str:
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    if isinstance(value, str):
        return repr(value)
    return str(value)


def _model_field(node: Node, name: str) -> models.Field:
    return node.model._meta.get_field(name)  # type: ignore[return-value]


def _is_required(model_field: models.Field) -> bool:
    return not model_field.blank and not model_field.has_default()


def _empty(kind: Kind) -> Any:
    return {
        Kind.TEXT: dict.fromkeys(LANGUAGES, ""),
        Kind.TEXTS: {lang: [] for lang in LANGUAGES},
        Kind.STRING: "",
        Kind.CHOICE: "",
        Kind.BOOL: False,
        Kind.KEYS: [],
    }.get(kind)


class _Reader:
    def __init__(self, lines: dict[Path, int]):
        self.lines = lines
        self.problems: list[Problem] = []

    def problem(self, path: Path, message: str) -> None:
        # A missing key has no line of its own: point at the mapping that lacks it.
        place = path
        while place and place not in self.lines:
            place = place[:-1]
        self.problems.append(Problem(path, message, self.lines.get(place)))

    def read_row(self, node: Node, raw: Any, path: Path) -> Row:
        row = Row(path)
        self._read_fields(node, node.fields, raw, path, row)
        return row

    def _read_fields(self, node: Node, specs: tuple[Spec, ...], raw: Any, path: Path, row: Row) -> None:
        if not isinstance(raw, dict):
            self.problem(path, f"must be a mapping (key: value), got {_describe(raw)}")
            raw = {}
        known = [spec.key for spec in specs]
        for key in raw:
            if key not in known:
                close = difflib.get_close_matches(key, known, n=1)
                hint = f"; did you mean '{close[0]}'?" if close else f"; known keys: {', '.join(known)}"
                self.problem((*path, key), f"unknown key{hint}")
        for spec in specs:
            value = raw.get(spec.key)
            at = (*path, spec.key)
            if isinstance(spec, Group):
                if value is None and self._group_required(node, spec):
                    self.problem(at, "is required")
                self._read_fields(node, spec.fields, {} if value is None else value, at, row)
            elif isinstance(spec, Rows):
                row.children[spec.child_name] = self._read_rows(spec, value, at)
            elif value is None:
                if _is_required(_model_field(node, spec.name)) and not spec.optional:
                    self.problem(at, "is required")
                row.values[spec.name] = _empty(spec.kind)
            else:
                row.values[spec.name] = self._read_value(spec.kind, _model_field(node, spec.name), value, at)

    def _group_required(self, node: Node, group: Group) -> bool:
        return any(
            (isinstance(spec, Value) and _is_required(_model_field(node, spec.name)))
            or (isinstance(spec, Rows) and spec.required)
            for spec in group.fields
        )

    def _read_rows(self, spec: Rows, value: Any, path: Path) -> list[Row]:
        if value is None:
            value = []
        if not isinstance(value, list):
            self.problem(path, f"must be a list, got {_describe(value)}")
            return []
        if spec.required and not value:
            self.problem(path, "needs at least one entry")
        return [self.read_row(spec.node, item, (*path, index)) for index, item in enumerate(value)]

    def _read_value(self, kind: Kind, model_field: models.Field, value: Any, path: Path) -> Any:
        reader = getattr(self, f"_read_{kind.value}")
        result = reader(value, path, model_field)
        return _empty(kind) if result is None else result

    def _validate(self, value: Any, path: Path, model_field: models.Field) -> Any:
        try:
            model_field.run_validators(value)
        except ValidationError as error:
            self.problem(path, " ".join(str(message) for message in error.messages))
            return None
        return value

    def _read_text(self, value: Any, path: Path, model_field: models.Field) -> dict[str, str] | None:
        texts = self._translations(value, path)
        if texts is None:
            return None
        if _is_required(model_field) and not any(texts.values()):
            self.problem(path, "is required and may not be empty")
        limit = model_field.max_length
        for lang, text in texts.items():
            if limit and len(text) > limit:
                where = path if isinstance(value, str) else (*path, lang)
                self.problem(where, f"is too long: {len(text)} characters, at most {limit}")
        return texts

    def _translations(self, value: Any, path: Path) -> dict[str, str] | None:
        if isinstance(value, str):
            return dict.fromkeys(LANGUAGES, value.strip())
        if not isinstance(value, dict):
            self.problem(
                path, f"must be text or a mapping of languages like {{en: ..., lt: ...}}, got {_describe(value)}"
            )
            return None
        texts = dict.fromkeys(LANGUAGES, "")
        for lang, text in value.items():
            if lang not in LANGUAGES:
                self.problem((*path, lang), f"unknown language; use {', '.join(LANGUAGES)}")
            elif not isinstance(text, str):
                self.problem((*path, lang), f"must be text, got {_describe(text)}")
            else:
                texts[lang] = text.strip()
        return texts

    def _read_texts(self, value: Any, path: Path, model_field: models.Field) -> dict[str, list[str]] | None:
        if not isinstance(value, list):
            self.problem(path, f"must be a list, got {_describe(value)}")
            return None
        lists: dict[str, list[str]] = {lang: [] for lang in LANGUAGES}
        for index, item in enumerate(value):
            texts = self._translations(item, (*path, index))
            if texts is None:
                continue
            if not any(texts.values()):
                self.problem((*path, index), "may not be empty")
                continue
            # Lists stay aligned across languages: an untranslated entry shows its other language.
            fallback = next(text for text in texts.values() if text)
            for lang in LANGUAGES:
                lists[lang].append(texts[lang] or fallback)
        return lists

    def _read_string(self, value: Any, path: Path, model_field: models.Field) -> str | None:
        if not isinstance(value, str):
            hint = f' (quote it: "{value}")' if isinstance(value, int | float) and not isinstance(value, bool) else ""
            self.problem(path, f"must be text{hint}, got {_describe(value)}")
            return None
        value = value.strip()
        if not value:
            if _is_required(model_field):
                self.problem(path, "is required and may not be empty")
            return value
        return self._validate(value, path, model_field)

    def _read_int(self, value: Any, path: Path, model_field: models.Field) -> int | None:
        if not isinstance(value, int) or isinstance(value, bool):
            self.problem(path, f"must be a whole number, got {_describe(value)}")
            return None
        return self._validate(value, path, model_field)

    def _read_number(self, value: Any, path: Path, model_field: models.Field) -> Decimal | None:
        if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
            self.problem(path, f"must be a number, got {_describe(value)}")
            return None
        try:
            number = Decimal(str(value))
        except InvalidOperation:
            number = Decimal("NaN")
        if not number.is_finite():
            self.problem(path, f"must be a number, got {_describe(value)}")
            return None
        return self._validate(number, path, model_field)

    def _read_bool(self, value: Any, path: Path, model_field: models.Field) -> bool | None:
        if not isinstance(value, bool):
            self.problem(path, f"must be true or false, got {_describe(value)}")
            return None
        return value

    def _read_choice(self, value: Any, path: Path, model_field: models.Field) -> str | None:
        allowed = [str(key) for key, _label in model_field.choices or ()]
        if value not in allowed:
            close = difflib.get_close_matches(str(value), allowed, n=1)
            hint = f"; did you mean '{close[0]}'?" if close else ""
            self.problem(path, f"must be one of {', '.join(allowed)}; got {_describe(value)}{hint}")
            return None
        return value

    def _read_keys(self, value: Any, path: Path, model_field: models.Field) -> list[str] | None:
        if not isinstance(value, list):
            self.problem(path, f"must be a list, got {_describe(value)}")
            return None
        choices = next(v.choices for v in model_field.validators if isinstance(v, KeyListValidator))
        keys: list[str] = []
        for index, key in enumerate(value):
            if key not in choices.values:
                close = difflib.get_close_matches(str(key), choices.values, n=1)
                hint = f"did you mean '{close[0]}'?" if close else f"use {', '.join(choices.values)}"
                self.problem((*path, index), f"unknown key {_describe(key)}; {hint}")
            elif key in keys:
                self.problem((*path, index), f"'{key}' is listed twice")
            else:
                keys.append(key)
        return keys

    def _read_month(self, value: Any, path: Path, model_field: models.Field) -> datetime.date | None:
        match = MONTH.match(value) if isinstance(value, str) else None
        if match is None or not 1 <= int(match[2]) <= 12:
            self.problem(path, f"must be a month written 'YYYY-MM', e.g. '2025-01', got {_describe(value)}")
            return None
        return datetime.date(int(match[1]), int(match[2]), 1)


def _check_plan(reader: _Reader, plan: Row) -> None:
    """The rules that span fields and rows: unique codes, dates in order, defaults taken from the M&E table."""
    values = plan.values
    _years_in_order(reader, plan, ("period",), "start_year", "end_year")
    objectives = plan.children["objectives"]
    actions = [action for objective in objectives for action in objective.children["actions"]]
    indicators = [indicator for action in actions for indicator in action.children["indicators"]]
    indicators += plan.children["indicators"]
    _unique(reader, objectives, "code", "code")
    _unique(reader, actions, "code", "code")
    _unique(reader, indicators, "code", "code")
    _unique(reader, plan.children["budget_phases"], "horizon", "horizon")
    _unique(reader, plan.children["monitoring_responsibilities"], "category", "category")
    for phase in plan.children["budget_phases"]:
        _years_in_order(reader, phase, ("years",), "start_year", "end_year")
    for objective in objectives:
        prefix = f"{objective.values['code']}."
        for action in objective.children["actions"]:
            code = action.values["code"]
            if objective.values["code"] and code and not code.startswith(prefix):
                reader.problem(
                    (*action.path, "code"), f"must start with its objective's code and a dot, e.g. '{prefix}1'"
                )
            _check_schedule(reader, action, values["start_year"], values["end_year"])
    entities = {
        row.values["category"]: row.values["responsible"] for row in plan.children["monitoring_responsibilities"]
    }
    for indicator in indicators:
        _check_indicator(reader, indicator, entities)


def _unique(reader: _Reader, rows: list[Row], name: str, key: str) -> None:
    seen: dict[Any, Row] = {}
    for row in rows:
        value = row.values.get(name)
        if not value:
            continue
        if value in seen:
            reader.problem((*row.path, key), f"'{value}' is used twice; first at {format_path(seen[value].path)}")
        else:
            seen[value] = row


def _years_in_order(reader: _Reader, row: Row, group: Path, start: str, end: str) -> None:
    first, last = row.values.get(start), row.values.get(end)
    if first is not None and last is not None and first > last:
        reader.problem((*row.path, *group, "end"), f"{last} is before the start, {first}")


def _check_schedule(reader: _Reader, action: Row, first_year: int | None, last_year: int | None) -> None:
    start, end, ready = (action.values[name] for name in ("planned_start", "planned_end", "ready_by"))
    at = (*action.path, "schedule")
    if (start is None) != (end is None):
        reader.problem(at, "give both start and end, or neither")
        return
    if start is None:
        if ready is not None:
            reader.problem((*at, "ready_by"), "needs a start and an end")
        return
    if start > end:
        reader.problem((*at, "end"), f"{end:%Y-%m} is before the start, {start:%Y-%m}")
    if ready is not None and not start <= ready <= end:
        reader.problem((*at, "ready_by"), f"{ready:%Y-%m} is outside {start:%Y-%m} to {end:%Y-%m}")
    if first_year is not None and last_year is not None:
        for key, month in (("start", start), ("end", end)):
            if not first_year <= month.year <= last_year:
                reader.problem((*at, key), f"{month:%Y-%m} is outside the plan's period, {first_year} to {last_year}")


def _check_indicator(reader: _Reader, indicator: Row, entities: dict[str, str]) -> None:
    values = indicator.values
    if (values["target_value"] is None) != (values["target_period"] == ""):
        reader.problem((*indicator.path, "target"), "give both value and period, or neither")
    if values["baseline_year"] is not None and values["baseline_value"] is None:
        reader.problem((*indicator.path, "baseline", "value"), "is required when the baseline has a year")
    if not values["responsible"]:
        if values["category"] in entities:
            values["responsible"] = entities[values["category"]]
        elif values["category"]:
            reader.problem(
                (*indicator.path, "responsible"),
                f"is required: monitoring.responsibilities names no entity for category '{values['category']}'",
            )
