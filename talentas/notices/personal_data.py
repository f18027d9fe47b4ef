"""Notices' part of the personal-data export: what the platform told the person. Deleting the account deletes them."""

from talentas.accounts.models import User
from talentas.core import personal_data

from .models import Notice


def export_notices(user: User) -> list[dict]:
    return list(
        Notice.objects.filter(user=user)
        .order_by("created_at", "pk")
        .values("created_at", "title", "body", "url", "read_at", "emailed_at")
    )


personal_data.register("notices", models=("notices.Notice",), export=export_notices)
