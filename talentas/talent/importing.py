"""Spreadsheet migration: talents and opportunities from CSV or JSON Lines, row by row through the services.

Each row is saved in its own transaction, so a bad row is reported (line and reason) and skipped while
good rows are kept. Importing the same file twice updates the same profiles and skips opportunities
that already exist (same organisation and title).
"""

import csv
import json
import secrets
from datetime import date
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import validate_email
from django.db import transaction

from talentas.accounts import selectors as account_selectors
from talentas.accounts import services as account_services
from talentas.accounts.models import Role
from talentas.core.city import default_location
from talentas.core.errors import DomainError
from talentas.organisations import selectors as organisation_selectors

from . import permissions, selectors, services
from .models import Cefr, Opportunity, TalentProfile

CEFR_CODES = {label.split(" ")[0].upper(): value for value, label in Cefr.choices}
LEVEL_WORDS = {"basic": 1, "intermediate": 2, "advanced": 3, "expert": 4}


class RowError(Exception):
    pass


def read_rows(path: Path):
    """(line number, row dict) for each record of a CSV (header line first) or JSON Lines file."""
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    yield number, RowError(f"not valid JSON ({error.msg})")
                    continue
                yield number, record if isinstance(record, dict) else RowError("a line must hold a JSON object")
    else:
        with open(path, encoding="utf-8-sig", newline="") as handle:
            reader = csv.DictReader(handle)
            for row in reader:
                yield reader.line_num, row


def _text(row: dict, name: str, default: str = "") -> str:
    value = row.get(name)
    return default if value is None else str(value).strip()


def _int(row: dict, name: str) -> int | None:
    value = _text(row, name)
    if not value:
        return None
    try:
        return int(value)
    except ValueError as error:
        raise RowError(f"{name}: {value!r} is not a whole number") from error


