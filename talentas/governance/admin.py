"""Governance in the admin: meetings and their agenda are editable; decisions are read-only records (the Council's
approval is recorded only through the services)."""

from django.contrib import admin

from talentas.core.admin import ReadOnlyAdmin

from .models import AgendaItem, Decision, SteeringMeeting


class AgendaItemInline(admin.TabularInline):
    model = AgendaItem
    extra = 0


@admin.register(SteeringMeeting)
class SteeringMeetingAdmin(admin.ModelAdmin):
    list_display = ["date", "title", "plan", "state"]
    inlines = [AgendaItemInline]


@admin.register(Decision)
class DecisionAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "kind", "council_status", "council_decided_at"]
