"""Pitch competitions' part of the personal-data export and erasure (see core.personal_data): a person's jury
seats, their scores and their audience votes."""

from talentas.accounts.models import User
from talentas.core import personal_data

from . import services


def _export(user: User) -> dict:
    return services.pitches_personal_data(user=user)


def _erase(user: User) -> None:
    services.forget_person(user=user)


personal_data.register(
    "pitches",
    models=("pitches.Juror", "pitches.AudienceVote"),
    export=_export,
    erase=_erase,
)