def _date(row: dict, name: str) -> date | None:
    value = _text(row, name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise RowError(f"{name}: {value!r} is not a date (YYYY-MM-DD)") from error


def _items(value: Any) -> list:
    if isinstance(value, list):
        return value
    return [part.strip() for part in str(value or "").split(";") if part.strip()]


def _skills(value: Any, *, column: str) -> list[tuple[int, int]]:
    """'Python:3; welding' or [{"skill": "Python", "level": 3}] -> [(skill id, level)]."""
    result = []
    for item in _items(value):
        if isinstance(item, dict):
            name, level = str(item.get("skill", "")), int(item.get("level", 2))
        else:
            name, level = item, 2
            head, _sep, tail = item.rpartition(":")
            if head and (tail.strip().isdigit() or tail.strip().lower() in LEVEL_WORDS):
                name = head
                level = int(tail) if tail.strip().isdigit() else LEVEL_WORDS[tail.strip().lower()]
        skill = selectors.resolve_skill(name)
        if skill is None:
            raise RowError(f"{column}: no ESCO skill called {name.strip()!r}")
        if level not in (1, 2, 3, 4):
            raise RowError(f"{column}: level of {name.strip()!r} must be 1 to 4")
        result.append((skill.pk, level))
    return result


def _level(text: str, *, column: str) -> int:
    text = text.strip().upper()
    if text in CEFR_CODES:
        return CEFR_CODES[text]
    if text.isdigit() and 1 <= int(text) <= 6:
        return int(text)
    raise RowError(f"{column}: {text!r} is not a CEFR level (A1 … C2)")


def _languages(value: Any, *, column: str = "languages") -> list[tuple[str, int, bool]]:
    """'lt:C2; en:B2:optional' or [{"language": "lt", "level": "C2", "required": true}]."""
    result = []
    for item in _items(value):
        if isinstance(item, dict):
            code = str(item.get("language", ""))
            level = _level(str(item.get("level", item.get("min_level", ""))), column=column)
            required = bool(item.get("required", True))
        else:
            parts = [p.strip() for p in item.split(":")]
            if len(parts) < 2:
                raise RowError(f"{column}: write a language as code:level, e.g. lt:C2")
            code, level, required = parts[0].lower(), _level(parts[1], column=column), True
            if len(parts) > 2:
                required = parts[2].lower() not in ("optional", "no", "false", "0")
        result.append((code.lower(), level, required))
    return result


def _occupation(row: dict) -> int | None:
    name = _text(row, "occupation")
    if not name:
        return None
    occupation = selectors.resolve_occupation(name)
    if occupation is None:
        raise RowError(f"occupation: no ESCO occupation called {name!r}")
    return occupation.pk


def _yes(row: dict, name: str) -> bool:
    value = row.get(name)
    if isinstance(value, bool):
        return value
    return _text(row, name).lower() in ("yes", "y", "true", "1", "taip")


def import_talent_row(row: dict) -> str:
    email = _text(row, "email").lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise RowError(f"email: {email!r} is not an e-mail address") from error
    kind = _text(row, "kind")
    if kind not in TalentProfile.Kind.values:
        raise RowError(f"kind: {kind!r} is not one of {', '.join(TalentProfile.Kind.values)}")
    data = services.ProfileInput(
        kind=kind,
        headline=_text(row, "headline"),
        about=_text(row, "about"),
        city=_text(row, "city"),
        country=_text(row, "country"),
        mobility=_text(row, "mobility"),
        move_date=_date(row, "move_date"),
        remote_ok=_yes(row, "remote_ok"),
        education_level=_int(row, "education_level"),
        education_field=_text(row, "education_field"),
        institution=_text(row, "institution"),
        education_start=_int(row, "education_start"),
        education_end=_int(row, "education_end"),
        occupation_id=_occupation(row),
        experience_years=_int(row, "experience_years"),
        looking_for=tuple(k.strip() for k in str(_text(row, "looking_for")).split(",") if k.strip())
        if not isinstance(row.get("looking_for"), list)
        else tuple(row["looking_for"]),
        available_from=_date(row, "available_from"),
        visibility=_text(row, "visibility", TalentProfile.Visibility.EMPLOYERS) or TalentProfile.Visibility.EMPLOYERS,
    )
    skills = _skills(row.get("skills"), column="skills")
    languages = [(code, level) for code, level, _required in _languages(row.get("languages"))]
    user = account_selectors.user_with_email(email, include_inactive=True)
    if user is not None and not user.is_active:
        raise RowError("email: this account is deactivated")
    if user is None:
        # People set their own password through "forgot password"; nobody knows this one.
        user = account_services.ensure_verified_account(
            email=email, full_name=_text(row, "full_name"), password=secrets.token_urlsafe(32)
        )
    account_services.grant_role(user=user, role=Role.TALENT)
    services.save_talent_profile(user=user, data=data, skills=skills, languages=languages, consent=_yes(row, "consent"))
    return email


def import_opportunity_row(row: dict) -> str:
    organisation = organisation_selectors.organisation_by_slug(_text(row, "organisation"))
    if organisation is None:
        raise RowError(f"organisation: no organisation {_text(row, 'organisation')!r}")
    poster = account_selectors.user_with_email(_text(row, "poster"))
    if poster is None or not permissions.can_post_opportunities(poster, organisation):
        raise RowError("poster: must be the e-mail of a member of this verified organisation")
    title = _text(row, "title")
    if Opportunity.objects.filter(organisation=organisation, title=title).exists():
        raise RowError(f"title: {organisation.name} already has an opportunity called {title!r}")
    data = services.OpportunityInput(
        kind=_text(row, "kind"),
        title=title,
        description=_text(row, "description"),
        occupation_id=_occupation(row),
        education_level=_int(row, "education_level"),
        city=_text(row, "city", default_location()),
        workplace=_text(row, "workplace", Opportunity.Workplace.ON_SITE) or Opportunity.Workplace.ON_SITE,
        salary_min=_int(row, "salary_min"),
        salary_max=_int(row, "salary_max"),
        start_date=_date(row, "start_date"),
        closes_on=_date(row, "closes_on"),
    )
    skills = [(pk, True) for pk, _l in _skills(row.get("required_skills"), column="required_skills")]
    skills += [(pk, False) for pk, _l in _skills(row.get("optional_skills"), column="optional_skills")]
    services.create_opportunity(
        user=poster, organisation=organisation, data=data, skills=skills, languages=_languages(row.get("languages"))
    )
    return title


def _reason(error: Exception) -> str:
    if isinstance(error, DomainError):
        return f"{error.field}: {error.message}" if error.field else str(error.message)
    if isinstance(error, ValidationError):
        return (
            "; ".join(
                f"{field}: {' '.join(str(m) for m in messages)}" for field, messages in error.message_dict.items()
            )
            if hasattr(error, "error_dict")
            else " ".join(error.messages)
        )
    return str(error)


class ImportCommand(BaseCommand):
    import_row: Any = None

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="A .csv file (header line first) or a .jsonl file.")

    def handle(self, *args, file: str, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{path} is not a file.")
        good, bad = 0, 0
        for number, row in read_rows(path):
            try:
                if isinstance(row, Exception):
                    raise row
                with transaction.atomic():
                    self.import_row(row)
            except (RowError, DomainError, ValidationError, ValueError) as error:
                bad += 1
                self.stderr.write(f"line {number}: {_reason(error)}")
            else:
                good += 1
                if good % 100 == 0:
                    self.stdout.write(f"  {good} rows imported…")
        self.stdout.write(self.style.SUCCESS(f"{good} rows imported, {bad} rows skipped."))
