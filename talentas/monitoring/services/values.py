"""Indicator values: entry, correction, submission and the four-eyes review, each change in the audit trail."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from talentas.accounts.permissions import AnyUser
from talentas.core.errors import Conflict, DomainError, PermissionDenied, validate
from talentas.core.metrics import mark_data_changed

from .. import permissions
from ..models import (
    BREAKDOWN_CATEGORIES,
    OPEN_STATES,
    IndicatorValue,
    ReportingPeriod,
    ValueAuditEntry,
    ValueSource,
    ValueState,
)
from ..progress import automatic_metric
from ..selectors.indicators import indicator_settings
from .notifications import notify

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


def acting_person(user: AnyUser) -> Any:
    """The account behind a request's user, or None for anonymous people (the platform itself)."""
    return user if user.is_authenticated else None


def audit(value: IndicatorValue, actor, change: str, field: str = "", old: Any = "", new: Any = "") -> None:
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
        raise DomainError(_("“%(raw)s” is not a number.") % {"raw": raw}, field=field, code="not_a_number") from None
    if not number.is_finite():
        raise DomainError(_("“%(raw)s” is not a number.") % {"raw": raw}, field=field, code="not_a_number")
    if number < 0:
        raise DomainError(_("The value cannot be negative."), field=field, code="negative")
    if number > MAX_VALUE:
        raise DomainError(_("The value is too large."), field=field, code="too_large")
    if number != number.quantize(Decimal("0.01")):
        raise DomainError(_("Use at most two decimals."), field=field, code="too_many_decimals")
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


