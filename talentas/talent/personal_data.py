"""The talent marketplace's part of the personal-data export and erasure (see core.personal_data)."""

from talentas.accounts.models import User
from talentas.core import personal_data

from . import services


def _export(user: User) -> dict:
    return services.talent_personal_data(user=user)


def _erase(user: User) -> None:
    services.forget_talent(user=user)


personal_data.register(
    "talent",
    models=(
        "talent.TalentProfile",
        "talent.TalentSkill",
        "talent.TalentLanguage",
        "talent.Match",
        "talent.ContactRequest",
        "talent.Message",
        "talent.Report",
        "talent.Alert",
        "talent.Opportunity",
        "talent.Shortlist",
    ),
    export=_export,
    erase=_erase,
)
