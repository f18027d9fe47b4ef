"""Assignments, declarations and recusal, scores and totals, screening, the rubric, bulk actions and ranking."""

from decimal import Decimal

import pytest
from django.core import mail

from talentas.audit.models import AuditEntry
from talentas.calls.models import Application
from talentas.calls.tests.factories import CallFactory, submitted
from talentas.core.errors import Conflict, DomainError, NotFound, PermissionDenied
from talentas.notices.models import Notice
from talentas.organisations import selectors as organisation_selectors
from talentas.organisations.tests.factories import MembershipFactory
from talentas.review import scoring, selectors, services
from talentas.review.models import ConflictDeclaration, ReviewerAssignment, Rubric, Screening

from .factories import in_review, rubric_for

pytestmark = pytest.mark.django_db
Status = ReviewerAssignment.Status


def _criteria(application):
    return list(Rubric.objects.get(call=application.call).criteria.order_by("position"))


def _declared(plan_manager, application, reviewer, role="expert"):
    assignment = services.assign_reviewer(
        actor=plan_manager, application_id=application.pk, reviewer=reviewer, role=role
    )
    services.declare(user=reviewer, assignment_id=assignment.pk, has_conflict=False)
    return assignment


def test_an_assigned_reviewer_is_told_and_must_declare_before_opening(
    plan_manager, application, reviewer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assignment = services.assign_reviewer(
            actor=plan_manager, application_id=application.pk, reviewer=reviewer, role="expert"
        )
    assert assignment.status == Status.AWAITING_DECLARATION
    notice = Notice.objects.get(user=reviewer)
    assert notice.url.endswith(f"/review/assignments/{assignment.pk}/")
    assert [m.to for m in mail.outbox] == [[reviewer.email]]
    # listed (to declare), but not openable yet
    assert list(selectors.assignments_of(reviewer)) == [assignment]
    assert not selectors.may_open(reviewer, application)
    with pytest.raises(Conflict) as refused:
        services.save_review(user=reviewer, assignment_id=assignment.pk, scores={}, comments="")
    assert refused.value.code == "declaration_required"
    services.declare(user=reviewer, assignment_id=assignment.pk, has_conflict=False)
    assert selectors.may_open(reviewer, application)
    with pytest.raises(Conflict) as again:
        services.declare(user=reviewer, assignment_id=assignment.pk, has_conflict=True, reason="x")
    assert again.value.code == "already_declared"


def test_declaring_a_conflict_recuses_and_tells_staff(plan_manager, application, reviewer):
    assignment = services.assign_reviewer(
        actor=plan_manager, application_id=application.pk, reviewer=reviewer, role="jury"
    )
    with pytest.raises(DomainError) as no_reason:
        services.declare(user=reviewer, assignment_id=assignment.pk, has_conflict=True)
    assert no_reason.value.code == "reason_required"
    services.declare(user=reviewer, assignment_id=assignment.pk, has_conflict=True, reason="My cousin runs it.")
    assignment.refresh_from_db()
    assert assignment.status == Status.RECUSED and assignment.recusal == "declared"
    assert Notice.objects.filter(user=plan_manager, key=f"review.recused.{assignment.pk}").exists()
    assert AuditEntry.objects.filter(verb="review.assignment.recuse", target_id=str(assignment.pk)).exists()
    assert not selectors.may_open(reviewer, application)
    assert list(selectors.assignments_of(reviewer)) == []
    with pytest.raises(NotFound):
        services.save_review(user=reviewer, assignment_id=assignment.pk, scores={}, comments="")


def test_a_member_of_the_applicant_is_recused_on_assignment(plan_manager, application):
    colleague = MembershipFactory(organisation=application.organisation).user
    assignment = services.assign_reviewer(
        actor=plan_manager, application_id=application.pk, reviewer=colleague, role="expert"
    )
    assert assignment.status == Status.RECUSED and assignment.recusal == "member"
    assert not Notice.objects.filter(user=colleague, key__startswith="review.assigned").exists()
    assert Notice.objects.filter(user=plan_manager, key=f"review.recused.{assignment.pk}").exists()
    # still sees the application as its applicant, never as its reviewer
    assert selectors.may_open(colleague, application)
    assert list(selectors.assignments_of(colleague)) == []


def test_a_conflict_declared_for_an_organisation_recuses_from_all_its_applications(plan_manager, application, reviewer):
    ConflictDeclaration.objects.create(
        reviewer=reviewer, organisation=application.organisation, has_conflict=True, reason="Shareholder",
        declared_at=application.created_at,
    )  # fmt: skip
    assignment = services.assign_reviewer(
        actor=plan_manager, application_id=application.pk, reviewer=reviewer, role="expert"
    )
    assert assignment.status == Status.RECUSED


def test_a_staff_member_who_declared_a_conflict_no_longer_sees_the_application(plan_manager, application):
    assignment = services.assign_reviewer(
        actor=plan_manager, application_id=application.pk, reviewer=plan_manager, role="staff"
    )
    services.declare(user=plan_manager, assignment_id=assignment.pk, has_conflict=True, reason="Former employer")
    assert not selectors.applications_visible_to(plan_manager).filter(pk=application.pk).exists()
    with pytest.raises(NotFound):
        services.screen(actor=plan_manager, application_id=application.pk, passed=True)


def test_only_staff_assign(application, reviewer, outsider):
    with pytest.raises(PermissionDenied):
        services.assign_reviewer(actor=outsider, application_id=application.pk, reviewer=reviewer, role="expert")


def test_a_second_assignment_of_the_same_person_is_refused(plan_manager, application, reviewer):
    services.assign_reviewer(actor=plan_manager, application_id=application.pk, reviewer=reviewer, role="expert")
    with pytest.raises(Conflict) as refused:
        services.assign_reviewer(actor=plan_manager, application_id=application.pk, reviewer=reviewer, role="jury")
    assert refused.value.code == "already_assigned"


def test_scores_are_checked_saved_as_a_draft_and_submitted_once(plan_manager, application, reviewer):
    assignment = _declared(plan_manager, application, reviewer)
    innovation, team = _criteria(application)
    with pytest.raises(DomainError) as too_high:
        services.save_review(user=reviewer, assignment_id=assignment.pk, scores={innovation.pk: 11})
    assert too_high.value.code == "score_out_of_range" and too_high.value.field == f"score-{innovation.pk}"
    draft = services.save_review(user=reviewer, assignment_id=assignment.pk, scores={innovation.pk: 8})
    assert draft.status == "draft" and draft.total == Decimal("80.00")
    with pytest.raises(DomainError) as incomplete:
        services.save_review(user=reviewer, assignment_id=assignment.pk, scores={innovation.pk: 8}, submit=True)
    assert incomplete.value.code == "score_missing"
    review = services.save_review(
        user=reviewer, assignment_id=assignment.pk, scores={innovation.pk: 8, team.pk: 5}, comments="Strong.",
        submit=True,
    )  # fmt: skip
    # (2 * 8/10 + 1 * 5/5) / 3 * 100
    assert review.status == "submitted" and review.total == Decimal("86.67")
    with pytest.raises(Conflict) as twice:
        services.save_review(user=reviewer, assignment_id=assignment.pk, scores={innovation.pk: 1, team.pk: 1},
                             submit=True)  # fmt: skip
    assert twice.value.code == "already_submitted"


def test_weighted_totals_and_agreement():
    class C:
        def __init__(self, pk, weight, max_score):
            self.pk, self.weight, self.max_score, self.title = pk, Decimal(weight), max_score, str(pk)

    criteria = [C(1, 3, 10), C(2, 1, 4)]
    assert scoring.weighted_total(criteria, {1: 10, 2: 0}) == Decimal("75.00")
    assert scoring.weighted_total(criteria, {}) is None
    agreement = scoring.agreement([Decimal("90"), Decimal("60"), Decimal("75")], threshold=Decimal("20"))
    assert agreement.average == Decimal("75.00") and agreement.spread == Decimal("30.00")
    assert agreement.deviation == Decimal("12.25") and agreement.disagreement
    assert not scoring.agreement([Decimal("70"), Decimal("80")], threshold=Decimal("20")).disagreement
    assert scoring.agreement([], threshold=Decimal("1")).average is None


def test_screening_passes_to_review_or_ends_with_a_reason(plan_manager, call_with_rubric):
    eligible = submitted(call=call_with_rubric)
    Application.objects.filter(pk=eligible.pk).update(status=Application.Status.SUBMITTED)
    services.screen(actor=plan_manager, application_id=eligible.pk, passed=True)
    eligible.refresh_from_db()
    assert eligible.status == Application.Status.IN_REVIEW
    assert Screening.objects.get(application=eligible).checks == [{"code": "eligible"}]

    other = submitted(call=call_with_rubric)
    with pytest.raises(DomainError) as no_reason:
        services.screen(actor=plan_manager, application_id=other.pk, passed=False)
    assert no_reason.value.code == "reason_required"
    services.screen(actor=plan_manager, application_id=other.pk, passed=False, reason="Registered in Vilnius.")
    other.refresh_from_db()
    assert other.status == Application.Status.REJECTED and "Vilnius" in other.decision_message
    with pytest.raises(Conflict):
        services.screen(actor=plan_manager, application_id=other.pk, passed=True)


def test_the_rubric_is_saved_and_its_criteria_frozen_once_scored(plan_manager, application, reviewer):
    call = CallFactory()
    rubric = services.save_rubric(
        actor=plan_manager, call=call, title_lt="Kriterijai", blind_review=True,
        disagreement_threshold=Decimal("15"),
        criteria=[services.CriterionInput(title_lt="Rinka", title_en="Market", weight=Decimal("2"), max_score=5)],
    )  # fmt: skip
    assert rubric.blind_review and [c.title_en for c in rubric.criteria.all()] == ["Market"]
    assignment = _declared(plan_manager, application, reviewer)
    services.save_review(user=reviewer, assignment_id=assignment.pk, scores={_criteria(application)[0].pk: 3})
    with pytest.raises(Conflict) as frozen:
        services.save_rubric(
            actor=plan_manager, call=application.call, title_lt="Nauji",
            criteria=[services.CriterionInput(title_lt="Kita")],
        )  # fmt: skip
    assert frozen.value.code == "rubric_in_use"
    services.save_rubric(actor=plan_manager, call=application.call, title_lt="Nauji", blind_review=True)
    assert selectors.rubric_is_blind(Application.objects.select_related("call__rubric").get(pk=application.pk))


def test_bulk_actions_cover_every_matching_application_in_one_go(plan_manager, call_with_rubric, reviewer):
    rows = [submitted(call=call_with_rubric) for _ in range(3)]
    Application.objects.filter(pk__in=[r.pk for r in rows]).update(status=Application.Status.SUBMITTED)
    result = services.bulk_apply(
        actor=plan_manager,
        applications=Application.objects.filter(call=call_with_rubric),
        action="move",
        transition="screen",
        description="call=1",
    )
    assert (result.matched, result.done, result.skipped) == (3, 3, 0)
    assert set(Application.objects.filter(call=call_with_rubric).values_list("status", flat=True)) == {"screening"}
    result = services.bulk_apply(
        actor=plan_manager, applications=Application.objects.filter(call=call_with_rubric), action="move",
        transition="screen",
    )  # fmt: skip
    assert (result.done, result.skipped) == (0, 3)
    assigned = services.bulk_apply(
        actor=plan_manager, applications=Application.objects.filter(call=call_with_rubric), action="assign",
        reviewers=[reviewer], role="expert",
    )  # fmt: skip
    assert assigned.done == 3 and ReviewerAssignment.objects.filter(reviewer=reviewer).count() == 3
    told = services.bulk_apply(
        actor=plan_manager, applications=Application.objects.filter(call=call_with_rubric), action="message",
        message="The jury meets on Friday.",
    )  # fmt: skip
    assert told.done == 3
    entry = AuditEntry.objects.filter(verb="review.bulk.move").first()
    assert entry is not None and entry.changes["matched"] == [None, 3]


def test_a_failing_bulk_action_changes_nothing(plan_manager, call_with_rubric, outsider):
    submitted(call=call_with_rubric)
    with pytest.raises(PermissionDenied):
        services.bulk_apply(actor=outsider, applications=Application.objects.all(), action="message", message="x")
    with pytest.raises(DomainError):
        services.bulk_apply(actor=plan_manager, applications=Application.objects.all(), action="assign")


def test_the_ranking_adds_women_led_points_and_explains_ties(plan_manager):
    call = CallFactory(women_rule="extra_points", women_extra_points=5)
    rubric_for(call)
    first = in_review(call=call, project_title="A")
    women = in_review(call=call, project_title="B", women_led="women_led")
    tied = in_review(call=call, project_title="C")
    people = []
    for application, scores in ((first, (9, 5)), (women, (8, 4)), (tied, (9, 5))):
        from talentas.accounts.tests.factories import UserFactory

        person = UserFactory()
        people.append(person)
        assignment = _declared(plan_manager, application, person)
        innovation, team = _criteria(application)
        services.save_review(user=person, assignment_id=assignment.pk,
                             scores={innovation.pk: scores[0], team.pk: scores[1]}, submit=True)  # fmt: skip
    ranked = selectors.ranking(plan_manager, call.pk)
    # A and C: (2*0.9 + 1)/3 = 93.33; B: (2*0.8 + 0.8)/3 = 80.00 + 5
    assert [(r.application.project_title, r.final) for r in ranked] == [
        ("A", Decimal("93.33")), ("C", Decimal("93.33")), ("B", Decimal("85.00")),
    ]  # fmt: skip
    assert ranked[0].tie_note and ranked[1].tie_note and not ranked[2].tie_note
    assert ranked[2].women_points == 5 and [r.rank for r in ranked] == [1, 2, 3]


def test_a_reviewer_who_joins_the_applicant_later_can_no_longer_review(plan_manager, application, reviewer):
    assignment = _declared(plan_manager, application, reviewer)
    MembershipFactory(organisation=application.organisation, user=reviewer)
    organisation_selectors.forget_memberships(reviewer)  # as a new request would know them
    assert list(selectors.assignments_of(reviewer)) == []
    with pytest.raises(NotFound):
        services.save_review(user=reviewer, assignment_id=assignment.pk, scores={})
