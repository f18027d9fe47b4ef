"""Writes of monitoring. Every function checks the caller's right, validates, writes in one transaction, keeps the
audit trail and tells the dashboards (through `mark_data_changed`) when a published figure changed."""

from __future__ import annotations

import contextlib
import csv
import datetime
import io
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from talentas.accounts import selectors as account_selectors
from talentas.accounts.permissions import AnyUser
from talentas.core.errors import Conflict, DomainError, PermissionDenied, validate
from talentas.core.i18n import in_every_language
from talentas.core.links import absolute_url
from talentas.core.metrics import mark_data_changed
from talentas.plans import services as plan_services

from . import periods, permissions, selectors
from .models import (
    BREAKDOWN_CATEGORIES,
    OPEN_STATES,
    ActionSettings,
    AgendaItem,
    Alert,
    BudgetEntry,
    BudgetLine,
    Decision,
    IndicatorGoal,
    IndicatorSettings,
    IndicatorValue,
    ModuleActivity,
    Notification,
    Report,
    ReportingPeriod,
    SteeringMeeting,
    ValueAuditEntry,
    ValueSource,
    ValueState,
)
from .periods import Span
from .progress import automatic_metric
from .status import Status

MAX_VALUE = Decimal("999999999999.99")
EVIDENCE_MAX_BYTES = 10 * 1024 * 1024
# Extension -> the first bytes such a file starts with (None: a text file, checked as UTF-8).
EVIDENCE_TYPES: dict[str, tuple[bytes, ...] | None] = {
    "pdf": (b"%PDF-",),
    "png": (b"\x89PNG\r\n\x1a\n",),
    "jpg": (b"\xff\xd8\xff",),
    "jpeg": (b"\xff\xd8\xff",),
    "docx": (b"PK\x03\x04",),
    "xlsx": (b"PK\x03\x04",),
    "odt": (b"PK\x03\x04",),
    "ods": (b"PK\x03\x04",),
    "csv": None,
    "txt": None,
}


# --- Periods ------------------------------------------------------------------------------------------------------


def ensure_period(*, span: Span) -> ReportingPeriod:
    """The stored period for a span, made if missing. Safe under concurrency (the database keeps it unique)."""
    kind = ReportingPeriod.Kind.QUARTER if span.quarter else ReportingPeriod.Kind.YEAR
    found = ReportingPeriod.objects.filter(kind=kind, year=span.year, quarter=span.quarter).first()
    if found is not None:
        return found
    try:
        with transaction.atomic():
            return ReportingPeriod.objects.create(
                kind=kind, year=span.year, quarter=span.quarter, start=span.start, end=span.end
            )
    except IntegrityError:
        return ReportingPeriod.objects.get(kind=kind, year=span.year, quarter=span.quarter)


def reporting_period(*, code: str, plan, today: datetime.date | None = None) -> ReportingPeriod:
    """The period a person named ("2025-Q1" or "2025"), checked against the plan's years and today.

    Raises DomainError on field "period" for a malformed code, a period outside the plan, or one not begun yet.
    """
    try:
        span = periods.parse_code(code)
    except ValueError:
        raise DomainError(
            _("“%(code)s” is not a period: write a quarter as 2025-Q1 or a year as 2025.") % {"code": code},
            field="period",
        ) from None
    if not plan.start_year <= span.year <= plan.end_year:
        raise DomainError(
            _("%(code)s is outside the plan's years %(first)s to %(last)s.")
            % {"code": span.code, "first": plan.start_year, "last": plan.end_year},
            field="period",
        )
    if span.start > (today or timezone.localdate()):
        raise DomainError(_("%(code)s has not begun yet.") % {"code": span.code}, field="period")
    return ensure_period(span=span)


# --- Indicator values ---------------------------------------------------------------------------------------------


def _person(user: AnyUser) -> Any:
    """The account behind a request's user, or None for anonymous people (the platform itself)."""
    return user if user.is_authenticated else None


def _audit(value: IndicatorValue, actor, change: str, field: str = "", old: Any = "", new: Any = "") -> None:
    ValueAuditEntry.objects.create(
        value=value,
        indicator_id=value.indicator_id,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        change=change,
        field=field,
        old="" if old is None else str(old),
        new="" if new is None else str(new),
    )


def clean_number(raw: Any, *, field: str = "value") -> Decimal:
    """A non-negative number with at most two decimals, from a number or text (a decimal comma is accepted)."""
    text = str(raw).strip().replace("\u00a0", "").replace(" ", "")
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    try:
        number = Decimal(text)
    except (InvalidOperation, ValueError):
        raise DomainError(_("“%(raw)s” is not a number.") % {"raw": raw}, field=field) from None
    if not number.is_finite():
        raise DomainError(_("“%(raw)s” is not a number.") % {"raw": raw}, field=field)
    if number < 0:
        raise DomainError(_("The value cannot be negative."), field=field)
    if number > MAX_VALUE:
        raise DomainError(_("The value is too large."), field=field)
    if number != number.quantize(Decimal("0.01")):
        raise DomainError(_("Use at most two decimals."), field=field)
    return number.quantize(Decimal("0.01"))


