"""Event pages: the public calendar, event pages with registration, tickets, the organisers' side and STEAM lessons.

Views parse input, check permissions, call one service or selector and render. htmx requests get the partial
they swap; the same URLs work without JavaScript.
"""

from urllib.parse import urlencode

import django_filters
import django_tables2 as tables
import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from talentas.core import lists
from talentas.core.errors import DomainError, PermissionDenied, add_to_form
from talentas.core.views import picture_page
from talentas.organisations import selectors as organisation_selectors

from . import ical, permissions, selectors, services
from .forms import (
    CalendarFilterForm,
    EventForm,
    FeedbackForm,
    RegistrationForm,
    RepeatForm,
    SchoolYearChoiceForm,
    SteamLessonForm,
)
from .models import Event, EventType, Registration

PAGE_SIZE = 20
CALENDAR_CONTENT_TYPE = "text/calendar; charset=utf-8"


def _event_or_404(event_id: int) -> Event:
    event = selectors.event_by_id(event_id)
    if event is None:
        raise Http404(_("There is no such event."))
    return event


def _managed_event(request: HttpRequest, event_id: int) -> Event:
    event = _event_or_404(event_id)
    if not permissions.can_manage_event(request.user, event):
        raise PermissionDenied(
            _("Only the event's organisers and plan managers can see this page."), code="organisers_only"
        )
    return event


def _absolute(request: HttpRequest, path: str) -> str:
    return request.build_absolute_uri(path)


# Public calendar and event pages ---------------------------------------------------------------------------


def calendar(request: HttpRequest) -> HttpResponse:
    form = CalendarFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    action = filters.get("action")
    events = selectors.calendar(
        action_id=action.pk if action else None,
        event_type=filters.get("type", ""),
        date_from=filters.get("date_from"),
        date_to=filters.get("date_to"),
        language=filters.get("language", ""),
    )
    context = {
        "form": form,
        **lists.page_of(request, events, per_page=PAGE_SIZE),
        "action": action,
        "can_create": permissions.can_create_events(request.user),
    }
    return lists.render_search_page(
        request,
        template="events/calendar.html",
        results_template="events/partials/calendar_results.html",
        context=context,
    )


def _registration_context(request: HttpRequest, event: Event, *, form: RegistrationForm | None = None, error=""):
    registration = selectors.registration_of(request.user, event)
    active = registration is not None and registration.is_active
    return {
        "event": event,
        "registration": registration if active else None,
        "was_cancelled": registration is not None and not active,
        "waitlist_position": services.waitlist_position(registration) if registration else None,
        "problem": services.registration_problem(event),
        "form": form or RegistrationForm(questions=event.questions),
        "error": error,
        "is_over": event.ends_at <= timezone.now(),
    }


