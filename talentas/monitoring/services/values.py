"""Indicator values: entry, correction, submission and the four-eyes review, each change in the audit trail."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from talentas.accounts.permissions import AnyUser
from talentas.core.errors import Conflict, DomainError, PermissionDenied, validate
from talentas.core.metrics import mark_data_changed, metric_label
from talentas.core.storage import FILE_SIGNATURES
from talentas.core.workflows import Transition, Workflow
from talentas.notices.services import Draft

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
from .notifications import KEY_PREFIX

MAX_VALUE = Decimal("999999999999.99")


EVIDENCE_MAX_BYTES = 10 * 1024 * 1024


# Extension -> the first bytes such a file starts with (None: a text file, checked as UTF-8).
EVIDENCE_TYPES: dict[str, tuple[bytes, ...] | None] = {
    **{
        extension: FILE_SIGNATURES[extension]
        for extension in ("pdf", "png", "jpg", "jpeg", "docx", "xlsx", "odt", "ods")
    },
    "csv": None,
    "txt": None,
}


def acting_person(user: AnyUser) -> Any:
    """The account behind a request's user, or None for anonymous people (the platform itself)."""
    return user if user.is_authenticated else None


def _returned_notice(row: IndicatorValue, transition: Transition) -> Draft | None:
    """The department's person who entered a returned value is told why, in their language."""
    if transition.name != "return" or row.entered_by is None:
        return None
    return Draft(
        user=row.entered_by,
        key=f"{KEY_PREFIX}returned:{row.pk}:{row.reviewed_at:%Y%m%d%H%M%S}",
        title=lambda: (
            _("Value returned: %(code)s %(period)s") % {"code": row.indicator.code, "period": row.period.code}
        ),
        body=row.review_comment,
        url=reverse("monitoring:indicator", kwargs={"pk": row.indicator_id}),
    )


_NOT_SUBMITTED = gettext_lazy("Only a submitted value can be reviewed.")
_FOUR_EYES = gettext_lazy("A value must be reviewed by someone other than the people who entered or last changed it.")

# A value's review: its department submits it, another person of the M&E team approves or returns it. Whoever
# last changed a value never reviews it (four eyes); the codes are the ones the API's clients already know.
VALUE_REVIEW = Workflow(
    model=IndicatorValue,
    field="state",
    verb_prefix="monitoring.value",
    queryset=lambda: IndicatorValue.objects.select_related("indicator", "period", "entered_by"),
    transitions=[
        Transition(
            "submit",
            source=[ValueState.DRAFT, ValueState.RETURNED],
            target=ValueState.SUBMITTED,
            allowed=permissions.can_submit_value,
            refusal=gettext_lazy("You may not submit this indicator's values."),
            refusal_code="entry_forbidden",
            conflict=gettext_lazy("Only a draft or a returned value can be submitted."),
            conflict_code="not_submittable",
        ),
        *(
            Transition(
                name,
                source=[ValueState.SUBMITTED],
                target=target,
                allowed=permissions.can_review_value,
                refusal=_FOUR_EYES,
                refusal_code="four_eyes",
                conflict=_NOT_SUBMITTED,
                conflict_code="not_submitted",
            )
            for name, target in (("approve", ValueState.APPROVED), ("return", ValueState.RETURNED))
        ),
    ],
    notice=_returned_notice,
)


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
        raise DomainError(
            _("The breakdown must map each dimension to its categories."), field="breakdown", code="breakdown_malformed"
        )
    cleaned: dict[str, dict[str, str]] = {}
    for dimension, parts in breakdown.items():
        if dimension not in allowed:
            raise DomainError(
                _("This indicator has no breakdown by “%(dimension)s”.") % {"dimension": dimension},
                field="breakdown",
                code="breakdown_dimension_unknown",
            )
        categories = dict(BREAKDOWN_CATEGORIES[dimension])
        if not isinstance(parts, dict):
            raise DomainError(
                _("The breakdown must map each dimension to its categories."),
                field="breakdown",
                code="breakdown_malformed",
            )
        numbers = {}
        for category, raw in parts.items():
            if category not in categories:
                raise DomainError(
                    _("“%(category)s” is not a category of %(dimension)s.")
                    % {"category": category, "dimension": dimension},
                    field="breakdown",
                    code="breakdown_category_unknown",
                )
            if raw in (None, ""):
                continue
            numbers[category] = clean_number(raw, field="breakdown")
        if sum(numbers.values(), Decimal(0)) > value:
            raise DomainError(
                _("The %(dimension)s breakdown adds up to more than the value.") % {"dimension": dimension},
                field="breakdown",
                code="breakdown_exceeds_value",
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
            _("Evidence must be one of: %(types)s.") % {"types": ", ".join(sorted(EVIDENCE_TYPES))},
            field="evidence",
            code="evidence_type",
        )
    if file.size is not None and file.size > EVIDENCE_MAX_BYTES:
        raise DomainError(_("Evidence may be at most 10 MB."), field="evidence", code="evidence_too_large")
    file.seek(0)
    head = file.read(2048)
    file.seek(0)
    signatures = EVIDENCE_TYPES[extension]
    if signatures is None:
        try:
            head.decode("utf-8")
        except UnicodeDecodeError:
            if len(head) < 2048:  # a cut multi-byte character at the edge of a full block is fine
                raise DomainError(
                    _("The file is not a text file."), field="evidence", code="evidence_not_text"
                ) from None
    elif not any(head.startswith(signature) for signature in signatures):
        raise DomainError(
            _("The file's content is not a .%(extension)s file.") % {"extension": extension},
            field="evidence",
            code="evidence_content_mismatch",
        )