def clean_breakdown(*, indicator, breakdown: dict | None, value: Decimal) -> dict:
    """A breakdown {dimension: {category: number}} limited to the indicator's breakdowns; no dimension may add up
    to more than the value."""
    if not breakdown:
        return {}
    allowed = set(indicator_settings(indicator=indicator).breakdowns)
    if not isinstance(breakdown, dict):
        raise DomainError(_("The breakdown must map each dimension to its categories."), field="breakdown")
    cleaned: dict[str, dict[str, str]] = {}
    for dimension, parts in breakdown.items():
        if dimension not in allowed:
            raise DomainError(
                _("This indicator has no breakdown by “%(dimension)s”.") % {"dimension": dimension}, field="breakdown"
            )
        categories = dict(BREAKDOWN_CATEGORIES[dimension])
        if not isinstance(parts, dict):
            raise DomainError(_("The breakdown must map each dimension to its categories."), field="breakdown")
        numbers = {}
        for category, raw in parts.items():
            if category not in categories:
                raise DomainError(
                    _("“%(category)s” is not a category of %(dimension)s.")
                    % {"category": category, "dimension": dimension},
                    field="breakdown",
                )
            if raw in (None, ""):
                continue
            numbers[category] = clean_number(raw, field="breakdown")
        if sum(numbers.values(), Decimal(0)) > value:
            raise DomainError(
                _("The %(dimension)s breakdown adds up to more than the value.") % {"dimension": dimension},
                field="breakdown",
            )
        if numbers:
            cleaned[dimension] = {key: str(number) for key, number in numbers.items()}
    return cleaned


def check_evidence(file: UploadedFile | None) -> None:
    """Evidence must be a document or image of an accepted type (by name and content) and at most 10 MB."""
    if file is None:
        return
    extension = (file.name or "").rsplit(".", 1)[-1].lower() if "." in (file.name or "") else ""
    if extension not in EVIDENCE_TYPES:
        raise DomainError(
            _("Evidence must be one of: %(types)s.") % {"types": ", ".join(sorted(EVIDENCE_TYPES))}, field="evidence"
        )
    if file.size is not None and file.size > EVIDENCE_MAX_BYTES:
        raise DomainError(_("Evidence may be at most 10 MB."), field="evidence")
    file.seek(0)
    head = file.read(2048)
    file.seek(0)
    signatures = EVIDENCE_TYPES[extension]
    if signatures is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            if len(head) < 2048:  # a cut multi-byte character at the edge of a full block is fine
                raise DomainError(_("The file is not a text file."), field="evidence") from None
    elif not any(head.startswith(signature) for signature in signatures):
        raise DomainError(
            _("The file's content is not a .%(extension)s file.") % {"extension": extension}, field="evidence"
        )


def indicator_settings(*, indicator) -> IndicatorSettings:
    """The indicator's monitoring settings (unsaved defaults when none were stored)."""
    found = IndicatorSettings.objects.filter(indicator=indicator).first()
    return found or IndicatorSettings(indicator=indicator)


@transaction.atomic
def save_indicator_settings(*, user: AnyUser, indicator, **fields: Any) -> IndicatorSettings:
    """Store weight, direction, accumulation, frequency, due days or breakdowns of an indicator (plan managers)."""
    if not permissions.roles.can_run_monitoring(user):
        raise PermissionDenied(_("Only the M&E team may change how an indicator is monitored."))
    found, _created = IndicatorSettings.objects.select_for_update().get_or_create(indicator=indicator)
    for name, value in fields.items():
        setattr(found, name, value)
    try:
        found.full_clean()
    except ValidationError as error:
        name, messages = next(iter(error.message_dict.items()))
        raise DomainError(messages[0], field=name) from None
    found.save()
    mark_data_changed()
    return found


# --- Dated goals and the indicator's settings page --------------------------------------------------------------


def _require_indicator_settings(user: AnyUser) -> None:
    if not permissions.can_edit_indicator_settings(user):
        raise PermissionDenied(_("Only plan managers and the M&E team may change how an indicator is monitored."))


def _clean_goal_year(*, indicator, year: Any) -> int:
    try:
        number = int(year)
    except (TypeError, ValueError):
        raise DomainError(_("“%(raw)s” is not a year.") % {"raw": year}, field="year") from None
    plan = indicator.plan
    if not plan.start_year <= number <= plan.end_year:
        raise DomainError(
            _("A goal's year must be within the plan, %(start)s–%(end)s.")  # noqa: RUF001 (an en dash)
            % {"start": plan.start_year, "end": plan.end_year},
            field="year",
        )
    return number


@dataclass
class GoalRow:
    year: int
    target_value: Decimal
    note: str = ""


@transaction.atomic
def add_goal(*, user: AnyUser, indicator, year: Any, target_value: Any, note: str = "") -> IndicatorGoal:
    """A dated goal: the indicator's target for one year of the plan (one per year, not negative)."""
    _require_indicator_settings(user)
    number = _clean_goal_year(indicator=indicator, year=year)
    target = clean_number(target_value, field="target_value")
    if IndicatorGoal.objects.select_for_update().filter(indicator=indicator, year=number).exists():
        raise Conflict(_("There is already a goal for %(year)s.") % {"year": number}, field="year")
    goal = IndicatorGoal(indicator=indicator, year=number, target_value=target, note=(note or "").strip())
    try:
        goal.full_clean()
        with transaction.atomic():
            goal.save()
    except ValidationError as error:
        name, errors = next(iter(error.message_dict.items()))
        raise DomainError(errors[0], field=name) from None
    except IntegrityError:  # a goal for the same year saved at the same moment
        raise Conflict(_("There is already a goal for %(year)s.") % {"year": number}, field="year") from None
    transaction.on_commit(mark_data_changed)
    return goal