def event_detail(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(event_id)
    context = _registration_context(request, event)
    context.update(
        {
            "can_manage": permissions.can_manage_event(request.user, event),
            "figures": selectors.event_figures(event) if event.ends_at <= timezone.now() else None,
            "lesson": getattr(event, "steam_lesson", None),
        }
    )
    return render(request, "events/event_detail.html", context)


def _registration_response(request: HttpRequest, event: Event, *, status: int = 200, **extra) -> HttpResponse:
    if request.htmx:
        # htmx swaps only 2xx responses: an error is shown inside the box, with what the person typed kept.
        return render(request, "events/partials/registration_box.html", _registration_context(request, event, **extra))
    if status >= 400:
        context = _registration_context(request, event, **extra)
        context.update({"can_manage": permissions.can_manage_event(request.user, event), "figures": None})
        return render(request, "events/event_detail.html", context, status=status)
    return redirect(event)


@login_required
@require_POST
def register(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(event_id)
    form = RegistrationForm(request.POST, questions=event.questions)
    if not form.is_valid():
        return _registration_response(request, event, status=400, form=form)
    try:
        result = services.register_for_event(user=request.user, event_id=event.pk, answers=form.answers())
    except DomainError as error:
        return _registration_response(request, event, status=error.status_code, form=form, error=error.message)
    status = result.registration.status
    if status == Registration.Status.CONFIRMED:
        messages.success(request, _("You are registered. Your ticket is on its way by e-mail."))
    elif status == Registration.Status.WAITLISTED:
        messages.info(
            request,
            _("The event is full: you are number %(position)d on the waitlist.")
            % {"position": result.waitlist_position},
        )
    else:
        messages.info(request, _("Registration received: the organisers will confirm it."))
    return _registration_response(request, selectors.event_by_id(event.pk) or event)


@login_required
@require_POST
def cancel_registration(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(event_id)
    try:
        services.cancel_registration(user=request.user, event_id=event.pk)
    except DomainError as error:
        return _registration_response(request, event, status=error.status_code, error=error.message)
    messages.success(request, _("Your registration is cancelled."))
    return _registration_response(request, selectors.event_by_id(event.pk) or event)


def _qr_svg(url: str, label: str) -> str:
    qr = segno.make(url, error="m")
    svg = qr.svg_inline(scale=6, light="#fff", dark="#000", border=3, omitsize=True, svgclass="ticket-qr")
    return mark_safe(svg.replace("<svg ", f'<svg role="img" aria-label="{escape(label)}" ', 1))


@login_required
def ticket(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(event_id)
    registration = selectors.registration_of(request.user, event)
    if registration is None or not registration.holds_seat:
        messages.info(request, _("You have no confirmed seat at this event, so there is no ticket."))
        return redirect(event)
    scan_url = _absolute(request, reverse("events:scan", args=[services.ticket_token(registration)]))
    context = {
        "event": event,
        "registration": registration,
        "qr": _qr_svg(scan_url, _("QR code of your ticket for %(event)s") % {"event": event.title}),
        "ticket_number": f"{event.pk}-{registration.pk}",
    }
    return render(request, "events/ticket.html", context)


@login_required
def my_events(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    registrations = list(selectors.my_registrations(request.user))
    feed = services.personal_feed(user=request.user)
    feed_url = _absolute(request, reverse("events:personal_feed", args=[feed.token]))
    context = {
        "upcoming": [r for r in registrations if r.event.ends_at > now and r.is_active],
        "past": [r for r in registrations if r.event.ends_at <= now and r.is_active],
        "cancelled": [r for r in registrations if not r.is_active],
        "feed_url": feed_url,
        "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
        "now": now,
    }
    return render(request, "events/my_events.html", context)


@login_required
@require_POST
def reset_feed(request: HttpRequest) -> HttpResponse:
    services.reset_personal_feed(user=request.user)
    messages.success(request, _("Your calendar has a new secret address; the old one no longer works."))
    return redirect("events:mine")


@login_required
def feedback(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(event_id)
    registration = selectors.registration_of(request.user, event)
    if registration is None or registration.status != Registration.Status.ATTENDED:
        raise PermissionDenied(_("Only people checked in at the event can rate it."), code="rating_forbidden")
    already = hasattr(registration, "feedback")
    form = FeedbackForm(request.POST if request.method == "POST" and not already else None)
    if form.is_bound and form.is_valid():
        try:
            services.submit_feedback(user=request.user, event_id=event.pk, **form.cleaned_data)
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("Thank you for your feedback!"))
            return redirect("events:mine")
    context = {"event": event, "form": form, "already": already, "registration": registration}
    return render(request, "events/feedback.html", context, status=400 if form.errors else 200)


# iCalendar -------------------------------------------------------------------------------------------------


def _calendar_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=CALENDAR_CONTENT_TYPE)
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    return response


def event_ics(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _event_or_404(event_id)
    registration = selectors.registration_of(request.user, event)
    linked = frozenset({event.pk}) if registration is not None and registration.holds_seat else frozenset()
    body = ical.calendar_file([event], name=event.title, linked_event_ids=linked)
    return _calendar_response(body, f"talentas-event-{event.pk}.ics")


def action_feed(request: HttpRequest, action_id: int) -> HttpResponse:
    action = selectors.plan_actions().filter(pk=action_id).first()
    if action is None:
        raise Http404(_("There is no such action."))
    events = selectors.feed_events().filter(action=action)
    name = _("Talentas: action %(code)s events") % {"code": action.code}
    return _calendar_response(ical.calendar_file(events, name=name), f"talentas-action-{action.code}.ics")


def organisation_feed(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = organisation_selectors.organisation_by_slug(slug)
    if organisation is None or not organisation.is_listed:
        raise Http404(_("No such organisation."))
    events = selectors.feed_events().filter(organisers=organisation)
    name = _("Talentas: events of %(name)s") % {"name": organisation.name}
    return _calendar_response(ical.calendar_file(events, name=name), f"talentas-{organisation.slug}.ics")


def personal_feed(request: HttpRequest, token: str) -> HttpResponse:
    user = selectors.person_by_feed_token(token)
    if user is None:
        raise Http404(_("This calendar address is not valid any more."))
    events = list(selectors.events_of_person(user))
    seated = frozenset(
        Registration.objects.filter(user=user, status__in=Registration.SEAT_HOLDING).values_list("event_id", flat=True)
    )
    body = ical.calendar_file(events, name=_("My Talentas events"), linked_event_ids=seated)
    return _calendar_response(body, "talentas-my-events.ics")


# Organisers ------------------------------------------------------------------------------------------------


def _organiser_choices(user):
    organisations = selectors.organiser_choices()
    if permissions.is_plan_staff(user):
        return organisations
    return organisations.filter(pk__in=permissions.member_organisation_ids(user))


class OrganisedEventFilter(django_filters.FilterSet):
    title = django_filters.CharFilter(lookup_expr="icontains", label=gettext_lazy("Title contains"))
    event_type = django_filters.ChoiceFilter(
        choices=EventType.choices, label=gettext_lazy("Type"), empty_label=gettext_lazy("All types")
    )

    class Meta:
        model = Event
        fields = ["title", "event_type"]


class OrganisedEventTable(lists.StaffTable):
    caption = gettext_lazy("Events you organise")
    starts_at = tables.TemplateColumn(
        '<time datetime="{{ value|date:\'c\' }}">{{ value|date:"SHORT_DATETIME_FORMAT" }}</time>',
        verbose_name=gettext_lazy("When"),
    )
    title = tables.TemplateColumn(
        template_name="events/partials/organised_event_title.html", verbose_name=gettext_lazy("Event")
    )
    seats_taken = tables.TemplateColumn(
        "{{ record.seats_taken }} / {{ record.capacity }}",
        verbose_name=gettext_lazy("Seats taken"),
        attrs={"th": {"class": "number"}, "td": {"class": "number"}},
    )
    waitlist_length = tables.Column(
        verbose_name=gettext_lazy("Waitlist"), attrs={"th": {"class": "number"}, "td": {"class": "number"}}
    )
    manage = tables.TemplateColumn(
        template_name="events/partials/organised_event_links.html",
        verbose_name=gettext_lazy("Manage"),
        orderable=False,
        exclude_from_export=True,
    )

    class Meta(lists.StaffTable.Meta):
        empty_text = gettext_lazy("You do not organise any event yet.")


@login_required
def organise(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not permissions.can_create_events(user):
        raise PermissionDenied(
            _("Members of an organisation and plan managers organise events."), code="event_create_forbidden"
        )
    events = selectors.managed_events(
        permissions.member_organisation_ids(user), everything=permissions.is_plan_staff(user)
    )
    listing = lists.staff_list(
        request, queryset=events, table_class=OrganisedEventTable, filterset_class=OrganisedEventFilter
    )
    return render(request, "events/organise.html", {"listing": listing})


@login_required
def event_create(request: HttpRequest) -> HttpResponse:
    if not permissions.can_create_events(request.user):
        raise PermissionDenied(
            _("Members of an organisation and plan managers organise events."), code="event_create_forbidden"
        )
    organisations = _organiser_choices(request.user)
    form = EventForm(request.POST or None, organisations=organisations)
    if request.method == "POST" and form.is_valid():
        try:
            event = services.create_event(user=request.user, **form.service_arguments())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The event is published in the calendar."))
            return redirect(event)
    return render(request, "events/event_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def event_edit(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _managed_event(request, event_id)
    organisations = _organiser_choices(request.user) | selectors.organiser_choices().filter(
        pk__in=permissions.organiser_ids(event)
    )
    if request.method == "POST":
        form = EventForm(request.POST, organisations=organisations.distinct())
    else:
        form = EventForm(initial=EventForm.initial_for(event), organisations=organisations.distinct())
    if form.is_bound and form.is_valid():
        try:
            services.update_event(user=request.user, event_id=event.pk, **form.service_arguments())
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The event is saved."))
            return redirect(event)
    repeat_form = RepeatForm()
    context = {"form": form, "event": event, "repeat_form": repeat_form}
    return render(request, "events/event_form.html", context, status=400 if form.errors else 200)


@login_required
@require_POST
def event_cancel(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _managed_event(request, event_id)
    services.cancel_event(user=request.user, event_id=event.pk)
    messages.success(request, _("The event is cancelled; everyone registered is told by e-mail."))
    return redirect(event)


@login_required
@require_POST
def event_repeat(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _managed_event(request, event_id)
    form = RepeatForm(request.POST)
    if form.is_valid():
        made = services.repeat_event(user=request.user, event_id=event.pk, **form.cleaned_data)
        messages.success(request, _("%(count)d more events are in the calendar.") % {"count": len(made)})
        return redirect(event)
    else:
        messages.error(request, " ".join(str(error) for errors in form.errors.values() for error in errors))
    return redirect("events:edit", event_id=event.pk)


class AnswerColumn(tables.Column):
    """One registration question: its answers, with the question (as the organiser wrote it) as the header."""

    def __init__(self, question: str) -> None:
        super().__init__(verbose_name=question, accessor="answers", orderable=False, empty_values=())
        self.question = question

    def render(self, value: dict) -> str:
        return (value or {}).get(self.question, "")


class AttendeeTable(lists.StaffTable):
    caption = gettext_lazy("Registrations")
    name = tables.Column(accessor="user__full_name", verbose_name=gettext_lazy("Name"), default="—")
    email = tables.Column(accessor="user__email", verbose_name=gettext_lazy("E-mail"))
    status = tables.Column(verbose_name=gettext_lazy("Status"))
    queued_at = tables.DateTimeColumn(verbose_name=gettext_lazy("Registered at"), format="SHORT_DATETIME_FORMAT")
    checked_in_at = tables.DateTimeColumn(
        verbose_name=gettext_lazy("Checked in at"), format="SHORT_DATETIME_FORMAT", default=""
    )
    rating = tables.Column(accessor="feedback__rating", verbose_name=gettext_lazy("Rating"), default="")
    comment = tables.Column(
        accessor="feedback__comment", verbose_name=gettext_lazy("Comment"), orderable=False, default=""
    )
    decision = tables.TemplateColumn(
        template_name="events/partials/attendee_decision.html",
        verbose_name=gettext_lazy("Actions"),
        orderable=False,
        exclude_from_export=True,
    )

    class Meta(lists.StaffTable.Meta):
        empty_text = gettext_lazy("Nobody has registered yet.")


@login_required
def attendees(request: HttpRequest, event_id: int) -> HttpResponse:
    """The event's registrations as a staff list, with `?export=csv|xlsx` of every registration and answer."""
    event = _managed_event(request, event_id)
    listing = lists.staff_list(
        request,
        queryset=selectors.attendees(event),
        table_class=AttendeeTable,
        table_options={
            "extra_columns": [(f"question_{n}", AnswerColumn(q)) for n, q in enumerate(event.questions)],
            "sequence": ("...", "decision"),
        },
        export_name=f"attendees-{event.pk}-{slugify(event.title)[:40]}",
        per_page=100,
    )
    if listing.export:
        return listing.export
    context = {
        "event": event,
        "listing": listing,
        "figures": selectors.event_figures(event),
        "is_over": event.ends_at <= timezone.now(),
    }
    return render(request, "events/attendees.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, event_id: int, registration_id: int) -> HttpResponse:
    event = _managed_event(request, event_id)
    approve = request.POST.get("decision") == "approve"
    services.decide_registration(actor=request.user, registration_id=registration_id, approve=approve)
    messages.success(request, _("Approved.") if approve else _("Declined; the person is told."))
    return redirect("events:attendees", event_id=event.pk)


@login_required
@require_POST
def no_shows(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _managed_event(request, event_id)
    count = services.record_no_shows(actor=request.user, event_id=event.pk)
    messages.success(request, _("%(count)d people recorded as not having come.") % {"count": count})
    return redirect("events:attendees", event_id=event.pk)


def _check_in_context(event: Event, query: str) -> dict:
    people = selectors.check_in_list(event)
    if query:
        people = people.filter(user__full_name__icontains=query) | people.filter(user__email__icontains=query)
    people = list(people)
    figures = selectors.event_figures(event)
    return {"event": event, "people": people, "query": query, "figures": figures}


@login_required
def check_in_page(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _managed_event(request, event_id)
    context = _check_in_context(event, request.GET.get("q", "").strip()[:100])
    if request.htmx and not request.htmx.boosted:
        return render(request, "events/partials/check_in_list.html", context)
    return render(request, "events/check_in.html", context)


@login_required
@require_POST
def check_in_toggle(request: HttpRequest, event_id: int, registration_id: int) -> HttpResponse:
    event = _managed_event(request, event_id)
    undo = request.POST.get("undo") == "1"
    error = ""
    registration = selectors.registration_with_event(registration_id)
    if registration is None or registration.event_id != event.pk:
        raise Http404(_("There is no such registration."))
    try:
        if undo:
            registration = services.undo_check_in(actor=request.user, registration_id=registration_id)
        else:
            registration = services.check_in(actor=request.user, registration_id=registration_id)
    except DomainError as domain_error:
        error = domain_error.message
    if request.htmx:
        context = {
            "event": event,
            "person": registration,
            "error": error,
            "oob_figures": selectors.event_figures(event),
        }
        return render(request, "events/partials/check_in_row.html", context)
    if error:
        messages.error(request, error)
    return redirect(reverse("events:check_in", args=[event.pk]) + "?" + urlencode({"q": request.POST.get("q", "")}))


@login_required
def scan(request: HttpRequest, token: str) -> HttpResponse:
    """A ticket's QR code opens this page. Opening it (GET) only shows the holder to the event's organisers;
    the organiser checks them in with the page's button (a POST, CSRF-protected), so a link opened by a mail
    scanner, a preview or the holder never checks anyone in."""
    try:
        registration = services.ticket_holder(actor=request.user, token=token)
    except DomainError as error:
        return render(request, "events/scan.html", {"error": error.message}, status=error.status_code)
    context = {"registration": registration, "event": registration.event, "token": token}
    if request.method == "POST":
        try:
            registration = services.check_in_by_ticket(actor=request.user, token=token)
        except DomainError as error:
            context["error"] = error.message
            return render(request, "events/scan.html", context, status=error.status_code)
        context.update(registration=registration, checked_in=True)
    elif registration.status == Registration.Status.ATTENDED:
        context["error"] = services.already_checked_in_message(registration)
    return render(request, "events/scan.html", context)


# STEAM lessons ---------------------------------------------------------------------------------------------


def steam(request: HttpRequest) -> HttpResponse:
    years = list(selectors.school_years())
    form = SchoolYearChoiceForm(request.GET or None)
    year = form.cleaned_data["year"] if form.is_valid() else None
    if year is None:
        today = timezone.localdate()
        year = next((y for y in years if y.starts_on <= today <= y.ends_on), years[0] if years else None)
        form = SchoolYearChoiceForm(initial={"year": year.name if year else None})
    context = {
        "form": form,
        "year": year,
        "report": selectors.steam_report(year) if year else None,
        "lessons": selectors.lessons_of_year(year)[:50] if year else [],
        "can_record": request.user.is_authenticated
        and (permissions.can_record_for_any_school(request.user) or _member_schools(request.user).exists()),
        "target": selectors.STEAM_TARGET_HOURS,
    }
    return render(request, "events/steam.html", context)


def _member_schools(user):
    return selectors.schools().filter(pk__in=permissions.member_organisation_ids(user))


@login_required
def steam_record(request: HttpRequest) -> HttpResponse:
    user = request.user
    schools = selectors.schools() if permissions.can_record_for_any_school(user) else _member_schools(user)
    if not schools.exists():
        raise PermissionDenied(
            _("Schools, the Education Department and plan managers record STEAM lessons."),
            code="lesson_record_forbidden",
        )
    form = SteamLessonForm(request.POST or None, schools=schools)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        action = selectors.plan_actions().filter(code="1.5").first() or selectors.plan_actions().first()
        try:
            if action is None:
                raise DomainError(
                    _("Load the action plan first: lessons belong to its action 1.5."), code="plan_missing"
                )
            services.record_steam_lesson(
                user=user,
                action_id=action.pk,
                school_id=data["school"].pk,
                grade_numbers=data["grades"],
                hours=data["hours"],
                topic=data["topic"],
                starts_at=data["starts_at"],
                description=data["description"],
            )
        except DomainError as error:
            add_to_form(form, error)
        else:
            messages.success(request, _("The lesson is recorded."))
            return redirect("events:steam")
    return render(request, "events/steam_form.html", {"form": form}, status=400 if form.errors else 200)


@login_required
def event_cover(request: HttpRequest, event_id: int) -> HttpResponse:
    event = _managed_event(request, event_id)
    return picture_page(
        request,
        current=event.cover,
        save=lambda upload: services.set_cover(user=request.user, event_id=event.pk, upload=upload),
        remove=lambda: services.remove_cover(user=request.user, event_id=event.pk),
        done_url=event.get_absolute_url(),
        context={
            "heading": _("Cover picture of %(title)s") % {"title": event.title},
            "alt": "",
            "back_text": event.title,
            "picture_css": "picture-cover",
        },
    )