def check_may_enter(*, user: AnyUser, indicator) -> None:
    """Raise DomainError (field "indicator") for an indicator a module feeds, PermissionDenied for a person who
    may not enter its values."""
    if automatic_metric(indicator.metric) is not None:
        raise DomainError(
            _("This indicator is fed by the platform's module metric %(metric)s; it cannot be entered by hand.")
            % {"metric": indicator.metric},
            field="indicator",
            code="automatic_indicator",
        )
    if not permissions.can_enter_value(user, indicator):
        raise PermissionDenied(
            _("Only the %(department)s or the M&E team may enter this indicator's values.")
            % {"department": indicator.get_responsible_display()},
            code="entry_forbidden",
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
            audit(open_value, user, ValueAuditEntry.Change.EDITED, "evidence", open_value.evidence.name, evidence.name)
            open_value.evidence = evidence
            changed = True
        if changed:
            open_value.last_changed_by = acting_person(user)
        open_value.save()
        row = open_value
    else:
        is_correction = any(revision.state == ValueState.APPROVED for revision in revisions)
        if is_correction and not comment:
            raise DomainError(
                _("Say why the approved value is being corrected."), field="comment", code="reason_required"
            )
        row = IndicatorValue(
            indicator=indicator,
            period=period,
            revision=max((revision.revision for revision in revisions), default=0) + 1,
            value=number,
            breakdown=cleaned_breakdown,
            comment=comment,
            source=source,
            entered_by=acting_person(user),
            last_changed_by=acting_person(user),
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
                _("A value for %(period)s was entered at the same moment; reload to see it.") % {"period": period.code},
                field="period",
                code="value_exists",
            ) from None
        change = ValueAuditEntry.Change.IMPORTED if source == ValueSource.IMPORT else ValueAuditEntry.Change.CREATED
        audit(row, user, change, "value", "", number)
        if is_correction:
            audit(row, user, ValueAuditEntry.Change.CREATED, "revision", row.revision - 1, row.revision)
    if submit:
        _submit(row, user)
    return row


def _change(row: IndicatorValue, user, **fields: Any) -> bool:
    """Set the fields that differ, each with its audit entry; whether anything changed."""
    changed = False
    for name, new in fields.items():
        old = getattr(row, name)
        if old != new:
            audit(row, user, ValueAuditEntry.Change.EDITED, name, old, new)
            setattr(row, name, new)
            changed = True
    return changed


def _submit(row: IndicatorValue, user) -> None:
    old = row.state
    row.state = ValueState.SUBMITTED
    row.submitted_at = timezone.now()
    row.save(update_fields=["state", "submitted_at", "updated_at"])
    audit(row, user, ValueAuditEntry.Change.SUBMITTED, "state", old, row.state)


@transaction.atomic
def submit_value(*, user: AnyUser, value: IndicatorValue) -> IndicatorValue:
    """Send a draft or returned value to the M&E team for approval."""
    row = IndicatorValue.objects.select_for_update().get(pk=value.pk)
    if not permissions.can_enter_value(user, row.indicator):
        raise PermissionDenied(_("You may not submit this indicator's values."), code="entry_forbidden")
    if row.state not in (ValueState.DRAFT, ValueState.RETURNED):
        raise Conflict(_("Only a draft or a returned value can be submitted."), code="not_submittable")
    _submit(row, user)
    return row


@transaction.atomic
def approve_value(*, user: AnyUser, value: IndicatorValue, comment: str = "") -> IndicatorValue:
    """Approve a submitted value: it is locked, and the revision it corrects (if any) is marked superseded.

    Raises PermissionDenied (not an M&E officer, or the person who entered it) or Conflict (not submitted).
    """
    row = IndicatorValue.objects.select_for_update(of=("self",)).select_related("indicator").get(pk=value.pk)
    if not permissions.roles.can_run_monitoring(user):
        raise PermissionDenied(_("Only the M&E team may approve values."), code="review_forbidden")
    if not permissions.can_review_value(user, row):
        raise PermissionDenied(
            _("A value must be approved by someone other than the people who entered or last changed it."),
            code="four_eyes",
        )
    if row.state != ValueState.SUBMITTED:
        raise Conflict(_("Only a submitted value can be approved."), code="not_submitted")
    now = timezone.now()
    for previous in (
        IndicatorValue.objects.select_for_update()
        .filter(indicator_id=row.indicator_id, period_id=row.period_id, state=ValueState.APPROVED, superseded_at=None)
        .order_by("pk")
    ):
        previous.superseded_at = now
        previous.save(update_fields=["superseded_at", "updated_at"])
        audit(previous, user, ValueAuditEntry.Change.SUPERSEDED, "revision", previous.revision, row.revision)
    row.state, row.reviewed_by, row.reviewed_at = ValueState.APPROVED, acting_person(user), now
    row.review_comment = (comment or "").strip()
    row.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment", "updated_at"])
    audit(row, user, ValueAuditEntry.Change.APPROVED, "state", ValueState.SUBMITTED, ValueState.APPROVED)
    transaction.on_commit(mark_data_changed)
    return row


@transaction.atomic
def return_value(*, user: AnyUser, value: IndicatorValue, comment: str) -> IndicatorValue:
    """Return a submitted value to its department with a reason (required)."""
    row = IndicatorValue.objects.select_for_update(of=("self",)).select_related("indicator").get(pk=value.pk)
    if not permissions.roles.can_run_monitoring(user):
        raise PermissionDenied(_("Only the M&E team may return values."), code="review_forbidden")
    if not permissions.can_review_value(user, row):
        raise PermissionDenied(
            _("A value must be reviewed by someone other than the people who entered or last changed it."),
            code="four_eyes",
        )
    if row.state != ValueState.SUBMITTED:
        raise Conflict(_("Only a submitted value can be returned."), code="not_submitted")
    comment = (comment or "").strip()
    if not comment:
        raise DomainError(_("Say what needs to change."), field="comment", code="reason_required")
    row.state, row.reviewed_by, row.review_comment = ValueState.RETURNED, acting_person(user), comment
    row.reviewed_at = timezone.now()
    row.save(update_fields=["state", "reviewed_by", "reviewed_at", "review_comment", "updated_at"])
    audit(row, user, ValueAuditEntry.Change.RETURNED, "state", ValueState.SUBMITTED, ValueState.RETURNED)
    notify(
        users=[row.entered_by] if row.entered_by else [],
        key=f"returned:{row.pk}:{row.reviewed_at:%Y%m%d%H%M%S}",
        title=lambda: (
            _("Value returned: %(code)s %(period)s") % {"code": row.indicator.code, "period": row.period.code}
        ),
        body=lambda: comment,
        url=reverse("monitoring:indicator", kwargs={"pk": row.indicator_id}),
    )
    return row
