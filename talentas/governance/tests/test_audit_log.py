"""Meetings, decisions and the City Council's outcomes are in the platform's one audit log."""

import datetime

from talentas.audit.models import AuditEntry
from talentas.governance import services
from talentas.governance.models import Decision


def test_meetings_decisions_and_council_outcomes_are_logged(plan, me_officer, plan_manager):
    meeting = services.schedule_meeting(user=me_officer, plan=plan, date=datetime.date(2026, 6, 1), title="SC")
    services.record_meeting_held(user=me_officer, meeting=meeting, minutes="Quorum")
    decision = services.record_decision(
        user=me_officer, meeting=meeting, kind=Decision.Kind.BUDGET_CHANGE, text="Move 5000 to 1.2"
    )
    services.record_council_outcome(
        user=plan_manager, decision=decision, approved=True, decided_on=datetime.date(2026, 6, 20), reference="T-9"
    )
    logged = list(AuditEntry.objects.order_by("pk").values_list("verb", "actor", "target_id"))
    assert logged == [
        ("governance.meeting.schedule", me_officer.pk, str(meeting.pk)),
        ("governance.meeting.held", me_officer.pk, str(meeting.pk)),
        ("governance.decision.record", me_officer.pk, str(decision.pk)),
        ("governance.decision.council_outcome", plan_manager.pk, str(decision.pk)),
    ]
    held = AuditEntry.objects.get(verb="governance.meeting.held")
    outcome = AuditEntry.objects.get(verb="governance.decision.council_outcome")
    assert held.changes["minutes"] == ["", "Quorum"]
    assert outcome.changes["council_status"] == ["pending", "approved"]
    assert outcome.changes["council_reference"] == ["", "T-9"]