@transaction.atomic
def replace_goals(*, user: AnyUser, indicator, goals: list[GoalRow]) -> list[IndicatorGoal]:
    """Make the indicator's dated goals exactly `goals`: changed years updated, new ones added, missing removed."""
    _require_indicator_settings(user)
    cleaned: dict[int, GoalRow] = {}
    for row in goals:
        number = _clean_goal_year(indicator=indicator, year=row.year)
        if number in cleaned:
            raise DomainError(_("There are two goals for %(year)s; keep one.") % {"year": number}, field="goals")
        cleaned[number] = GoalRow(number, clean_number(row.target_value, field="target_value"), row.note.strip())
    existing = {goal.year: goal for goal in IndicatorGoal.objects.select_for_update().filter(indicator=indicator)}
    IndicatorGoal.objects.filter(indicator=indicator).exclude(year__in=list(cleaned)).delete()
    saved = []
    for number, row in sorted(cleaned.items()):
        goal = existing.get(number) or IndicatorGoal(indicator=indicator, year=number)
        goal.target_value, goal.note = row.target_value, row.note
        goal.full_clean(validate_unique=False)
        goal.save()
        saved.append(goal)
    transaction.on_commit(mark_data_changed)
    return saved


@transaction.atomic
def save_indicator_setup(
    *,
    user: AnyUser,
    indicator,
    weight: Any,
    direction: str,
    due_days: int,
    baseline_value: Decimal | None,
    baseline_year: int | None,
    goals: list[GoalRow],
) -> IndicatorSettings:
    """The staff page's save: weight, direction, due days, baseline and dated goals of one indicator, all or none.

    The baseline belongs to the plan's indicator, so the plans app validates and writes it.
    """
    _require_indicator_settings(user)
    plan_services.set_indicator_baseline(indicator=indicator, value=baseline_value, year=baseline_year)
    found, _created = IndicatorSettings.objects.select_for_update().get_or_create(indicator=indicator)
    found.weight, found.direction, found.due_days = weight, direction, due_days
    try:
        found.full_clean()
    except ValidationError as error:
        name, errors = next(iter(error.message_dict.items()))
        raise DomainError(errors[0], field=name) from None
    found.save()
    replace_goals(user=user, indicator=indicator, goals=goals)
    transaction.on_commit(mark_data_changed)
    return found


def check_may_enter(*, user: AnyUser, indicator) -> None:
    """Raise DomainError (field "indicator") for an indicator a module feeds, PermissionDenied for a person who
    may not enter its values."""
    if automatic_metric(indicator.metric) is not None:
        raise DomainError(
            _("This indicator is fed by the platform's module metric %(metric)s; it cannot be entered by hand.")
            % {"metric": indicator.metric},
            field="indicator",
        )
    if not permissions.can_enter_value(user, indicator):
        raise PermissionDenied(
            _("Only the %(department)s or the M&E team may enter this indicator's values.")
            % {"department": indicator.get_responsible_display()}
        )


@transaction.atomic
def save_value(
    *,
    user: AnyUser,
    indicator,
    period: ReportingPeriod,
    value: Any,
    comment: str = "",
    evidence: UploadedFile | None = None,
    breakdown: dict | None = None,
    submit: bool = False,
    source: str = ValueSource.MANUAL,
) -> IndicatorValue:
    """Enter or change the value of an indicator for a period, optionally submitting it for approval.

    A draft or returned value is changed in place; an approved one is never touched: the new value is a
    correction (the next revision), which needs a comment. Every change is in the audit trail.
    Raises PermissionDenied, DomainError (field "value", "comment", "evidence", "breakdown", "indicator") or
    Conflict when a value is already awaiting approval.
    """
    check_may_enter(user=user, indicator=indicator)
    number = clean_number(value)
    cleaned_breakdown = clean_breakdown(indicator=indicator, breakdown=breakdown, value=number)
    check_evidence(evidence)
    comment = (comment or "").strip()
    revisions = list(
        IndicatorValue.objects.select_for_update().filter(indicator=indicator, period=period).order_by("revision")
    )
    open_value = next((row for row in revisions if row.state in OPEN_STATES), None)
    if open_value is not None and open_value.state == ValueState.SUBMITTED:
        raise Conflict(
            _("The value for %(period)s is awaiting approval; it can be changed once it is returned.")
            % {"period": period.code},
            field="period",
            code="value_awaiting_approval",
        )
    if open_value is not None:
        changed = _change(open_value, user, value=number, comment=comment, breakdown=cleaned_breakdown)
        if evidence is not None:
            _audit(open_value, user, ValueAuditEntry.Change.EDITED, "evidence", open_value.evidence.name, evidence.name)
            open_value.evidence = evidence
            changed = True
        if changed:
            open_value.last_changed_by = _person(user)
        open_value.save()
        row = open_value
    else:
        is_correction = any(revision.state == ValueState.APPROVED for revision in revisions)
        if is_correction and not comment:
            raise DomainError(_("Say why the approved value is being corrected."), field="comment")
        row = IndicatorValue(
            indicator=indicator,
            period=period,
            revision=max((revision.revision for revision in revisions), default=0) + 1,
            value=number,
            breakdown=cleaned_breakdown,
            comment=comment,
            source=source,
            entered_by=_person(user),
            last_changed_by=_person(user),
        )
        if evidence is not None:
            row.evidence = evidence
        # The per-period uniqueness is left to the database (below): checked here, a request racing another
        # would be told 400 instead of 409. Indicator and period are objects the caller already fetched.
        validate(row, exclude=["evidence", "indicator", "period"])
        try:
            with transaction.atomic():
                row.save()
        except IntegrityError:
            # Another request created this period's value meanwhile (the unique constraints decided).
            raise Conflict(
                _("A value for %(period)s was entered at the same moment; reload to see it.")
                % {"period": period.code},
                field="period",
                code="value_exists",
            ) from None
        change = ValueAuditEntry.Change.IMPORTED if source == ValueSource.IMPORT else ValueAuditEntry.Change.CREATED
        _audit(row, user, change, "value", "", number)
        if is_correction:
            _audit(row, user, ValueAuditEntry.Change.CREATED, "revision", row.revision - 1, row.revision)
    if submit:
        _submit(row, user)
    return row


