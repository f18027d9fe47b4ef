"""Forms of the talent marketplace. Skills are chosen as ESCO concepts (by id from the autocomplete, or by
name, resolved on labels and synonyms in both languages); nothing typed is lost on an error."""

import copy

from django import forms
from django.utils.translation import gettext_lazy as _

from talentas.core.forms import DateInput

from . import profile_steps, selectors
from .models import Alert, Cefr, Isced, Language, Opportunity, OpportunityKind, SkillLevel, TalentProfile
from .profile_steps import ProfileStep
from .services import CONSENT_TEXT, OpportunityInput

LANGUAGE_ROWS = 4
DATE = DateInput()


def _language_choices():
    return [("", _("— language —")), *Language.choices]


def _cefr_choices():
    return [("", _("— level —")), *Cefr.choices]


class SkillPickerMixin:
    """Skills come as parallel lists `skill` / `skill_level` (autocomplete rows) plus `skill_names` (free text)."""

    skill_level_field = "skill_level"

    def _picked_skills(self, data) -> list[tuple[int, int]]:
        ids, levels = data.getlist("skill"), data.getlist(self.skill_level_field)
        picked = []
        for index, raw in enumerate(ids):
            if not raw.isdigit():
                continue
            level = levels[index] if index < len(levels) else ""
            picked.append((int(raw), int(level) if level.isdigit() else 2))
        return picked

    def clean_skill_names(self):
        return resolve_skill_names(self.cleaned_data.get("skill_names", ""))


def resolve_skill_names(raw: str) -> list[int]:
    """ESCO skill ids for comma-separated names; a validation error lists every name not found."""
    names = [n.strip() for n in raw.replace(";", ",").replace("\n", ",").split(",") if n.strip()]
    resolved, unknown = [], []
    for name in names:
        skill = selectors.resolve_skill(name)
        if skill is None:
            unknown.append(name)
        else:
            resolved.append(skill.pk)
    if unknown:
        raise forms.ValidationError(
            _("We found no ESCO skill called: %(names)s. Try the suggestions, or another word.")
            % {"names": ", ".join(unknown)}
        )
    return resolved


def skill_named(raw: str | None):
    """The ESCO skill a person typed by name (label or synonym, either language); None for an empty field."""
    name = (raw or "").strip()
    if not name:
        return None
    skill = selectors.resolve_skill(name)
    if skill is None:
        raise forms.ValidationError(
            _("We found no ESCO skill called “%(name)s”.") % {"name": name}, code="unknown_skill"
        )
    return skill


def occupation_named(raw: str | None):
    """The ESCO occupation a person typed by name (label or synonym, either language); None for an empty field."""
    name = (raw or "").strip()
    if not name:
        return None
    occupation = selectors.resolve_occupation(name)
    if occupation is None:
        raise forms.ValidationError(
            _("We found no ESCO occupation called “%(name)s”.") % {"name": name}, code="unknown_occupation"
        )
    return occupation


class OccupationFieldMixin:
    """An ESCO occupation typed by name (the htmx suggestions help), resolved on labels and synonyms."""

    def clean_occupation_name(self):
        return occupation_named(self.cleaned_data.get("occupation_name"))


