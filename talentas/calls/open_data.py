"""Awarded grants as open data, shaped after the 360Giving Data Standard (https://standard.threesixtygiving.org):
one record per award of a published call, with the recipient organisation, the amount, the date, the programme
and the purpose, as JSON (`{"grants": [...]}`) and as CSV with 360Giving's column titles.

Personal data never goes out. Recipients are organisations, named by their organisation name only (no address, no
e-mail, no people). An organisation whose name is one of its own members' names (a sole trader registered under
their own name) is published as an individual recipient without a name. The purpose is the applicant's summary
with e-mail addresses, telephone numbers and the names of the organisation's members taken out.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from talentas.core.city import city_name
from talentas.organisations import selectors as organisation_selectors

from .models import Award

CURRENCY = "EUR"
CSV_COLUMNS = (
    "Identifier",
    "Title",
    "Description",
    "Currency",
    "Amount Awarded",
    "Award Date",
    "Recipient Org:Identifier",
    "Recipient Org:Name",
    "Funding Org:Identifier",
    "Funding Org:Name",
    "Grant Programme:Title",
    "Last Modified",
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")
PHONE = re.compile(r"(?<!\w)\+?\d[\d ()-]{6,}\d")
REMOVED = "[…]"


def prefix() -> str:
    """The 360Giving identifier prefix of this city's grants: `360G-` and the city's name, e.g. `360G-alytus`."""
    return f"360G-{slugify(city_name()) or 'city'}"


@dataclass(frozen=True)
class Grant:
    id: str
    title: str
    description: str
    amount: Decimal
    award_date: date
    recipient_id: str
    recipient_name: str
    funder_id: str
    funder_name: str
    programme: str
    modified: str


def _scrubbed(text: str, names: Iterable[str]) -> str:
    text = EMAIL.sub(REMOVED, text)
    text = PHONE.sub(REMOVED, text)
    for name in sorted((n for n in names if len(n) > 2), key=len, reverse=True):
        text = re.sub(rf"(?<!\w){re.escape(name)}(?!\w)", REMOVED, text, flags=re.IGNORECASE)
    return text.strip()


def _people_of(organisation_ids: set[int]) -> dict[int, set[str]]:
    """Each organisation's members' names and e-mail addresses (kept here, only to take them out)."""
    people: dict[int, set[str]] = defaultdict(set)
    for organisation_id, full_name, email in organisation_selectors.member_names_of(organisation_ids):
        for text in (full_name, email, email.split("@")[0] if email else ""):
            if text:
                people[organisation_id].add(text.strip())
    return people


def published_awards():
    return (
        Award.objects.filter(application__call__is_published=True)
        .select_related("application__organisation", "application__call__programme")
        .order_by("-decided_at", "-pk")
    )


def grants(*, awards=None) -> list[Grant]:
    """The awarded grants, newest first, in the active language (programme and call texts)."""
    rows = list(published_awards() if awards is None else awards)
    people = _people_of({award.application.organisation_id for award in rows})
    code = prefix()
    funder_id, funder_name = f"{code}-municipality", settings.DATA_CONTROLLER
    result = []
    for award in rows:
        application = award.application
        organisation = application.organisation
        names = people.get(organisation.pk, set())
        sole_trader = organisation.name.strip().casefold() in {name.casefold() for name in names}
        if sole_trader:
            recipient_id, recipient_name = f"{code}-individual-{award.pk}", _("Individual recipient")
        else:
            recipient_id, recipient_name = f"{code}-org-{organisation.pk}", organisation.name
        title = _scrubbed(application.project_title, names) or application.call.title
        result.append(
            Grant(
                id=f"{code}-{award.pk}",
                title=title,
                description=_scrubbed(application.summary, names) or title,
                amount=award.amount_eur,
                award_date=timezone.localdate(award.decided_at),
                recipient_id=recipient_id,
                recipient_name=recipient_name,
                funder_id=funder_id,
                funder_name=funder_name,
                programme=application.call.programme.name,
                modified=timezone.localtime(max(award.updated_at, application.updated_at)).isoformat(),
            )
        )
    return result


def _number(amount: Decimal) -> int | float:
    return int(amount) if amount == amount.to_integral_value() else float(amount)


def as_360giving(records: list[Grant]) -> dict[str, Any]:
    """The grants as a 360Giving JSON package."""
    return {
        "grants": [
            {
                "id": grant.id,
                "title": grant.title,
                "description": grant.description,
                "currency": CURRENCY,
                "amountAwarded": _number(grant.amount),
                "awardDate": grant.award_date.isoformat(),
                "recipientOrganization": [{"id": grant.recipient_id, "name": grant.recipient_name}],
                "fundingOrganization": [{"id": grant.funder_id, "name": grant.funder_name}],
                "grantProgramme": [{"title": grant.programme}],
                "dateModified": grant.modified,
            }
            for grant in records
        ]
    }


def csv_rows(records: list[Grant]) -> list[list[Any]]:
    """One row per grant under CSV_COLUMNS (360Giving's column titles)."""
    return [
        [
            grant.id,
            grant.title,
            grant.description,
            CURRENCY,
            grant.amount,
            grant.award_date,
            grant.recipient_id,
            grant.recipient_name,
            grant.funder_id,
            grant.funder_name,
            grant.programme,
            grant.modified,
        ]
        for grant in records
    ]


def totals_by_year(records: list[Grant]) -> list[tuple[int, int, Decimal]]:
    """(year, grants, EUR) for each year with awards, newest first."""
    years: dict[int, list[Decimal]] = defaultdict(list)
    for grant in records:
        years[grant.award_date.year].append(grant.amount)
    return [(year, len(amounts), sum(amounts, Decimal(0))) for year, amounts in sorted(years.items(), reverse=True)]