def _change(row: IndicatorValue, user, **fields: Any) -> bool:
    """Set the fields that differ, each with its audit entry; whether anything changed."""
    changed = False
    for name, new in fields.items():
        old = getattr(row, name)
        if old != new:
            _audit(row, user, ValueAuditEntry.Change.EDITED, name, old, new)
            setattr(row, name, new)
            changed = True
    return changed


def _submit(row: IndicatorValue, user) -> None:
    old = row.state
    row.state = ValueState.SUBMITTED
    row.submitted_at = timezone.now()
    row.save(update_fields=["state", "submitted_at", "updated_at"])
    _audit(row, user, ValueAuditEntry.Change.SUBMITTED, "state", old, row.state)


@transaction.atomic
def submit_value(*, user: AnyUser, value: IndicatorValue) -> IndicatorValue:
    """Send a draft or returned value to the M&E team for approval."""
    row = IndicatorValue.objects.select_for_update().get(pk=value.pk)
    if not permissions.can_enter_value(user, row.indicator):
        raise PermissionDenied(_("You may not submit this indicator's values."))
    if row.state not in (ValueState.DRAFT, ValueState.RETURNED):
        raise Conflict(_("Only a draft or a returned value can be submitted."))
    _submit(row, user)
    return row


@transaction.atomic
def approve_value(*, user: AnyUser, value: IndicatorValue, comment: str = "") -> IndicatorValue:
    """Approve a submitted value: it is locked, and the revision it corrects (if any) is marked superseded.

    Raises PermissionDenied (not an M&E officer, or the person who entered it) or Conflict (not submitted).
    """
    row = IndicatorValue.objects.select_for_update(of=("self",)).select_related("indicator").get(pk=value.pk)
    if not permissions.roles.can_run_monitoring(user):
        raise PermissionDenied(_("Only the M&E team may approve values."))
    if not permissions.can_review_value(user, row):
        raise PermissionDenied(
            _("A value must be approved by someone other than the people who entered or last changed it."),
            code="four_eyes",
        )
    if row.state != ValueState.SUBMITTED:
        raise Conflict(_("Only a submitted value can be approved."))
    now = timezone.now()
    for previous in (
        IndicatorValue.objects.select_for_update()
        .filter(indicator_id=row.indicator_id, period_id=row.period_id, state=ValueState.APPROVED, superseded_at=None)
        .order_by("pk")
    ):
        previous.superseded_at = now
        previous.save(update_fields=["superseded_at", "updated_at"])
        _audit(previous, user, ValueAuditEntry.Change.SUPERSEDED, "revision", previous.revision, row.revision)
    row.state, row.reviewed_by, row.reviewed_at = ValueState.APPROVED, _person(user), now
    row.review_comment = (comment or "").strip()
    row.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment", "updated_at"])
    _audit(row, user, ValueAuditEntry.Change.APPROVED, "state", ValueState.SUBMITTED, ValueState.APPROVED)
    transaction.on_commit(mark_data_changed)
    return row


@transaction.atomic
def return_value(*, user: AnyUser, value: IndicatorValue, comment: str) -> IndicatorValue:
    """Return a submitted value to its department with a reason (required)."""
    row = IndicatorValue.objects.select_for_update(of=("self",)).select_related("indicator").get(pk=value.pk)
    if not permissions.roles.can_run_monitoring(user):
        raise PermissionDenied(_("Only the M&E team may return values."))
    if not permissions.can_review_value(user, row):
        raise PermissionDenied(
            _("A value must be reviewed by someone other than the people who entered or last changed it."),
            code="four_eyes",
        )
    if row.state != ValueState.SUBMITTED:
        raise Conflict(_("Only a submitted value can be returned."))
    comment = (comment or "").strip()
    if not comment:
        raise DomainError(_("Say what needs to change."), field="comment")
    row.state, row.reviewed_by, row.review_comment = ValueState.RETURNED, _person(user), comment
    row.reviewed_at = timezone.now()
    row.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment", "updated_at"])
    _audit(row, user, ValueAuditEntry.Change.RETURNED, "state", ValueState.SUBMITTED, ValueState.RETURNED)
    _notify(
        users=[row.entered_by] if row.entered_by else [],
        key=f"returned:{row.pk}:{row.reviewed_at:%Y%m%d%H%M%S}",
        title=lambda: (
            _("Value returned: %(code)s %(period)s") % {"code": row.indicator.code, "period": row.period.code}
        ),
        body=lambda: comment,
        url=reverse("monitoring:indicator", kwargs={"pk": row.indicator_id}),
    )
    return row