def check_may_enter(*, user: AnyUser, indicator) -> None:
    """Raise DomainError (field "indicator") for an indicator a module feeds, PermissionDenied for a person who
    may not enter its values."""
    if automatic_metric(indicator.metric) is not None:
        raise DomainError(
            _("The platform counts this indicator itself (%(what)s); it cannot be entered by hand.")
            % {"what": metric_label(indicator.metric)},
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
        row = _submit(row, user)
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


def _submit(row: IndicatorValue, user) -> IndicatorValue:
    def stamp(submitted: IndicatorValue) -> None:
        submitted.submitted_at = timezone.now()

    submitted = VALUE_REVIEW.run(row.pk, "submit", actor=user, apply=stamp)
    audit(submitted, user, ValueAuditEntry.Change.SUBMITTED, "state", row.state, submitted.state)
    return submitted


@transaction.atomic
def submit_value(*, user: AnyUser, value: IndicatorValue) -> IndicatorValue:
    """Send a draft or returned value to the M&E team for approval.

    Raises PermissionDenied ("entry_forbidden") or Conflict ("not_submittable")."""
    return _submit(value, user)


def _check_may_review(user: AnyUser) -> None:
    # Who may review at all is a matter of role; the workflow's own check is the four-eyes rule on the row.
    if not permissions.roles.can_run_monitoring(user):
        raise PermissionDenied(_("Only the M&E team may review values."), code="review_forbidden")


def _reviewed_by(user: AnyUser, comment: str):
    def apply(row: IndicatorValue) -> None:
        row.reviewed_by, row.reviewed_at, row.review_comment = acting_person(user), timezone.now(), comment

    return apply


@transaction.atomic
def approve_value(*, user: AnyUser, value: IndicatorValue, comment: str = "") -> IndicatorValue:
    """Approve a submitted value: it is locked, and the revision it corrects (if any) is marked superseded.

    Raises PermissionDenied ("review_forbidden": not the M&E team; "four_eyes": who entered or last changed it)
    or Conflict ("not_submitted").
    """
    _check_may_review(user)
    review = _reviewed_by(user, (comment or "").strip())

    def approve(row: IndicatorValue) -> None:
        review(row)
        # Before the row is saved approved: the database allows one current approved revision per period.
        for previous in (
            IndicatorValue.objects.select_for_update()
            .filter(
                indicator_id=row.indicator_id, period_id=row.period_id, state=ValueState.APPROVED, superseded_at=None
            )
            .order_by("pk")
        ):
            previous.superseded_at = row.reviewed_at
            previous.save(update_fields=["superseded_at", "updated_at"])
            audit(previous, user, ValueAuditEntry.Change.SUPERSEDED, "revision", previous.revision, row.revision)

    row = VALUE_REVIEW.run(value.pk, "approve", actor=user, apply=approve)
    audit(row, user, ValueAuditEntry.Change.APPROVED, "state", ValueState.SUBMITTED, ValueState.APPROVED)
    transaction.on_commit(mark_data_changed)
    return row


@transaction.atomic
def return_value(*, user: AnyUser, value: IndicatorValue, comment: str) -> IndicatorValue:
    """Return a submitted value to its department with a reason (required); the person who entered it is told.

    Raises PermissionDenied ("review_forbidden", "four_eyes"), Conflict ("not_submitted") or DomainError
    ("reason_required", field "comment")."""
    _check_may_review(user)
    comment = (comment or "").strip()
    if not comment:
        raise DomainError(_("Say what needs to change."), field="comment", code="reason_required")
    row = VALUE_REVIEW.run(value.pk, "return", actor=user, apply=_reviewed_by(user, comment))
    audit(row, user, ValueAuditEntry.Change.RETURNED, "state", ValueState.SUBMITTED, ValueState.RETURNED)
    return row
