"""The Steering Committee's meetings, agenda and decisions, and the City Council's outcome: who may do what, the
database's guarantees and the pages (at the addresses they had under monitoring)."""

import datetime

import pytest
from django.db import IntegrityError
from django.urls import reverse

from talentas.core.errors import Conflict, DomainError, PermissionDenied
from talentas.governance import services as governance_services
from talentas.governance.models import Decision, SteeringMeeting
from talentas.monitoring import periods
from talentas.monitoring.services import period_end
from talentas.monitoring.tests.factories import approved


def close_q1_2026(today=datetime.date(2026, 5, 1)):
    """Monitoring's period end puts O1.1 (behind) on the next meeting's agenda."""
    return period_end.close_period(span=periods.quarter(2026, 1), today=today)


def test_decisions_and_the_city_council(plan, indicators, me_officer, plan_manager, owner, steering):
    approved(indicators["O1.1"], "2026-Q1", 0)
    close_q1_2026()
    meeting = SteeringMeeting.objects.get()
    item = meeting.agenda_items.get(alert__indicator__code="O1.1")
    corrective = governance_services.record_decision(
        user=me_officer,
        meeting=meeting,
        kind=Decision.Kind.CORRECTIVE_ACTION,
        text="Two extra events",
        agenda_item=item,
    )
    assert corrective.council_status == Decision.Council.NOT_NEEDED
    item.alert.refresh_from_db()
    assert item.alert.resolved_at is not None  # handled
    change = governance_services.record_decision(
        user=me_officer, meeting=meeting, kind=Decision.Kind.TIMELINE_CHANGE, text="Delay to 2027"
    )
    assert change.needs_council_approval and change.council_status == Decision.Council.PENDING
    with pytest.raises(PermissionDenied) as refused:
        governance_services.record_council_outcome(
            user=me_officer, decision=change, approved=True, decided_on=datetime.date(2026, 6, 1)
        )
    assert refused.value.code == "council_forbidden"
    done = governance_services.record_council_outcome(
        user=plan_manager, decision=change, approved=False, decided_on=datetime.date(2026, 6, 1), reference="T-1"
    )
    assert done.council_status == Decision.Council.REJECTED and done.council_decided_at == datetime.date(2026, 6, 1)
    with pytest.raises(Conflict) as refused:
        governance_services.record_council_outcome(
            user=plan_manager, decision=change, approved=True, decided_on=datetime.date(2026, 6, 2)
        )
    assert refused.value.code == "not_awaiting_council"
    with pytest.raises(Conflict):
        governance_services.record_council_outcome(
            user=plan_manager, decision=corrective, approved=True, decided_on=datetime.date(2026, 6, 2)
        )
    for who in (owner, steering):
        with pytest.raises(PermissionDenied) as refused:
            governance_services.record_decision(user=who, meeting=meeting, kind="other", text="x")
        assert refused.value.code == "meetings_forbidden"
    with pytest.raises(DomainError) as refused:
        governance_services.record_decision(user=me_officer, meeting=meeting, kind="other", text=" ")
    assert (refused.value.field, refused.value.code) == ("text", "text_required")


def test_the_database_never_lets_a_budget_change_skip_the_council(plan, me_officer):
    meeting = governance_services.schedule_meeting(
        user=me_officer, plan=plan, date=datetime.date(2026, 6, 1), title="SC"
    )
    with pytest.raises(IntegrityError):
        Decision.objects.create(meeting=meeting, kind="budget", text="x", council_status="not_needed")


def test_meeting_pages(client, plan, indicators, me_officer, plan_manager, steering, owner, today):
    approved(indicators["O1.1"], "2026-Q1", 0)
    close_q1_2026()
    meeting = SteeringMeeting.objects.get()
    client.force_login(steering)
    page = client.get(reverse("governance:meeting", kwargs={"pk": meeting.pk})).content.decode()
    assert "O1.1" in page and "Record a decision" not in page  # the committee reads; the M&E team keeps records
    assert (
        client.post(
            reverse("governance:meeting", kwargs={"pk": meeting.pk}), {"text": "x", "kind": "other"}
        ).status_code
        == 403
    )
    client.force_login(owner)
    assert client.get(reverse("governance:meeting", kwargs={"pk": meeting.pk})).status_code == 403
    client.force_login(me_officer)
    path = reverse("governance:meeting", kwargs={"pk": meeting.pk})
    response = client.post(path, {"kind": "budget", "text": "Move EUR 10,000 to prizes"})
    assert response.status_code == 302
    decision = meeting.decisions.get()
    assert decision.council_status == "pending"
    response = client.post(path, {"kind": "budget", "text": ""})
    assert "This field is required." in response.content.decode()
    client.force_login(plan_manager)
    page = client.get(path).content.decode()
    assert "Record the City Council" in page
    client.post(
        reverse("governance:council_outcome", kwargs={"pk": decision.pk}),
        {f"council-{decision.pk}-outcome": "approved", f"council-{decision.pk}-decided_on": "2026-06-10"},
    )
    decision.refresh_from_db()
    assert decision.council_status == "approved"
    listing = client.get(reverse("governance:meetings", kwargs={"slug": plan.slug})).content.decode()
    assert meeting.title in listing
    response = client.post(
        reverse("governance:meetings", kwargs={"slug": plan.slug}), {"date": "2026-05-15", "title": "Again"}
    )
    assert "already a meeting on that day" in response.content.decode()


def test_the_addresses_people_know_still_lead_to_the_meetings(client, plan, me_officer, today):
    meeting = governance_services.schedule_meeting(
        user=me_officer, plan=plan, date=datetime.date(2026, 6, 1), title="SC"
    )
    assert reverse("governance:meeting", kwargs={"pk": meeting.pk}) == f"/en/monitoring/meetings/{meeting.pk}/"
    assert reverse("governance:meetings", kwargs={"slug": plan.slug}) == f"/en/monitoring/plans/{plan.slug}/meetings/"
    client.force_login(me_officer)
    assert client.get(f"/en/monitoring/meetings/{meeting.pk}/").status_code == 200
    assert client.get("/en/monitoring/meetings/999999/").status_code == 404


def test_scheduling_is_refused_with_a_code(plan, me_officer, outsider):
    day = datetime.date(2026, 6, 1)
    governance_services.schedule_meeting(user=me_officer, plan=plan, date=day, title="SC")
    with pytest.raises(Conflict) as refused:
        governance_services.schedule_meeting(user=me_officer, plan=plan, date=day, title="Again")
    assert refused.value.code == "meeting_exists"
    with pytest.raises(DomainError) as refused:
        governance_services.schedule_meeting(user=me_officer, plan=plan, date=day, title=" ")
    assert refused.value.code == "title_required"
    with pytest.raises(PermissionDenied) as refused:
        governance_services.schedule_meeting(user=outsider, plan=plan, date=day, title="SC")
    assert refused.value.code == "meetings_forbidden"
