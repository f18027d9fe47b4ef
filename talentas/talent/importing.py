"""Spreadsheet migration: talents and opportunities from CSV or JSON Lines, row by row through the services.

Each row is saved in its own transaction, so a bad row is reported (line and reason) and skipped while
good rows are kept. A row may carry an `external_key` (the city's or the organisation's own key for the
record): it is kept on the record, a re-import with the same key updates the record instead of adding
another, and the results file (line, external_key, id, created/updated/refused, message) matches every
row back to what became of it. Without a key, people are matched by e-mail and an opportunity whose
organisation already has one with the same title is refused.

New people get an account with an unusable password and an invitation to set their own (see
accounts.services.invite_account), so no password is hashed per row.
"""

import csv
import json
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from talentas.accounts import selectors as account_selectors
from talentas.accounts import services as account_services
from talentas.accounts.models import Role
from talentas.core.city import default_location
from talentas.core.commands import CommandInALanguage
from talentas.core.errors import DomainError
from talentas.organisations import selectors as organisation_selectors

from . import permissions, selectors, services
from .models import Cefr, Opportunity, TalentProfile

CEFR_CODES = {label.split(" ")[0].upper(): value for value, label in Cefr.choices}
LEVEL_WORDS = {"basic": 1, "intermediate": 2, "advanced": 3, "expert": 4}
EXTERNAL_KEY_LENGTH = TalentProfile._meta.get_field("external_key").max_length or 100
RESULT_COLUMNS = ("line", "external_key", "id", "result", "message")
INVITATION_REASON = gettext_lazy(
    "Your talent profile has been brought over to this platform. Once you have signed in, you can check it, "
    "change who sees it, or delete it."
)


class RowError(Exception):
    pass


@dataclass(frozen=True)
class Saved:
    """What became of a good row: `created` or `updated`, the record's id, and a note (e.g. an invitation)."""

    result: str
    id: int
    message: str = ""


@dataclass(frozen=True)
class RowResult:
    line: int
    external_key: str
    id: int | None
    result: str  # created, updated or refused
    message: str


def read_rows(path: Path) -> Iterator[tuple[int, dict | RowError]]:
    """(line number, row dict) for each record of a CSV (header line first) or JSON Lines file."""
    if path.suffix.lower() in (".jsonl", ".ndjson", ".json"):
        with open(path, encoding="utf-8") as handle:
            for number, line in enumerate(handle, start=1):
                if not line.strip():
                    continue
                try:
                    record = json.loads(line)
                except json.JSONDecodeError as error:
                    yield number, RowError(_("not valid JSON (%(error)s)") % {"error": error.msg})
                    continue
                yield number, record if isinstance(record, dict) else RowError(_("a line must hold a JSON object"))
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
        raise RowError(_("%(column)s: %(value)r is not a whole number") % {"column": name, "value": value}) from error


def _date(row: dict, name: str) -> date | None:
    value = _text(row, name)
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as error:
        raise RowError(
            _("%(column)s: %(value)r is not a date (YYYY-MM-DD)") % {"column": name, "value": value}
        ) from error


def _external_key(row: dict) -> str:
    key = _text(row, "external_key")
    if len(key) > EXTERNAL_KEY_LENGTH:
        raise RowError(_("external_key: at most %(n)s characters") % {"n": EXTERNAL_KEY_LENGTH})
    return key


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
            raise RowError(_("%(column)s: no ESCO skill called %(name)r") % {"column": column, "name": name.strip()})
        if level not in (1, 2, 3, 4):
            raise RowError(_("%(column)s: level of %(name)r must be 1 to 4") % {"column": column, "name": name.strip()})
        result.append((skill.pk, level))
    return result


def _level(text: str, *, column: str) -> int:
    text = text.strip().upper()
    if text in CEFR_CODES:
        return CEFR_CODES[text]
    if text.isdigit() and 1 <= int(text) <= 6:
        return int(text)
    raise RowError(_("%(column)s: %(value)r is not a CEFR level (A1 … C2)") % {"column": column, "value": text})


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
                raise RowError(_("%(column)s: write a language as code:level, e.g. lt:C2") % {"column": column})
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
        raise RowError(_("occupation: no ESCO occupation called %(name)r") % {"name": name})
    return occupation.pk


def _yes(row: dict, name: str) -> bool:
    value = row.get(name)
    if isinstance(value, bool):
        return value
    return _text(row, name).lower() in ("yes", "y", "true", "1", "taip")


def _invitation_language(row: dict) -> str:
    language = _text(row, "language").lower()
    if language and language not in dict(settings.LANGUAGES):
        raise RowError(
            _("language: %(value)r is not one of %(choices)s")
            % {"value": language, "choices": ", ".join(dict(settings.LANGUAGES))}
        )
    return language or settings.LANGUAGE_CODE


