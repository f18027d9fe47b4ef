"""Forms of the review pages: they parse what a person typed; the services decide."""

from django import forms
from django.utils.translation import gettext_lazy as _

from talentas.calls.forms import MoveForm

from .models import ReviewerRole

CONFLICT_CHOICES = [
    ("no", _("No: I have no conflict of interest with this applicant")),
    ("yes", _("Yes: I have a conflict of interest")),
]


class DeclarationForm(forms.Form):
    conflict = forms.ChoiceField(
        label=_("Do you have a conflict of interest with this applicant?"),
        choices=CONFLICT_CHOICES,
        widget=forms.RadioSelect,
        help_text=_(
            "For example: you work for, own a share of, advise or are related to the organisation or its people, "
            "or you compete with it. Declaring a conflict recuses you from this application."
        ),
    )
    reason = forms.CharField(
        label=_("What is the conflict?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed only when you declare a conflict."),
    )


class OrganisationDeclarationForm(DeclarationForm):
    """The same question up front, about a whole organisation; the page shows one per organisation."""

    def __init__(self, *args, organisation, **kwargs):
        kwargs["prefix"] = f"organisation-{organisation.pk}"  # one form per organisation on the page
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        conflict = self.fields["conflict"]
        conflict.label = _("Do you have a conflict of interest with %(organisation)s?") % {
            "organisation": organisation.name
        }
        conflict.choices = [
            ("no", _("No: I have no conflict of interest with this organisation")),
            ("yes", _("Yes: I have a conflict of interest")),
        ]
        conflict.help_text = _(
            "Declaring a conflict recuses you from every application of this organisation, now and later, "
            "including those to calls reviewed blind. It cannot be withdrawn."
        )


class ScoreForm(forms.Form):
    """One whole-number field per criterion of the rubric (0 to its maximum), and the comments."""

    comments = forms.CharField(
        label=_("Comments"), required=False, max_length=6000, widget=forms.Textarea(attrs={"rows": 5})
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = list(criteria)
        fields = {}
        for criterion in self.criteria:
            help_text = _("From 0 to %(max)s; weight %(weight)s.") % {
                "max": criterion.max_score,
                "weight": f"{criterion.weight:g}",
            }
            if criterion.description:
                help_text = f"{criterion.description} {help_text}"
            fields[f"score-{criterion.pk}"] = forms.IntegerField(
                label=criterion.title,
                required=False,
                min_value=0,
                max_value=criterion.max_score,
                help_text=help_text,
                widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
            )
        comments = self.fields.pop("comments")
        self.fields.update(fields)
        self.fields["comments"] = comments

    def scores(self) -> dict[int, int | None]:
        return {criterion.pk: self.cleaned_data.get(f"score-{criterion.pk}") for criterion in self.criteria}

    def score_fields(self):
        return [self[f"score-{criterion.pk}"] for criterion in self.criteria]


def _emails(value: str) -> list[str]:
    return [part.strip().lower() for part in value.replace(";", ",").replace("\n", ",").split(",") if part.strip()]


def _people(value: str) -> list:
    from talentas.accounts.models import User

    emails = _emails(value)
    people = list(User.objects.filter(email__in=emails, is_active=True))
    unknown = sorted(set(emails) - {person.email.lower() for person in people})
    if unknown:
        raise forms.ValidationError(
            _("No account with the address: %(emails)s") % {"emails": ", ".join(unknown)}, code="unknown_reviewer"
        )
    if not people:
        raise forms.ValidationError(_("Name at least one reviewer."), code="reviewers_required")
    return people


class AssignForm(forms.Form):
    reviewers = forms.CharField(
        label=_("Reviewers' e-mail addresses"),
        help_text=_("One or more, separated by commas. Each must have an account."),
        max_length=2000,
    )
    role = forms.ChoiceField(label=_("Role"), choices=ReviewerRole.choices, initial=ReviewerRole.EXPERT)

    def clean_reviewers(self):
        return _people(self.cleaned_data["reviewers"])


class ScreeningForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("Eligibility"),
        choices=[("pass", _("Eligible: send to review")), ("fail", _("Not eligible: end the application"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason (told to the applicant)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Needed when the application is not eligible."),
    )


BULK_ACTION_CHOICES = [
    ("assign", _("Assign reviewers")),
    ("move", _("Move to the next step")),
    ("invite", _("Invite the submitted concepts to the full application")),
    ("message", _("Message the applicants")),
]
SCOPE_CHOICES = [
    ("selected", _("Only the applications ticked on this page")),
    ("all", _("Every application matching the filter")),
]


class BulkForm(forms.Form):
    """A staff action over many applications: the ticked ones, or every one the filter matches (the filter travels
    with the form, never a list of ids of pages not shown)."""

    action = forms.ChoiceField(label=_("Action"), choices=BULK_ACTION_CHOICES, widget=forms.RadioSelect)
    scope = forms.ChoiceField(label=_("Apply to"), choices=SCOPE_CHOICES, widget=forms.RadioSelect, initial="selected")
    selected = forms.TypedMultipleChoiceField(coerce=int, required=False, widget=forms.MultipleHiddenInput)
    filter = forms.CharField(required=False, widget=forms.HiddenInput, max_length=2000)
    reviewers = forms.CharField(
        label=_("Reviewers' e-mail addresses"),
        help_text=_("One or more, separated by commas. Each must have an account."),
        required=False,
        max_length=2000,
    )
    role = forms.ChoiceField(label=_("Role"), choices=ReviewerRole.choices, initial=ReviewerRole.EXPERT, required=False)
    transition = forms.ChoiceField(
        label=_("Next step"), choices=MoveForm.base_fields["transition"].choices, required=False
    )
    message = forms.CharField(
        label=_("Message to the applicants"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, choices=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["selected"].choices = [(pk, pk) for pk in choices]

    def clean_reviewers(self):
        if self.data.get(self.add_prefix("action")) != "assign":
            return []
        return _people(self.cleaned_data["reviewers"])

    def clean_role(self):
        return self.cleaned_data["role"] or ReviewerRole.EXPERT

    def clean(self):
        data = super().clean()
        if data.get("scope") == "selected" and not data.get("selected"):
            self.add_error("scope", _("Tick at least one application, or apply to every one matching the filter."))
        if data.get("action") == "move" and not data.get("transition"):
            self.add_error("transition", _("Choose a step."))
        return data


class RubricForm(forms.Form):
    title_lt = forms.CharField(label=_("Title (Lithuanian)"), max_length=200)
    title_en = forms.CharField(label=_("Title (English)"), max_length=200, required=False)
    blind_review = forms.BooleanField(
        label=_("Blind review: reviewers see no organisation, people, e-mails, team lists or file names"),
        required=False,
    )
    disagreement_threshold = forms.DecimalField(
        label=_("Disagreement threshold (points out of 100)"), min_value=0, max_value=100, decimal_places=2
    )


class CriterionForm(forms.Form):
    title_lt = forms.CharField(label=_("Criterion (Lithuanian)"), max_length=200, required=False)
    title_en = forms.CharField(label=_("Criterion (English)"), max_length=200, required=False)
    description_lt = forms.CharField(
        label=_("Description (Lithuanian)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    description_en = forms.CharField(
        label=_("Description (English)"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    weight = forms.DecimalField(label=_("Weight"), min_value=0.01, max_digits=6, decimal_places=2, required=False)
    max_score = forms.IntegerField(label=_("Maximum score"), min_value=1, max_value=100, required=False)


CriterionFormSet = forms.formset_factory(CriterionForm, extra=2, max_num=20)
