from django import forms
from django.utils.translation import gettext_lazy as _

from talentas.core.forms import DateInput, DateTimeInput

from .models import Cohort


class CohortForm(forms.Form):
    programme = forms.ModelChoiceField(label=_("Programme"), queryset=None, empty_label=_("Choose a programme…"))
    year = forms.IntegerField(label=_("Year"), min_value=2020, max_value=2100)
    name = forms.CharField(label=_("Name"), max_length=200)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput())
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput())
    demo_day_on = forms.DateField(label=_("Demo day"), required=False, widget=DateInput())
    demo_day_place = forms.CharField(label=_("Demo day venue"), max_length=200, required=False)

    def __init__(self, *args, programmes=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = programmes


class AddMemberForm(forms.Form):
    organisation = forms.ModelChoiceField(label=_("Startup"), queryset=None, empty_label=_("Choose a startup…"))

    def __init__(self, *args, organisations=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations


class MentorForm(forms.Form):
    mentor = forms.ModelChoiceField(label=_("Mentor"), queryset=None, empty_label=_("Choose a mentor…"))
    expertise = forms.CharField(label=_("Expertise"), max_length=200, required=False)

    def __init__(self, *args, mentors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors


class SessionForm(forms.Form):
    held_at = forms.DateTimeField(label=_("When"), widget=DateTimeInput())
    hours = forms.DecimalField(label=_("Hours"), min_value=0.25, max_value=12, decimal_places=2)
    notes = forms.CharField(
        label=_("Notes for the startup"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 4})
    )
    staff_notes = forms.CharField(
        label=_("Private notes"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Seen by the programme team and mentors only, never by the startup."),
    )
    mentor = forms.ModelChoiceField(
        label=_("Mentor"), queryset=None, required=False, empty_label=_("Me, as a mentor of this cohort")
    )

    def __init__(self, *args, mentors=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["mentor"].queryset = mentors


class MilestoneForm(forms.Form):
    title = forms.CharField(label=_("Milestone"), max_length=200)
    due_on = forms.DateField(label=_("Due on"), widget=DateInput())


__all__ = ["AddMemberForm", "Cohort", "CohortForm", "MentorForm", "MilestoneForm", "SessionForm"]
