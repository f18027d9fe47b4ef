"""Entering, submitting, approving, returning and correcting values; the audit trail; who may do what."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction

from talentas.core import metrics
from talentas.core.errors import Conflict, DomainError, PermissionDenied
from talentas.monitoring.models import Breakdown, IndicatorValue, ValueAuditEntry, ValueState
from talentas.monitoring.services import reporting_periods, values

from .factories import IndicatorSettingsFactory, IndicatorValueFactory, period


def enter(user, indicator, value="3", code="2026-Q1", **extra):
    return values.save_value(user=user, indicator=indicator, period=period(code), value=value, **extra)


def test_owner_enters_submits_and_an_me_officer_approves(
    indicators, owner, me_officer, django_capture_on_commit_callbacks
):
    value = enter(owner, indicators["O1.1"], "2,5", comment="From the event register")
    assert value.state == ValueState.DRAFT and value.value == Decimal("2.50") and value.revision == 1
    values.submit_value(user=owner, value=value)
    before = metrics.data_version()
    with django_capture_on_commit_callbacks(execute=True):
        approved = values.approve_value(user=me_officer, value=value)
    assert approved.state == ValueState.APPROVED and approved.is_locked and approved.reviewed_by == me_officer
    assert metrics.data_version() > before  # the dashboards recompute
    changes = list(ValueAuditEntry.objects.filter(value=value).values_list("change", "old", "new", "actor"))
    assert changes == [
        ("created", "", "2.50", owner.pk),
        ("submitted", "draft", "submitted", owner.pk),
        ("approved", "submitted", "approved", me_officer.pk),
    ]


def test_a_draft_is_changed_in_place_with_old_and_new_in_the_trail(indicators, owner):
    value = enter(owner, indicators["O1.1"], "3")
    again = enter(owner, indicators["O1.1"], "4", comment="Recounted")
    assert again.pk == value.pk and again.value == Decimal(4)
    edits = ValueAuditEntry.objects.filter(value=value, change="edited").values_list("field", "old", "new")
    assert set(edits) == {("value", "3.00", "4.00"), ("comment", "", "Recounted")}


def test_an_approved_value_is_locked_and_a_correction_is_a_new_visible_revision(indicators, owner, me_officer):
    first = enter(owner, indicators["O1.1"], "3", submit=True)
    values.approve_value(user=me_officer, value=first)
    with pytest.raises(DomainError) as refused:
        enter(owner, indicators["O1.1"], "5")
    assert refused.value.field == "comment"
    correction = enter(owner, indicators["O1.1"], "5", comment="Two events were missed", submit=True)
    assert correction.revision == 2 and correction.is_correction
    first.refresh_from_db()
    assert first.is_current  # still current until the correction is approved
    values.approve_value(user=me_officer, value=correction)
    first.refresh_from_db()
    assert first.state == ValueState.APPROVED and first.superseded_at is not None and not first.is_current
    assert first.value == Decimal(3)  # never overwritten
    assert ValueAuditEntry.objects.filter(value=first, change="superseded").exists()


def test_return_needs_a_reason_and_notifies_the_person_who_entered_it(indicators, owner, me_officer):
    value = enter(owner, indicators["O1.1"], submit=True)
    with pytest.raises(DomainError) as refused:
        values.return_value(user=me_officer, value=value, comment=" ")
    assert refused.value.field == "comment"
    returned = values.return_value(user=me_officer, value=value, comment="Attach the attendance list")
    assert returned.state == ValueState.RETURNED
    assert owner.notices.get().body == "Attach the attendance list"
    again = enter(owner, indicators["O1.1"], "4")  # a returned value is edited again
    assert again.pk == value.pk


def test_submitted_values_wait_for_review(indicators, owner, me_officer):
    value = enter(owner, indicators["O1.1"], submit=True)
    with pytest.raises(Conflict):
        enter(owner, indicators["O1.1"], "9")
    values.approve_value(user=me_officer, value=value)
    with pytest.raises(Conflict):
        values.approve_value(user=me_officer, value=value)


def test_nobody_approves_their_own_value(indicators, me_officer, outsider):
    value = enter(me_officer, indicators["O1.1"], submit=True)
    with pytest.raises(PermissionDenied, match="someone other"):
        values.approve_value(user=me_officer, value=value)
    with pytest.raises(PermissionDenied):
        values.approve_value(user=outsider, value=value)


@pytest.mark.parametrize("who", ["outsider", "education_owner", "steering", "plan_manager"])
def test_only_the_department_and_me_team_enter_values(request, indicators, who):
    with pytest.raises(PermissionDenied):
        enter(request.getfixturevalue(who), indicators["O1.1"])
    assert not IndicatorValue.objects.exists()


def test_anonymous_cannot_enter(indicators):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        enter(AnonymousUser(), indicators["O1.1"])


def test_an_owner_cannot_approve(indicators, owner, education_owner):
    value = enter(owner, indicators["O1.1"], submit=True)
    with pytest.raises(PermissionDenied):
        values.approve_value(user=education_owner, value=value)
    with pytest.raises(PermissionDenied):
        values.return_value(user=owner, value=value, comment="no")


def test_automatic_indicators_are_not_entered_by_hand(indicators, me_officer):
    with pytest.raises(DomainError) as refused:
        enter(me_officer, indicators["A1.1"])
    assert refused.value.field == "indicator"


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        ("abc", "not a number"),
        ("-1", "negative"),
        ("1.234", "two decimals"),
        ("1e20", "too large"),
        ("NaN", "not a number"),
    ],
)
def test_bad_values_are_refused_with_a_reason(indicators, owner, raw, message):
    with pytest.raises(DomainError, match=message) as refused:
        enter(owner, indicators["O1.1"], raw)
    assert refused.value.field == "value"


@pytest.mark.parametrize(
    ("code", "message"),
    [("2026Q1", "not a period"), ("2031-Q1", "outside the plan"), ("2026-Q3", "not begun"), ("", "not a period")],
)
def test_bad_periods_are_refused(plan, today, code, message):
    with pytest.raises(DomainError, match=message) as refused:
        reporting_periods.reporting_period(code=code, plan=plan)
    assert refused.value.field == "period"


def test_breakdowns_are_checked_against_the_indicator(indicators, owner):
    IndicatorSettingsFactory(indicator=indicators["O1.1"], breakdowns=[Breakdown.GENDER])
    value = enter(owner, indicators["O1.1"], "10", breakdown={"gender": {"women": "6", "men": "4"}})
    assert value.breakdown == {"gender": {"women": "6.00", "men": "4.00"}}
    for bad, message in [
        ({"age_group": {"18_29": 1}}, "no breakdown by"),
        ({"gender": {"robots": 1}}, "not a category"),
        ({"gender": {"women": 8, "men": 4}}, "more than the value"),
    ]:
        with pytest.raises(DomainError, match=message):
            enter(owner, indicators["O1.1"], "10", breakdown=bad)


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("evidence.exe", b"MZ...", "must be one of"),
        ("evidence.pdf", b"<html>not a pdf</html>", "not a .pdf file"),
        ("evidence.png", b"%PDF-1.4", "not a .png file"),
        ("list.csv", b"\xff\xfe\x00bad", "not a text file"),
    ],
)
def test_evidence_type_is_checked_by_name_and_content(indicators, owner, name, content, message):
    with pytest.raises(DomainError, match=message) as refused:
        enter(owner, indicators["O1.1"], evidence=SimpleUploadedFile(name, content))
    assert refused.value.field == "evidence"


def test_evidence_size_is_limited(indicators, owner, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    big = SimpleUploadedFile("big.pdf", b"%PDF-" + b"0" * (10 * 1024 * 1024))
    with pytest.raises(DomainError, match="10 MB"):
        enter(owner, indicators["O1.1"], evidence=big)
    ok = enter(owner, indicators["O1.1"], evidence=SimpleUploadedFile("list.pdf", b"%PDF-1.7 attendance"))
    assert ok.evidence.name.endswith(".pdf")


def test_the_database_allows_one_open_revision_and_one_current_approved(indicators):
    quarter = period("2026-Q1")
    IndicatorValueFactory(indicator=indicators["O1.1"], period=quarter, revision=1, state=ValueState.DRAFT)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValueFactory(indicator=indicators["O1.1"], period=quarter, revision=2, state=ValueState.SUBMITTED)
    IndicatorValueFactory(indicator=indicators["O1.1"], period=quarter, revision=3)
    with pytest.raises(IntegrityError), transaction.atomic():
        IndicatorValueFactory(indicator=indicators["O1.1"], period=quarter, revision=4)


def test_periods_are_made_once(db):
    from talentas.monitoring import periods

    first = reporting_periods.ensure_period(span=periods.quarter(2026, 1))
    assert reporting_periods.ensure_period(span=periods.quarter(2026, 1)) == first
    assert first.code == "2026-Q1" and first.end == datetime.date(2026, 4, 1)


def test_whoever_last_changed_a_value_never_approves_it(client, indicators, owner, me_officer, today):
    """Issue 10, defect 1: an officer who edits a department's draft through the API cannot then approve it."""
    from talentas.monitoring.tests.test_api import bearer

    draft = enter(owner, indicators["O1.1"], "10", code="2026-Q1")
    response = client.post(
        f"/api/v1/indicators/{indicators['O1.1'].pk}/values",
        {"period": "2026-Q1", "value": 999, "submit": True},
        content_type="application/json",
        **bearer(me_officer),
    )
    assert response.status_code == 201, response.json()
    draft.refresh_from_db()
    assert (draft.value, draft.entered_by, draft.last_changed_by) == (Decimal(999), owner, me_officer)
    with pytest.raises(PermissionDenied) as refused:
        values.approve_value(user=me_officer, value=draft)
    assert refused.value.code == "four_eyes"
    with pytest.raises(PermissionDenied) as refused:
        values.return_value(user=me_officer, value=draft, comment="mine")
    assert refused.value.code == "four_eyes"
    edits = ValueAuditEntry.objects.filter(value=draft, change="edited").values_list("field", "old", "new", "actor")
    assert list(edits) == [("value", "10.00", "999.00", me_officer.pk)]


