"""One helper for a thing that moves through states (claims, registrations, values, applications, bookings).

A workflow is declared once, next to the model's services:

    CLAIM_REVIEW = Workflow(
        model=OrganisationClaim,
        verb_prefix="organisations.claim",
        transitions=[
            Transition("approve", source=[Status.PENDING], target=Status.APPROVED, allowed=can_review),
            Transition("reject", source=[Status.PENDING], target=Status.REJECTED, allowed=can_review),
        ],
        notice=lambda claim, transition: Draft(user=claim.user, key=..., title=..., body=...),
    )

and a service moves one row with `CLAIM_REVIEW.run(claim_id, "approve", actor=reviewer, apply=...)`. Inside
the caller's transaction (one is opened if there is none) the row is re-read under `select_for_update()`, so
two reviewers at once are served one after the other and the second finds the state already changed. Then:

1. the transition's permission function must say yes, else `PermissionDenied(code="transition_forbidden")`;
2. the state must be one the transition starts from, else `Conflict(code="transition_not_allowed")`
   (a transition may name its own `refusal_code` and `conflict`/`conflict_code`, for an app whose codes clients
   already know);
3. the new state is set, `apply(row)` sets the other fields the service owns (reviewer, time, note...), the
   row is saved, `audit.log_action` records the change ({field: [old, new]} for every field that changed),
   and the workflow's notice (if any) is handed to `notices.notify`.

The state, permission and audit rules thus live in one place; a service keeps what is its own (capacity,
side effects on other rows) around the call.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from django.db import models, transaction
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from talentas.core.errors import Conflict, NotFound, PermissionDenied

Row = TypeVar("Row", bound=models.Model)
DEFAULT_REFUSAL = _("You may not do this.")
DEFAULT_CONFLICT = _("This cannot be done any more: it has changed meanwhile.")


@dataclass(frozen=True)
class Transition(Generic[Row]):
    """One allowed move: its name (the audit verb's last word), the states it starts from, the state it ends in,
    and who may make it: `allowed(actor, row)`."""

    name: str
    source: Sequence[str]
    target: str
    allowed: Callable[[Any, Row], bool]
    refusal: str | Promise = DEFAULT_REFUSAL
    refusal_code: str = "transition_forbidden"
    conflict: str | Promise = DEFAULT_CONFLICT
    conflict_code: str = "transition_not_allowed"


class Workflow(Generic[Row]):
    def __init__(
        self,
        *,
        model: type[Row],
        transitions: Iterable[Transition[Row]],
        verb_prefix: str,
        field: str = "status",
        notice: Callable[[Row, Transition[Row]], Any] | None = None,
        queryset: Callable[[], models.QuerySet[Row]] | None = None,
    ):
        """`notice(row, transition)` returns a `notices.services.Draft`, a list of them, or None (nobody told).
        `queryset` is how the row is read (e.g. with `select_related`) before it is locked."""
        self.model = model
        self.field = field
        self.verb_prefix = verb_prefix
        self.notice = notice
        self.queryset = queryset or model._default_manager.all
        self.transitions = {transition.name: transition for transition in transitions}
        state_field = model._meta.get_field(field)
        states = {choice for choice, _label in getattr(state_field, "choices", None) or []}
        for transition in self.transitions.values():
            unknown = {*transition.source, transition.target} - states
            if unknown:
                raise ValueError(f"{model.__name__}.{field} has no state(s) {sorted(unknown)}")

    def possible(self, row: Row, actor: Any) -> list[str]:
        """The transitions this person may make from the row's current state (for showing the right buttons)."""
        state = getattr(row, self.field)
        return [name for name, t in self.transitions.items() if state in t.source and t.allowed(actor, row)]

    @transaction.atomic
    def run(
        self,
        row_or_pk: Row | int,
        name: str,
        *,
        actor: Any,
        apply: Callable[[Row], None] | None = None,
    ) -> Row:
        """Make the transition `name` on the row, locked and re-read; returns the saved row. See the module doc."""
        transition = self.transitions[name]  # a KeyError is a programming error, not a user's
        pk = row_or_pk.pk if isinstance(row_or_pk, models.Model) else row_or_pk
        row = self.queryset().select_for_update(of=("self",)).filter(pk=pk).first()
        if row is None:
            raise NotFound(_("There is no such item."), code="not_found")
        # Permission first: a person who may not act learns nothing about the row's state.
        if not transition.allowed(actor, row):
            raise PermissionDenied(transition.refusal, code=transition.refusal_code)
        if getattr(row, self.field) not in transition.source:
            raise Conflict(transition.conflict, code=transition.conflict_code)
        from talentas.audit.services import changes_since, log_action, snapshot
        from talentas.notices.services import send

        before = snapshot(row)
        setattr(row, self.field, transition.target)
        if apply is not None:
            apply(row)
        row.save()
        changes = changes_since(before, row)
        log_action(actor=actor, verb=f"{self.verb_prefix}.{transition.name}", target=row, changes=changes)
        drafts = self.notice(row, transition) if self.notice is not None else None
        for draft in drafts if isinstance(drafts, list) else [drafts] if drafts is not None else []:
            send(draft)
        return row
