"""Job applications' part of the personal-data export and erasure (see core.personal_data)."""

from talentas.accounts.models import User
from talentas.core import personal_data

from . import services


def _export(user: User) -> list:
    return services.hiring_personal_data(user=user)


def _erase(user: User) -> None:
    services.forget_applications(user=user)


personal_data.register(
    "hiring", models=("hiring.Application", "hiring.Note", "hiring.Question"), export=_export, erase=_erase
)
