"""Forms of job applications: applying (with the opportunity's questions), the employer's questions, moves, notes
and ratings. They parse input only; the rules are in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from talentas.talent.models import Opportunity, TalentProfile

from . import services
from .models import MAX_QUESTIONS, Application, Question

YES_NO = [("", _("— choose —")), ("yes", _("Yes")), ("no", _("No"))]
CV_CHOICES = [
    ("profile", _("The CV on my profile")),
    ("upload", _("Another PDF, uploaded below")),
    ("none", _("No CV")),
]


class ApplyForm(forms.Form):
    interest_only = forms.BooleanField(label=_("Only say I am interested (no message, CV or answers)"), required=False)
    message = forms.CharField(
        label=_("Message to the employer"),
        widget=forms.Textarea(attrs={"rows": 5}),
        max_length=services.MESSAGE_MAX,
        required=False,
        help_text=_("Why this opportunity, and why you."),
    )
    cv_choice = forms.ChoiceField(label=_("CV"), choices=CV_CHOICES, widget=forms.RadioSelect, initial="profile")
    cv = forms.FileField(label=_("Another CV (PDF, at most 5 MB)"), required=False)
    consent = forms.BooleanField(
        error_messages={"required": _("To apply, agree that your profile is shared with this organisation.")}
    )

    def __init__(self, *args, opportunity: Opportunity, profile: TalentProfile, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        self.fields["consent"].label = services.consent_text(opportunity)
        if not profile.cv:
            self.fields["cv_choice"].choices = [c for c in CV_CHOICES if c[0] != "profile"]
            self.fields["cv_choice"].initial = "upload"
        for question in questions:
            name = f"question_{question.pk}"
            if question.kind == Question.Kind.YES_NO:
                field: forms.Field = forms.ChoiceField(choices=YES_NO)
            elif question.kind == Question.Kind.CHOICE:
                field = forms.ChoiceField(choices=[("", _("— choose —"))] + [(c, c) for c in question.choice_list()])
            else:
                field = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)
            field.label = question.text
            # Saying "only interested" leaves the answers out, required or not (the service checks them too).
            field.required = question.required and not (self.is_bound and self.data.get("interest_only"))
            self.fields[name] = field
        self.question_names = [f"question_{q.pk}" for q in questions]

    def question_fields(self):
        return [self[name] for name in self.question_names]

    def answers(self) -> dict[int, str]:
        return {q.pk: self.cleaned_data.get(f"question_{q.pk}") or "" for q in self.questions}


class QuestionsForm(forms.Form):
    """Up to five questions, one row each; an empty row is no question."""

    def __init__(self, *args, questions: list[Question], **kwargs):
        super().__init__(*args, **kwargs)
        for index in range(1, MAX_QUESTIONS + 1):
            self.fields[f"text_{index}"] = forms.CharField(
                label=_("Question %(n)s") % {"n": index}, max_length=300, required=False
            )
            self.fields[f"kind_{index}"] = forms.ChoiceField(
                label=_("Kind of answer to question %(n)s") % {"n": index}, choices=Question.Kind.choices
            )
            self.fields[f"choices_{index}"] = forms.CharField(
                label=_("Choices for question %(n)s") % {"n": index},
                widget=forms.Textarea(attrs={"rows": 2}),
                required=False,
                help_text=_("One per line; only for a choice question."),
            )
            self.fields[f"required_{index}"] = forms.BooleanField(
                label=_("Question %(n)s must be answered") % {"n": index}, required=False
            )
        if not self.is_bound:
            for index, question in enumerate(questions, start=1):
                self.initial[f"text_{index}"] = question.text
                self.initial[f"kind_{index}"] = question.kind
                self.initial[f"choices_{index}"] = question.choices
                self.initial[f"required_{index}"] = question.required

    def rows(self):
        return [
            (index, [self[f"{part}_{index}"] for part in ("text", "kind", "choices", "required")])
            for index in range(1, MAX_QUESTIONS + 1)
        ]

    def question_inputs(self) -> list[services.QuestionInput]:
        data = self.cleaned_data
        return [
            services.QuestionInput(
                text=data[f"text_{index}"],
                kind=data[f"kind_{index}"],
                choices=tuple(data[f"choices_{index}"].splitlines()),
                required=data[f"required_{index}"],
            )
            for index in range(1, MAX_QUESTIONS + 1)
            if data.get(f"text_{index}", "").strip()
        ]


def _move_choices():
    return [("", _("— choose a stage —"))] + [(s, Application.Status(s).label) for s in services.MOVES]


class MoveForm(forms.Form):
    status = forms.ChoiceField(label=_("Move to"), choices=_move_choices)
    message = forms.CharField(
        label=_("Your own words to add (optional)"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=services.MESSAGE_MAX,
        required=False,
        help_text=_(
            "Each applicant is told of the new stage in their own language; what you write here is added below it."
        ),
    )


class IdListField(forms.Field):
    """The ticked rows' ids (checkboxes named alike in the table); which of them may be moved is the service's."""

    widget = forms.MultipleHiddenInput
    default_error_messages = {"required": _("Choose at least one applicant."), "invalid": _("Choose applicants.")}

    def to_python(self, value):
        try:
            return sorted({int(item) for item in value or []})
        except (TypeError, ValueError) as error:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid") from error


class BulkMoveForm(MoveForm):
    applications = IdListField(label=_("Applicants"))


class NoteForm(forms.Form):
    body = forms.CharField(label=_("Note"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class RatingForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("Rating"),
        choices=[("", _("— no rating —"))] + [(n, "★" * n) for n in range(1, 6)],
        coerce=int,
        empty_value=None,
        required=False,
    )
