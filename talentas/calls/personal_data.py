"""Calls' part of the personal-data export and erasure (see core.personal_data).

Applications, awards and reports belong to the applicant organisation and stay with it; the person's own
messages lose their words, and every pointer to the person is cleared when the account goes (SET_NULL).
"""

from talentas.accounts.models import User
from talentas.core import personal_data

from . import services


def _export(user: User) -> dict:
    return services.calls_personal_data(user=user)


def _erase(user: User) -> None:
    services.forget_person(user=user)


personal_data.register(
    "calls",
    models=(
        "calls.Application",
        "calls.ApplicationFile",
        "calls.ApplicationMessage",
        "calls.Award",
        "calls.MilestoneReport",
    ),
    export=_export,
    erase=_erase,
)
