"""Writes of calls: an organisation's application from the draft to the decision, the award within budget, and its
payment in instalments released by milestone reports.

An application moves through one `core.workflows.Workflow` (`APPLICATION_FLOW`): every move is made under a row
lock, checked for the right and the state, written to the audit log and told to the applicant organisation's
members in their own language. The budget rule is the database's: the call and the programme-year are counter
rows with `committed_eur <= budget_eur`, and `approve` takes the award's amount from both with
`core.capacity.Capacity.take` as the last step of the transaction that records the award, so two staff members
approving at the same moment can never commit more than there is.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_DOWN, Decimal
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from talentas.accounts.models import User
from talentas.accounts.permissions import AnyUser
from talentas.audit.services import log_action
from talentas.core.capacity import Capacity
from talentas.core.city import city_name
from talentas.core.errors import Conflict, DomainError, NotFound, PermissionDenied, require, validate
from talentas.core.formatting import as_text
from talentas.core.workflows import Transition, Workflow
from talentas.forms import services as form_services
from talentas.monitoring.services.values import check_evidence
from talentas.notices.services import Draft, send
from talentas.organisations import selectors as organisation_selectors
from talentas.organisations.models import Organisation

from . import finance, permissions
from .models import (
    Application,
    ApplicationFile,
    ApplicationMessage,
    Award,
    Call,
    Instalment,
    MilestoneReport,
    ProgrammeYear,
    Stage,
)

Status = Application.Status
Phase = Application.Phase
MESSAGE_MAX = 4000
MAX_FILES = 10
# What the applicant organisation's members are told on each move, in their own language; staff may add words.
STATUS_MESSAGES: dict[str, Any] = {
    Status.CONCEPT_SUBMITTED: gettext_lazy("The concept “%(title)s” to the call “%(call)s” is submitted."),
    Status.SUBMITTED: gettext_lazy("The application “%(title)s” to the call “%(call)s” is submitted."),
    Status.SCREENING: gettext_lazy("The application “%(title)s” is being screened for eligibility."),
    Status.CLARIFICATION: gettext_lazy(
        "The programme team asks for a clarification of the application “%(title)s”: it is open for changes again."
    ),
    Status.IN_REVIEW: gettext_lazy("The application “%(title)s” is eligible and now in review."),
    Status.APPROVED: gettext_lazy(
        "Congratulations: the application “%(title)s” to the call “%(call)s” is approved, with an award of "
        "EUR %(amount)s."
    ),
    Status.REJECTED: gettext_lazy(
        "Thank you for applying to the call “%(call)s”. The application “%(title)s” is not funded this time."
    ),
    Status.WAITLISTED: gettext_lazy(
        "The application “%(title)s” to the call “%(call)s” is on the waiting list: it may be funded if money "
        "becomes free."
    ),
    Status.WITHDRAWN: gettext_lazy("The application “%(title)s” to the call “%(call)s” is withdrawn."),
}
# The two-stage call's moves whose words are their own, not those of the state they end in.
TRANSITION_MESSAGES: dict[str, Any] = {
    "invite": gettext_lazy(
        "Your concept “%(title)s” is invited to the full application of the call “%(call)s”: it is open for you "
        "again. Complete it and submit it by %(when)s."
    ),
    "decline_concept": gettext_lazy(
        "Thank you for your concept to the call “%(call)s”. The concept “%(title)s” is not invited to the full "
        "application this time."
    ),
}


def _checked_text(text: str, *, field: str = "body", limit: int = MESSAGE_MAX) -> str:
    text = text.strip()
    if len(text) > limit:
        raise DomainError(
            _("This text may be at most %(n)s characters.") % {"n": f"{limit:,}"}, field=field, code="too_long"
        )
    return text


def _money(value: Any, *, field: str) -> Decimal:
    try:
        amount = Decimal(str(value)).quantize(Decimal("0.01"))
    except (ArithmeticError, ValueError):
        raise DomainError(_("Enter an amount in euros."), field=field, code="invalid_amount") from None
    if not amount.is_finite() or amount <= 0:
        raise DomainError(_("Enter an amount above zero."), field=field, code="invalid_amount")
    return amount


# ------------------------------------------------------------------------------------------ notices


def _title(application: Application) -> str:
    return application.project_title or application.organisation.name


def _status_notice(application: Application, transition: Transition) -> list[Draft]:
    """Every member of the applicant organisation is told of the move, in their own language."""
    template = TRANSITION_MESSAGES.get(transition.name) or STATUS_MESSAGES.get(transition.target)
    if template is None:
        return []
    # `approve` puts the amount on the row before the move: the Award row is written after it.
    amount = getattr(application, "awarded_amount", None)

    def text() -> str:
        words = template % {
            "title": _title(application),
            "call": application.call.title,
            "amount": f"{amount:,.2f}" if amount is not None else "",
            "when": as_text(application.deadline, "DATETIME_FORMAT"),
        }
        extra = application.decision_message if transition.target in Application.DECIDED else ""
        return f"{words}\n\n{extra}".strip()

    url = reverse("calls:application", kwargs={"pk": application.pk})
    return [
        Draft(
            user=membership.user,
            key=f"calls.application.{application.pk}.{transition.name}.{application.status_changed_at:%Y%m%d%H%M%S%f}",
            title=lambda: _notice_title(application, transition),
            body=text,
            url=url,
        )
        for membership in organisation_selectors.members_of(application.organisation)
    ]


def _notice_title(application: Application, transition: Transition) -> str:
    if transition.name == "invite":  # back to a draft, which the status alone would say
        return _("Your concept is invited to the full application")
    return _("Your application: %(status)s") % {"status": application.get_status_display()}


def _stamp(application: Application) -> None:
    application.status_changed_at = timezone.now()


def _any(user: AnyUser, application: Application) -> bool:
    return True  # the service has checked already (the withdraw and submit checks say why)


_STAFF_REFUSAL = gettext_lazy("Only the programme team moves applications.")
_ALREADY = gettext_lazy("This application has moved on meanwhile: reload the page.")


def _staff(name: str, source: list[str], target: str) -> Transition[Application]:
    return Transition(name, source=source, target=target, allowed=permissions.may_manage, refusal=_STAFF_REFUSAL)


APPLICATION_FLOW: Workflow[Application] = Workflow(
    model=Application,
    verb_prefix="calls.application",
    queryset=lambda: Application.objects.select_related("call", "call__programme", "organisation"),
    transitions=[
        Transition(
            "submit",
            source=[Status.DRAFT],
            target=Status.SUBMITTED,
            allowed=permissions.may_submit,
            conflict=gettext_lazy("This application is already submitted."),
            conflict_code="already_submitted",
        ),
        Transition(
            "submit_concept",
            source=[Status.DRAFT],
            target=Status.CONCEPT_SUBMITTED,
            allowed=permissions.may_submit,
            conflict=gettext_lazy("This concept is already submitted."),
            conflict_code="already_submitted",
        ),
        Transition(
            "resubmit",
            source=[Status.CLARIFICATION],
            target=Status.SCREENING,
            allowed=permissions.may_submit,
            conflict=gettext_lazy("This application is already submitted."),
            conflict_code="already_submitted",
        ),
        _staff("screen", [Status.SUBMITTED], Status.SCREENING),
        _staff("request_clarification", [Status.SUBMITTED, Status.SCREENING, Status.IN_REVIEW], Status.CLARIFICATION),
        _staff("send_to_review", [Status.SUBMITTED, Status.SCREENING], Status.IN_REVIEW),
        _staff("approve", [Status.SCREENING, Status.IN_REVIEW, Status.WAITLISTED], Status.APPROVED),
        _staff("reject", [Status.SUBMITTED, Status.SCREENING, Status.IN_REVIEW, Status.WAITLISTED], Status.REJECTED),
        _staff("waitlist", [Status.SCREENING, Status.IN_REVIEW], Status.WAITLISTED),
        # A two-stage call's concept: invited back to a draft of the full application, or declined (not funded).
        _staff("invite", [Status.CONCEPT_SUBMITTED], Status.DRAFT),
        _staff("decline_concept", [Status.CONCEPT_SUBMITTED], Status.REJECTED),
        Transition(
            "withdraw",
            source=[
                Status.DRAFT,
                Status.CONCEPT_SUBMITTED,
                Status.SUBMITTED,
                Status.SCREENING,
                Status.CLARIFICATION,
                Status.IN_REVIEW,
                Status.WAITLISTED,
            ],
            target=Status.WITHDRAWN,
            allowed=permissions.may_withdraw,
            conflict=gettext_lazy("A decided application cannot be withdrawn."),
            conflict_code="cannot_withdraw",
        ),
    ],
    notice=_status_notice,
)
STAFF_MOVES = ("screen", "request_clarification", "send_to_review")
DECISIONS = ("approve", "reject", "waitlist")
CONCEPT_DECISIONS = ("invite", "decline_concept")


# ------------------------------------------------------------------------------------- the application


@dataclass(frozen=True)
class ApplicationInput:
    """What the applicant writes; None leaves a field as it is."""

    project_title: str | None = None
    summary: str | None = None
    requested_eur: Decimal | None = None
    registered_in_city: bool | None = None
    founded_on: date | None = None
    stage: str | None = None
    women_led: str | None = None


def _phase_of_new(call: Call) -> str:
    return Phase.CONCEPT if call.two_stage else Phase.FULL


def _require_open(call: Call, *, phase: str = Phase.FULL, field: str | None = None) -> None:
    """The call takes submissions in this phase now, by the server's clock (409 `deadline_passed` after)."""
    now = timezone.now()
    if not call.is_published or now < call.opens_at:
        raise Conflict(_("This call is not open yet."), code="call_not_open", field=field)
    deadline = call.deadline(phase)
    if now >= deadline:
        when = as_text(deadline, "DATETIME_FORMAT")
        if phase == Phase.CONCEPT:
            message = _(
                "The call's concepts closed on %(when)s; concepts can no longer be submitted. Your draft is kept."
            )
        else:
            message = _("The call closed on %(when)s; applications can no longer be submitted. Your draft is kept.")
        raise Conflict(message % {"when": when}, code="deadline_passed", field=field)