def occupation_name_field() -> forms.CharField:
    return forms.CharField(
        label=_("Occupation (ESCO)"),
        required=False,
        help_text=_("Type and pick from the suggestions, e.g. “welder” or “programuotojas”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )


def consent_field() -> forms.BooleanField:
    return forms.BooleanField(label=CONSENT_TEXT, required=False)


class ProfileStepForm(forms.ModelForm):
    """One step of the talent profile: its own fields only, saved by `services.save_profile_step`."""

    step: ProfileStep
    # Fields the template lays out itself (the skill picker, the language rows); the rest are listed in order.
    laid_out_apart: frozenset[str] = frozenset()

    class Meta:
        model = TalentProfile
        fields: list[str] = []

    def __init__(self, *args, profile: TalentProfile | None = None, **kwargs):
        # A copy: validating a ModelForm writes onto its instance, and the page must still show the saved one.
        instance = copy.copy(profile) if profile is not None else TalentProfile()
        super().__init__(*args, instance=instance, **kwargs)
        self.profile = profile
        if self.step.consent and "consent" in self.fields and profile is not None and profile.consent_at:
            # Given once and recorded with its version; taking it back is its own button on the profile page.
            del self.fields["consent"]

    def listed_fields(self):
        return [self[name] for name in self.fields if name not in self.laid_out_apart]

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in self._meta.fields or ()}

    def skills(self) -> list[tuple[int, int]] | None:
        return None

    def languages(self) -> list[tuple[str, int]] | None:
        return None

    def consent_given(self) -> bool:
        return bool(self.cleaned_data.get("consent"))


class AboutStepForm(ProfileStepForm):
    step = profile_steps.ABOUT
    consent = consent_field()

    class Meta(ProfileStepForm.Meta):
        fields = ["kind", "headline", "about"]
        widgets = {"kind": forms.RadioSelect, "about": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = TalentProfile.Kind.choices  # radio buttons: no empty choice to pick


class WorkStepForm(SkillPickerMixin, OccupationFieldMixin, ProfileStepForm):
    step = profile_steps.WORK
    laid_out_apart = frozenset({"occupation_name", "skill_names"})
    occupation_name = occupation_name_field()
    skill_names = forms.CharField(
        label=_("Add skills by name"),
        required=False,
        help_text=_("Separate with commas; labels and synonyms in English or Lithuanian, e.g. “Python, welding”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.profile is not None and not self.is_bound:
            self.initial["occupation_name"] = self.profile.occupation.label if self.profile.occupation else ""

    def values(self) -> dict:
        occupation = self.cleaned_data.get("occupation_name")
        return {"occupation_id": occupation.pk if occupation else None}

    def skills(self) -> list[tuple[int, int]]:
        picked = dict(self._picked_skills(self.data))
        for pk in self.cleaned_data.get("skill_names") or []:
            picked.setdefault(pk, 2)
        return list(picked.items())

    def skill_rows(self) -> list[tuple[object, int]]:
        """The chosen skills to show: what was sent when the page comes back with an error, else what is saved."""
        if self.is_bound:
            picked = self._picked_skills(self.data)
            labels = selectors.skills_by_id({pk for pk, _level in picked})
            return [(labels[pk], level) for pk, level in picked if pk in labels]
        return [(s.skill, s.level) for s in self.profile.skills.all()] if self.profile else []


class LanguageRowsMixin:
    """`rows` pairs of language and CEFR level; `self.chosen_languages` after cleaning."""

    language_rows_count = LANGUAGE_ROWS
    level_label = _("Level of language %(n)s")
    missing_level = _("Choose your level in this language.")

    def add_language_rows(self) -> None:
        for index in range(self.language_rows_count):
            self.fields[f"language_{index}"] = forms.ChoiceField(
                label=_("Language %(n)s") % {"n": index + 1}, choices=_language_choices(), required=False
            )
            self.fields[f"language_level_{index}"] = forms.TypedChoiceField(
                label=self.level_label % {"n": index + 1},
                choices=_cefr_choices(),
                coerce=int,
                required=False,
                empty_value=None,
            )

    def clean_language_rows(self, cleaned) -> list:
        languages = []
        for index in range(self.language_rows_count):
            code, level = cleaned.get(f"language_{index}"), cleaned.get(f"language_level_{index}")
            if code and not level:
                self.add_error(f"language_level_{index}", self.missing_level)
            elif code:
                languages.append((code, level))
        return languages

    def language_rows(self):
        return [(self[f"language_{i}"], self[f"language_level_{i}"]) for i in range(self.language_rows_count)]


class LanguagesStepForm(LanguageRowsMixin, ProfileStepForm):
    step = profile_steps.LANGUAGES

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.add_language_rows()
        if self.profile is not None and not self.is_bound:
            for index, language in enumerate(list(self.profile.languages.all())[:LANGUAGE_ROWS]):
                self.initial[f"language_{index}"] = language.language
                self.initial[f"language_level_{index}"] = language.level

    def clean(self):
        cleaned = super().clean()
        self.chosen_languages = self.clean_language_rows(cleaned)
        return cleaned

    def values(self) -> dict:
        return {}

    def languages(self) -> list[tuple[str, int]]:
        return self.chosen_languages


class EducationStepForm(ProfileStepForm):
    step = profile_steps.EDUCATION

    class Meta(ProfileStepForm.Meta):
        fields = list(profile_steps.EDUCATION.fields)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["education_level"].choices = [("", _("— not given —")), *Isced.choices]


class WhereStepForm(ProfileStepForm):
    step = profile_steps.WHERE
    field_order = [*profile_steps.WHERE.fields, "consent"]
    looking_for = forms.MultipleChoiceField(
        label=_("What I look for"), choices=OpportunityKind.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    consent = consent_field()

    class Meta(ProfileStepForm.Meta):
        fields = ["city", "country", "mobility", "move_date", "remote_ok", "available_from", "visibility"]
        widgets = {"move_date": DATE, "available_from": DATE}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.profile is not None and not self.is_bound:
            self.initial["looking_for"] = self.profile.looking_for
            if profile_steps.WHERE.slug not in self.profile.steps_saved:
                # New profiles start hidden; the first time here, the choice offered is the model's default.
                self.initial["visibility"] = TalentProfile._meta.get_field("visibility").default
        self.fields["mobility"].choices = [("", _("— not given —")), *TalentProfile.Mobility.choices]

    def values(self) -> dict:
        return {**super().values(), "looking_for": list(self.cleaned_data["looking_for"])}


STEP_FORMS: dict[str, type[ProfileStepForm]] = {
    form.step.slug: form for form in (AboutStepForm, WorkStepForm, LanguagesStepForm, EducationStepForm, WhereStepForm)
}


class CvForm(forms.Form):
    cv = forms.FileField(
        label=_("CV (PDF, at most 5 MB)"), widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"})
    )


class OpportunityForm(SkillPickerMixin, OccupationFieldMixin, forms.ModelForm):
    skill_level_field = "skill_required"
    skill_names = forms.CharField(
        label=_("Required skills by name"),
        required=False,
        help_text=_("Separate with commas; English or Lithuanian labels and synonyms."),
    )
    optional_skill_names = forms.CharField(label=_("Nice-to-have skills by name"), required=False)
    occupation_name = occupation_name_field()
    apply_url = forms.URLField(
        label=_("application page on your own site"),
        help_text=_("Leave empty to receive applications here on Talentas."),
        max_length=500,
        required=False,
        assume_scheme="https",
    )

    class Meta:
        model = Opportunity
        fields = [
            "kind",
            "title",
            "description",
            "education_level",
            "city",
            "workplace",
            "salary_min",
            "salary_max",
            "start_date",
            "closes_on",
            "apply_url",
        ]
        widgets = {"start_date": DATE, "closes_on": DATE, "description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, opportunity: Opportunity | None = None, **kwargs):
        super().__init__(*args, instance=opportunity, **kwargs)
        self.fields["education_level"].choices = [("", _("— no minimum —")), *Isced.choices]
        self.fields["kind"].choices = [("", _("Choose a kind…")), *OpportunityKind.choices]
        for index in range(3):
            self.fields[f"language_{index}"] = forms.ChoiceField(
                label=_("Language %(n)s") % {"n": index + 1}, choices=_language_choices(), required=False
            )
            self.fields[f"language_level_{index}"] = forms.TypedChoiceField(
                label=_("Minimum level of language %(n)s") % {"n": index + 1},
                choices=_cefr_choices(),
                coerce=int,
                required=False,
                empty_value=None,
            )
            self.fields[f"language_required_{index}"] = forms.BooleanField(
                label=_("Language %(n)s is required") % {"n": index + 1}, required=False
            )
        if opportunity is not None and not self.is_bound:
            self.initial["occupation_name"] = opportunity.occupation.label if opportunity.occupation else ""
            for index, language in enumerate(list(opportunity.languages.all())[:3]):
                self.initial[f"language_{index}"] = language.language
                self.initial[f"language_level_{index}"] = language.min_level
                self.initial[f"language_required_{index}"] = language.required

    def clean_optional_skill_names(self):
        return resolve_skill_names(self.cleaned_data.get("optional_skill_names", ""))

    def clean(self):
        cleaned = super().clean()
        low, high = cleaned.get("salary_min"), cleaned.get("salary_max")
        if low is not None and high is not None and low > high:
            self.add_error("salary_max", _("The salary's upper end must be at least its lower end."))
        languages = []
        for index in range(3):
            code, level = cleaned.get(f"language_{index}"), cleaned.get(f"language_level_{index}")
            if code and not level:
                self.add_error(f"language_level_{index}", _("Choose the minimum level."))
            elif code:
                languages.append((code, level, bool(cleaned.get(f"language_required_{index}"))))
        self.languages = languages
        return cleaned

    def main_fields(self):
        skip = {"skill_names", "optional_skill_names", "occupation_name"} | {
            name for name in self.fields if name.startswith("language")
        }
        return [self[name] for name in self.fields if name not in skip]

    def language_rows(self):
        return [(self[f"language_{i}"], self[f"language_level_{i}"], self[f"language_required_{i}"]) for i in range(3)]

    def picked_skills(self) -> list[tuple[int, bool]]:
        picked: dict[int, bool] = {pk: level == 1 for pk, level in self._picked_skills(self.data)}
        for pk in self.cleaned_data.get("skill_names") or []:
            picked[pk] = True
        for pk in self.cleaned_data.get("optional_skill_names") or []:
            picked.setdefault(pk, False)
        return list(picked.items())

    def opportunity_input(self) -> OpportunityInput:
        data = self.cleaned_data
        occupation = data.get("occupation_name")
        return OpportunityInput(
            kind=data["kind"],
            title=data["title"],
            description=data["description"],
            occupation_id=occupation.pk if occupation else None,
            education_level=data["education_level"],
            city=data["city"],
            workplace=data["workplace"],
            salary_min=data["salary_min"],
            salary_max=data["salary_max"],
            start_date=data["start_date"],
            closes_on=data["closes_on"],
            apply_url=data.get("apply_url") or "",
        )


MAX_PAGE = 10_000


class OpportunitySearchForm(forms.Form):
    """The job board's filters, read from the query string (a GET form that works without JavaScript). A bad
    value is an error on its own field; the others still apply, so the page always shows results."""

    q = forms.CharField(
        label=_("Search words"),
        required=False,
        max_length=200,
        help_text=_("In Lithuanian or English; every word must appear in some form."),
    )
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Any kind")), *OpportunityKind.choices], required=False)
    skill = forms.CharField(
        label=_("Skill"),
        required=False,
        max_length=255,
        help_text=_("An ESCO skill's label or synonym, English or Lithuanian."),
    )
    occupation = forms.CharField(label=_("Occupation"), required=False, max_length=255)
    workplace = forms.ChoiceField(
        label=_("Workplace"), choices=[("", _("Any workplace")), *Opportunity.Workplace.choices], required=False
    )
    salary = forms.IntegerField(
        label=_("Salary at least (EUR per month, gross)"), required=False, min_value=0, max_value=1_000_000
    )
    language = forms.ChoiceField(
        label=_("Working language"), choices=[("", _("Any language")), *Language.choices], required=False
    )
    open_on = forms.DateField(label=_("Still open on"), required=False, widget=DATE)
    sort = forms.ChoiceField(
        label=_("Sort by"),
        choices=[("newest", _("Newest first")), ("closing", _("Closing soon")), ("best", _("Best match for me"))],
        required=False,
    )

    ADVANCED = ("skill", "occupation", "workplace", "salary", "language", "open_on")

    def __init__(self, *args, can_rank: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.can_rank = can_rank
        if not can_rank:
            # Offered only to a person with a talent profile; asked for anyway, it is a clear error (clean_sort).
            self.fields["sort"].widget.choices = [c for c in self.fields["sort"].choices if c[0] != "best"]
        for name in ("skill", "occupation"):
            self.fields[name].widget.attrs["autocomplete"] = "off"

    def clean_skill(self):
        return skill_named(self.cleaned_data.get("skill"))

    def clean_occupation(self):
        return occupation_named(self.cleaned_data.get("occupation"))

    def clean_sort(self):
        sort = self.cleaned_data.get("sort") or "newest"
        if sort == "best" and not self.can_rank:
            raise forms.ValidationError(
                _("Sign in and fill in your talent profile to sort by best match."), code="best_match_needs_profile"
            )
        return sort

    def clean(self):
        data = super().clean()
        page = self.data.get("page", "")
        if page not in ("", "last") and not (page.isdigit() and 1 <= int(page) <= MAX_PAGE):
            self.add_error(
                None,
                forms.ValidationError(
                    _("“%(page)s” is not a page number.") % {"page": page[:20]},
                    code="bad_page",
                ),
            )
        return data

    def advanced_used(self) -> bool:
        """Whether any filter beyond the words and the kind was asked for (the page then shows them open)."""
        return any(self.data.get(name) for name in self.ADVANCED)

    def filters(self) -> dict:
        """The valid part of the input as `selectors.listed_opportunities` keywords (bad fields are left out)."""
        data = getattr(self, "cleaned_data", {})
        return {
            "query": data.get("q") or "",
            "kind": data.get("kind") or "",
            "skill_id": data["skill"].pk if data.get("skill") else None,
            "occupation_id": data["occupation"].pk if data.get("occupation") else None,
            "workplace": data.get("workplace") or "",
            "salary_min": data.get("salary"),
            "language": data.get("language") or "",
            "open_on": data.get("open_on"),
            "sort": data.get("sort") or "newest",
        }


class FinderForm(forms.Form):
    skill = forms.CharField(
        label=_("Skill"), required=False, help_text=_("An ESCO skill's label or synonym, English or Lithuanian.")
    )
    occupation = forms.CharField(label=_("Occupation"), required=False)
    language = forms.ChoiceField(
        label=_("Speaks"), choices=[("", _("Any language")), *Language.choices], required=False
    )
    language_level = forms.TypedChoiceField(
        label=_("At least"), choices=[("", _("Any level")), *Cefr.choices], coerce=int, required=False, empty_value=1
    )
    education_min = forms.TypedChoiceField(
        label=_("Education at least"),
        choices=[("", _("Any education")), *Isced.choices],
        coerce=int,
        required=False,
        empty_value=None,
    )
    kind = forms.ChoiceField(label=_("Who"), choices=[("", _("Anyone")), *TalentProfile.Kind.choices], required=False)
    available_by = forms.DateField(label=_("Available by"), required=False, widget=DATE)

    def clean_skill(self):
        return skill_named(self.cleaned_data.get("skill"))

    def clean_occupation(self):
        return occupation_named(self.cleaned_data.get("occupation"))

    def filters(self) -> selectors.FinderFilters:
        data = self.cleaned_data
        return selectors.FinderFilters(
            skill_ids=(data["skill"].pk,) if data.get("skill") else (),
            occupation_id=data["occupation"].pk if data.get("occupation") else None,
            language=data.get("language") or "",
            language_level=data.get("language_level") or 1,
            education_min=data.get("education_min"),
            kind=data.get("kind") or "",
            available_by=data.get("available_by"),
        )


class ContactRequestForm(forms.Form):
    organisation = forms.TypedChoiceField(label=_("On behalf of"), coerce=int)
    opportunity = forms.TypedChoiceField(label=_("About"), coerce=int, required=False, empty_value=None)
    message = forms.CharField(
        label=_("Message to the person"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=2000,
        help_text=_(
            "Say who you are and why you would like to talk. They see no contact details of yours until they accept."
        ),
    )

    def __init__(self, *args, organisations, opportunities, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(o.pk, o.name) for o in organisations]
        self.fields["opportunity"].choices = [("", _("— general —"))] + [(o.pk, o.title) for o in opportunities]


class MessageForm(forms.Form):
    body = forms.CharField(label=_("Your message"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class ReportForm(forms.Form):
    reason = forms.CharField(label=_("What is wrong?"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)


class ModerationForm(forms.Form):
    note = forms.CharField(label=_("Note to the organisation"), required=False, max_length=2000)


class AlertForm(forms.ModelForm):
    class Meta:
        model = Alert
        fields = ["subject", "query", "kind", "frequency"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Any kind")), *OpportunityKind.choices]


SKILL_LEVEL_CHOICES = SkillLevel.choices
