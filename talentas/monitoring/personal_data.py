"""Monitoring's part of the personal-data export: the official records the person signed (their notices are the
notices app's).

Values, audit entries, budget entries and reports are the city's records: erasure keeps them and only removes the
person from them (their foreign keys are SET_NULL), so the plan's monitoring stays whole.
"""

from talentas.accounts.models import User
from talentas.core import personal_data

from .models import BudgetEntry, IndicatorValue, Report, ValueAuditEntry, ValueImport


def export_monitoring(user: User) -> dict:
    return {
        "values_entered": list(
            IndicatorValue.objects.filter(entered_by=user).values(
                "indicator__code", "period__year", "period__quarter", "revision", "value", "comment", "created_at"
            )
        ),
        "values_reviewed": IndicatorValue.objects.filter(reviewed_by=user).count(),
        "audit_entries": ValueAuditEntry.objects.filter(actor=user).count(),
        "budget_entries": list(
            BudgetEntry.objects.filter(recorded_by=user).values("kind", "amount_eur", "date", "description")
        ),
        "reports_requested": Report.objects.filter(requested_by=user).count(),
        "spreadsheets_imported": list(
            ValueImport.objects.filter(requested_by=user).values("filename", "created_at", "state", "saved_rows")
        ),
    }


personal_data.register(
    "monitoring",
    models=(
        "monitoring.IndicatorValue",
        "monitoring.ValueAuditEntry",
        "monitoring.BudgetEntry",
        "monitoring.Report",
        "monitoring.ValueImport",
    ),
    export=export_monitoring,
)