# --- Spreadsheet import -------------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    saved: list[IndicatorValue] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line, message)


IMPORT_COLUMNS = ("indicator", "period", "value", "comment")


def _rows(*, content: bytes, filename: str) -> list[tuple[int, dict[str, str]]]:
    """(line number, row) pairs of a CSV or XLSX file whose first row names the columns."""
    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else ""
    if extension == "xlsx":
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(io.BytesIO(content), read_only=True, data_only=True).worksheets[0]
        except Exception:  # openpyxl raises many kinds of errors on a broken file
            raise DomainError(_("The file is not a readable XLSX workbook."), field="file") from None
        raw = [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]
    elif extension == "csv":
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise DomainError(_("Save the CSV file as UTF-8."), field="file") from None
        dialect: type[csv.Dialect] = csv.excel
        with contextlib.suppress(csv.Error):
            dialect = csv.Sniffer().sniff(text.splitlines()[0] if text else "", delimiters=",;\t")
        raw = list(csv.reader(io.StringIO(text), dialect))
    else:
        raise DomainError(_("Upload a .csv or .xlsx file."), field="file")
    if not raw:
        raise DomainError(_("The file is empty."), field="file")
    header = [cell.strip().lower() for cell in raw[0]]
    missing = [column for column in IMPORT_COLUMNS[:3] if column not in header]
    if missing:
        raise DomainError(
            _(
                "The first row must name the columns indicator, period, value (and optionally comment); "
                "missing: %(missing)s."
            )
            % {"missing": ", ".join(missing)},
            field="file",
        )
    rows = []
    for number, cells in enumerate(raw[1:], start=2):
        if not any(str(cell).strip() for cell in cells):
            continue
        rows.append((number, {name: (cells[i].strip() if i < len(cells) else "") for i, name in enumerate(header)}))
    return rows


def import_values(
    *, user: AnyUser, plan, content: bytes, filename: str, today: datetime.date | None = None
) -> ImportResult:
    """Import values from a spreadsheet: each good row is saved and submitted for approval; each bad row is
    reported with its line number and the reason, and changes nothing. Raises DomainError (field "file") when
    the file itself cannot be read."""
    if not permissions.can_import_values(user):
        raise PermissionDenied(_("You may not import indicator values."))
    result = ImportResult()
    indicators = {indicator.code.lower(): indicator for indicator in selectors.plan_indicators(plan=plan)}
    for line, row in _rows(content=content, filename=filename):
        indicator = indicators.get(row.get("indicator", "").lower())
        try:
            if indicator is None:
                raise DomainError(
                    _("The plan has no indicator “%(code)s”.") % {"code": row.get("indicator", "")}, field="indicator"
                )
            period = reporting_period(code=row.get("period", ""), plan=plan, today=today)
            with transaction.atomic():
                result.saved.append(
                    save_value(
                        user=user,
                        indicator=indicator,
                        period=period,
                        value=row.get("value", ""),
                        comment=row.get("comment", ""),
                        submit=True,
                        source=ValueSource.IMPORT,
                    )
                )
        except DomainError as error:
            result.errors.append((line, str(error.message)))
    return result


# --- Period end: freeze, assess, alert ------------------------------------------------------------------------------


def _notify(*, users: list, key: str, title: Callable[[], str], body: Callable[[], str], url: str) -> int:
    """An in-app notification and an e-mail (queued) to each person, once per key. Returns how many were new.

    `title` and `body` are called with each person's preferred language active, so everyone reads their own."""
    made = 0
    for user in {user.pk: user for user in users}.values():
        with translation.override(getattr(user, "preferred_language", None) or settings.LANGUAGE_CODE):
            note, created = Notification.objects.get_or_create(
                user=user, key=key, defaults={"title": str(title())[:250], "body": str(body()), "url": url}
            )
            if created:
                made += 1
                link = absolute_url(url) if url else ""
                send_mail(note.title, f"{note.body}\n\n{link}".strip(), None, [user.email])
    return made


def _next_meeting(*, plan, after: datetime.date) -> SteeringMeeting:
    """The plan's next planned Steering Committee meeting on or after `after`, or a new one for the middle of the
    next quarter's second month (the committee meets quarterly)."""
    meeting = (
        SteeringMeeting.objects.filter(plan=plan, state=SteeringMeeting.State.PLANNED, date__gte=after)
        .order_by("date")
        .first()
    )
    if meeting is not None:
        return meeting
    span = periods.quarter_of(after)
    day = datetime.date(span.start.year, span.start.month + 1, 15)
    if day < after:
        following = periods.quarter_of(span.end)
        day = datetime.date(following.start.year, following.start.month + 1, 15)
    meeting, _created = SteeringMeeting.objects.get_or_create(
        plan=plan,
        date=day,
        defaults=in_every_language(
            "title", lambda: _("Steering Committee, %(quarter)s") % {"quarter": periods.quarter_of(day).label}
        ),
    )
    return meeting


def assess_after_days() -> int:
    return int(getattr(settings, "MONITORING_ASSESS_AFTER_DAYS", 30))


