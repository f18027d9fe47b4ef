from django.contrib import admin

from .models import CalendarFeed, Event, EventSeries, Feedback, Registration, SchoolGrades, SchoolYear, SteamLesson


class RegistrationInline(admin.TabularInline):
    model = Registration
    extra = 0
    raw_id_fields = ["user"]
    readonly_fields = ["queued_at", "checked_in_at", "cancelled_at"]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "event_type", "starts_at", "status", "capacity"]
    list_filter = ["event_type", "status", "language"]
    search_fields = ["title", "description"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["organisers"]
    raw_id_fields = ["created_by"]
    inlines = [RegistrationInline]


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["event", "user", "status", "queued_at", "checked_in_at"]
    list_filter = ["status"]
    raw_id_fields = ["event", "user"]
    search_fields = ["user__email", "user__full_name", "event__title"]


@admin.register(SteamLesson)
class SteamLessonAdmin(admin.ModelAdmin):
    list_display = ["topic", "school", "school_year", "hours"]
    list_filter = ["school_year", "school"]
    filter_horizontal = ["grades"]
    raw_id_fields = ["event"]


admin.site.register([EventSeries, Feedback, SchoolYear, SchoolGrades, CalendarFeed])