def test_another_officer_approves_a_value_an_officer_changed(indicators, owner, me_officer):
    from talentas.accounts.models import Role

    from .factories import person

    enter(owner, indicators["O1.1"], "10")
    changed = enter(me_officer, indicators["O1.1"], "12", submit=True)
    colleague = person(Role.ME_OFFICER)
    approved = values.approve_value(user=colleague, value=changed)
    assert (approved.state, approved.reviewed_by, approved.last_changed_by) == ("approved", colleague, me_officer)


def test_the_person_who_entered_a_value_still_never_approves_it(indicators, me_officer):
    value = enter(me_officer, indicators["O1.1"], submit=True)
    with pytest.raises(PermissionDenied) as refused:
        values.approve_value(user=me_officer, value=value)
    assert refused.value.code == "four_eyes"


def test_a_value_created_meanwhile_is_a_conflict_not_an_error(indicators, owner, monkeypatch):
    """The losing side of a race (issue 10, defect 4): its insert breaks a unique constraint; it is told 409."""
    rival = IndicatorValueFactory(indicator=indicators["O1.1"], period=period("2026-Q1"), state=ValueState.DRAFT)
    monkeypatch.setattr(  # the rival's row appears only after this request looked for open values
        IndicatorValue.objects, "select_for_update", lambda: IndicatorValue.objects.exclude(pk=rival.pk)
    )
    with pytest.raises(Conflict) as refused:
        enter(owner, indicators["O1.1"], "4")
    assert refused.value.code == "value_exists"


