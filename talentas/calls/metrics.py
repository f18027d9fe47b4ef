"""Metrics this module reports to monitoring (see talentas.core.metrics); each counts over decisions in the period.

- calls.awarded_eur: EUR awarded in the period (awards decided in it). Qualifier `startup_grants` counts the
  startup grant fund (action 2.1, target EUR 50,000 a year); `accelerator`, `incubator`, `pitch_competition`
  the seed funding and prizes of the other programmes.
- calls.participants: startups (organisations) admitted to a programme of the qualifier's kind in the period,
  i.e. whose application was approved then: `accelerator` (action 1.2), `incubator` (1.3); for
  `pitch_competition` (2.2) the startups that pitched as finalists in a final held in the period
  (talentas.pitches.metrics) and any approved for a prize then; each organisation once per kind. For the
  accelerator and the incubator the members of their cohorts that ran in the period count too (see
  talentas.cohorts), so a startup the programme team added by hand is not missed.
- calls.startups_funded: different organisations awarded money by any programme in the period (R1).
- calls.women_led_share: the percentage of women-led or women co-founded organisations among the applicants
  who submitted in the period (`applicants`, the default) or among the awardees (`awardees`).
"""

from datetime import date
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext_lazy as _

from talentas.cohorts import selectors as cohort_selectors
from talentas.cohorts.models import CohortMember
from talentas.core.metrics import register_metric
from talentas.pitches import metrics as pitch_metrics
from talentas.talent.metrics import moment

from .models import Application, Award, ProgrammeKind, WomenLed

AWARD_QUALIFIERS = {
    "startup_grants": ProgrammeKind.GRANT_FUND,
    "accelerator": ProgrammeKind.ACCELERATOR,
    "incubator": ProgrammeKind.INCUBATOR,
    "pitch_competition": ProgrammeKind.PITCH_COMPETITION,
}
AWARD_NAMES = {
    "startup_grants": _("startup grant fund"),
    "accelerator": _("accelerator"),
    "incubator": _("incubator"),
    "pitch_competition": _("pitch competitions"),
}
PARTICIPANT_QUALIFIERS = ("accelerator", "incubator", "pitch_competition")
WOMEN_LED = (WomenLed.WOMEN_LED, WomenLed.WOMEN_COFOUNDED)
COHORT_KINDS = (ProgrammeKind.ACCELERATOR, ProgrammeKind.INCUBATOR)


def awards_decided(start: date, end: date):
    return Award.objects.filter(decided_at__gte=moment(start), decided_at__lt=moment(end))


@register_metric(
    "calls.awarded_eur",
    sources=[Award],
    label=_("EUR awarded"),
    unit=_("EUR"),
    qualifiers=tuple(AWARD_QUALIFIERS),
    qualifier_names=AWARD_NAMES,
    description=_("Grants, seed funding and prizes awarded in the period; a qualifier counts one programme kind."),
)
def awarded_eur(start: date, end: date, qualifier: str) -> Decimal:
    awards = awards_decided(start, end)
    if qualifier:
        awards = awards.filter(application__call__programme__kind=AWARD_QUALIFIERS[qualifier])
    return awards.aggregate(total=Sum("amount_eur"))["total"] or Decimal(0)


@register_metric(
    "calls.participants",
    sources=[Application, CohortMember, *pitch_metrics.SOURCES],
    label=_("Startups admitted to a programme"),
    unit=_("startups"),
    qualifiers=PARTICIPANT_QUALIFIERS,
    qualifier_names={key: AWARD_NAMES[key] for key in PARTICIPANT_QUALIFIERS},
    description=_(
        "Startups whose application to a programme of this kind was approved in the period, and the members of "
        "its cohorts then."
    ),
)
def participants(start: date, end: date, qualifier: str) -> int:
    approved = Application.objects.filter(
        status=Application.Status.APPROVED, decided_at__gte=moment(start), decided_at__lt=moment(end)
    )
    if qualifier:
        approved = approved.filter(call__programme__kind=qualifier)
    organisations = set(approved.values_list("organisation", flat=True).distinct())
    if qualifier == "pitch_competition":
        # Every finalist pitched in the competition, prize or not; a prize awarded without a final counts too.
        return len(organisations | pitch_metrics.finalist_organisations(start, end))
    for kind in (qualifier,) if qualifier else COHORT_KINDS:
        if kind in COHORT_KINDS:
            organisations |= set(cohort_selectors.organisations_in_cohorts(kind=kind, start=start, end=end))
    return len(organisations)


@register_metric(
    "calls.startups_funded",
    sources=[Award],
    label=_("Startups funded"),
    unit=_("startups"),
    description=_("Different startups awarded a grant, seed funding or a prize in the period."),
)
def startups_funded(start: date, end: date, qualifier: str) -> int:
    return awards_decided(start, end).values("application__organisation").distinct().count()


def _share(organisations) -> Decimal:
    rows = list(organisations.values_list("organisation", "women_led").distinct())
    everyone = {organisation for organisation, _women in rows}
    if not everyone:
        return Decimal(0)
    women = {organisation for organisation, women_led in rows if women_led in WOMEN_LED}
    return (Decimal(100) * len(women) / len(everyone)).quantize(Decimal("0.1"))


@register_metric(
    "calls.women_led_share",
    sources=[Application, Award],
    label=_("Share of women-led startups"),
    unit=_("per cent"),
    qualifiers=("applicants", "awardees"),
    qualifier_names={"applicants": _("applicants"), "awardees": _("awardees")},
    description=_("Women-led or women co-founded startups among the applicants (or the awardees) of the period."),
    unused_reason="The plan asks for better conditions for women's business (1.2, 1.3) without a numeric target.",
)
def women_led_share(start: date, end: date, qualifier: str) -> Decimal:
    if qualifier == "awardees":
        applications = Application.objects.filter(
            award__decided_at__gte=moment(start), award__decided_at__lt=moment(end)
        )
    else:
        applications = Application.objects.filter(submitted_at__gte=moment(start), submitted_at__lt=moment(end))
    return _share(applications)