@transaction.atomic
def close_period(*, span: Span, today: datetime.date | None = None) -> list[Alert]:
    """The period-end run for a quarter, once: freeze each automatic indicator's value for the quarter, find the
    indicators "behind" on the quarter's last day, and for each new one raise an alert, notify the Steering
    Committee and the responsible department (in-app and e-mail) and put it on the next meeting's agenda.

    Idempotent: a period already closed is left alone and returns no alert.
    """
    today = today or timezone.localdate()
    period = ensure_period(span=span)
    if ReportingPeriod.objects.filter(pk=period.pk, closed_at__isnull=True).update(closed_at=timezone.now()) == 0:
        return []
    alerts: list[Alert] = []
    for listed in selectors.plans_running_in(year=span.year):
        plan = selectors.plan_for_monitoring(slug=listed.slug)
        _freeze_automatic_values(plan=plan, period=period)
        as_of = span.end - datetime.timedelta(days=1)
        progress = selectors.plan_progress(plan=plan, as_of=as_of)
        steering = account_selectors.people_with_role("steering-committee")
        in_each_language: dict[str, dict[int, Any]] = {}  # the figures in every language, once an alert needs them
        for figure in progress.indicators:
            # An alert when the indicator *becomes* behind: not again while an earlier alert is still open.
            if (
                figure.status != Status.BEHIND
                or Alert.objects.filter(indicator_id=figure.id, resolved_at=None).exists()
            ):
                continue
            if not in_each_language:
                in_each_language.update(_figures_in_each_language(plan=plan, as_of=as_of, known=progress))
            alert = _raise_alert(
                plan=plan,
                period=period,
                span=span,
                today=today,
                steering=steering,
                figures={language: figures[figure.id] for language, figures in in_each_language.items()},
            )
            if alert is not None:
                alerts.append(alert)
    mark_data_changed()
    return alerts


def _raise_alert(
    *, plan, period: ReportingPeriod, span: Span, today: datetime.date, steering: list, figures: dict
) -> Alert | None:
    """One indicator found behind: the alert, its item on the next meeting's agenda and the notices. `figures` is the
    indicator's figure in each language, so stored texts exist in both and each person reads their own."""

    def localized():
        return figures[translation.get_language()]

    figure = next(iter(figures.values()))  # for what no language changes: id, code, progress, department
    alert, created = Alert.objects.get_or_create(
        indicator_id=figure.id,
        period=period,
        defaults={
            "progress": figure.progress,
            "expected": figure.expected,
            **in_every_language("explanation", lambda: localized().explanation),
        },
    )
    if not created:
        return None
    meeting = _next_meeting(plan=plan, after=today)
    AgendaItem.objects.get_or_create(
        meeting=meeting,
        alert=alert,
        defaults={
            **in_every_language(
                "title",
                lambda: (
                    _("%(code)s %(name)s is behind (%(period)s)")
                    % {"code": figure.code, "name": localized().name, "period": span.label}
                ),
            ),
            **in_every_language("notes", lambda: localized().explanation),
            "order": meeting.agenda_items.count() + 1,
        },
    )
    owners = account_selectors.people_with_role("indicator-owner", figure.responsible)
    _notify(
        users=steering + owners,
        key=f"alert:{alert.pk}",
        title=lambda: _("Behind: %(code)s %(name)s") % {"code": figure.code, "name": localized().name},
        body=lambda: (
            _("%(explanation)s It is on the agenda of the Steering Committee meeting of %(date)s.")
            % {"explanation": localized().explanation, "date": meeting.date.isoformat()}
        ),
        url=reverse("monitoring:meeting", kwargs={"pk": meeting.pk}),
    )
    return alert


def _figures_in_each_language(*, plan, as_of: datetime.date, known) -> dict[str, dict[int, Any]]:
    """Each indicator's figure (name, explanation) in every language, by indicator id. `known` is the progress
    already computed in the active language; only the other languages are computed again."""
    figures = {translation.get_language(): {figure.id: figure for figure in known.indicators}}
    for code, _name in settings.LANGUAGES:
        if code in figures:
            continue
        with translation.override(code):
            figures[code] = {figure.id: figure for figure in selectors.plan_progress(plan=plan, as_of=as_of).indicators}
    return figures


def _freeze_automatic_values(*, plan, period: ReportingPeriod) -> None:
    for indicator in selectors.plan_indicators(plan=plan):
        if automatic_metric(indicator.metric) is None:
            continue
        if IndicatorValue.objects.filter(indicator=indicator, period=period, state=ValueState.APPROVED).exists():
            continue
        value = selectors.metric_value_for(indicator=indicator, start=period.start, end=period.end)
        row = IndicatorValue.objects.create(
            indicator=indicator,
            period=period,
            value=value,
            source=ValueSource.AUTOMATIC,
            state=ValueState.APPROVED,
            reviewed_at=timezone.now(),
        )
        _audit(row, None, ValueAuditEntry.Change.FROZEN, "value", "", value)


def close_ended_periods(*, today: datetime.date | None = None) -> list[Alert]:
    """Close every quarter of a running plan that ended at least `assess_after_days()` days ago and is still open
    (values are due by then), and remind departments of values due soon or overdue."""
    today = today or timezone.localdate()
    alerts: list[Alert] = []
    first_year = selectors.first_plan_year()
    if first_year is None:
        return alerts
    for span in periods.quarters_between(datetime.date(first_year, 1, 1), today):
        if span.end + datetime.timedelta(days=assess_after_days()) > today:
            continue
        if ReportingPeriod.objects.filter(
            kind="quarter", year=span.year, quarter=span.quarter, closed_at__isnull=False
        ).exists():
            continue
        alerts += close_period(span=span, today=today)
    send_value_reminders(today=today)
    return alerts


