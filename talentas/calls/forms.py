"""Forms of the calls pages: they parse what a person typed; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from talentas.core.forms import DateInput

from .models import Application, Stage, WomenLed

YES_NO = [("", _("Choose")), ("yes", _("Yes")), ("no", _("No"))]


class StartForm(forms.Form):
    organisation = forms.ChoiceField(label=_("Apply for"))

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]


class ApplicationForm(forms.Form):
    project_title = forms.CharField(label=_("Project title"), max_length=200, required=False)
    summary = forms.CharField(
        label=_("Project summary"),
        max_length=3000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 6}),
        help_text=_("What you will do with the money, for whom, and what will change."),
    )
    requested_eur = forms.DecimalField(
        label=_("Amount requested (EUR)"), required=False, min_value=0.01, max_digits=12, decimal_places=2
    )
    registered_in_city = forms.ChoiceField(
        label=_("Is the organisation registered in the city?"), choices=YES_NO, required=False
    )
    founded_on = forms.DateField(label=_("Company registered on"), required=False, widget=DateInput())
    stage = forms.ChoiceField(label=_("Stage"), choices=[("", _("Choose")), *Stage.choices], required=False)
    women_led = forms.ChoiceField(
        label=_("Is the startup women-led or co-founded by a woman?"),
        choices=[("", _("Choose")), *WomenLed.choices],
        required=False,
    )

    def __init__(self, *args, call, concept: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if concept:  # a two-stage call's concept: the rest is asked of those invited to the full application
            for name in [name for name in self.fields if name not in Application.CONCEPT_FIELDS]:
                del self.fields[name]
            return
        if not call.require_city_registration:
            del self.fields["registered_in_city"]
        if call.max_company_age_years is None:
            del self.fields["founded_on"]
        if not call.stages_allowed:
            del self.fields["stage"]
        if call.women_rule == call.WomenRule.NONE:
            del self.fields["women_led"]

    def values(self) -> dict:
        """The typed values as the service takes them: None for what was left empty."""
        data = self.cleaned_data
        values = {name: data.get(name) or None for name in self.fields}
        if "registered_in_city" in self.fields:
            values["registered_in_city"] = {"yes": True, "no": False}.get(data.get("registered_in_city", ""))
        return values


class FileForm(forms.Form):
    file = forms.FileField(label=_("Attach a file"), help_text=_("PDF, image, office document or text; at most 10 MB."))


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Message"), max_length=4000, widget=forms.Textarea(attrs={"rows": 3}))


class MoveForm(forms.Form):
    transition = forms.ChoiceField(
        label=_("Next step"),
        choices=[
            ("screen", _("Start the eligibility screening")),
            ("send_to_review", _("Eligible: send to review")),
            ("request_clarification", _("Ask the applicant to clarify (reopens the application)")),
        ],
    )
    message = forms.CharField(
        label=_("Message to the applicant"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class DecisionForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("approve", _("Approve")), ("waitlist", _("Waiting list")), ("reject", _("Do not fund"))],
    )
    amount_eur = forms.DecimalField(
        label=_("Award (EUR)"), required=False, min_value=0.01, max_digits=12, decimal_places=2
    )
    message = forms.CharField(
        label=_("Words of your own for the applicant"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Added below the standard message, which each member reads in their own language."),
    )

    def clean(self):
        data = super().clean()
        if data.get("decision") == "approve" and not data.get("amount_eur"):
            self.add_error("amount_eur", _("Give the award's amount."))
        return data


class ConceptDecisionForm(forms.Form):
    """Staff's answer to a two-stage call's concept."""

    decision = forms.ChoiceField(
        label=_("Decision"),
        choices=[("invite", _("Invite to the full application")), ("decline_concept", _("Decline the concept"))],
        widget=forms.RadioSelect,
    )
    message = DecisionForm.base_fields["message"]


class ReportForm(forms.Form):
    progress = forms.CharField(label=_("Progress"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5}))
    spent_eur = forms.DecimalField(label=_("Spent so far (EUR)"), min_value=0, max_digits=12, decimal_places=2)
    evidence = forms.FileField(label=_("Evidence"), required=False)


class ReviewReportForm(forms.Form):
    accept = forms.ChoiceField(
        label=_("Report"), choices=[("yes", _("Accept: release the instalment")), ("no", _("Return for changes"))]
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 2}))
