"""Forms of governance pages. They only parse input; the services decide (and say why they refuse)."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from talentas.core.forms import DateInput

from .models import Decision


class MeetingForm(forms.Form):
    date = forms.DateField(label=_("Date"), widget=DateInput())
    title = forms.CharField(label=_("Title"), max_length=200)


class MinutesForm(forms.Form):
    minutes = forms.CharField(label=_("Minutes"), widget=forms.Textarea(attrs={"rows": 4}))


class DecisionForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Kind"),
        choices=Decision.Kind.choices,
        help_text=_("Budget and timeline changes go to the City Council for approval."),
    )
    text = forms.CharField(label=_("Decision"), widget=forms.Textarea(attrs={"rows": 3}))
    agenda_item = forms.ModelChoiceField(label=_("Agenda item"), queryset=None, required=False, empty_label=_("None"))
    responsible = forms.CharField(label=_("Who carries it out"), required=False, max_length=200)
    due_date = forms.DateField(label=_("Due"), required=False, widget=DateInput())

    def __init__(self, *args, meeting, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].queryset = meeting.agenda_items.all()


class CouncilForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("The City Council"), choices=[("approved", _("approved it")), ("rejected", _("rejected it"))]
    )
    decided_on = forms.DateField(label=_("On"), widget=DateInput(), initial=datetime.date.today)
    reference = forms.CharField(label=_("Council decision reference"), required=False, max_length=120)
