"""Demo data for cohorts (run by `load_demo_cohorts`, after `load_demo_calls`): this year's accelerator cohort,
admitted from its approved intake, with the demo mentor's sessions and milestones, and the incubator's residents."""

import datetime

from django.db import transaction
from django.utils import timezone

from talentas.accounts.models import User
from talentas.calls.models import Programme, ProgrammeKind

from . import services
from .models import Cohort

STAFF_EMAIL = "plan.manager@talentas.example"
MENTOR_EMAIL = "mentor@talentas.example"
SESSIONS = [
    (40, "2", "Kainodara: trys paketai vietoj vieno; išbandyti su dviem ūkiais.", "Komanda stipri techniškai."),
    (25, "1.5", "Pardavimų piltuvėlis: kas skambina pirmas ir ką sako.", ""),
    (10, "1", "Pristatymo demonstracinei dienai juodraštis: 5 minutės, 8 skaidrės.", "Reikia daugiau skaičių."),
]
MILESTONES = [("Pirmasis mokantis klientas", 60, True), ("Pristatymas demonstracinei dienai", 120, False)]


def _cohort(staff: User, kind: str, name: str, year: int) -> Cohort | None:
    programme = Programme.objects.filter(kind=kind).order_by("pk").first()
    if programme is None:
        return None
    today = timezone.localdate()
    starts = datetime.date(year, 1, 15)
    ends = datetime.date(year, 12, 15)
    demo_day = max(starts, min(ends, today + datetime.timedelta(days=45)))
    cohort = services.create_cohort(
        actor=staff, programme=programme, year=year, name=name, starts_on=starts, ends_on=ends,
        demo_day_on=demo_day, demo_day_place="Alytaus verslo inkubatorius",
    )  # fmt: skip
    services.admit_approved(actor=staff, cohort=cohort)
    return cohort


@transaction.atomic
def load_demo_cohorts() -> dict[str, int]:
    """{"cohorts", "members", "sessions"} added; nothing once the cohorts exist."""
    if Cohort.objects.exists():
        return {"cohorts": 0, "members": 0, "sessions": 0}
    staff = User.objects.filter(email=STAFF_EMAIL).first()
    if staff is None:
        raise LookupError("Run `load_demo` and `load_demo_calls` first.")
    year = timezone.localdate().year
    accelerator = _cohort(staff, ProgrammeKind.ACCELERATOR, f"Akceleratorius {year}", year)
    incubator = _cohort(staff, ProgrammeKind.INCUBATOR, f"Inkubatoriaus gyventojai {year}", year)
    sessions = 0
    mentor = User.objects.filter(email=MENTOR_EMAIL).first()
    if accelerator is not None and mentor is not None:
        services.assign_mentor(actor=staff, cohort=accelerator, mentor=mentor, expertise="Pardavimai ir kainodara")
        for member in accelerator.members.all()[:3]:
            for days_ago, hours, notes, private in SESSIONS:
                services.record_session(
                    actor=mentor, member_id=member.pk, held_at=timezone.now() - datetime.timedelta(days=days_ago),
                    hours=hours, notes=notes, staff_notes=private,
                )  # fmt: skip
                sessions += 1
            for title, due_in, done in MILESTONES:
                milestone = services.add_milestone(
                    actor=mentor, member_id=member.pk, title=title,
                    due_on=min(accelerator.ends_on, timezone.localdate() + datetime.timedelta(days=due_in - 60)),
                )  # fmt: skip
                if done:
                    services.mark_milestone(actor=mentor, milestone_id=milestone.pk, done=True)
    cohorts = [c for c in (accelerator, incubator) if c is not None]
    return {
        "cohorts": len(cohorts),
        "members": sum(cohort.members.count() for cohort in cohorts),
        "sessions": sessions,
    }
