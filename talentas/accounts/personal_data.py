"""The account's part of the personal-data export: who the person is, their roles, addresses and API tokens."""

from allauth.account.models import EmailAddress
from django.contrib.admin.models import LogEntry

from talentas.core import personal_data
from talentas.core.models import OutgoingEmail

from .models import ApiToken, RoleAssignment, User


def export_account(user: User) -> dict:
    return {
        "email": user.email,
        "full_name": user.full_name,
        "preferred_language": user.preferred_language,
        "who_i_am_here": user.audience,
        "joined": user.date_joined,
        "last_login": user.last_login,
        "email_addresses": list(EmailAddress.objects.filter(user=user).values("email", "verified", "primary")),
        "roles": list(RoleAssignment.objects.filter(user=user).values("role", "department", "created_at")),
        # Never the hash: the export may travel, and the hash would let someone test guesses of the token.
        "api_tokens": list(
            ApiToken.objects.filter(user=user).values("name", "prefix", "created_at", "last_used_at", "revoked_at")
        ),
        # The outbox holds what was e-mailed to the person until a while after delivery.
        "emails": list(_emails_to(user).values("subject", "created_at", "sent_at")),
        "admin_actions": list(
            LogEntry.objects.filter(user=user).values("action_time", "object_repr", "action_flag", "change_message")
        ),
    }


def _emails_to(user: User):
    return OutgoingEmail.objects.filter(recipients__icontains=user.email)


def erase_account(user: User) -> None:
    # The outbox links messages to an address, not to the account, so deleting the account would not reach them.
    _emails_to(user).delete()


personal_data.register(
    "account",
    models=("accounts.User", "accounts.RoleAssignment", "accounts.ApiToken", "account.EmailAddress", "admin.LogEntry"),
    export=export_account,
    erase=erase_account,
)