@transaction.atomic
def start_application(*, user: User, call: Call, organisation: Organisation) -> Application:
    """A new draft of the organisation's application to an open call: one per organisation and call (409
    `already_applied`, naming nothing of the other application)."""
    require(
        permissions.may_act_for(user, organisation),
        _("Only the organisation's members can apply for it."),
        code="not_a_member",
    )
    _require_open(call, phase=_phase_of_new(call))
    application = Application(
        call=call,
        organisation=organisation,
        created_by=user,
        phase=_phase_of_new(call),
        registered_in_city=organisation.city.strip().lower() == city_name().lower() if organisation.city else None,
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:
        raise Conflict(_("Your organisation has already applied to this call."), code="already_applied") from None
    if call.form is not None:
        application.response = form_services.start_response(call.form, owner=application, by=user)
        application.save(update_fields=["response", "updated_at"])
    log_action(actor=user, verb="calls.application.start", target=application, changes={})
    return application


def _editable(user: AnyUser, application_id: int) -> Application:
    application = Application.objects.select_for_update(of=("self",)).select_related("call").get(pk=application_id)
    require(permissions.is_applicant(user, application), code="not_your_application")
    if not application.is_editable:
        raise Conflict(_("A submitted application can no longer be changed."), code="not_editable")
    return application


def _require_full_phase(application: Application, *, field: str) -> None:
    if application.is_concept:
        raise Conflict(
            _("The concept holds only the project's title, summary and amount; this is for the full application."),
            field=field,
            code="full_application_only",
        )


@transaction.atomic
def save_draft(*, user: User, application_id: int, data: ApplicationInput) -> Application:
    """Save what the applicant wrote so far, complete or not; only while the application is a draft or asked to be
    clarified. The amount may not exceed the call's maximum award."""
    application = _editable(user, application_id)
    changed: dict[str, Any] = {}
    for name, value in vars(data).items():
        if value is None:
            continue
        if name not in Application.CONCEPT_FIELDS:
            _require_full_phase(application, field=name)
        if name in ("project_title", "summary"):
            value = _checked_text(value, field=name, limit=200 if name == "project_title" else 3000)
        if name == "requested_eur":
            value = _money(value, field=name)
            if value > application.call.max_award_eur:
                raise DomainError(
                    _("The call awards at most EUR %(max)s.") % {"max": f"{application.call.max_award_eur:,.2f}"},
                    field=name,
                    code="above_max_award",
                )
        if getattr(application, name) != value:
            changed[name] = [str(getattr(application, name)), str(value)]
            setattr(application, name, value)
    validate(application)
    application.save()
    if changed:
        log_action(actor=user, verb="calls.application.save", target=application, changes=changed)
    return application


def store_answers(*, user: User, application_id: int, answers: Any) -> Application:
    """Keep answers to the call's own form that a built form (`forms.services.build_django_form`) has checked."""
    with transaction.atomic():
        application = _editable(user, application_id)
        _require_full_phase(application, field="answers")
        if application.response is None:
            raise DomainError(_("This call has no form of its own."), code="no_form")
        form_services.save_response(application.response, answers, by=user)
        log_action(actor=user, verb="calls.application.answers", target=application, changes={})
    return application


def save_answers(*, user: User, application_id: int, data: Any, files: Any = None) -> Application:
    """Check and keep answers to the call's own form, keyed by question key (the API's way): a missing key keeps
    the answer given before, a bad answer is refused naming its question."""
    application = Application.objects.select_related("call__form", "response").get(pk=application_id)
    _require_full_phase(application, field="answers")  # before checking answers a concept does not take
    if application.response is None:
        raise DomainError(_("This call has no form of its own."), field="answers", code="no_form")
    answers, errors = form_services.validate_answers(
        application.response.version, data, files, partial=True, existing=application.response.answers
    )
    form_services.raise_for_errors(errors)
    return store_answers(user=user, application_id=application_id, answers=answers)


@transaction.atomic
def attach_file(*, user: User, application_id: int, file: UploadedFile) -> ApplicationFile:
    """Attach a file to an application being drafted: PDF, image, office document or text, up to 10 MB, checked
    by its content; at most ten files."""
    application = _editable(user, application_id)
    _require_full_phase(application, field="file")
    check_evidence(file)
    if application.files.count() >= MAX_FILES:
        raise DomainError(_("Attach at most %(n)s files.") % {"n": MAX_FILES}, field="file", code="too_many_files")
    name = file.name or "file"
    attached = ApplicationFile(application=application, uploaded_by=user, name=name[:200], size=file.size or 0)
    attached.file.save(name, file, save=False)
    attached.save()
    log_action(actor=user, verb="calls.application.attach", target=application, changes={"file": [None, file.name]})
    return attached


@transaction.atomic
def remove_file(*, user: User, application_id: int, file_id: int) -> None:
    application = _editable(user, application_id)
    attached = application.files.filter(pk=file_id).first()
    if attached is None:
        raise NotFound(_("No such file."), code="no_such_file")
    name = attached.name
    stored = attached.file.name
    attached.delete()
    transaction.on_commit(lambda: attached.file.storage.delete(stored))
    log_action(actor=user, verb="calls.application.detach", target=application, changes={"file": [name, None]})


def missing(application: Application) -> list[dict[str, str]]:
    """What the applicant still has to fill in before submitting, each {"field", "message"}, in form order; a
    concept asks only for its title, summary and amount."""
    call = application.call
    problems: list[tuple[str, Any]] = []
    if not application.project_title:
        problems.append(("project_title", _("Give the project a title.")))
    if not application.summary:
        problems.append(("summary", _("Describe the project in a short summary.")))
    if application.requested_eur is None:
        problems.append(("requested_eur", _("Say how much you ask for.")))
    if application.is_concept:
        return [{"field": field, "message": str(message)} for field, message in problems]
    if call.require_city_registration and application.registered_in_city is None:
        problems.append(("registered_in_city", _("Say whether the organisation is registered in the city.")))
    if call.max_company_age_years is not None and application.founded_on is None:
        problems.append(("founded_on", _("Give the date the company was registered.")))
    if call.stages_allowed and not application.stage:
        problems.append(("stage", _("Choose the startup's stage.")))
    if call.women_rule != Call.WomenRule.NONE and not application.women_led:
        problems.append(("women_led", _("Say whether the startup is women-led or co-founded by a woman.")))
    if application.response_id is not None:
        for question in form_services.missing_answers(application.response):  # type: ignore[arg-type]
            problems.append((f"answers-{question.key}", _("Answer: %(question)s") % {"question": question.label}))
    return [{"field": field, "message": str(message)} for field, message in problems]


def eligibility_problems(application: Application, *, today: date | None = None) -> list[dict[str, str]]:
    """Why the application does not meet the call's rules, each {"code", "message"}; empty when it is eligible.
    A concept is held only to the rule on the amount: the other declarations are the full application's."""
    call = application.call
    today = today or timezone.localdate()
    problems: list[dict[str, str]] = []
    if call.require_city_registration and application.registered_in_city is False:
        problems.append(
            {
                "code": "not_registered_in_city",
                "message": _("The call is for organisations registered in %(city)s.") % {"city": city_name()},
            }
        )
    if call.max_company_age_years is not None and application.founded_on is not None:
        years = call.max_company_age_years
        try:
            limit = today.replace(year=today.year - years)
        except ValueError:  # 29 February
            limit = today.replace(year=today.year - years, day=28)
        if application.founded_on < limit:
            problems.append(
                {
                    "code": "company_too_old",
                    "message": _("The call is for companies registered in the last %(n)s years.") % {"n": years},
                }
            )
        if application.founded_on > today:
            problems.append({"code": "founded_in_future", "message": _("The registration date is in the future.")})
    if call.stages_allowed and application.stage and application.stage not in call.stages_allowed:
        names = ", ".join(str(Stage(stage).label) for stage in call.stages_allowed if stage in Stage.values)
        problems.append(
            {
                "code": "stage_not_allowed",
                "message": _("The call is for startups at these stages: %(s)s.") % {"s": names},
            }
        )
    if application.requested_eur is not None and application.requested_eur > call.max_award_eur:
        problems.append(
            {
                "code": "above_max_award",
                "message": _("The call awards at most EUR %(max)s.") % {"max": f"{call.max_award_eur:,.2f}"},
            }
        )
    if application.is_concept:
        return [problem for problem in problems if problem["code"] == "above_max_award"]
    return problems


@transaction.atomic
def submit(*, user: User, application_id: int) -> Application:
    """Submit a complete, eligible draft before the call closes (409 `deadline_passed` after: the draft is kept),
    or a clarified application back to screening. A two-stage call's concept is submitted the same way, before
    the concepts' deadline. A refusal names what is missing or why it is not eligible."""
    application = (
        Application.objects.select_related("call", "organisation", "response").filter(pk=application_id).first()
    )
    if application is None or not permissions.is_applicant(user, application):
        raise NotFound(permissions.NO_SUCH_APPLICATION, code="no_such_application")
    if application.status not in Application.EDITABLE:
        raise Conflict(_("This application is already submitted."), code="already_submitted")
    if application.status == Status.DRAFT:
        _require_open(application.call, phase=application.phase)
    gaps = missing(application)
    if gaps:
        raise DomainError(
            _("Some answers are missing: %(what)s") % {"what": " ".join(g["message"] for g in gaps)},
            field=gaps[0]["field"],
            code="incomplete",
            errors=[{**gap, "code": "missing"} for gap in gaps],
        )
    problems = eligibility_problems(application)
    if problems:
        raise DomainError(
            _("The application does not meet the call's rules: %(why)s")
            % {"why": " ".join(p["message"] for p in problems)},
            code="not_eligible",
            errors=[{"field": None, **problem} for problem in problems],
        )

    def stamp(row: Application) -> None:
        _stamp(row)
        row.submitted_at = row.status_changed_at
        if not row.is_concept:
            row.eligibility = [{"code": "eligible", "checked_at": row.status_changed_at.isoformat()}]

    if application.is_concept:
        return APPLICATION_FLOW.run(application.pk, "submit_concept", actor=user, apply=stamp)
    name = "submit" if application.status == Status.DRAFT else "resubmit"
    submitted = APPLICATION_FLOW.run(application.pk, name, actor=user, apply=stamp)
    if application.response is not None:
        form_services.save_response(application.response, application.response.answers, by=user, submit=True)
    return submitted


@transaction.atomic
def withdraw(*, user: User, application_id: int) -> Application:
    """Withdraw the organisation's application at any stage before a decision (409 `cannot_withdraw` after)."""
    return APPLICATION_FLOW.run(application_id, "withdraw", actor=user, apply=_stamp)


@transaction.atomic
def move(*, actor: User, application_id: int, transition: str, message: str = "") -> Application:
    """A staff move that is not a decision: screen, request a clarification (with a message), send to review."""
    if transition not in STAFF_MOVES:
        raise DomainError(_("Choose a step."), field="transition", code="invalid_transition")
    message = _checked_text(message, field="message")
    if transition == "request_clarification" and not message:
        raise DomainError(_("Say what needs clarifying."), field="message", code="message_required")
    application = APPLICATION_FLOW.run(application_id, transition, actor=actor, apply=_stamp)
    if transition == "request_clarification" and application.response_id is not None:
        response = application.response
        if response is not None and response.status == response.Status.SUBMITTED:
            form_services.reopen_response(response, by=actor)
    if message:
        _add_message(application=application, author=actor, body=message, from_staff=True)
    return application


# ------------------------------------------------------------------------------- the two-stage call


@transaction.atomic
def invite_to_full(*, actor: User, application_id: int, message: str = "") -> Application:
    """Invite a submitted concept to the full application (programme staff only): it returns to its members as a
    draft in the full phase, with the call's questions and files, to be submitted by the call's closing; who
    invited and when are kept, and the members are told in their own language (staff's words go on the thread).
    409 `deadline_passed` once the call has closed: an invitation then could not be answered."""
    message = _checked_text(message, field="message")

    def invite(row: Application) -> None:
        if timezone.now() >= row.call.closes_at:
            raise Conflict(
                _("The call has closed: the concept can no longer be invited to the full application."),
                code="deadline_passed",
            )
        _stamp(row)
        row.phase = Phase.FULL
        row.invited_at, row.invited_by = row.status_changed_at, actor

    application = APPLICATION_FLOW.run(application_id, "invite", actor=actor, apply=invite)
    if message:
        _add_message(application=application, author=actor, body=message, from_staff=True)
    return application


@transaction.atomic
def decline_concept(*, actor: User, application_id: int, message: str = "") -> Application:
    """Decline a submitted concept (programme staff only): the application ends as not funded, the members told
    in their own language, with the staff's words."""
    return _decide(actor=actor, application_id=application_id, transition="decline_concept", message=message)


# ---------------------------------------------------------------------------------- decisions and awards


@dataclass(frozen=True)
class InstalmentInput:
    amount_eur: Decimal
    due_on: date
    milestone: str = ""


def default_instalments(amount: Decimal, *, today: date | None = None) -> list[InstalmentInput]:
    """70 % on signing the agreement, 30 % after the final report six months later."""
    today = today or timezone.localdate()
    first = (amount * Decimal("0.7")).quantize(Decimal("0.01"), rounding=ROUND_DOWN)
    return [
        InstalmentInput(first, today, str(_("Award agreement signed"))),
        InstalmentInput(amount - first, today + timedelta(days=182), str(_("Final report accepted"))),
    ]


def _reserved_share_left(call: Call, application: Application, amount: Decimal) -> None:
    """A call that reserves a share of its budget for women-led startups keeps it for them (the call row is locked
    by the caller, so the sums cannot move meanwhile)."""
    if call.women_rule != Call.WomenRule.RESERVED_SHARE or application.is_women_led:
        return
    reserved = (call.budget_eur * call.women_reserved_percent / 100).quantize(Decimal("0.01"))
    others = (
        Award.objects.filter(application__call=call)
        .exclude(application=application)
        .exclude(application__women_led__in=("women_led", "women_cofounded"))
    )
    committed_to_others = others.aggregate(total=Sum("amount_eur"))["total"] or Decimal(0)
    if committed_to_others + amount > call.budget_eur - reserved:
        raise Conflict(
            _("EUR %(reserved)s of this call is reserved for women-led or co-founded startups.")
            % {"reserved": f"{reserved:,.2f}"},
            field="amount_eur",
            code="reserved_share",
        )


def _decide(*, actor: User, application_id: int, transition: str, message: str, apply=None) -> Application:
    message = _checked_text(message, field="message")

    def record(row: Application) -> None:
        _stamp(row)
        row.decided_at = row.status_changed_at
        row.decided_by = actor
        row.decision_message = message
        if apply is not None:
            apply(row)

    return APPLICATION_FLOW.run(application_id, transition, actor=actor, apply=record)


@transaction.atomic
def approve(
    *,
    actor: User,
    application_id: int,
    amount_eur: Any,
    message: str = "",
    instalments: list[InstalmentInput] | None = None,
) -> Award:
    """Approve an application with an award of `amount_eur` (at most the call's maximum), paid in `instalments`
    (by default 70 % now and 30 % after the final report); the first is released at once.

    The amount is taken from the call's budget and from the programme's budget for the call's year in the same
    transaction, by the database: 409 `over_budget` when either has too little left, however many approvals run
    at the same moment, and nothing is recorded then."""
    require(permissions.can_manage_calls(actor), _STAFF_REFUSAL, code="transition_forbidden")
    amount = _money(amount_eur, field="amount_eur")
    application = Application.objects.select_related("call").filter(pk=application_id).first()
    if application is None:
        raise NotFound(permissions.NO_SUCH_APPLICATION, code="no_such_application")
    call = application.call
    if amount > call.max_award_eur:
        raise DomainError(
            _("The call awards at most EUR %(max)s.") % {"max": f"{call.max_award_eur:,.2f}"},
            field="amount_eur",
            code="above_max_award",
        )
    plan = instalments or default_instalments(amount)
    if sum((i.amount_eur for i in plan), Decimal(0)) != amount:
        raise DomainError(
            _("The instalments must add up to the award."), field="instalments", code="instalments_mismatch"
        )
    now = timezone.now()
    award = Award(amount_eur=amount, budget_year=call.budget_year, decided_at=now, decided_by=actor)

    def with_amount(row: Application) -> None:
        row.awarded_amount = amount  # type: ignore[attr-defined]  # for the members' notice

    application = _decide(
        actor=actor, application_id=application_id, transition="approve", message=message, apply=with_amount
    )
    award.application = application
    award.save()
    Instalment.objects.bulk_create(
        Instalment(
            award=award,
            position=position,
            amount_eur=item.amount_eur,
            due_on=item.due_on,
            milestone=item.milestone[:300],
            status=Instalment.Status.RELEASED if position == 1 else Instalment.Status.PLANNED,
            released_at=now if position == 1 else None,
        )
        for position, item in enumerate(plan, start=1)
    )
    log_action(actor=actor, verb="calls.award.create", target=application, changes={"amount_eur": [None, str(amount)]})
    # The budgets last: their row locks are held only from here to the commit (see core.capacity).
    _take_budget(call=call, application=application, amount=amount)
    finance.follow_award(award=award, actor=actor)
    return award


def _take_budget(*, call: Call, application: Application, amount: Decimal) -> None:
    year = ProgrammeYear.objects.filter(programme_id=call.programme_id, year=call.budget_year).first()
    if year is None:
        raise Conflict(
            _("The programme has no budget for %(year)s.") % {"year": call.budget_year},
            field="amount_eur",
            code="no_programme_budget",
        )
    call_budget = Capacity(Call, call.pk, taken="committed_eur", limit="budget_eur")
    if call.women_rule == Call.WomenRule.RESERVED_SHARE:
        call_budget.lock()
        _reserved_share_left(call, application, amount)
    if not call_budget.take(count=amount):  # type: ignore[arg-type]
        free = Call.objects.filter(pk=call.pk).values_list("budget_eur", "committed_eur").get()
        raise Conflict(
            _("The call's budget has only EUR %(free)s left.") % {"free": f"{free[0] - free[1]:,.2f}"},
            field="amount_eur",
            code="over_budget",
        )
    if not Capacity(ProgrammeYear, year.pk, taken="committed_eur", limit="budget_eur").take(count=amount):  # type: ignore[arg-type]
        raise Conflict(
            _("The programme's budget for %(year)s has too little left for this award.") % {"year": year.year},
            field="amount_eur",
            code="over_budget",
        )


@transaction.atomic
def reject(*, actor: User, application_id: int, message: str = "") -> Application:
    """Decide not to fund the application; the members are told in their language, with the staff's words."""
    return _decide(actor=actor, application_id=application_id, transition="reject", message=message)


@transaction.atomic
def waitlist(*, actor: User, application_id: int, message: str = "") -> Application:
    """Put the application on the waiting list, to be approved later if money becomes free."""
    return _decide(actor=actor, application_id=application_id, transition="waitlist", message=message)


# ------------------------------------------------------------------------------ instalments and reports


def _awardee_instalment(user: AnyUser, instalment_id: int) -> Instalment:
    instalment = (
        Instalment.objects.select_for_update(of=("self",))
        .select_related("award__application__organisation", "award__application__call")
        .filter(pk=instalment_id)
        .first()
    )
    if instalment is None or not permissions.is_applicant(user, instalment.award.application):
        raise NotFound(_("No such instalment."), code="no_such_instalment")
    return instalment


@transaction.atomic
def submit_report(
    *, user: User, instalment_id: int, progress: str, spent_eur: Any, evidence: UploadedFile | None = None
) -> MilestoneReport:
    """The awardee's milestone report that asks for a planned instalment; one waiting report at a time."""
    instalment = _awardee_instalment(user, instalment_id)
    if instalment.status != Instalment.Status.PLANNED:
        raise Conflict(_("This instalment is already released."), code="already_released")
    if instalment.reports.filter(status=MilestoneReport.Status.SUBMITTED).exists():
        raise Conflict(_("A report for this instalment is waiting for review."), code="report_waiting")
    progress = _checked_text(progress, field="progress")
    if not progress:
        raise DomainError(_("Describe the progress made."), field="progress", code="progress_required")
    try:
        spent = Decimal(str(spent_eur)).quantize(Decimal("0.01"))
    except (ArithmeticError, ValueError):
        raise DomainError(_("Enter an amount in euros."), field="spent_eur", code="invalid_amount") from None
    if not spent.is_finite() or spent < 0:
        raise DomainError(_("Enter an amount in euros."), field="spent_eur", code="invalid_amount")
    report = MilestoneReport(instalment=instalment, submitted_by=user, progress=progress, spent_eur=spent)
    if evidence is not None:
        check_evidence(evidence)
        report.evidence.save(evidence.name, evidence, save=False)
    report.save()
    log_action(actor=user, verb="calls.report.submit", target=instalment.award.application, changes={})
    return report


@transaction.atomic
def review_report(*, actor: User, report_id: int, accept: bool, note: str = "") -> MilestoneReport:
    """Staff accept a milestone report, which releases its instalment for payment, or return it with a note."""
    require(permissions.can_manage_calls(actor), _STAFF_REFUSAL, code="forbidden")
    report = MilestoneReport.objects.select_for_update(of=("self",)).filter(pk=report_id).first()
    if report is None:
        raise NotFound(_("No such report."), code="no_such_report")
    if report.status != MilestoneReport.Status.SUBMITTED:
        raise Conflict(_("This report is already reviewed."), code="already_reviewed")
    note = _checked_text(note, field="note")
    if not accept and not note:
        raise DomainError(_("Say what needs changing."), field="note", code="note_required")
    now = timezone.now()
    report.status = MilestoneReport.Status.ACCEPTED if accept else MilestoneReport.Status.RETURNED
    report.reviewed_by, report.reviewed_at, report.review_note = actor, now, note
    report.save()
    instalment = Instalment.objects.select_for_update().get(pk=report.instalment_id)
    if accept:
        instalment.status, instalment.released_at = Instalment.Status.RELEASED, now
        instalment.save(update_fields=["status", "released_at", "updated_at"])
    application = Application.objects.select_related("organisation", "call").get(award__instalments=instalment)
    log_action(
        actor=actor,
        verb=f"calls.report.{'accept' if accept else 'return'}",
        target=application,
        changes={"report": [MilestoneReport.Status.SUBMITTED, report.status]},
    )
    _tell_members(
        application,
        key=f"calls.report.{report.pk}.{report.status}",
        title=_lazy_report_title(report.status),
        body=note,
    )
    return report


def _lazy_report_title(status: str):
    if status == MilestoneReport.Status.ACCEPTED:
        return gettext_lazy("Your milestone report is accepted: the instalment is released for payment")
    return gettext_lazy("Your milestone report is returned for changes")


@transaction.atomic
def mark_paid(*, actor: User, instalment_id: int) -> Instalment:
    """Record that a released instalment was paid out."""
    require(permissions.can_manage_calls(actor), _STAFF_REFUSAL, code="forbidden")
    instalment = Instalment.objects.select_for_update().filter(pk=instalment_id).first()
    if instalment is None:
        raise NotFound(_("No such instalment."), code="no_such_instalment")
    if instalment.status != Instalment.Status.RELEASED:
        raise Conflict(_("Only a released instalment can be paid."), code="not_released")
    instalment.status, instalment.paid_at = Instalment.Status.PAID, timezone.now()
    instalment.save(update_fields=["status", "paid_at", "updated_at"])
    application = Application.objects.get(award__instalments=instalment)
    log_action(actor=actor, verb="calls.instalment.paid", target=application, changes={"instalment": [None, "paid"]})
    finance.follow_instalment(instalment=instalment, actor=actor)
    return instalment


# ------------------------------------------------------------------------------------------ messages


def _tell_members(application: Application, *, key: str, title: Any, body: str) -> None:
    url = reverse("calls:application", kwargs={"pk": application.pk})
    for membership in organisation_selectors.members_of(application.organisation):
        send(Draft(user=membership.user, key=key, title=title, body=body, url=url))


def _add_message(*, application: Application, author: User, body: str, from_staff: bool) -> ApplicationMessage:
    message = ApplicationMessage.objects.create(
        application=application, author=author, from_staff=from_staff, body=body
    )
    title = gettext_lazy("A message about your application")
    if from_staff:
        _tell_members(application, key=f"calls.message.{message.pk}", title=title, body=body)
    else:
        # The staff who wrote on this thread before hear of the answer.
        staff_ids = set(
            application.messages.filter(from_staff=True, author__isnull=False).values_list("author", flat=True)
        )
        url = reverse("calls:staff_application", kwargs={"pk": application.pk})
        for person in User.objects.filter(pk__in=staff_ids):
            send(
                Draft(
                    user=person,
                    key=f"calls.message.{message.pk}.{person.pk}",
                    title=gettext_lazy("An applicant answered"),
                    body=body,
                    url=url,
                )
            )
    return message


@transaction.atomic
def post_message(*, user: User, application_id: int, body: str) -> ApplicationMessage:
    """A message on the application's thread from one of its members or from staff; the other side is told."""
    application = Application.objects.select_related("organisation", "call").filter(pk=application_id).first()
    if application is None or not permissions.can_see_application(user, application):
        raise NotFound(permissions.NO_SUCH_APPLICATION, code="no_such_application")
    body = _checked_text(body)
    if not body:
        raise DomainError(_("Write a message."), field="body", code="message_required")
    from_staff = not permissions.is_applicant(user, application)
    if from_staff and not permissions.can_manage_calls(user):
        raise PermissionDenied(_STAFF_REFUSAL, code="forbidden")
    return _add_message(application=application, author=user, body=body, from_staff=from_staff)


# ------------------------------------------------------------------------------------- personal data


def calls_personal_data(*, user: User) -> dict[str, Any]:
    """What this module keeps about a person: the applications they started, the messages and files they wrote
    and uploaded, and the reports they filed (the organisation's applications belong to the organisation)."""
    return {
        "applications_started": list(
            Application.objects.filter(created_by=user).values("id", "call__title", "status", "created_at")
        ),
        "messages": list(ApplicationMessage.objects.filter(author=user).values("application", "body", "created_at")),
        "files": list(ApplicationFile.objects.filter(uploaded_by=user).values("application", "name", "created_at")),
        "reports": list(
            MilestoneReport.objects.filter(submitted_by=user).values("instalment", "progress", "created_at")
        ),
    }


def forget_person(*, user: User) -> None:
    """Before the account goes: the person's own messages lose their words (the thread stays readable as a
    record of the decision); their pointers are cleared by the database (SET_NULL)."""
    ApplicationMessage.objects.filter(author=user).update(body="—", author=None)
