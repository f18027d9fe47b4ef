"""The audit log's part of the personal-data export: the staff and privileged actions the person took.

Erasure keeps the entries and the name written in them: the log is the municipality's record of who decided what
(GDPR article 17(3)(b), a legal obligation and a task in the public interest). Deleting the account only removes
the link to it.
"""

from talentas.accounts.models import User
from talentas.core import personal_data

from .models import AuditEntry


def export_audit_entries(user: User) -> list[dict]:
    return list(
        AuditEntry.objects.filter(actor=user).order_by("at", "pk").values("at", "verb", "target_label", "changes")
    )


personal_data.register("audit", models=("audit.AuditEntry",), export=export_audit_entries)
