"""The Finance and Investment Department's books follow the awards: an award commits its amount to the budget line
of its programme's plan action for the award's budget year, and each paid instalment is an expenditure on that
line. The entries are written through monitoring's `follow_money`, inside the decision's own transaction, and are
idempotent (one entry per award and per instalment), so `follow_all_awards` can be run again at any time."""

from django.utils import timezone
from django.utils.translation import gettext as _

from talentas.accounts.permissions import AnyUser
from talentas.monitoring.services import budget as monitoring_budget

from .models import Award, Instalment


def _action(award: Award):
    return award.application.call.programme.action


def follow_award(*, award: Award, actor: AnyUser | None = None):
    """The award's commitment on its action's budget line (None when the action has no line for the year)."""
    application = award.application
    return monitoring_budget.follow_money(
        origin=f"calls.award.{award.pk}",
        action=_action(award),
        year=award.budget_year,
        kind="commitment",
        amount_eur=award.amount_eur,
        date=timezone.localdate(award.decided_at),
        description=_("Award: %(title)s (%(call)s)")
        % {"title": application.project_title or application.organisation.name, "call": application.call.title},
        actor=actor,
    )


def follow_instalment(*, instalment: Instalment, actor: AnyUser | None = None):
    """A paid instalment's expenditure on the same line as its award's commitment; nothing for an unpaid one."""
    if instalment.status != Instalment.Status.PAID or instalment.paid_at is None:
        return None
    award = instalment.award
    return monitoring_budget.follow_money(
        origin=f"calls.instalment.{instalment.pk}",
        action=_action(award),
        year=award.budget_year,
        kind="expenditure",
        amount_eur=instalment.amount_eur,
        date=timezone.localdate(instalment.paid_at),
        description=_("Instalment %(position)s of the award: %(title)s")
        % {"position": instalment.position, "title": award.application.project_title or award.application.call.title},
        actor=actor,
    )


def follow_all_awards() -> int:
    """Bring every award and paid instalment into the books (after a plan's budget lines are loaded, say);
    returns how many entries exist for them. Running it twice changes nothing."""
    count = 0
    awards = Award.objects.select_related("application__call__programme__action", "application__organisation")
    for award in awards.prefetch_related("instalments"):
        count += follow_award(award=award) is not None
        for instalment in award.instalments.all():
            instalment.award = award
            count += follow_instalment(instalment=instalment) is not None
    return count
