"""An organisation's application from the draft to the decision: drafting together, what is missing, the deadline,
eligibility, withdrawing, clarification, and nobody else getting near it."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from talentas.calls import services
from talentas.calls.models import Application, Call
from talentas.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from talentas.notices.models import Notice

from .factories import CallFactory, complete

pytestmark = pytest.mark.django_db
Status = Application.Status


@pytest.fixture
def call():
    return CallFactory()


def _start(user, call, organisation):
    return services.start_application(user=user, call=call, organisation=organisation)


def _fill(user, application, **changes):
    data = {
        "project_title": "Smart greenhouse sensors",
        "summary": "Sensors and an app for greenhouses.",
        "requested_eur": Decimal("4000"),
        "registered_in_city": True,
        "founded_on": timezone.localdate() - datetime.timedelta(days=700),
        **changes,
    }
    return services.save_draft(user=user, application_id=application.pk, data=services.ApplicationInput(**data))


def test_members_draft_together_see_what_is_missing_and_submit(call, owner, member, organisation):
    application = _start(owner, call, organisation)
    assert application.status == Status.DRAFT
    assert application.registered_in_city is True  # the organisation's city is the city's
    services.save_draft(
        user=member, application_id=application.pk, data=services.ApplicationInput(project_title="Greenhouse")
    )
    application.refresh_from_db()
    missing = [gap["field"] for gap in services.missing(application)]
    assert missing == ["summary", "requested_eur", "founded_on"]
    with pytest.raises(DomainError) as error:
        services.submit(user=owner, application_id=application.pk)
    assert error.value.code == "incomplete"
    assert [problem["field"] for problem in error.value.errors] == missing
    _fill(member, application)
    submitted = services.submit(user=owner, application_id=application.pk)
    assert submitted.status == Status.SUBMITTED and submitted.submitted_at is not None
    # Both members are told, once each.
    assert Notice.objects.filter(key__startswith=f"calls.application.{application.pk}.submit").count() == 2
    with pytest.raises(Conflict) as again:
        services.submit(user=owner, application_id=application.pk)
    assert again.value.code == "already_submitted"
    with pytest.raises(Conflict) as locked:
        _fill(owner, application, project_title="Changed")
    assert locked.value.code == "not_editable"


def test_one_application_per_organisation_and_call(call, owner, organisation):
    _start(owner, call, organisation)
    with pytest.raises(Conflict) as error:
        _start(owner, call, organisation)
    assert error.value.code == "already_applied"
    assert Application.objects.filter(call=call, organisation=organisation).count() == 1


def test_late_submission_is_refused_with_a_clear_message_and_the_draft_is_kept(call, owner, organisation):
    application = _start(owner, call, organisation)
    _fill(owner, application)
    with time_machine.travel(call.closes_at, tick=False), pytest.raises(Conflict) as error:
        services.submit(user=owner, application_id=application.pk)
    assert error.value.code == "deadline_passed"
    assert "draft is kept" in str(error.value.message)
    application.refresh_from_db()
    assert application.status == Status.DRAFT
    assert application.project_title == "Smart greenhouse sensors"
    with time_machine.travel(call.closes_at - datetime.timedelta(seconds=1), tick=False):
        assert services.submit(user=owner, application_id=application.pk).status == Status.SUBMITTED


def test_no_draft_before_the_call_opens_or_after_it_closes(owner, organisation):
    upcoming = CallFactory(opens_at=timezone.now() + datetime.timedelta(days=1))
    with pytest.raises(Conflict) as error:
        _start(owner, upcoming, organisation)
    assert error.value.code == "call_not_open"
    closed = CallFactory(
        opens_at=timezone.now() - datetime.timedelta(days=20), closes_at=timezone.now() - datetime.timedelta(days=1)
    )
    with pytest.raises(Conflict) as late:
        _start(owner, closed, organisation)
    assert late.value.code == "deadline_passed"


def test_eligibility_is_checked_on_submit_with_every_reason(owner, organisation):
    call = CallFactory(stages_allowed=["idea", "prototype"], max_company_age_years=3)
    application = _start(owner, call, organisation)
    _fill(
        owner,
        application,
        registered_in_city=False,
        founded_on=timezone.localdate() - datetime.timedelta(days=5 * 365),
        stage="growth",
    )
    with pytest.raises(DomainError) as error:
        services.submit(user=owner, application_id=application.pk)
    assert error.value.code == "not_eligible"
    assert [problem["code"] for problem in error.value.errors] == [
        "not_registered_in_city",
        "company_too_old",
        "stage_not_allowed",
    ]
    application.refresh_from_db()
    assert application.status == Status.DRAFT


def test_the_amount_may_not_exceed_the_maximum_award(call, owner, organisation):
    application = _start(owner, call, organisation)
    with pytest.raises(DomainError) as error:
        _fill(owner, application, requested_eur=Decimal("5000.01"))
    assert error.value.code == "above_max_award"


def test_other_people_cannot_touch_the_application(call, owner, organisation, outsider, plan_manager):
    application = _start(owner, call, organisation)
    with pytest.raises(PermissionDenied):
        _fill(outsider, application)
    with pytest.raises(NotFound):
        services.submit(user=outsider, application_id=application.pk)
    with pytest.raises(PermissionDenied):
        services.withdraw(user=outsider, application_id=application.pk)
    with pytest.raises(NotFound):  # staff do not see drafts
        services.post_message(user=plan_manager, application_id=application.pk, body="Hello")
    with pytest.raises(PermissionDenied) as error:
        _start(outsider, call, organisation)
    assert error.value.code == "not_a_member"


def test_clarification_reopens_the_application_and_resubmission_returns_it_to_screening(
    call, owner, organisation, plan_manager
):
    application = complete(_start(owner, call, organisation))
    services.submit(user=owner, application_id=application.pk)
    services.move(actor=plan_manager, application_id=application.pk, transition="screen")
    with pytest.raises(DomainError) as error:
        services.move(actor=plan_manager, application_id=application.pk, transition="request_clarification")
    assert error.value.code == "message_required"
    services.move(
        actor=plan_manager,
        application_id=application.pk,
        transition="request_clarification",
        message="Please attach the budget table.",
    )
    application.refresh_from_db()
    assert application.status == Status.CLARIFICATION and application.is_editable
    assert application.messages.get().from_staff
    assert Notice.objects.filter(user=owner, key__startswith="calls.message.").exists()
    _fill(owner, application, summary="With the budget table.")
    # After the deadline too: a clarification is asked for after the call closed.
    with time_machine.travel(call.closes_at + datetime.timedelta(days=3), tick=False):
        resubmitted = services.submit(user=owner, application_id=application.pk)
    assert resubmitted.status == Status.SCREENING
    services.post_message(user=owner, application_id=application.pk, body="Attached.")
    assert Notice.objects.filter(user=plan_manager, key__startswith="calls.message.").exists()
    with pytest.raises(PermissionDenied):
        services.move(actor=owner, application_id=application.pk, transition="send_to_review")
    assert services.move(actor=plan_manager, application_id=application.pk, transition="send_to_review").status == (
        Status.IN_REVIEW
    )


def test_withdraw_before_the_decision_only(call, owner, organisation, plan_manager):
    application = complete(_start(owner, call, organisation))
    services.submit(user=owner, application_id=application.pk)
    assert services.withdraw(user=owner, application_id=application.pk).status == Status.WITHDRAWN
    other = complete(_start(owner, CallFactory(programme=call.programme), organisation))
    services.submit(user=owner, application_id=other.pk)
    services.reject(actor=plan_manager, application_id=other.pk, message="Too early.")
    with pytest.raises(Conflict) as error:
        services.withdraw(user=owner, application_id=other.pk)
    assert error.value.code == "cannot_withdraw"


def test_the_decision_is_told_in_each_members_language(call, owner, member, organisation, plan_manager):
    owner.preferred_language = "lt"
    owner.save()
    member.preferred_language = "en"
    member.save()
    application = complete(_start(owner, call, organisation))
    services.submit(user=owner, application_id=application.pk)
    services.move(actor=plan_manager, application_id=application.pk, transition="screen")
    services.approve(actor=plan_manager, application_id=application.pk, amount_eur="3500", message="Well done.")
    english = Notice.objects.get(user=member, key__contains=".approve.")
    lithuanian = Notice.objects.get(user=owner, key__contains=".approve.")
    assert "Congratulations" in english.body and "3,500.00" in english.body and "Well done." in english.body
    assert "Congratulations" not in lithuanian.body and "Well done." in lithuanian.body


def test_files_are_checked_by_type_and_size(call, owner, organisation):
    from django.core.files.uploadedfile import SimpleUploadedFile

    application = _start(owner, call, organisation)
    pdf = SimpleUploadedFile("budget.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    attached = services.attach_file(user=owner, application_id=application.pk, file=pdf)
    assert attached.name == "budget.pdf" and attached.size > 0
    fake = SimpleUploadedFile("virus.pdf", b"MZ\x90\x00not a pdf", content_type="application/pdf")
    with pytest.raises(DomainError):
        services.attach_file(user=owner, application_id=application.pk, file=fake)
    exe = SimpleUploadedFile("run.exe", b"MZ", content_type="application/octet-stream")
    with pytest.raises(DomainError):
        services.attach_file(user=owner, application_id=application.pk, file=exe)
    services.remove_file(user=owner, application_id=application.pk, file_id=attached.pk)
    assert not application.files.exists()


def test_a_call_closes_after_it_opens():
    from django.db import IntegrityError, transaction

    call = CallFactory()
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=call.pk).update(closes_at=call.opens_at)  # past validation, not past the database
