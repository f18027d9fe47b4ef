"""Writing a plan file: a plan from the database to the file's shape, and that to YAML text."""

from __future__ import annotations

import datetime
from decimal import Decimal
from itertools import zip_longest
from typing import Any

import yaml

from .. import models as plan_models
from .fields import FORMAT_VERSION, LANGUAGES, PLAN, Group, Kind, Rows, Spec, Value, plain_number


def plan_document(plan: plan_models.Plan) -> dict[str, Any]:
    """The plan in the file's shape (plain dicts and lists), from a plan loaded by `selectors.plan_with_actions`."""
    document = {"format": FORMAT_VERSION, **_dump_fields(PLAN.fields, plan)}
    # An indicator's responsible entity defaults to the M&E table's entity for its category; say it only if it differs.
    entities = {row.category: row.responsible for row in plan.monitoring_responsibilities.all()}
    for objective in document["objectives"]:
        for action in objective["actions"]:
            _drop_default_responsible(action.get("indicators", []), entities)
    _drop_default_responsible(document.get("indicators", []), entities)
    return document


def _drop_default_responsible(indicators: list[dict], entities: dict[str, str]) -> None:
    for indicator in indicators:
        if entities.get(indicator["category"]) == indicator["responsible"]:
            del indicator["responsible"]


def _dump_fields(specs: tuple[Spec, ...], obj: Any) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for spec in specs:
        if isinstance(spec, Group):
            value: Any = _dump_fields(spec.fields, obj)
        elif isinstance(spec, Rows):
            value = [_dump_fields(spec.node.fields, child) for child in spec.source(obj)]
        else:
            value = _dump_value(spec, obj)
        if not (value is None or value is False or (isinstance(value, str | list | dict) and not value)):
            out[spec.key] = value
    return out


def _dump_value(spec: Value, obj: Any) -> Any:
    if spec.kind is Kind.TEXT:
        return _dump_translations({lang: getattr(obj, f"{spec.name}_{lang}") or "" for lang in LANGUAGES})
    if spec.kind is Kind.TEXTS:
        lists = [getattr(obj, f"{spec.name}_{lang}") or [] for lang in LANGUAGES]
        return [_dump_translations(dict(zip(LANGUAGES, texts, strict=True))) for texts in zip_longest(*lists)]
    value = getattr(obj, spec.name)
    if isinstance(value, Decimal):
        return plain_number(value)
    if isinstance(value, datetime.date):
        return f"{value:%Y-%m}"
    return list(value) if isinstance(value, list) else value


def _dump_translations(texts: dict[str, str]) -> str | dict[str, str] | None:
    present = {lang: text for lang, text in texts.items() if text}
    if not present:
        return None
    if len(present) == len(LANGUAGES) and len(set(present.values())) == 1:
        return next(iter(present.values()))
    return present


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent list items under their key, as people write YAML by hand.
        super().increase_indent(flow, False)


def _represent_text(dumper: yaml.SafeDumper, text: str) -> yaml.Node:
    style = "|" if "\n" in text else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", text, style=style)


_Dumper.add_representer(str, _represent_text)


def write_plan_file(document: dict[str, Any], *, header: str = "") -> str:
    """YAML text for a document made by `plan_document`."""
    body = yaml.dump(document, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=110)
    comment = "".join(f"# {line}".rstrip() + "\n" for line in header.splitlines())
    return comment + body
