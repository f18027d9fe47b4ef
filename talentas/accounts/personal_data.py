"""The account's part of the personal-data export: who the person is, their roles, addresses and API tokens."""

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry

from talentas.core import personal_data

from .models import ApiToken, RoleAssignment, User


def export_account(user: User) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": user.preferred_language,
        "joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": list(EmailAddress.objects.filter(user=user).values("email", "verified", "primary")),
        "roles": list(RoleAssignment.objects.filter(user=user).values("role", "department", "created_at")),
        # Never the hash: the export may travel, and the hash would let someone test guesses of the token.
        "api_tokens": list(
            ApiToken.objects.filter(user=user).values("name", "prefix", "created_at", "last_used_at", "revoked_at")
        ),
        "admin_actions": list(
            LogEntry.objects.filter(user=user).values("action_time", "object_repr", "action_flag", "change_message")
        ),
    }


personal_data.register(
    "account",
    models=("accounts.User", "accounts.RoleAssignment", "accounts.ApiToken", "account.EmailAddress", "admin.LogEntry"),
    export=export_account,
)