@pytest.mark.parametrize(
    ("raw", "code"),
    [("abc", "not_a_number"), ("-1", "negative"), ("1.234", "too_many_decimals"), ("1e20", "too_large")],
)
def test_bad_values_carry_a_stable_code(indicators, owner, raw, code):
    with pytest.raises(DomainError) as refused:
        enter(owner, indicators["O1.1"], raw)
    assert (refused.value.field, refused.value.code) == ("value", code)


def test_review_refusals_carry_a_stable_code(indicators, owner, me_officer):
    draft = enter(owner, indicators["O1.1"])
    with pytest.raises(Conflict) as refused:
        values.approve_value(user=me_officer, value=draft)
    assert refused.value.code == "not_submitted"
    values.submit_value(user=owner, value=draft)
    with pytest.raises(PermissionDenied) as refused:
        values.approve_value(user=owner, value=draft)
    assert refused.value.code == "review_forbidden"
    with pytest.raises(DomainError) as refused:
        values.return_value(user=me_officer, value=draft, comment=" ")
    assert refused.value.code == "reason_required"
    with pytest.raises(Conflict) as refused:
        enter(owner, indicators["O1.1"], "4")
    assert refused.value.code == "value_awaiting_approval"


def test_each_review_step_is_in_the_platforms_audit_log(indicators, owner, me_officer):
    from talentas.audit.models import AuditEntry

    value = enter(owner, indicators["O1.1"], "3", submit=True)
    values.return_value(user=me_officer, value=value, comment="Attach the list")
    values.submit_value(user=owner, value=value)
    values.approve_value(user=me_officer, value=value)
    entries = AuditEntry.objects.filter(target_id=str(value.pk)).order_by("pk")
    assert [(entry.verb, entry.actor_id) for entry in entries] == [
        ("monitoring.value.submit", owner.pk),
        ("monitoring.value.return", me_officer.pk),
        ("monitoring.value.submit", owner.pk),
        ("monitoring.value.approve", me_officer.pk),
    ]
    assert entries.last().changes["state"] == ["submitted", "approved"]


def test_a_value_already_reviewed_cannot_be_reviewed_again(indicators, owner, me_officer):
    value = enter(owner, indicators["O1.1"], "3", submit=True)
    values.approve_value(user=me_officer, value=value)
    with pytest.raises(Conflict) as refused:
        values.return_value(user=me_officer, value=value, comment="Too late")
    assert refused.value.code == "not_submitted"
    with pytest.raises(Conflict) as refused:
        values.submit_value(user=owner, value=value)
    assert refused.value.code == "not_submittable"
