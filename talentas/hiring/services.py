"""Writes of job applications: applying, the employer's pipeline (moves, bulk moves, ratings, notes), withdrawing,
and the opportunity's own questions.

The pipeline is one `core.workflows.Workflow`: every move is made under a row lock, checked for the right and the
state, written to the audit log and told to the applicant in their own language. "Hired" records when, which the
placements metric (talent.placements) counts once per organisation and person.
"""

from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from talentas.accounts.models import User
from talentas.audit.services import log_action
from talentas.core.errors import Conflict, DomainError, NotFound, PermissionDenied, validate
from talentas.core.workflows import Transition, Workflow
from talentas.notices.services import Draft, notify, send
from talentas.talent import permissions as talent_permissions
from talentas.talent import selectors as talent_selectors
from talentas.talent import services as talent_services
from talentas.talent.models import Opportunity

from . import permissions, selectors
from .models import MAX_QUESTIONS, Application, Note, Question

Status = Application.Status
CONSENT_VERSION = "2026-1"
# Shown beside the consent box of the application form; the organisation's name is filled in on the page.
CONSENT_TEXT = gettext_lazy(
    "I agree that {controller} shares my name, e-mail address, talent profile, CV and this application with "
    "{organisation} only, so that it can consider me for this opportunity. I can withdraw the application at any "
    "time."
)
OPEN_STATES = (Status.NEW, Status.REVIEWING, Status.SHORTLISTED, Status.INTERVIEW, Status.OFFER)
# The employer's moves, by the state they lead to (the audit verb is hiring.application.<name>).
MOVES: dict[str, str] = {
    Status.REVIEWING: "review",
    Status.SHORTLISTED: "shortlist",
    Status.INTERVIEW: "interview",
    Status.OFFER: "offer",
    Status.HIRED: "hire",
    Status.NOT_SELECTED: "not_select",
}
# What the applicant is told on each change, in their own language (the employer may add words of their own).
STATUS_MESSAGES: dict[str, Any] = {
    Status.NEW: gettext_lazy("Your application for “%(title)s” at %(organisation)s is submitted."),
    Status.REVIEWING: gettext_lazy("%(organisation)s is reviewing your application for “%(title)s”."),
    Status.SHORTLISTED: gettext_lazy("Good news: %(organisation)s has shortlisted you for “%(title)s”."),
    Status.INTERVIEW: gettext_lazy("%(organisation)s would like to invite you to an interview for “%(title)s”."),
    Status.OFFER: gettext_lazy("%(organisation)s is making you an offer for “%(title)s”."),
    Status.HIRED: gettext_lazy("Congratulations: %(organisation)s has hired you for “%(title)s”."),
    Status.NOT_SELECTED: gettext_lazy(
        "Thank you for applying for “%(title)s”. %(organisation)s has chosen other applicants this time."
    ),
    Status.WITHDRAWN: gettext_lazy("You have withdrawn your application for “%(title)s” at %(organisation)s."),
}
MESSAGE_MAX = 4000


def _checked_message(message: str) -> str:
    """The employer's or applicant's message, trimmed; refused (`message_too_long`) past MESSAGE_MAX."""
    message = message.strip()
    if len(message) > MESSAGE_MAX:
        raise DomainError(_("The message may be at most 4,000 characters."), field="message", code="message_too_long")
    return message


def consent_text(opportunity: Opportunity) -> Any:
    return format_lazy(CONSENT_TEXT, controller=settings.DATA_CONTROLLER, organisation=opportunity.organisation.name)


# ------------------------------------------------------------------------------------------- questions


@dataclass(frozen=True)
class QuestionInput:
    text: str
    kind: str = Question.Kind.TEXT
    choices: tuple[str, ...] = ()
    required: bool = False


