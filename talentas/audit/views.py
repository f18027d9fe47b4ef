import csv

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from . import permissions, selectors
from .forms import AuditFilterForm

PAGE_SIZE = 50
# A spreadsheet runs a cell that starts with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def _export(entries) -> HttpResponse:
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="audit-log.csv"'
    writer = csv.writer(response)
    writer.writerow([_("When"), _("Who"), _("Action"), _("Object type"), _("Object"), _("Changes"), _("Request id")])
    for entry in entries.iterator():
        writer.writerow(
            _csv_cell(cell)
            for cell in (
                timezone.localtime(entry.at).isoformat(timespec="seconds"),
                entry.actor_label,
                entry.verb,
                entry.target_type.name,
                entry.target_label,
                "; ".join(f"{field}: {old} → {new}" for field, (old, new) in entry.changes.items()),
                entry.request_id,
            )
        )
    return response


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    permissions.check_can_read_audit_log(request.user)
    form = AuditFilterForm(request.GET or None)
    filters = {name: value for name, value in form.cleaned_data.items() if value} if form.is_valid() else {}
    entries = selectors.audit_entries(**filters)
    if request.GET.get("format") == "csv":
        return _export(entries)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    export_query = query.copy()
    export_query["format"] = "csv"
    context = {"form": form, "page": page, "query": query.urlencode(), "export_query": export_query.urlencode()}
    return render(request, "audit/audit_log.html", context, status=400 if form.errors else 200)
