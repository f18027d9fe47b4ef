"""Forms of the pitch-competition pages: they parse what a person typed; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from talentas.core.forms import DateTimeInput

from .models import PitchEvent, Prize


class CreateForm(forms.Form):
    call = forms.ChoiceField(label=_("Call of a pitch competition"))
    rubric = forms.ChoiceField(label=_("Jury's criteria"))
    starts_at = forms.DateTimeField(label=_("Final starts at"), widget=DateTimeInput())
    venue = forms.CharField(label=_("Venue"), max_length=200)
    audience_vote = forms.ChoiceField(label=_("Audience vote"), choices=PitchEvent.AudienceVote.choices)

    def __init__(self, *args, calls, rubrics, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["call"].choices = [(c.pk, c.title) for c in calls]
        self.fields["rubric"].choices = [(r.pk, r.title) for r in rubrics]


class InviteForm(forms.Form):
    application = forms.ChoiceField(label=_("Application"))

    def __init__(self, *args, applications, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["application"].choices = [
            (a.pk, f"{a.organisation.name}: {a.project_title}" if a.project_title else a.organisation.name)
            for a in applications
        ]


class JurorForm(forms.Form):
    email = forms.EmailField(label=_("Juror's e-mail address"), help_text=_("The person needs an account."))
    is_chair = forms.BooleanField(label=_("Chairs the jury"), required=False)


class PrizeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Kind"), choices=Prize.Kind.choices)
    place = forms.IntegerField(label=_("Place in the jury's ranking"), min_value=1, initial=1)
    title_lt = forms.CharField(label=_("Title in Lithuanian"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Title in English"), max_length=200, required=False)
    amount_eur = forms.DecimalField(label=_("Amount (EUR)"), min_value=0.01, max_digits=12, decimal_places=2)