@transaction.atomic
def save_questions(*, user: User, opportunity: Opportunity, questions: list[QuestionInput]) -> list[Question]:
    """Replace the opportunity's questions (at most five, in the given order). Answers already given keep the
    question as it was asked."""
    if not permissions.can_manage_applications(user, opportunity):
        raise PermissionDenied(
            _("Only the organisation's members can change its questions."), code="not_your_opportunity"
        )
    kept = [q for q in questions if q.text.strip()]
    if len(kept) > MAX_QUESTIONS:
        raise DomainError(_("Ask at most %(n)s questions.") % {"n": MAX_QUESTIONS}, code="too_many_questions")
    rows = []
    for position, question in enumerate(kept, start=1):
        choices = [c.strip() for c in question.choices if c.strip()]
        if question.kind == Question.Kind.CHOICE and len(choices) < 2:
            raise DomainError(
                _("A choice question needs at least two choices."), field=f"choices_{position}", code="too_few_choices"
            )
        row = Question(
            opportunity=opportunity,
            position=position,
            text=question.text.strip(),
            kind=question.kind,
            choices="\n".join(choices) if question.kind == Question.Kind.CHOICE else "",
            required=question.required,
        )
        validate(row, exclude=["opportunity"])
        rows.append(row)
    Question.objects.filter(opportunity=opportunity).delete()
    saved = Question.objects.bulk_create(rows)
    log_action(
        actor=user,
        verb="hiring.questions.save",
        target=opportunity,
        changes={"questions": [None, [q.text for q in saved]]},
    )
    return saved


def _checked_answers(questions: list[Question], answers: dict[int, str]) -> list[dict[str, Any]]:
    checked = []
    for question in questions:
        answer = (answers.get(question.pk) or "").strip()
        field = f"question_{question.pk}"
        if not answer:
            if question.required:
                raise DomainError(
                    _("Answer this question: %(q)s") % {"q": question.text}, field=field, code="answer_required"
                )
            continue
        if question.kind == Question.Kind.YES_NO and answer not in ("yes", "no"):
            raise DomainError(_("Answer yes or no."), field=field, code="invalid_answer")
        if question.kind == Question.Kind.CHOICE and answer not in question.choice_list():
            raise DomainError(_("Choose one of the choices given."), field=field, code="invalid_answer")
        if len(answer) > 2000:
            raise DomainError(_("An answer may be at most 2,000 characters."), field=field, code="answer_too_long")
        checked.append({"question": question.pk, "text": question.text, "kind": question.kind, "answer": answer})
    unknown = set(answers) - {q.pk for q in questions}
    if unknown:
        raise DomainError(_("This opportunity asks no such question."), field="answers", code="unknown_question")
    return checked


# -------------------------------------------------------------------------------------------- applying


def _status_text(application: Application, status: str) -> str:
    return str(STATUS_MESSAGES[status]) % {
        "title": application.opportunity.title,
        "organisation": application.opportunity.organisation.name,
    }


def _tell_applicant(application: Application, *, extra: str = "") -> Draft:
    """The notice for the application's current state; the texts are rendered in the applicant's language."""
    moment = int(application.status_changed_at.timestamp() * 1_000_000)

    def body() -> str:
        text = _status_text(application, application.status)
        return f"{text}\n\n{extra}" if extra else text

    return Draft(
        user=application.profile.user,
        key=f"hiring.application.{application.pk}.{application.status}.{moment}",
        title=lambda: _("Your application: %(status)s") % {"status": application.get_status_display()},
        body=body,
        url=lambda: reverse("hiring:application_detail", args=[application.pk]),
    )


def _tell_employer(application: Application, *, title: Any, key: str) -> None:
    poster = application.opportunity.posted_by
    if poster is None or not talent_permissions.can_manage_opportunity(poster, application.opportunity):
        return
    notify(
        user=poster,
        key=f"hiring.application.{application.pk}.{key}",
        title=title,
        body=lambda: (
            _("%(applicant)s, for “%(title)s”.")
            % {"applicant": applicant_name(application), "title": application.opportunity.title}
        ),
        url=lambda: reverse("hiring:applicant_detail", args=[application.pk]),
    )


def applicant_name(application: Application) -> str:
    user = application.profile.user
    return user.get_full_name() or user.email or str(application.profile.public_name)


