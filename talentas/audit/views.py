import django_tables2 as tables
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from talentas.core import lists

from . import permissions, selectors
from .forms import AuditFilter
from .models import AuditEntry

PAGE_SIZE = 50


class AuditTable(lists.StaffTable):
    caption = _("Audit entries")
    at = tables.DateTimeColumn(verbose_name=_("When"), format="SHORT_DATETIME_FORMAT")
    actor_label = tables.Column(verbose_name=_("Who"), default="—")
    verb = tables.TemplateColumn("<code>{{ value }}</code>", verbose_name=_("Action"))
    target_type = tables.Column(accessor="target_type__name", verbose_name=_("Object type"), orderable=False)
    target_label = tables.Column(verbose_name=_("Object"))
    changes = tables.Column(verbose_name=_("Changes"), orderable=False, empty_values=())
    request_id = tables.Column(verbose_name=_("Request id"), visible=False)

    class Meta(lists.StaffTable.Meta):
        empty_text = _("No entries match.")

    def render_target_label(self, value: str, record: AuditEntry) -> str:
        if record.organisation is None:
            return value
        return format_html('{} <span class="muted">· {}</span>', value, record.organisation.name)

    def render_changes(self, record: AuditEntry) -> str:
        return format_html_join(
            "", "<div>{}: {} → {}</div>", ((field, *self._sides(change)) for field, change in record.changes.items())
        )

    def value_at(self, value) -> str:
        return timezone.localtime(value).isoformat(timespec="seconds")

    def value_target_label(self, value: str) -> str:
        return value

    def value_changes(self, record: AuditEntry) -> str:
        return "; ".join(f"{field}: {old} → {new}" for field, (old, new) in record.changes.items())

    @staticmethod
    def _sides(change: list) -> tuple[str, str]:
        old, new = change
        return ("—" if old is None else old, "—" if new is None else new)


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    """The platform's audit log as a staff list: filters, sorting, pages of fifty, `?export=csv|xlsx`."""
    permissions.check_can_read_audit_log(request.user)
    listing = lists.staff_list(
        request,
        queryset=selectors.audit_entries(),
        table_class=AuditTable,
        filterset_class=AuditFilter,
        export_name="audit-log",
        per_page=PAGE_SIZE,
    )
    if listing.export:
        return listing.export
    invalid = listing.filterset is not None and bool(listing.filterset.errors)
    return render(request, "audit/audit_log.html", {"listing": listing}, status=400 if invalid else 200)
