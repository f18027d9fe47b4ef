"""Who may read the audit log: platform administrators only (it names people and what they did)."""

from django.utils.translation import gettext as _

from talentas.accounts.permissions import AnyUser, is_platform_admin
from talentas.core.errors import PermissionDenied


def check_can_read_audit_log(user: AnyUser) -> None:
    if not is_platform_admin(user):
        raise PermissionDenied(_("Only platform administrators can read the audit log."), code="audit_forbidden")