def import_talent_row(row: dict) -> Saved:
    """Create or update one person's profile: found by `external_key` when the row has one, else by e-mail.
    A new e-mail gets an account without a password and an invitation in the row's `language`."""
    email = _text(row, "email").lower()
    try:
        validate_email(email)
    except ValidationError as error:
        raise RowError(_("email: %(value)r is not an e-mail address") % {"value": email}) from error
    kind = _text(row, "kind")
    if kind not in TalentProfile.Kind.values:
        raise RowError(
            _("kind: %(value)r is not one of %(choices)s")
            % {"value": kind, "choices": ", ".join(TalentProfile.Kind.values)}
        )
    key = _external_key(row)
    language = _invitation_language(row)
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
    keyed = TalentProfile.objects.filter(external_key=key).first() if key else None
    if keyed is not None and (user is None or keyed.user_id != user.pk):
        raise RowError(_("external_key: this key belongs to the profile of another e-mail address"))
    if user is not None and not user.is_active:
        raise RowError(_("email: this account is deactivated"))
    note = ""
    if user is None:
        user = account_services.invite_account(
            email=email, full_name=_text(row, "full_name"), preferred_language=language, reason=INVITATION_REASON
        )
        note = _("invitation sent")
    profile = TalentProfile.objects.filter(user=user).only("pk", "external_key").first()
    if key and profile is not None and profile.external_key not in ("", key):
        raise RowError(
            _("external_key: this person's profile already has the key %(key)r") % {"key": profile.external_key}
        )
    account_services.grant_role(user=user, role=Role.TALENT)
    saved = services.save_talent_profile(
        user=user,
        data=data,
        skills=skills,
        languages=languages,
        consent=_yes(row, "consent"),
        external_key=key or None,
    )
    return Saved("updated" if profile is not None else "created", saved.pk, note)


def import_opportunity_row(row: dict) -> Saved:
    """Create an opportunity, or update the organisation's one with the row's `external_key`."""
    organisation = organisation_selectors.organisation_by_slug(_text(row, "organisation"))
    if organisation is None:
        raise RowError(_("organisation: no organisation %(slug)r") % {"slug": _text(row, "organisation")})
    poster = account_selectors.user_with_email(_text(row, "poster"))
    if poster is None or not permissions.can_post_opportunities(poster, organisation):
        raise RowError(_("poster: must be the e-mail of a member of this verified organisation"))
    key = _external_key(row)
    title = _text(row, "title")
    existing = Opportunity.objects.filter(organisation=organisation, external_key=key).first() if key else None
    if (
        not key
        and Opportunity.objects.filter(Q(title_lt=title) | Q(title_en=title), organisation=organisation).exists()
    ):
        raise RowError(
            _("title: %(organisation)s already has an opportunity called %(title)r")
            % {"organisation": organisation.name, "title": title}
        )
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
    languages = _languages(row.get("languages"))
    if existing is not None:
        services.update_opportunity(user=poster, opportunity=existing, data=data, skills=skills, languages=languages)
        return Saved("updated", existing.pk)
    created = services.create_opportunity(
        user=poster, organisation=organisation, data=data, skills=skills, languages=languages, external_key=key
    )
    return Saved("created", created.pk)


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


def import_rows(
    rows: Iterator[tuple[int, dict | RowError]], import_row: Callable[[dict], Saved]
) -> Iterator[RowResult]:
    """Each row through `import_row` in its own transaction, one result a row as it is done; a refused row's
    result carries the reason."""
    for number, row in rows:
        key = _text(row, "external_key") if isinstance(row, dict) else ""
        try:
            if isinstance(row, Exception):
                raise row
            with transaction.atomic():
                saved = import_row(row)
        except (RowError, DomainError, ValidationError, ValueError) as error:
            yield RowResult(number, key, None, "refused", _reason(error))
        else:
            yield RowResult(number, key, saved.id, saved.result, saved.message)


class ImportCommand(CommandInALanguage):
    import_row: ClassVar[Callable[[dict], Saved]]

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="A .csv file (header line first) or a .jsonl file.")
        parser.add_argument(
            "--results",
            help="Where to write the results CSV (line, external_key, id, result, message); "
            "default: beside FILE, named FILE.results.csv.",
        )

    def handle(self, *args, file: str, results: str | None = None, **options) -> None:
        path = Path(file)
        if not path.is_file():
            raise CommandError(_("%(path)s is not a file.") % {"path": path})
        results_path = Path(results) if results else path.with_name(f"{path.name}.results.csv")
        started = time.monotonic()
        counts = {"created": 0, "updated": 0, "refused": 0}

        # Written row by row, so that whatever stops the run, the rows already saved can be matched back.
        with open(results_path, "w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow(RESULT_COLUMNS)
            for result in import_rows(read_rows(path), type(self).import_row):
                writer.writerow([result.line, result.external_key, result.id or "", result.result, result.message])
                handle.flush()
                counts[result.result] += 1
                if result.result == "refused":
                    self.stderr.write(_("line %(line)s: %(reason)s") % {"line": result.line, "reason": result.message})
                elif (counts["created"] + counts["updated"]) % 100 == 0:
                    self.stdout.write("  " + _("%(n)s rows imported…") % {"n": counts["created"] + counts["updated"]})
        self.stdout.write(
            self.style.SUCCESS(
                _(
                    "%(good)s rows imported, %(bad)s rows skipped (%(created)s created, %(updated)s updated) "
                    "in %(seconds).1f s. Results: %(results)s"
                )
                % {
                    "good": counts["created"] + counts["updated"],
                    "created": counts["created"],
                    "updated": counts["updated"],
                    "bad": counts["refused"],
                    "seconds": time.monotonic() - started,
                    "results": results_path,
                }
            )
        )
