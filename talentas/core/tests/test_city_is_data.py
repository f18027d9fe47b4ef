"""The city is data: its name is in the plan file and the settings, never in the code, so another city can run."""

import re
from pathlib import Path

import yaml
from django.conf import settings

CODE = Path(settings.BASE_DIR) / "talentas"
# Demo data, tests and historic migrations may name the shipped city; nothing else may.
ALLOWED = re.compile(r"(^|/)(tests|migrations)/|demo")


def _names_of_the_plans_city() -> set[str]:
    city = yaml.safe_load(settings.CITY_PLAN_FILE.read_text(encoding="utf-8"))["city"]
    names = set(city.values()) if isinstance(city, dict) else {city}
    # Lithuanian inflects the name (Alytus, Alytaus, Alytuje, Alytų): look for the stem without the ending.
    return {name[:-2] if len(name) > 5 else name for name in names}


def test_no_code_or_template_names_the_plans_city():
    stems = _names_of_the_plans_city()
    assert stems and all(stems)
    pattern = re.compile("|".join(re.escape(stem) for stem in stems))
    offenders = [
        f"{path.relative_to(CODE)}:{number}"
        for path in sorted(CODE.rglob("*"))
        if path.suffix in (".py", ".html") and not ALLOWED.search(str(path.relative_to(CODE)))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if pattern.search(line)
    ]
    assert offenders == []


def test_pages_show_the_city_from_settings(client, settings, db):
    settings.CITY_NAME = "Tampere"
    assert "Events in Tampere" in client.get("/en/events/").content.decode()
