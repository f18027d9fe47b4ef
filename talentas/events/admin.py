from django.contrib import admin
from modeltranslation.admin import TranslationAdmin

from talentas.core.admin import ReadOnlyAdmin, ReadOnlyInline

from .models import CalendarFeed, Event, EventSeries, Feedback, Registration, SchoolGrades, SchoolYear, SteamLesson


# Registrations change only through the services (capacity, waitlist, approval, check-in, the people's notices).
class RegistrationInline(ReadOnlyInline):
    model = Registration
    fields = ["user", "status", "queued_at", "checked_in_at", "cancelled_at"]


@admin.register(Event)
class EventAdmin(TranslationAdmin):
    list_display = ["title", "event_type", "starts_at", "status", "capacity"]
    list_filter = ["event_type", "status", "language"]
    # Each language's column: a plain "title" would search the admin's own language only.
    search_fields = ["title_lt", "title_en", "description_lt", "description_en"]
    date_hierarchy = "starts_at"
    filter_horizontal = ["organisers"]
    raw_id_fields = ["created_by"]
    inlines = [RegistrationInline]


@admin.register(Registration)
class RegistrationAdmin(ReadOnlyAdmin):
    list_display = ["event", "user", "status", "queued_at", "checked_in_at"]
    list_filter = ["status"]
    list_select_related = ["event", "user"]
    search_fields = ["user__email", "user__full_name", "event__title_lt", "event__title_en"]


# A lesson is recorded through record_steam_lesson (its event, school, grades and hours checked together).
@admin.register(SteamLesson)
class SteamLessonAdmin(ReadOnlyAdmin):
    list_display = ["topic", "school", "school_year", "hours"]
    list_filter = ["school_year", "school"]
    filter_horizontal = ["grades"]
    raw_id_fields = ["event"]


@admin.register(EventSeries)
class EventSeriesAdmin(TranslationAdmin):
    list_display = ["title", "frequency"]


admin.site.register([SchoolYear, SchoolGrades])


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    """People's own ratings: staff read them, nobody rewrites them."""

    list_display = ["registration", "rating", "created_at"]
    list_select_related = ["registration__event", "registration__user"]


@admin.register(CalendarFeed)
class CalendarFeedAdmin(ReadOnlyAdmin):
    """Personal feed links are made and reset by their owners only."""

    list_display = ["user", "created_at"]
    list_select_related = ["user"]