def send_value_reminders(*, today: datetime.date | None = None, days_before: int = 7) -> int:
    """Remind each department's indicator owners of values due within `days_before` days, and again once overdue.
    One reminder of each kind per indicator and period."""
    today = today or timezone.localdate()
    sent = 0
    for item in selectors.values_due(today=today, horizon_days=days_before):
        kind = "overdue" if item.overdue else "due"
        owners = account_selectors.people_with_role("indicator-owner", item.indicator.responsible)
        sent += _notify(
            users=owners,
            key=f"{kind}:{item.indicator.pk}:{item.span.code}",
            title=partial(_reminder_title, item),
            body=partial(_reminder_body, item),
            url=reverse("monitoring:indicator", kwargs={"pk": item.indicator.pk}),
        )
    return sent


def _reminder_title(item) -> str:
    text = _("Overdue: %(code)s for %(period)s") if item.overdue else _("Due soon: %(code)s for %(period)s")
    return text % {"code": item.indicator.code, "period": item.span.label}


def _reminder_body(item) -> str:
    return _("The value of %(name)s for %(period)s is due on %(date)s.") % {
        "name": item.indicator.name,
        "period": item.span.label,
        "date": item.due.isoformat(),
    }


@transaction.atomic
def mark_notification_read(*, user: AnyUser, notification_id: int) -> None:
    if user.is_authenticated:
        Notification.objects.filter(pk=notification_id, user_id=user.pk, read_at=None).update(read_at=timezone.now())


# --- Steering Committee -------------------------------------------------------------------------------------------


def _require_meetings(user: AnyUser) -> None:
    if not permissions.can_manage_meetings(user):
        raise PermissionDenied(_("Only the M&E team and plan managers may keep the Steering Committee's records."))


@transaction.atomic
def schedule_meeting(*, user: AnyUser, plan, date: datetime.date, title: str) -> SteeringMeeting:
    _require_meetings(user)
    title = (title or "").strip()
    if not title:
        raise DomainError(_("Give the meeting a title."), field="title")
    if SteeringMeeting.objects.filter(plan=plan, date=date).exists():
        raise Conflict(_("There is already a meeting on that day."), field="date")
    return SteeringMeeting.objects.create(plan=plan, date=date, title=title)


@transaction.atomic
def record_meeting_held(*, user: AnyUser, meeting: SteeringMeeting, minutes: str) -> SteeringMeeting:
    _require_meetings(user)
    meeting = SteeringMeeting.objects.select_for_update().get(pk=meeting.pk)
    meeting.state, meeting.minutes = SteeringMeeting.State.HELD, (minutes or "").strip()
    meeting.save(update_fields=["state", "minutes", "updated_at"])
    return meeting


@transaction.atomic
def record_decision(
    *,
    user: AnyUser,
    meeting: SteeringMeeting,
    kind: str,
    text: str,
    agenda_item: AgendaItem | None = None,
    responsible: str = "",
    due_date: datetime.date | None = None,
) -> Decision:
    """Record a decision. A budget or timeline change is marked as awaiting the City Council's approval."""
    _require_meetings(user)
    if kind not in Decision.Kind.values:
        raise DomainError(_("Choose what kind of decision it is."), field="kind")
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Write the decision."), field="text")
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise DomainError(_("The agenda item belongs to another meeting."), field="agenda_item")
    needs_council = kind in (Decision.Kind.BUDGET_CHANGE, Decision.Kind.TIMELINE_CHANGE)
    decision = Decision(
        meeting=meeting,
        agenda_item=agenda_item,
        kind=kind,
        text=text,
        responsible=(responsible or "").strip(),
        due_date=due_date,
        council_status=Decision.Council.PENDING if needs_council else Decision.Council.NOT_NEEDED,
    )
    decision.full_clean()
    decision.save()
    if agenda_item is not None and agenda_item.alert_id:
        Alert.objects.filter(pk=agenda_item.alert_id, resolved_at=None).update(resolved_at=timezone.now())
    return decision


@transaction.atomic
def record_council_outcome(
    *, user: AnyUser, decision: Decision, approved: bool, decided_on: datetime.date, reference: str = ""
) -> Decision:
    """The City Council approved or rejected a decision awaiting it. Conflict if it was not awaiting one."""
    if not permissions.can_record_council_outcome(user):
        raise PermissionDenied(_("Only plan managers may record the City Council's decisions."))
    updated = Decision.objects.filter(pk=decision.pk, council_status=Decision.Council.PENDING).update(
        council_status=Decision.Council.APPROVED if approved else Decision.Council.REJECTED,
        council_decided_at=decided_on,
        council_reference=(reference or "").strip()[:120],
        updated_at=timezone.now(),
    )
    if not updated:
        raise Conflict(_("This decision is not awaiting the City Council."))
    return Decision.objects.get(pk=decision.pk)


# --- Budget and timeline ------------------------------------------------------------------------------------------


def _require_budget(user: AnyUser) -> None:
    if not permissions.can_record_budget(user):
        raise PermissionDenied(_("Only the Finance and Investment Department or plan managers may record the budget."))


