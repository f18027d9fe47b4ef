"""The platform's Lithuanian ESCO labels shipped in talent/esco/labels_lt.csv (issue 11)."""

import csv
import gzip
import importlib.util
from pathlib import Path

import pytest

from talentas.talent.esco import PLATFORM_LABELS, SHIPPED_DIRECTORY

ROOT = Path(__file__).resolve().parents[3]
# Labels that read the same in both languages: names of technologies and standards.
SAME_IN_BOTH = {"JavaScript", "PHP", "SQL", "TypeScript"}


def _english(name: str) -> dict[str, str]:
    with gzip.open(SHIPPED_DIRECTORY / f"{name}.csv.gz", "rt", encoding="utf-8", newline="") as handle:
        return {row["conceptUri"]: row["preferredLabel"] for row in csv.DictReader(handle)}


@pytest.fixture(scope="module")
def shipped() -> list[dict[str, str]]:
    with open(SHIPPED_DIRECTORY / PLATFORM_LABELS, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.fixture(scope="module")
def selection():
    spec = importlib.util.spec_from_file_location("select_lt_labels", ROOT / "scripts" / "select_lt_labels.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_shipped_labels_cover_1000_skills_and_200_occupations_of_the_english_files(shipped):
    skills, occupations = _english("skills_en"), _english("occupations_en")
    uris = [row["conceptUri"] for row in shipped]
    assert len(uris) == len(set(uris))
    assert not set(uris) - set(skills) - set(occupations)
    assert sum(uri in skills for uri in uris) >= 1000
    assert sum(uri in occupations for uri in uris) >= 200


def test_shipped_labels_are_lithuanian_and_distinct(shipped):
    english = {**_english("skills_en"), **_english("occupations_en")}
    labels = [row["preferredLabel"] for row in shipped]
    assert all(label.strip() == label and label for label in labels)
    assert len({label.casefold() for label in labels}) == len(labels)
    untranslated = [label for row, label in zip(shipped, labels, strict=True) if label == english[row["conceptUri"]]]
    assert set(untranslated) <= SAME_IN_BOTH
    for row in shipped:
        synonyms = row["altLabels"].splitlines()
        assert all(synonym.strip() for synonym in synonyms), row["conceptUri"]
        assert row["preferredLabel"] not in synonyms, row["conceptUri"]


def test_every_selected_and_every_demo_concept_has_a_platform_label(shipped, selection):
    translated = {row["conceptUri"] for row in shipped}
    skills, occupations, _english_labels, _known = selection.select()
    assert len(skills) == 1000 and len(occupations) == 200
    assert not (set(skills) | set(occupations)) - translated
    demo_skills, demo_occupations = selection.demo_labels()
    skill_uri = selection.by_label(selection.rows("skills_en"))
    occupation_uri = selection.by_label(selection.rows("occupations_en"))
    assert {skill_uri[label.casefold()] for label in demo_skills} <= translated
    assert {occupation_uri[label.casefold()] for label in demo_occupations} <= translated
