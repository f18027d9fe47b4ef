"""What an answer to each kind of question is, how it is checked, when a question is shown, and how it reads.

One path checks every answer, whether it came from an HTML form or the JSON API: `check_answers` takes the raw
value of each question (a string, a list, a file, rows, or JSON-native values) and returns the answers as JSON
plus one problem list per question key. The Django form (`forms.build_django_form`) and
`services.validate_answers` both call it, so the web and the API can never disagree.

Answers as stored in `Response.answers` (JSON keyed by question key):

| kind            | stored as                                                                    |
| --------------- | ---------------------------------------------------------------------------- |
| short/long text | the text                                                                     |
| number, money   | the number as a decimal string ("1500", "1234.50"); money has two decimals    |
| date            | "YYYY-MM-DD"                                                                 |
| single choice   | the choice's key                                                             |
| several choices | a list of choice keys, in the form's order                                   |
| yes/no          | true / false                                                                 |
| file            | {"file": ResponseFile id, "name": original name, "size": bytes}               |
| budget table    | {"rows": [{"item", "amount" (decimal string), "notes"}], "total": decimal}   |
| team list       | [{"name", "role", "email", "woman_cofounder": bool}]                         |

A question whose condition is not met is hidden: it is never required and its answer is dropped.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import validate_email
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from talentas.core.storage import FILE_SIGNATURES

from .models import CHOICE_KINDS, NUMERIC_KINDS, TABLE_KINDS, ConditionOperator, Question, QuestionKind

MONEY_LIMIT = Decimal("999999999999.99")
DEFAULT_FILE_MB = 10
DEFAULT_FILE_TYPES = ("pdf", "docx", "xlsx", "odt", "ods", "png", "jpg", "jpeg")
BUDGET_COLUMNS = ("item", "amount", "notes")
TEAM_COLUMNS = ("name", "role", "email", "woman_cofounder")
TABLE_COLUMNS = {QuestionKind.BUDGET_TABLE: BUDGET_COLUMNS, QuestionKind.TEAM_LIST: TEAM_COLUMNS}
MAX_TABLE_ROWS = 100
TRUE_WORDS = {"yes", "true", "1", "on", "taip"}
FALSE_WORDS = {"no", "false", "0", "off", "ne"}

REQUIRED = gettext_lazy("Answer this question.")


@dataclass(frozen=True)
class Problem:
    code: str
    message: str

    def as_dict(self) -> dict[str, str]:
        return {"code": self.code, "message": self.message}


Problems = dict[str, list[Problem]]


def _fail(message: str, code: str) -> ValidationError:
    return ValidationError(message, code=code)


def is_empty(value: Any) -> bool:
    """No answer: nothing, blank text, no choice picked, a table without rows."""
    if isinstance(value, dict) and "rows" in value:
        return not value["rows"]
    return value is None or value == "" or value == [] or value == {}


def allowed_file_types(question: Question) -> list[str]:
    listed = [part.strip().lower().lstrip(".") for part in question.file_types.split(",") if part.strip()]
    return [ext for ext in listed if ext in FILE_SIGNATURES] or list(DEFAULT_FILE_TYPES)


def file_limit_bytes(question: Question) -> int:
    return (question.max_file_mb or DEFAULT_FILE_MB) * 1024 * 1024


# --- one cleaner per kind: raw value in, JSON-ready value (or None for no answer) out -------------------------


def _text(question: Question, raw: Any) -> str | None:
    if raw is None:
        return None
    if not isinstance(raw, str):
        raise _fail(_("Type text here."), "invalid_text")
    text = raw.replace("\r\n", "\n").strip()
    if question.kind == QuestionKind.SHORT_TEXT:
        text = " ".join(text.split())
    if "\x00" in text:
        raise _fail(_("The text holds a character that cannot be kept."), "invalid_text")
    if not text:
        return None
    if question.min_length is not None and len(text) < question.min_length:
        raise _fail(
            _("Write at least %(limit)d characters (now %(count)d).")
            % {"limit": question.min_length, "count": len(text)},
            "too_short",
        )
    if question.max_length is not None and len(text) > question.max_length:
        raise _fail(
            _("Write at most %(limit)d characters (now %(count)d).")
            % {"limit": question.max_length, "count": len(text)},
            "too_long",
        )
    return text


def parse_decimal(raw: Any, *, money: bool) -> Decimal | None:
    """A number as people type it: "1 234,50", "1234.5", "€ 1 500"; None when empty. Raises ValidationError."""
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        raise _fail(_("Enter a number."), "invalid_number")
    if isinstance(raw, int | Decimal):
        value = Decimal(raw)
    elif isinstance(raw, float):
        value = Decimal(str(raw))
    elif isinstance(raw, str):
        text = re.sub(r"[\s\u00a0\u202f€]|EUR", "", raw.strip(), flags=re.IGNORECASE)
        if not text:
            return None
        if "," in text and "." not in text:
            text = text.replace(",", ".")
        if not re.fullmatch(r"-?\d+(\.\d+)?", text):
            raise _fail(
                _("Enter an amount in euros, e.g. 1500 or 1500,50.") if money else _("Enter a number."),
                "invalid_number",
            )
        value = Decimal(text)
    else:
        raise _fail(_("Enter a number."), "invalid_number")
    if not value.is_finite() or abs(value) > MONEY_LIMIT:
        raise _fail(_("This number is too large."), "invalid_number")
    if money:
        if value != value.quantize(Decimal("0.01")):
            raise _fail(_("Give the amount in euros and cents (at most two decimals)."), "invalid_number")
        value = value.quantize(Decimal("0.01"))
    return value


def _number(question: Question, raw: Any) -> str | None:
    money = question.kind == QuestionKind.MONEY
    try:
        value = parse_decimal(raw, money=money)
    except InvalidOperation as error:  # pragma: no cover - the pattern above admits only valid decimals
        raise _fail(_("Enter a number."), "invalid_number") from error
    if value is None:
        return None
    if question.min_value is not None and value < question.min_value:
        raise _fail(
            _("Enter at least %(limit)s.") % {"limit": format_number(question.min_value, money=money)}, "too_small"
        )
    if question.max_value is not None and value > question.max_value:
        raise _fail(
            _("Enter at most %(limit)s.") % {"limit": format_number(question.max_value, money=money)}, "too_large"
        )
    return str(value)


def _date(question: Question, raw: Any) -> str | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime.date):
        value = raw
    elif isinstance(raw, str):
        try:
            value = datetime.date.fromisoformat(raw.strip())
        except ValueError as error:
            raise _fail(_("Enter a date as YYYY-MM-DD."), "invalid_date") from error
    else:
        raise _fail(_("Enter a date as YYYY-MM-DD."), "invalid_date")
    if question.min_date is not None and value < question.min_date:
        raise _fail(_("Enter %(date)s or later.") % {"date": formats.date_format(question.min_date)}, "too_early")
    if question.max_date is not None and value > question.max_date:
        raise _fail(_("Enter %(date)s or earlier.") % {"date": formats.date_format(question.max_date)}, "too_late")
    return value.isoformat()


def _choice_keys(question: Question) -> list[str]:
    return [choice.key for choice in question.choices.all()]


def _single_choice(question: Question, raw: Any) -> str | None:
    if raw is None or raw == "":
        return None
    if not isinstance(raw, str) or raw not in _choice_keys(question):
        raise _fail(_("Pick one of the choices offered."), "invalid_choice")
    return raw


def _multiple_choice(question: Question, raw: Any) -> list[str] | None:
    if raw is None or raw == "" or raw == []:
        return None
    picked = [raw] if isinstance(raw, str) else raw
    if not isinstance(picked, list | tuple) or not all(isinstance(item, str) for item in picked):
        raise _fail(_("Pick from the choices offered."), "invalid_choice")
    keys = _choice_keys(question)
    if any(item not in keys for item in picked):
        raise _fail(_("Pick from the choices offered."), "invalid_choice")
    ordered = [key for key in keys if key in set(picked)]
    if question.min_length is not None and len(ordered) < question.min_length:
        raise _fail(_("Pick at least %(limit)d.") % {"limit": question.min_length}, "too_few")
    if question.max_length is not None and len(ordered) > question.max_length:
        raise _fail(_("Pick at most %(limit)d.") % {"limit": question.max_length}, "too_many")
    return ordered


def parse_yes_no(raw: Any) -> bool | None:
    if raw is None or raw == "":
        return None
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().lower() in TRUE_WORDS:
        return True
    if isinstance(raw, str) and raw.strip().lower() in FALSE_WORDS:
        return False
    raise _fail(_("Answer yes or no."), "invalid_yes_no")


def _yes_no(question: Question, raw: Any) -> bool | None:
    return parse_yes_no(raw)


def _file(question: Question, raw: Any) -> Any:
    if raw is None or raw == "":
        return None
    if isinstance(raw, dict) and isinstance(raw.get("file"), int):
        return raw  # a file stored earlier, kept as it is
    if not isinstance(raw, UploadedFile):
        raise _fail(_("Upload a file."), "invalid_file")
    extension = raw.name.rsplit(".", 1)[-1].lower() if raw.name and "." in raw.name else ""
    allowed = allowed_file_types(question)
    if extension not in allowed:
        raise _fail(
            _("Upload a file of one of these types: %(types)s.") % {"types": ", ".join(allowed).upper()}, "file_type"
        )
    if raw.size is None or raw.size > file_limit_bytes(question):
        raise _fail(
            _("The file may be at most %(mb)d MB.") % {"mb": question.max_file_mb or DEFAULT_FILE_MB}, "file_too_large"
        )
    raw.seek(0)
    head = raw.read(1024)
    raw.seek(0)
    if not any(head.startswith(signature) for signature in FILE_SIGNATURES[extension]):
        raise _fail(_("The file's content is not a %(type)s file.") % {"type": extension.upper()}, "file_content")
    return raw


def _rows(raw: Any, columns: Iterable[str]) -> list[dict[str, Any]]:
    if isinstance(raw, dict) and "rows" in raw:
        raw = raw["rows"]
    if not isinstance(raw, list | tuple) or not all(isinstance(row, Mapping) for row in raw):
        raise _fail(_("Fill in the table's rows."), "invalid_rows")
    if len(raw) > MAX_TABLE_ROWS:
        raise _fail(_("The table may have at most %(limit)d rows.") % {"limit": MAX_TABLE_ROWS}, "too_many_rows")
    rows = []
    for row in raw:
        cleaned = {column: row.get(column) for column in columns}
        if all(value in (None, "", False) for value in cleaned.values()):
            continue  # a blank row left over from the form
        rows.append(cleaned)
    return rows


def _row_limits(question: Question, count: int) -> None:
    if question.min_length is not None and count < question.min_length:
        raise _fail(_("Fill in at least %(limit)d rows.") % {"limit": question.min_length}, "too_few_rows")
    if question.max_length is not None and count > question.max_length:
        raise _fail(_("Fill in at most %(limit)d rows.") % {"limit": question.max_length}, "too_many_rows")


def _cell_text(value: Any, limit: int) -> str:
    if value is None:
        return ""
    if not isinstance(value, str):
        raise _fail(_("Type text in the table."), "invalid_rows")
    return " ".join(value.split())[:limit]


def _budget_table(question: Question, raw: Any) -> dict[str, Any] | None:
    if raw is None or raw == "" or raw == []:
        return None
    rows = _rows(raw, BUDGET_COLUMNS)
    if not rows:
        return None
    problems, cleaned, total = [], [], Decimal("0.00")
    for number, row in enumerate(rows, start=1):
        item = _cell_text(row["item"], 200)
        try:
            amount = parse_decimal(row["amount"], money=True)
        except ValidationError as error:
            problems.append(_("Row %(row)d: %(problem)s") % {"row": number, "problem": " ".join(error.messages)})
            continue
        if not item:
            problems.append(_("Row %(row)d: name the item.") % {"row": number})
        if amount is None:
            problems.append(_("Row %(row)d: give the amount.") % {"row": number})
        elif amount < 0:
            problems.append(_("Row %(row)d: the amount cannot be negative.") % {"row": number})
        else:
            total += amount
        cleaned.append(
            {"item": item, "amount": str(amount) if amount is not None else "", "notes": _cell_text(row["notes"], 500)}
        )
    if problems:
        raise _fail(" ".join(problems), "invalid_rows")
    _row_limits(question, len(cleaned))
    if question.min_value is not None and total < question.min_value:
        raise _fail(
            _("The total must be at least %(limit)s.") % {"limit": format_number(question.min_value, money=True)},
            "too_small",
        )
    if question.max_value is not None and total > question.max_value:
        raise _fail(
            _("The total may be at most %(limit)s.") % {"limit": format_number(question.max_value, money=True)},
            "too_large",
        )
    return {"rows": cleaned, "total": str(total)}


def _team_list(question: Question, raw: Any) -> list[dict[str, Any]] | None:
    if raw is None or raw == "" or raw == []:
        return None
    rows = _rows(raw, TEAM_COLUMNS)
    if not rows:
        return None
    problems, cleaned = [], []
    for number, row in enumerate(rows, start=1):
        name, role, email = _cell_text(row["name"], 200), _cell_text(row["role"], 200), _cell_text(row["email"], 254)
        if not name:
            problems.append(_("Row %(row)d: give the person's name.") % {"row": number})
        if email:
            try:
                validate_email(email)
            except ValidationError:
                problems.append(_("Row %(row)d: the e-mail address is not valid.") % {"row": number})
        try:
            woman = bool(parse_yes_no(row["woman_cofounder"]))
        except ValidationError:
            problems.append(_("Row %(row)d: answer yes or no about the woman co-founder.") % {"row": number})
            woman = False
        cleaned.append({"name": name, "role": role, "email": email, "woman_cofounder": woman})
    if problems:
        raise _fail(" ".join(problems), "invalid_rows")
    _row_limits(question, len(cleaned))
    return cleaned


CLEANERS = {
    QuestionKind.SHORT_TEXT: _text,
    QuestionKind.LONG_TEXT: _text,
    QuestionKind.NUMBER: _number,
    QuestionKind.MONEY: _number,
    QuestionKind.DATE: _date,
    QuestionKind.SINGLE_CHOICE: _single_choice,
    QuestionKind.MULTIPLE_CHOICE: _multiple_choice,
    QuestionKind.YES_NO: _yes_no,
    QuestionKind.FILE: _file,
    QuestionKind.BUDGET_TABLE: _budget_table,
    QuestionKind.TEAM_LIST: _team_list,
}


def clean_answer(question: Question, raw: Any) -> Any:
    """The answer as stored, or None for no answer; raises ValidationError (with a code) for a bad one."""
    return CLEANERS[QuestionKind(question.kind)](question, raw)


# --- conditions --------------------------------------------------------------------------------------------


def condition_met(question: Question, answers: Mapping[str, Any]) -> bool:
    """Is the question shown, given the (already checked) answers to the questions before it?

    `equals` compares the answer with the value (yes/no answers with "yes"/"no", a list of choices when it is
    exactly that one choice); `contains` looks for the value among the choices picked, or in the text
    (ignoring case). A question that depends on a hidden or unanswered one is hidden too.
    """
    if not question.condition_key:
        return True
    answer = answers.get(question.condition_key)
    if is_empty(answer):
        return False
    expected = question.condition_value.strip()
    if isinstance(answer, bool):
        answer = "yes" if answer else "no"
        expected = expected.lower()
    if question.condition_operator == ConditionOperator.CONTAINS:
        if isinstance(answer, list):
            return expected in answer
        return isinstance(answer, str) and expected.lower() in answer.lower()
    if isinstance(answer, list):
        return answer == [expected]
    if isinstance(answer, str) and isinstance(expected, str):
        try:
            return Decimal(answer) == Decimal(expected.replace(",", "."))
        except InvalidOperation:
            return answer.lower() == expected.lower()
    return False


def check_answers(
    questions: Iterable[Question], raw_by_key: Mapping[str, Any], *, partial: bool
) -> tuple[dict[str, Any], Problems]:
    """Check every question's raw answer, in the form's order, and return (answers, problems by key).

    Hidden questions are skipped and their answers dropped. Unless `partial`, every shown required question
    must be answered. With `partial`, the good answers are returned even when others have problems, so a
    draft keeps what is right.
    """
    answers: dict[str, Any] = {}
    problems: Problems = {}
    for question in questions:
        if not condition_met(question, answers):
            continue
        try:
            value = clean_answer(question, raw_by_key.get(question.key))
        except ValidationError as error:
            problems[question.key] = [Problem(code=error.code or "invalid", message=" ".join(error.messages))]
            continue
        if value is None:
            if question.required and not partial:
                problems[question.key] = [Problem(code="required", message=str(REQUIRED))]
            continue
        answers[question.key] = value
    return answers, problems


# --- reading answers -----------------------------------------------------------------------------------------


def format_number(value: Decimal | str, *, money: bool) -> str:
    number = Decimal(value)
    if money:
        return formats.number_format(number, decimal_pos=2, use_l10n=True, force_grouping=True) + " €"
    return formats.number_format(number, use_l10n=True, force_grouping=True)


def choice_labels(question: Question) -> dict[str, str]:
    return {choice.key: choice.label for choice in question.choices.all()}


def yes_no_text(value: bool) -> str:
    return _("Yes") if value else _("No")


def format_answer(question: Question, value: Any) -> str:
    """The answer as a person reads it, in the active language ("" when unanswered)."""
    if is_empty(value):
        return ""
    kind = question.kind
    if kind in NUMERIC_KINDS:
        return format_number(value, money=kind == QuestionKind.MONEY)
    if kind == QuestionKind.DATE:
        return formats.date_format(datetime.date.fromisoformat(value))
    if kind in CHOICE_KINDS:
        labels = choice_labels(question)
        keys = value if isinstance(value, list) else [value]
        return "; ".join(labels.get(key) or str(key) for key in keys)
    if kind == QuestionKind.YES_NO:
        return yes_no_text(bool(value))
    if kind == QuestionKind.FILE:
        return str(value.get("name", ""))
    if kind == QuestionKind.BUDGET_TABLE:
        lines = [
            f"{row['item']}: {format_number(row['amount'], money=True)}"
            + (f" ({row['notes']})" if row["notes"] else "")
            for row in value["rows"]
        ]
        return "; ".join(lines) + "; " + _("total %(total)s") % {"total": format_number(value["total"], money=True)}
    if kind == QuestionKind.TEAM_LIST:
        parts = []
        for row in value:
            text = ", ".join(part for part in (row["name"], row["role"], row["email"]) if part)
            if row["woman_cofounder"]:
                text += " (" + _("woman co-founder") + ")"
            parts.append(text)
        return "; ".join(parts)
    return str(value)


def is_table(question: Question) -> bool:
    return question.kind in TABLE_KINDS
