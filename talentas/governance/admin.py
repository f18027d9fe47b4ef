"""Governance in the admin: meetings and their agenda are editable; decisions are read-only records (the Council's
approval is recorded only through the services)."""

from django.contrib import admin

from .models import AgendaItem, Decision, SteeringMeeting


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(SteeringMeeting)
class SteeringMeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "plan", "state"]
    inlines = [AgendaItemInline]


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["meeting", "kind", "council_status", "council_decided_at"]

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
