"""Review's part of the personal-data export and erasure (see core.personal_data).

A reviewer's assignments, declarations, reviews and scores are theirs: exported, and deleted with the account
(CASCADE); a screening by a staff member loses its pointer to them (SET_NULL).
"""

from talentas.accounts.models import User
from talentas.core import personal_data

from . import services


def _export(user: User) -> dict:
    return services.review_personal_data(user=user)


personal_data.register(
    "review",
    models=(
        "review.ReviewerAssignment",
        "review.ConflictDeclaration",
        "review.Review",
        "review.Score",
        "review.Screening",
    ),
    export=_export,
)
