"""Lithuanian and English ship complete: every string is extracted, translated and compiled."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest

ROOT = Path(__file__).resolve().parents[3]
LOCALE_DIR = ROOT / "talentas" / "locale"
LANGUAGES = ["lt", "en"]


def _catalog(language: str) -> polib.POFile:
    return polib.pofile(str(LOCALE_DIR / language / "LC_MESSAGES" / "django.po"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_string_is_translated(language):
    catalog = _catalog(language)
    assert len(catalog) > 50
    untranslated = [entry.msgid for entry in catalog.untranslated_entries()]
    fuzzy = [entry.msgid for entry in catalog.fuzzy_entries()]
    assert not untranslated, f"{language}: untranslated: {untranslated[:20]}"
    assert not fuzzy, f"{language}: fuzzy: {fuzzy[:20]}"


@pytest.mark.parametrize("language", LANGUAGES)
def test_compiled_catalog_matches_its_source(language):
    source = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in _catalog(language).translated_entries()}
    compiled_file = LOCALE_DIR / language / "LC_MESSAGES" / "django.mo"
    compiled = {(e.msgctxt, e.msgid): e.msgstr or e.msgstr_plural for e in polib.mofile(str(compiled_file))}
    compiled.pop((None, ""), None)  # the header
    assert compiled == source, "django.mo is stale: run `make messages`"


def test_every_marked_string_is_in_the_catalog(tmp_path):
    """Re-extract the strings into a copy of the tree and compare with the committed catalog."""
    copy = tmp_path / "repo"
    ignore = shutil.ignore_patterns("__pycache__", "vendor", "*.pyc", "*.mo")
    shutil.copytree(ROOT / "talentas", copy / "talentas", ignore=ignore)
    shutil.copy(ROOT / "manage.py", copy / "manage.py")
    env = {**os.environ, "DEBUG": "1", "VAR_DIR": str(tmp_path / "var")}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "lt", "--no-obsolete", "--no-location"],
        cwd=copy,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    extracted = polib.pofile(str(copy / "talentas" / "locale" / "lt" / "LC_MESSAGES" / "django.po"))
    missing = {(e.msgctxt, e.msgid) for e in extracted} - {(e.msgctxt, e.msgid) for e in _catalog("lt")}
    assert not missing, f"strings not in the catalog (run `make messages`): {sorted(missing, key=str)[:20]}"