@transaction.atomic
def save_budget_line(
    *, user: AnyUser, plan, phase, planned_eur: Any, action=None, source=None, note: str = ""
) -> BudgetLine:
    """Plan an amount for an action (or the whole plan) in a phase from a source; the same combination is
    updated rather than duplicated."""
    _require_budget(user)
    amount = clean_number(planned_eur, field="planned_eur")
    for name, part in (("phase", phase), ("action", action), ("source", source)):
        if part is not None and part.plan_id != plan.pk:
            raise DomainError(_("This belongs to another plan."), field=name)
    line = (
        BudgetLine.objects.select_for_update()
        .filter(plan=plan, phase=phase, action=action, source=source)
        .order_by("pk")  # no join: PostgreSQL locks no outer join's nullable side
        .first()
    )
    if line is None:
        line = BudgetLine(plan=plan, phase=phase, action=action, source=source)
    line.planned_eur, line.note = amount, (note or "").strip()
    line.full_clean()
    line.save()
    transaction.on_commit(mark_data_changed)
    return line


@transaction.atomic
def record_budget_entry(
    *, user: AnyUser, line: BudgetLine, kind: str, amount_eur: Any, date: datetime.date, description: str
) -> BudgetEntry:
    """A commitment or an expenditure against a budget line. The amount must be positive."""
    _require_budget(user)
    if kind not in BudgetEntry.Kind.values:
        raise DomainError(_("Choose commitment or expenditure."), field="kind")
    amount = clean_number(amount_eur, field="amount_eur")
    if amount <= 0:
        raise DomainError(_("The amount must be more than zero."), field="amount_eur")
    description = (description or "").strip()
    if not description:
        raise DomainError(_("Say what the money is for."), field="description")
    entry = BudgetEntry(
        line=line, kind=kind, amount_eur=amount, date=date, description=description, recorded_by=_person(user)
    )
    entry.full_clean()
    entry.save()
    transaction.on_commit(mark_data_changed)
    return entry


@transaction.atomic
def record_action_dates(
    *, user: AnyUser, action, actual_start: datetime.date | None, actual_end: datetime.date | None
) -> ActionSettings:
    """When an action really started and finished. A finish needs a start on or before it."""
    if not permissions.can_record_action_dates(user):
        raise PermissionDenied(_("Only the M&E team and plan managers may record when actions start and finish."))
    if actual_end is not None and actual_start is None:
        raise DomainError(_("An action cannot finish before it has started."), field="actual_start")
    if actual_end is not None and actual_start is not None and actual_end < actual_start:
        raise DomainError(_("The finish cannot be before the start."), field="actual_end")
    found, _created = ActionSettings.objects.select_for_update().get_or_create(action=action)
    found.actual_start, found.actual_end = actual_start, actual_end
    found.save()
    transaction.on_commit(mark_data_changed)
    return found


# --- Module activity ----------------------------------------------------------------------------------------------


def record_activity(*, kind: str, qualifier: str = "", day: datetime.date, amount: Any = 1) -> ModuleActivity:
    """One thing that happened on the platform, counted by the monitoring.activity metric."""
    row = ModuleActivity(kind=kind, qualifier=qualifier, day=day, amount=Decimal(str(amount)))
    row.full_clean()
    row.save()
    mark_data_changed()
    return row


def bulk_record_activity(*, rows: list[ModuleActivity], batch_size: int = 5000) -> int:
    """Many activity rows at once (imports, the benchmark); the dashboards are told once."""
    ModuleActivity.objects.bulk_create(rows, batch_size=batch_size)
    mark_data_changed()
    return len(rows)


# --- Reports ------------------------------------------------------------------------------------------------------


@transaction.atomic
def request_report(
    *, user: AnyUser, plan, kind: str, period: ReportingPeriod, language: str, queue: bool = True
) -> Report:
    """Queue a report for generation (or leave it queued for the caller to run, with queue=False). An existing
    report for the same period is made again from its frozen figures, so it comes out the same."""
    if not permissions.can_request_reports(user):
        raise PermissionDenied(_("Only the M&E team may generate reports."))
    if kind not in Report.Kind.values:
        raise DomainError(_("Choose a kind of report."), field="kind")
    if language not in dict(settings.LANGUAGES):
        raise DomainError(_("Choose a language."), field="language")
    if kind == Report.Kind.ANNUAL and period.kind != ReportingPeriod.Kind.YEAR:
        raise DomainError(_("An annual report covers a year."), field="period")
    if kind == Report.Kind.QUARTERLY and period.kind != ReportingPeriod.Kind.QUARTER:
        raise DomainError(_("A quarterly report covers a quarter."), field="period")
    if period.end > timezone.localdate() + datetime.timedelta(days=1):
        raise DomainError(_("A report can be made once its period has ended."), field="period")
    report, _created = Report.objects.select_for_update().get_or_create(
        plan=plan, kind=kind, period=period, language=language, defaults={"requested_by": user}
    )
    report.state, report.error = Report.State.QUEUED, ""
    report.save(update_fields=["state", "error", "updated_at"])
    from .tasks import generate_report_task

    if queue:
        transaction.on_commit(lambda: generate_report_task(report.pk))
    return report


def generate_report(*, report_id: int) -> Report:
    """Freeze the figures (the first time) and write the report's files from them. Runs in the task queue."""
    from . import reports

    report = Report.objects.select_related("plan", "period").get(pk=report_id)
    try:
        if not report.snapshot:
            report.snapshot = reports.build_snapshot(report=report)
        reports.render_files(report=report)
        report.state, report.generated_at, report.error = Report.State.READY, timezone.now(), ""
    except Exception as error:  # a failed report is shown as failed, with the reason, and can be retried
        report.state, report.error = Report.State.FAILED, f"{type(error).__name__}: {error}"
    report.save()
    return report
