"""Forms: they parse and check what people type; the services decide and write."""

from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from talentas.core.forms import DateInput, DateTimeInput

from . import selectors
from .models import Event, EventLanguage, EventSeries, EventType


def _datetime_field(label, *, required=True, help_text=""):
    return forms.DateTimeField(
        label=label,
        required=required,
        help_text=help_text,
        widget=DateTimeInput(),
    )


def _text_in(language: str, label, *, rows: int = 0, max_length: int | None = None, help_text=""):
    """An event text in one language. The input's `lang` lets browsers check its spelling and screen readers
    read it in that language (WCAG 3.1.2). Each language is optional on its own."""
    attrs = {"lang": language}
    widget = forms.Textarea(attrs={"rows": rows, **attrs}) if rows else forms.TextInput(attrs=attrs)
    return forms.CharField(label=label, required=False, max_length=max_length, widget=widget, help_text=help_text)


TITLE_HELP = _("Required in at least one language. Where a text is missing in one language, its readers see the other.")
VENUE_HELP = _("The place's name as its readers know it, e.g. 'College of Applied Sciences, hall 101'.")
TITLE_MISSING = _("Give the title in Lithuanian, in English or both.")


class ActionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return f"{obj.code} {obj.title}"


class CalendarFilterForm(forms.Form):
    action = ActionChoiceField(label=_("Action of the plan"), queryset=None, required=False, empty_label=_("All"))
    type = forms.ChoiceField(label=_("Type"), required=False, choices=[("", _("All types")), *EventType.choices])
    date_from = forms.DateField(label=_("From"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Until"), required=False, widget=DateInput())
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any language")), ("lt", _("Lithuanian")), ("en", _("English"))],
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = selectors.plan_actions()

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("date_from"), cleaned.get("date_to")
        if start and end and end < start:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned


class RegistrationForm(forms.Form):
    """One optional text field per question the organisers ask."""

    def __init__(self, *args, questions: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for index, question in enumerate(questions):
            self.fields[f"q{index}"] = forms.CharField(
                label=question, required=False, max_length=500, widget=forms.TextInput()
            )

    def answers(self) -> dict[str, str]:
        return {question: self.cleaned_data.get(f"q{index}", "") for index, question in enumerate(self.questions)}


class EventForm(forms.Form):
    action = ActionChoiceField(label=_("Action of the plan"), queryset=None, empty_label=_("Choose an action…"))
    organisers = forms.ModelMultipleChoiceField(
        label=_("Organised by"),
        queryset=None,
        widget=forms.SelectMultiple(attrs={"size": 6}),
        help_text=_("Hold Ctrl (or Cmd) to choose more than one."),
    )
    event_type = forms.ChoiceField(label=_("Type"), choices=EventType.choices)
    title_lt = _text_in("lt", _("Title in Lithuanian"), max_length=200, help_text=TITLE_HELP)
    title_en = _text_in("en", _("Title in English"), max_length=200, help_text=TITLE_HELP)
    description_lt = _text_in("lt", _("Description in Lithuanian"), rows=5)
    description_en = _text_in("en", _("Description in English"), rows=5)
    starts_at = _datetime_field(_("Starts"))
    ends_at = _datetime_field(_("Ends"))
    language = forms.ChoiceField(
        label=_("Language"), choices=EventLanguage.choices, help_text=_("The language the event is held in.")
    )
    audience_lt = _text_in(
        "lt", _("Audience in Lithuanian"), max_length=200, help_text=Event._meta.get_field("audience").help_text
    )
    audience_en = _text_in(
        "en", _("Audience in English"), max_length=200, help_text=Event._meta.get_field("audience").help_text
    )
    accessibility_notes_lt = _text_in(
        "lt",
        _("Accessibility in Lithuanian"),
        rows=3,
        help_text=Event._meta.get_field("accessibility_notes").help_text,
    )
    accessibility_notes_en = _text_in(
        "en",
        _("Accessibility in English"),
        rows=3,
        help_text=Event._meta.get_field("accessibility_notes").help_text,
    )
    venue_name_lt = _text_in("lt", _("Venue in Lithuanian"), max_length=200, help_text=VENUE_HELP)
    venue_name_en = _text_in("en", _("Venue in English"), max_length=200, help_text=VENUE_HELP)
    address = forms.CharField(label=_("Address"), max_length=250, required=False)
    online_url = forms.URLField(
        assume_scheme="https",
        label=_("Online link"),
        required=False,
        help_text=Event._meta.get_field("online_url").help_text,
    )
    capacity = forms.IntegerField(label=_("Capacity"), min_value=1, max_value=100_000)
    registration_mode = forms.ChoiceField(label=_("Registration"), choices=Event.RegistrationMode.choices)
    registration_opens_at = _datetime_field(
        _("Registration opens"), required=False, help_text=Event._meta.get_field("registration_opens_at").help_text
    )
    registration_closes_at = _datetime_field(
        _("Registration closes"), required=False, help_text=Event._meta.get_field("registration_closes_at").help_text
    )
    questions = forms.CharField(
        label=_("Questions for registrants"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Optional; one question per line, at most 5. Answering is optional for registrants."),
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["action"].queryset = selectors.plan_actions()
        self.fields["organisers"].queryset = organisations

    @classmethod
    def initial_for(cls, event: Event) -> dict:
        # Each language's own column (title_lt, title_en...), so an empty one stays empty rather than repeating
        # the other language's text that `event.title` falls back to.
        initial = {name: getattr(event, name) for name in cls.base_fields if hasattr(event, name)}
        initial["action"] = event.action_id
        initial["organisers"] = [organisation.pk for organisation in event.organisers.all()]
        initial["questions"] = "\n".join(event.questions)
        return initial

    def clean(self):
        cleaned = super().clean()
        titles = ("title_lt", "title_en")
        if not any(cleaned.get(name) for name in titles) and not any(name in self.errors for name in titles):
            for name in titles:
                self.add_error(name, TITLE_MISSING)
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The event must end after it starts."))
        if not cleaned.get("address") and not cleaned.get("online_url") and "online_url" not in self.errors:
            self.add_error("address", _("Give an address, an online link, or both."))
        return cleaned

    def service_arguments(self) -> dict:
        data = dict(self.cleaned_data)
        data["action_id"] = data.pop("action").pk
        data["organiser_ids"] = [organisation.pk for organisation in data.pop("organisers")]
        return data


class RepeatForm(forms.Form):
    frequency = forms.ChoiceField(
        label=_("Repeat"), choices=EventSeries.Frequency.choices, initial=EventSeries.Frequency.QUARTERLY
    )
    occurrences = forms.IntegerField(label=_("How many more times"), min_value=1, max_value=24, initial=3)


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Your rating"),
        coerce=int,
        choices=[
            (5, _("5: excellent")),
            (4, _("4: good")),
            (3, _("3: fair")),
            (2, _("2: poor")),
            (1, _("1: bad")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional: what worked, what could be better."),
    )


class SteamLessonForm(forms.Form):
    school = forms.ModelChoiceField(label=_("School"), queryset=None, empty_label=_("Choose a school…"))
    grades = forms.TypedMultipleChoiceField(
        label=_("Grades"),
        coerce=int,
        choices=[(number, str(number)) for number in range(1, 13)],
        widget=forms.CheckboxSelectMultiple,
    )
    topic = forms.CharField(label=_("Topic"), max_length=200)
    starts_at = _datetime_field(_("Date and time"))
    hours = forms.DecimalField(
        label=_("Hours"),
        min_value=Decimal("0.5"),
        max_value=Decimal(40),
        decimal_places=1,
        help_text=_("Lesson hours of 45 minutes, e.g. 2 or 1.5."),
    )
    description = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 3}))

    def __init__(self, *args, schools, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["school"].queryset = schools


class SchoolYearChoiceForm(forms.Form):
    year = forms.ModelChoiceField(label=_("School year"), queryset=None, to_field_name="name", empty_label=None)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].queryset = selectors.school_years()
