"""Events and learning: networking events, workshops, forums, pitch nights, public consultations and STEAM lessons.

An Event belongs to one action of the plan and is organised by one or more organisations. People register
for it (one Registration per person and event); a full event puts newcomers on a waitlist, and a
cancellation promotes the first waitlisted person. The rules that must never break (capacity, one
registration each, start before end, a rating from 1 to 5) are database constraints or are enforced under
a lock in `services.py`.

An event's title, description, audience and accessibility notes, and a series' title, are kept in Lithuanian
and in English (`translation.py`); the title is required in at least one of them.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import get_language, resolution_order

from talentas.core.models import TimeStampedModel


class EventType(models.TextChoices):
    # Values double as the metric qualifiers (events.held.networking), hence the underscores.
    NETWORKING = "networking", _("Networking event")
    WORKSHOP = "workshop", _("Workshop")
    FINANCING_WORKSHOP = "financing_workshop", _("Financing workshop")
    STAKEHOLDER_FORUM = "stakeholder_forum", _("Stakeholder forum")
    CROSS_SECTOR_WORKSHOP = "cross_sector_workshop", _("Cross-sector workshop")
    STEAM_LESSON = "steam_lesson", _("STEAM lesson")
    PITCH_EVENT = "pitch_event", _("Pitch event")
    PUBLIC_CONSULTATION = "public_consultation", _("Public consultation")


class EventLanguage(models.TextChoices):
    LITHUANIAN = "lt", _("Lithuanian")
    ENGLISH = "en", _("English")
    BOTH = "lt-en", _("Lithuanian and English")


class TextsInEachLanguage:
    """For models whose texts django-modeltranslation keeps in each language (see translation.py): reading
    `title` gives the active language's text, or the other language's when that one is empty."""

    def text_language(self, field: str) -> str:
        """The language of the `field` text shown now: the active one, or the one it falls back to. Pages mark a
        fallback with `lang` so that screen readers pronounce it in its own language (WCAG 3.1.2)."""
        active = get_language()
        for code in resolution_order(active):
            if getattr(self, f"{field}_{code}", None):
                return code
        return active


class EventSeries(TextsInEachLanguage, TimeStampedModel):
    """Recurring events, e.g. the quarterly networking evenings: each occurrence is an Event of the series."""

    class Frequency(models.TextChoices):
        WEEKLY = "weekly", _("Weekly")
        MONTHLY = "monthly", _("Monthly")
        QUARTERLY = "quarterly", _("Quarterly")
        YEARLY = "yearly", _("Yearly")

    title = models.CharField(_("title"), max_length=200)
    frequency = models.CharField(_("repeats"), max_length=16, choices=Frequency.choices)

    class Meta:
        verbose_name = _("event series")
        verbose_name_plural = _("event series")
        ordering = ["title", "pk"]

    def __str__(self) -> str:
        return f"{self.title} ({self.get_frequency_display()})"


class Event(TextsInEachLanguage, TimeStampedModel):
    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        CANCELLED = "cancelled", _("Cancelled")

    class RegistrationMode(models.TextChoices):
        OPEN = "open", _("Open: first come, first served")
        APPROVAL = "approval", _("Organisers approve each registration")
        NONE = "none", _("No registration on Talentas (e.g. a lesson for one class)")

    action = models.ForeignKey(
        "plans.Action", on_delete=models.PROTECT, related_name="events", verbose_name=_("action of the plan")
    )
    organisers = models.ManyToManyField(
        "organisations.Organisation", related_name="organised_events", verbose_name=_("organised by")
    )
    series = models.ForeignKey(
        EventSeries,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="events",
        verbose_name=_("series"),
    )
    event_type = models.CharField(_("type"), max_length=32, choices=EventType.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.SCHEDULED)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    language = models.CharField(_("language"), max_length=8, choices=EventLanguage.choices, default="lt")
    audience = models.CharField(
        _("audience"), max_length=200, blank=True, help_text=_("Who it is for, e.g. 'founders and investors'.")
    )
    accessibility_notes = models.TextField(
        _("accessibility"),
        blank=True,
        help_text=_("Step-free access, hearing loop, sign language, quiet room... what attendees need to know."),
    )
    venue_name = models.CharField(_("venue"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=250, blank=True)
    online_url = models.URLField(
        _("online link"), blank=True, help_text=_("Shown only to people whose registration is confirmed.")
    )
    # Set and removed through services.set_cover / remove_cover (checked and stored by core.pictures).
    cover = models.ForeignKey(
        "core.Picture",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("cover picture"),
    )
    capacity = models.PositiveIntegerField(_("capacity"), help_text=_("How many people can attend."))
    # The seats held (confirmed, attended, no-show): the counter row of talentas.core.capacity, so a seat is
    # taken by one conditional UPDATE instead of counting registrations under a lock.
    seats_taken = models.PositiveIntegerField(_("seats taken"), default=0, editable=False)
    registration_mode = models.CharField(
        _("registration"), max_length=16, choices=RegistrationMode.choices, default=RegistrationMode.OPEN
    )
    registration_opens_at = models.DateTimeField(
        _("registration opens"), null=True, blank=True, help_text=_("Empty: open as soon as the event is published.")
    )
    registration_closes_at = models.DateTimeField(
        _("registration closes"), null=True, blank=True, help_text=_("Empty: open until the event starts.")
    )
    questions = models.JSONField(
        _("questions for registrants"),
        default=list,
        blank=True,
        help_text=_("Optional questions people may answer when they register, e.g. dietary needs."),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("created by"),
    )

    class Meta:
        verbose_name = _("event")
        verbose_name_plural = _("events")
        ordering = ["starts_at", "pk"]
        indexes = [
            models.Index(fields=["starts_at"]),
            models.Index(fields=["event_type", "ends_at"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_at__lt=F("ends_at")),
                name="events_event_starts_before_it_ends",
                violation_error_message=_("The event must end after it starts."),
            ),
            models.CheckConstraint(
                condition=Q(capacity__gte=1),
                name="events_event_capacity_positive",
                violation_error_message=_("Capacity must be at least 1."),
            ),
            models.CheckConstraint(
                condition=Q(seats_taken__lte=F("capacity")),
                name="events_event_seats_within_capacity",
                violation_error_message=_("More seats are taken than the event has."),
            ),
            models.CheckConstraint(
                condition=~Q(address="") | ~Q(online_url=""),
                name="events_event_has_a_place",
                violation_error_message=_("Give an address, an online link, or both."),
            ),
            models.CheckConstraint(
                condition=Q(registration_opens_at__isnull=True)
                | Q(registration_closes_at__isnull=True)
                | Q(registration_opens_at__lt=F("registration_closes_at")),
                name="events_event_registration_window_in_order",
                violation_error_message=_("Registration must open before it closes."),
            ),
            models.CheckConstraint(condition=Q(event_type__in=EventType.values), name="events_event_type_known"),
            models.CheckConstraint(
                condition=Q(status="scheduled", cancelled_at__isnull=True)
                | Q(status="cancelled", cancelled_at__isnull=False),
                name="events_event_cancelled_when_cancelled",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("events:detail", args=[self.pk])

    @property
    def is_cancelled(self) -> bool:
        return self.status == self.Status.CANCELLED

    @property
    def is_online(self) -> bool:
        return bool(self.online_url)


class Registration(TimeStampedModel):
    """One person's place at one event: confirmed, on the waitlist, awaiting approval, cancelled, or attended."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed")
        WAITLISTED = "waitlisted", _("On the waitlist")
        PENDING = "pending", _("Awaiting approval")
        CANCELLED = "cancelled", _("Cancelled")
        ATTENDED = "attended", _("Attended")
        NO_SHOW = "no_show", _("Did not come")

    # The statuses that hold a seat: an attendee or a no-show held one even if it stayed empty.
    SEAT_HOLDING = (Status.CONFIRMED, Status.ATTENDED, Status.NO_SHOW)

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="registrations", verbose_name=_("event"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="event_registrations",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    # Arrival order for the waitlist; set again when a person who cancelled registers once more.
    queued_at = models.DateTimeField(_("registered at"))
    answers = models.JSONField(_("answers"), default=dict, blank=True)
    checked_in_at = models.DateTimeField(_("checked in at"), null=True, blank=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    reminder_sent_at = models.DateTimeField(_("reminder sent"), null=True, blank=True)
    feedback_requested_at = models.DateTimeField(_("feedback requested"), null=True, blank=True)

    class Meta:
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        ordering = ["queued_at", "pk"]
        indexes = [models.Index(fields=["event", "status", "queued_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "user"],
                name="events_one_registration_per_person",
                violation_error_message=_("You are already registered for this event."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waitlisted", "pending", "cancelled", "attended", "no_show"]),
                name="events_registration_status_known",
            ),
            models.CheckConstraint(
                condition=~Q(status="attended") | Q(checked_in_at__isnull=False),
                name="events_registration_attended_when_checked_in",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.event} ({self.get_status_display()})"

    @property
    def holds_seat(self) -> bool:
        return self.status in self.SEAT_HOLDING

    @property
    def is_active(self) -> bool:
        """Still coming or hoping to: not cancelled."""
        return self.status != self.Status.CANCELLED


class Feedback(TimeStampedModel):
    """An attendee's rating (1-5) and comment after the event; one per registration."""

    registration = models.OneToOneField(
        Registration, on_delete=models.CASCADE, related_name="feedback", verbose_name=_("registration")
    )
    rating = models.PositiveSmallIntegerField(_("rating"))
    comment = models.TextField(_("comment"), blank=True, max_length=2000)

    class Meta:
        verbose_name = _("feedback")
        verbose_name_plural = _("feedback")
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rating__gte=1, rating__lte=5),
                name="events_feedback_rating_1_to_5",
                violation_error_message=_("Rate from 1 to 5."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.rating}/5"


class CalendarFeed(TimeStampedModel):
    """A person's secret calendar address: their events as an iCalendar feed any calendar app can subscribe to."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="event_feed", verbose_name=_("person")
    )
    token = models.CharField(_("secret token"), max_length=64, unique=True)

    class Meta:
        verbose_name = _("personal calendar feed")
        verbose_name_plural = _("personal calendar feeds")

    def __str__(self) -> str:
        return str(self.user)


# STEAM lessons (action 1.5): at least 2 hours of STEAM learning for each grade during the school year.


class SchoolYear(TimeStampedModel):
    name = models.CharField(_("name"), max_length=20, unique=True, help_text=_("e.g. 2025-2026"))
    starts_on = models.DateField(_("starts"))
    ends_on = models.DateField(_("ends"))

    class Meta:
        verbose_name = _("school year")
        verbose_name_plural = _("school years")
        ordering = ["-starts_on"]
        constraints = [
            models.CheckConstraint(
                condition=Q(starts_on__lt=F("ends_on")),
                name="events_school_year_in_order",
                violation_error_message=_("The school year must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name


class Grade(models.Model):
    """A grade of Lithuanian general education, 1 to 12."""

    number = models.PositiveSmallIntegerField(_("grade"), unique=True)

    class Meta:
        verbose_name = _("grade")
        verbose_name_plural = _("grades")
        ordering = ["number"]
        constraints = [models.CheckConstraint(condition=Q(number__gte=1, number__lte=12), name="events_grade_1_to_12")]

    def __str__(self) -> str:
        return str(self.number)


class SchoolGrades(TimeStampedModel):
    """Which grades a school teaches, so the STEAM view knows which grades should have had lessons."""

    school = models.OneToOneField(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="steam_grades",
        verbose_name=_("school"),
        limit_choices_to={"kind": "school"},
    )
    first_grade = models.PositiveSmallIntegerField(_("first grade"))
    last_grade = models.PositiveSmallIntegerField(_("last grade"))

    class Meta:
        verbose_name = _("grades of a school")
        verbose_name_plural = _("grades of schools")
        constraints = [
            models.CheckConstraint(
                condition=Q(first_grade__gte=1, last_grade__lte=12, first_grade__lte=F("last_grade")),
                name="events_school_grades_in_range",
                violation_error_message=_("Grades run from 1 to 12, the first no higher than the last."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.school}: {self.first_grade}-{self.last_grade}"

    @property
    def grade_numbers(self) -> range:
        return range(self.first_grade, self.last_grade + 1)


class SteamLesson(TimeStampedModel):
    """A STEAM lesson given at a school: an Event of type STEAM lesson, with the school, grades, hours and topic."""

    event = models.OneToOneField(Event, on_delete=models.CASCADE, related_name="steam_lesson", verbose_name=_("event"))
    school = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        related_name="steam_lessons",
        verbose_name=_("school"),
        limit_choices_to={"kind": "school"},
    )
    school_year = models.ForeignKey(
        SchoolYear, on_delete=models.PROTECT, related_name="lessons", verbose_name=_("school year")
    )
    grades = models.ManyToManyField(Grade, related_name="lessons", verbose_name=_("grades"))
    hours = models.DecimalField(_("hours"), max_digits=4, decimal_places=1)
    topic = models.CharField(_("topic"), max_length=200)

    class Meta:
        verbose_name = _("STEAM lesson")
        verbose_name_plural = _("STEAM lessons")
        ordering = ["-school_year__starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(hours__gt=0, hours__lte=40),
                name="events_steam_lesson_hours_positive",
                violation_error_message=_("Hours must be more than 0 and at most 40."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.topic} ({self.school})"