@transaction.atomic
def apply(
    *,
    user: User,
    opportunity: Opportunity,
    consent: bool,
    interest_only: bool = False,
    message: str = "",
    answers: dict[int, str] | None = None,
    cv: UploadedFile | None = None,
    use_profile_cv: bool = False,
) -> Application:
    """Apply for an open opportunity (or only say "interested"), once. Sharing the profile with the organisation is
    recorded as consent (when, and the text's version). Refusals: `no_profile`, `applies_elsewhere`,
    `opportunity_closed`, `own_opportunity`, `consent_required`, `answer_required`, `already_applied` (409)."""
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to apply."), code="sign_in")
    profile = talent_selectors.profile_of(user)
    if profile is None:
        raise DomainError(_("Create your talent profile before applying."), code="no_profile")
    if not permissions.takes_applications_here(opportunity):
        raise DomainError(
            _("This opportunity takes applications on the employer's own site."), code="applies_elsewhere"
        )
    if talent_permissions.can_manage_opportunity(user, opportunity):
        raise PermissionDenied(_("You cannot apply for your own organisation's opportunity."), code="own_opportunity")
    if not talent_permissions.is_listed_opportunity(opportunity):
        raise Conflict(_("This opportunity no longer takes applications."), code="opportunity_closed")
    if not consent:
        raise DomainError(
            _("To apply, agree that your profile is shared with this organisation."),
            field="consent",
            code="consent_required",
        )
    message = _checked_message(message)
    checked = [] if interest_only else _checked_answers(selectors.questions_of(opportunity), answers or {})
    now = timezone.now()
    application = Application(
        opportunity=opportunity,
        profile=profile,
        interest_only=interest_only,
        message=message,
        answers=checked,
        consent_at=now,
        consent_version=CONSENT_VERSION,
        status_changed_at=now,
    )
    if not interest_only:
        if cv is not None:
            talent_services.check_cv_pdf(cv)
            application.cv.save(f"application-cv-{profile.pk}.pdf", cv, save=False)
        elif use_profile_cv and profile.cv:
            with profile.cv.open("rb") as source:
                application.cv.save(f"application-cv-{profile.pk}.pdf", ContentFile(source.read()), save=False)
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError as error:
        if application.cv:
            name, storage = application.cv.name, application.cv.storage
            transaction.on_commit(lambda: storage.delete(name))
        raise Conflict(_("You have already applied for this opportunity."), code="already_applied") from error
    send(_tell_applicant(application))
    _tell_employer(
        application,
        title=(lambda: _("Someone is interested in your opportunity"))
        if interest_only
        else (lambda: _("A new application")),
        key="new",
    )
    return application


# ------------------------------------------------------------------------------------------- pipeline


def _notice(application: Application, transition: Transition[Application]) -> Draft | None:
    if transition.name == "withdraw":
        _tell_employer(application, title=lambda: _("An applicant withdrew"), key="withdrawn")
    return _tell_applicant(application, extra=getattr(application, "_employer_words", ""))


_MOVE_REFUSAL = gettext_lazy("Only the organisation's members can move its applicants.")
PIPELINE: Workflow[Application] = Workflow(
    model=Application,
    verb_prefix="hiring.application",
    transitions=[
        *(
            Transition(
                name,
                source=[s for s in (*OPEN_STATES, Status.NOT_SELECTED) if s != target]
                if target == Status.REVIEWING
                else [s for s in OPEN_STATES if s != target],
                target=target,
                allowed=permissions.may_move,
                refusal=_MOVE_REFUSAL,
                refusal_code="not_your_applicant",
                conflict=gettext_lazy("The application cannot move there from where it is now."),
            )
            for target, name in MOVES.items()
        ),
        Transition(
            "withdraw",
            source=[*OPEN_STATES, Status.NOT_SELECTED],
            target=Status.WITHDRAWN,
            allowed=permissions.may_withdraw,
            refusal=gettext_lazy("Only the applicant can withdraw an application."),
            refusal_code="not_your_application",
            conflict=gettext_lazy("This application can no longer be withdrawn."),
            conflict_code="cannot_withdraw",
        ),
    ],
    notice=_notice,
    queryset=lambda: Application.objects.select_related(
        "opportunity__organisation", "opportunity__posted_by", "profile__user"
    ),
)


def _applied_move(message: str):
    now = timezone.now()

    def apply_move(application: Application) -> None:
        application.status_changed_at = now
        if application.status == Status.HIRED:
            application.hired_at = now
        application._employer_words = message  # type: ignore[attr-defined]  # read by the notice only

    return apply_move


