"""Cohorts' part of the personal-data export and erasure (see core.personal_data): a mentor's assignments and the
sessions they held, with their notes."""

from talentas.accounts.models import User
from talentas.core import personal_data

from . import services


def _export(user: User) -> dict:
    return services.cohorts_personal_data(user=user)


def _erase(user: User) -> None:
    services.forget_person(user=user)


personal_data.register(
    "cohorts",
    models=("cohorts.CohortMentor", "cohorts.MentoringSession"),
    export=_export,
    erase=_erase,
)
