"""Monitoring in the admin: settings are editable; values, audit entries and reports are read-only records
(values change only through the services, so the audit trail stays complete)."""

from django.contrib import admin

from talentas.core.admin import ReadOnlyAdmin

from .models import (
    ActionSettings,
    Alert,
    BudgetEntry,
    BudgetLine,
    IndicatorGoal,
    IndicatorSettings,
    IndicatorValue,
    Report,
    ReportingPeriod,
    ValueAuditEntry,
)


@admin.register(IndicatorSettings)
class IndicatorSettingsAdmin(admin.ModelAdmin):
    list_display = ["indicator", "weight", "direction", "accumulation", "frequency", "due_days"]
    list_select_related = ["indicator"]


@admin.register(IndicatorGoal)
class IndicatorGoalAdmin(admin.ModelAdmin):
    list_display = ["indicator", "year", "target_value", "note"]
    list_select_related = ["indicator"]


@admin.register(ActionSettings)
class ActionSettingsAdmin(admin.ModelAdmin):
    list_display = ["action", "weight", "actual_start", "actual_end"]
    list_select_related = ["action"]


@admin.register(ReportingPeriod)
class ReportingPeriodAdmin(ReadOnlyAdmin):
    list_display = ["code", "kind", "start", "end", "closed_at"]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "period", "revision", "value", "state", "source", "superseded_at"]
    list_filter = ["state", "source"]
    list_select_related = ["indicator", "period"]


@admin.register(ValueAuditEntry)
class ValueAuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "indicator", "change", "field", "old", "new", "actor"]
    list_select_related = ["indicator", "actor"]


@admin.register(Alert)
class AlertAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "period", "progress", "expected", "resolved_at"]


@admin.register(BudgetLine)
class BudgetLineAdmin(ReadOnlyAdmin):
    list_display = ["plan", "phase", "action", "source", "planned_eur"]


@admin.register(BudgetEntry)
class BudgetEntryAdmin(ReadOnlyAdmin):
    list_display = ["date", "kind", "amount_eur", "line", "recorded_by"]


@admin.register(Report)
class ReportAdmin(ReadOnlyAdmin):
    list_display = ["plan", "kind", "period", "language", "state", "generated_at"]
