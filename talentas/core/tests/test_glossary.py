"""The Lithuanian texts follow docs/glossary.md: none of its forbidden variants appears in the catalogue, the plan
file or the demo data (a variant marked † only where the English text names the term)."""

import ast
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import polib
import pytest
import yaml
from django.conf import settings

from talentas.plans.units import SEPARATOR

ROOT = Path(settings.BASE_DIR)
GLOSSARY = ROOT / "docs" / "glossary.md"
CATALOGUE = ROOT / "talentas" / "locale" / "lt" / "LC_MESSAGES" / "django.po"
PLAN_FILE = ROOT / "plans" / "alytus-iap.yaml"
DEMO_MODULES = sorted((ROOT / "talentas").glob("*/demo.py"))
ONLY_BESIDE_TERM = "†"


@dataclass(frozen=True)
class Variant:
    english_term: str
    stem: str
    only_beside_term: bool

    def found_in(self, lithuanian: str, english: str | None) -> bool:
        if self.only_beside_term and (english is None or not _starts_a_word(self.english_term, english)):
            return False
        return _starts_a_word(self.stem, lithuanian)


def _starts_a_word(stem: str, text: str) -> bool:
    # Lithuanian endings follow the stem, so only the start of the word is anchored.
    return re.search(rf"(?<!\w){re.escape(stem)}", text, flags=re.IGNORECASE) is not None


def glossary_variants() -> list[Variant]:
    variants = []
    for line in GLOSSARY.read_text(encoding="utf-8").splitlines():
        cells = [cell.strip() for cell in re.split(r"(?<!\\)\|", line.strip())[1:-1]]
        if len(cells) != 4 or cells[0] in ("English", "---"):
            continue
        english_term = re.split(r"[,(]", cells[0])[0].strip()
        for stem, mark in re.findall(r"`([^`]+)`\s*(†?)", cells[2]):
            variants.append(Variant(english_term, stem, only_beside_term=mark == ONLY_BESIDE_TERM))
    return variants


def catalogue_texts() -> Iterator[tuple[str, str | None, str]]:
    for entry in polib.pofile(str(CATALOGUE)):
        english = f"{entry.msgid}\n{entry.msgid_plural}"
        for text in [entry.msgstr, *entry.msgstr_plural.values()]:
            yield text, english, f"catalogue: {entry.msgid[:60]!r}"


def plan_file_texts() -> Iterator[tuple[str, str | None, str]]:
    def walk(node: object, path: str) -> Iterator[tuple[str, str | None, str]]:
        if isinstance(node, dict):
            if isinstance(node.get("lt"), str):
                english = node.get("en")
                yield node["lt"], english if isinstance(english, str) else None, f"plan file: {path}"
            for key, value in node.items():
                yield from walk(value, f"{path}.{key}")
        elif isinstance(node, list):
            for number, value in enumerate(node):
                yield from walk(value, f"{path}[{number}]")

    yield from walk(yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8")), "")


def demo_texts() -> Iterator[tuple[str, str | None, str]]:
    for module in DEMO_MODULES:
        for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Constant) and isinstance(node.value, str):
                yield node.value, None, f"{module.relative_to(ROOT)}:{node.lineno}"


def test_the_glossary_names_forbidden_variants_for_the_terms_of_the_issue():
    variants = glossary_variants()
    stems = {variant.stem for variant in variants}
    assert {"Priežiūros komitet", "seminar", "skydel", "tiksl", "emigrant", "Mano Talentas"} <= stems
    assert [v.english_term for v in variants if v.stem == "tiksl"] == ["goal"]
    assert all(v.only_beside_term for v in variants if v.stem in ("tiksl", "emigrant"))


def test_variant_matching_is_word_aware_and_inflection_aware():
    dashboard = Variant("dashboard", "skydel", only_beside_term=False)
    assert dashboard.found_in("Skaitmeniniame skydelyje", None)
    assert not dashboard.found_in("apskydelis", None)
    goal = Variant("goal", "tiksl", only_beside_term=True)
    assert goal.found_in("rodiklio tikslai", "indicator goals")
    assert not goal.found_in("strateginiai tikslai", "strategic objectives")


@pytest.mark.parametrize(
    "texts", [catalogue_texts, plan_file_texts, demo_texts], ids=["catalogue", "plan file", "demo data"]
)
def test_no_forbidden_variant_appears(texts):
    variants = glossary_variants()
    found = [
        f"{where}: {variant.stem!r} ({variant.english_term}) in {lithuanian[:80]!r}"
        for lithuanian, english, where in texts()
        for variant in variants
        if variant.found_in(lithuanian, english)
    ]
    assert found == []


def test_the_plan_files_units_give_every_plural_form():
    """A unit with forms gives as many as its language has: Lithuanian four, English two."""
    forms = {"lt": 4, "en": 2}
    units = [where for _lt, _en, where in plan_file_texts() if where.endswith(".unit")]
    assert len(units) > 20
    plan = yaml.safe_load(PLAN_FILE.read_text(encoding="utf-8"))

    def walk(node: object) -> Iterator[dict]:
        if isinstance(node, dict):
            if isinstance(node.get("unit"), dict):
                yield node["unit"]
            for value in node.values():
                yield from walk(value)
        elif isinstance(node, list):
            for value in node:
                yield from walk(value)

    for unit in walk(plan):
        for language, text in unit.items():
            if SEPARATOR in text:
                assert len(text.split(SEPARATOR)) == forms[language], unit
