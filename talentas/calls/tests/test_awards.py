"""Decisions and awards: the budget is never over-committed (the call's and the programme-year's), the reserved share
for women-led startups is kept, and instalments are released by accepted milestone reports."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from talentas.calls import services
from talentas.calls.models import Application, Award, Call, Instalment, MilestoneReport, ProgrammeYear
from talentas.core.errors import Conflict, DomainError, NotFound, PermissionDenied

from .factories import CallFactory, ProgrammeFactory, submitted

pytestmark = pytest.mark.django_db


def _approve(staff, application, amount):
    return services.approve(actor=staff, application_id=application.pk, amount_eur=amount)


def test_an_award_takes_its_amount_from_the_call_and_the_programme_year(plan_manager):
    call = CallFactory(budget_eur=Decimal("10000"))
    award = _approve(plan_manager, submitted(call), "4000")
    assert award.amount_eur == Decimal("4000.00") and award.budget_year == 2026
    call.refresh_from_db()
    assert call.committed_eur == Decimal("4000")
    assert ProgrammeYear.objects.get(programme=call.programme, year=2026).committed_eur == Decimal("4000")
    assert [(i.amount_eur, i.status) for i in award.instalments.all()] == [
        (Decimal("2800.00"), Instalment.Status.RELEASED),
        (Decimal("1200.00"), Instalment.Status.PLANNED),
    ]
    assert award.application.status == Application.Status.APPROVED


def test_the_call_budget_is_never_exceeded_and_a_refused_approval_records_nothing(plan_manager):
    call = CallFactory(budget_eur=Decimal("10000"))
    _approve(plan_manager, submitted(call), "5000")
    _approve(plan_manager, submitted(call), "4000")
    last = submitted(call)
    with pytest.raises(Conflict) as error:
        _approve(plan_manager, last, "1000.01")
    assert error.value.code == "over_budget"
    last.refresh_from_db()
    assert last.status == Application.Status.SCREENING
    assert not Award.objects.filter(application=last).exists()
    call.refresh_from_db()
    assert call.committed_eur == Decimal("9000")
    assert _approve(plan_manager, last, "1000").amount_eur == Decimal("1000")  # exactly the rest fits
    call.refresh_from_db()
    assert call.committed_eur == call.budget_eur


def test_the_programme_year_budget_holds_across_its_calls(plan_manager):
    programme = ProgrammeFactory()
    ProgrammeYear.objects.create(programme=programme, year=2026, budget_eur=Decimal("6000"))
    first, second = CallFactory(programme=programme), CallFactory(programme=programme)
    _approve(plan_manager, submitted(first), "5000")
    with pytest.raises(Conflict) as error:
        _approve(plan_manager, submitted(second), "1500")
    assert error.value.code == "over_budget"
    second.refresh_from_db()
    assert second.committed_eur == 0  # the call's own take was undone with the rest


def test_a_programme_without_a_budget_for_the_year_awards_nothing(plan_manager):
    call = CallFactory(budget_year=2027, programme_year=None)
    ProgrammeYear.objects.filter(programme=call.programme, year=2027).delete()
    with pytest.raises(Conflict) as error:
        _approve(plan_manager, submitted(call), "1000")
    assert error.value.code == "no_programme_budget"


def test_the_database_itself_refuses_over_commitment():
    call = CallFactory(budget_eur=Decimal("1000"), max_award_eur=Decimal("1000"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Call.objects.filter(pk=call.pk).update(committed_eur=Decimal("1000.01"))
    year = ProgrammeYear.objects.get(programme=call.programme)
    with pytest.raises(IntegrityError), transaction.atomic():
        ProgrammeYear.objects.filter(pk=year.pk).update(committed_eur=year.budget_eur + 1)


def test_awards_respect_the_maximum_and_the_instalments_add_up(plan_manager):
    call = CallFactory()
    application = submitted(call)
    with pytest.raises(DomainError) as error:
        _approve(plan_manager, application, "5000.01")
    assert error.value.code == "above_max_award"
    with pytest.raises(DomainError) as mismatch:
        services.approve(
            actor=plan_manager,
            application_id=application.pk,
            amount_eur="3000",
            instalments=[services.InstalmentInput(Decimal("1000"), datetime.date(2026, 6, 1))],
        )
    assert mismatch.value.code == "instalments_mismatch"


def test_only_staff_decide(owner, organisation):
    application = submitted(organisation=organisation)
    with pytest.raises(PermissionDenied):
        _approve(owner, application, "1000")
    with pytest.raises(PermissionDenied):
        services.reject(actor=owner, application_id=application.pk)


def test_a_reserved_share_is_kept_for_women_led_startups(plan_manager):
    call = CallFactory(budget_eur=Decimal("10000"), women_rule=Call.WomenRule.RESERVED_SHARE, women_reserved_percent=40)
    _approve(plan_manager, submitted(call, women_led="no"), "5000")
    with pytest.raises(Conflict) as error:
        _approve(plan_manager, submitted(call, women_led="no"), "1500")
    assert error.value.code == "reserved_share"
    assert _approve(plan_manager, submitted(call, women_led="women_led"), "5000").amount_eur == Decimal("5000")


def test_waitlisted_applications_can_be_approved_later(plan_manager):
    call = CallFactory()
    application = submitted(call)
    services.waitlist(actor=plan_manager, application_id=application.pk, message="If money frees up.")
    assert _approve(plan_manager, application, "2000").application.status == Application.Status.APPROVED


def test_a_milestone_report_releases_the_next_instalment_once_accepted(plan_manager, owner, organisation, outsider):
    award = _approve(plan_manager, submitted(organisation=organisation), "4000")
    first, second = award.instalments.all()
    with pytest.raises(Conflict):
        services.submit_report(user=owner, instalment_id=first.pk, progress="Done", spent_eur="100")
    with pytest.raises(NotFound):
        services.submit_report(user=outsider, instalment_id=second.pk, progress="Done", spent_eur="100")
    evidence = SimpleUploadedFile("invoice.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    report = services.submit_report(
        user=owner, instalment_id=second.pk, progress="Prototype built.", spent_eur="2500", evidence=evidence
    )
    with pytest.raises(Conflict) as waiting:
        services.submit_report(user=owner, instalment_id=second.pk, progress="Again", spent_eur="1")
    assert waiting.value.code == "report_waiting"
    with pytest.raises(DomainError) as note:
        services.review_report(actor=plan_manager, report_id=report.pk, accept=False)
    assert note.value.code == "note_required"
    services.review_report(actor=plan_manager, report_id=report.pk, accept=False, note="Add the invoices.")
    second.refresh_from_db()
    assert second.status == Instalment.Status.PLANNED
    again = services.submit_report(user=owner, instalment_id=second.pk, progress="With invoices.", spent_eur="2600")
    services.review_report(actor=plan_manager, report_id=again.pk, accept=True)
    second.refresh_from_db()
    assert second.status == Instalment.Status.RELEASED and second.released_at is not None
    assert MilestoneReport.objects.get(pk=again.pk).status == MilestoneReport.Status.ACCEPTED
    for instalment in (first, second):
        services.mark_paid(actor=plan_manager, instalment_id=instalment.pk)
    assert set(award.instalments.values_list("status", flat=True)) == {Instalment.Status.PAID}
    with pytest.raises(Conflict):
        services.mark_paid(actor=plan_manager, instalment_id=first.pk)