@transaction.atomic
def move(*, actor: User, application_id: int, status: str, message: str = "") -> Application:
    """Move one applicant to `status`; the applicant is told in their own language, with the employer's words
    (if any) below. Refusals: `not_your_applicant` (403), `unknown_status`, `transition_not_allowed` (409)."""
    name = MOVES.get(status)
    if name is None:
        raise DomainError(_("Choose a stage of the pipeline."), field="status", code="unknown_status")
    message = _checked_message(message)
    return PIPELINE.run(application_id, name, actor=actor, apply=_applied_move(message))


@dataclass
class BulkResult:
    moved: list[int]
    skipped: list[int]


@transaction.atomic
def bulk_move(
    *, actor: User, opportunity: Opportunity, application_ids: list[int], status: str, message: str = ""
) -> BulkResult:
    """Move several applicants of one opportunity at once, each told in their own language. Those already there,
    or past moving (hired, withdrawn), are skipped and reported; an id of another opportunity is refused."""
    if not permissions.can_manage_applications(actor, opportunity):
        raise PermissionDenied(_MOVE_REFUSAL, code="not_your_applicant")
    if not application_ids:
        raise DomainError(_("Choose at least one applicant."), field="applications", code="none_chosen")
    known = set(selectors.applications_in(opportunity, application_ids))
    if known != set(application_ids):
        raise NotFound(permissions.NO_SUCH_APPLICATION, code="no_such_application")
    result = BulkResult(moved=[], skipped=[])
    for pk in sorted(known):
        try:
            with transaction.atomic():
                move(actor=actor, application_id=pk, status=status, message=message)
        except Conflict:
            result.skipped.append(pk)
        else:
            result.moved.append(pk)
    return result


@transaction.atomic
def withdraw(*, user: User, application_id: int) -> Application:
    """The applicant takes the application back, at any stage before "hired". Refusals: `not_your_application`
    (403), `cannot_withdraw` (409)."""
    now = timezone.now()

    def record(application: Application) -> None:
        application.status_changed_at = now

    return PIPELINE.run(application_id, "withdraw", actor=user, apply=record)


@transaction.atomic
def rate(*, actor: User, application_id: int, rating: int | None) -> Application:
    application = (
        Application.objects.select_for_update().select_related("opportunity").filter(pk=application_id).first()
    )
    application = permissions.managed_application(actor, application)
    if rating is not None and rating not in range(1, 6):
        raise DomainError(_("Rate from 1 to 5 stars."), field="rating", code="invalid_rating")
    before = application.rating
    application.rating = rating
    application.save(update_fields=["rating", "updated_at"])
    log_action(actor=actor, verb="hiring.application.rate", target=application, changes={"rating": [before, rating]})
    return application


@transaction.atomic
def add_note(*, actor: User, application_id: int, body: str) -> Note:
    application = permissions.managed_application(actor, selectors.application_by_id(application_id))
    note = Note(application=application, author=actor, body=body.strip())
    if not note.body:
        raise DomainError(_("Write the note first."), field="body", code="empty_note")
    validate(note, exclude=["application", "author"])
    note.save()
    log_action(actor=actor, verb="hiring.note.add", target=application, changes={"note": [None, note.body]})
    return note


# --------------------------------------------------------------------------------------- personal data


def hiring_personal_data(*, user: User) -> list[dict[str, Any]]:
    """The person's applications, with the employer's notes about them (GDPR article 15)."""
    return [
        {
            "opportunity": a.opportunity.title,
            "organisation": a.opportunity.organisation.name,
            "status": a.status,
            "interest_only": a.interest_only,
            "message": a.message,
            "answers": a.answers,
            "cv": "attached" if a.cv else "",
            "rating": a.rating,
            "consent_at": a.consent_at,
            "consent_version": a.consent_version,
            "applied_at": a.created_at,
            "hired_at": a.hired_at,
            "notes": [{"body": n.body, "at": n.created_at} for n in a.notes.all()],
        }
        for a in selectors.applications_of_person(user).prefetch_related("notes")
    ]


def forget_applications(*, user: User) -> None:
    """Before the account goes: the application CVs are deleted once the transaction commits (the rows cascade
    with the profile)."""
    files = [(a.cv.name, a.cv.storage) for a in Application.objects.filter(profile__user=user).exclude(cv="")]

    def delete_files() -> None:
        for name, storage in files:
            storage.delete(name)

    if files:
        transaction.on_commit(delete_files)
