"""Forms of the talent marketplace. Skills are chosen as ESCO concepts (by id from the autocomplete, or by
name, resolved on labels and synonyms in both languages); nothing typed is lost on an error."""

from django import forms
from django.utils.translation import gettext_lazy as _

from . import selectors
from .models import Alert, Cefr, Isced, Language, Opportunity, OpportunityKind, SkillLevel, TalentProfile
from .services import CONSENT_TEXT, OpportunityInput, ProfileInput

LANGUAGE_ROWS = 4
DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


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


class TalentProfileForm(SkillPickerMixin, forms.ModelForm):
    looking_for = forms.MultipleChoiceField(
        label=_("What I look for"), choices=OpportunityKind.choices, widget=forms.CheckboxSelectMultiple, required=False
    )
    occupation_name = forms.CharField(
        label=_("Occupation (ESCO)"),
        required=False,
        help_text=_("Type and pick from the suggestions, e.g. “welder” or “programuotojas”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    skill_names = forms.CharField(
        label=_("Add skills by name"),
        required=False,
        help_text=_("Separate with commas; labels and synonyms in English or Lithuanian, e.g. “Python, welding”."),
        widget=forms.TextInput(attrs={"autocomplete": "off"}),
    )
    consent = forms.BooleanField(label=CONSENT_TEXT, required=False)

    class Meta:
        model = TalentProfile
        fields = [
            "kind",
            "headline",
            "about",
            "city",
            "country",
            "mobility",
            "move_date",
            "remote_ok",
            "education_level",
            "education_field",
            "institution",
            "education_start",
            "education_end",
            "experience_years",
            "available_from",
            "visibility",
        ]
        widgets = {"move_date": DATE, "available_from": DATE, "about": forms.Textarea(attrs={"rows": 5})}

    def __init__(self, *args, profile: TalentProfile | None = None, **kwargs):
        super().__init__(*args, instance=profile, **kwargs)
        self.profile = profile
        self.fields["education_level"].choices = [("", _("— not given —")), *Isced.choices]
        if profile is not None and not self.is_bound:
            self.initial["looking_for"] = profile.looking_for
            self.initial["occupation_name"] = profile.occupation.label if profile.occupation else ""
        if profile is not None and profile.consent_at:
            self.fields["consent"].initial = True
            self.fields["consent"].disabled = True
        for index in range(LANGUAGE_ROWS):
            self.fields[f"language_{index}"] = forms.ChoiceField(
                label=_("Language %(n)s") % {"n": index + 1}, choices=_language_choices(), required=False
            )
            self.fields[f"language_level_{index}"] = forms.TypedChoiceField(
                label=_("Level of language %(n)s") % {"n": index + 1},
                choices=_cefr_choices(),
                coerce=int,
                required=False,
                empty_value=None,
            )
        if profile is not None and not self.is_bound:
            for index, language in enumerate(list(profile.languages.all())[:LANGUAGE_ROWS]):
                self.initial[f"language_{index}"] = language.language
                self.initial[f"language_level_{index}"] = language.level

    def clean_occupation_name(self):
        name = self.cleaned_data.get("occupation_name", "").strip()
        if not name:
            return None
        occupation = selectors.resolve_occupation(name)
        if occupation is None:
            raise forms.ValidationError(_("We found no ESCO occupation called “%(name)s”.") % {"name": name})
        return occupation

    def clean(self):
        cleaned = super().clean()
        languages = []
        for index in range(LANGUAGE_ROWS):
            code, level = cleaned.get(f"language_{index}"), cleaned.get(f"language_level_{index}")
            if code and not level:
                self.add_error(f"language_level_{index}", _("Choose your level in this language."))
            elif code:
                languages.append((code, level))
        self.languages = languages
        return cleaned

    def language_rows(self):
        return [(self[f"language_{i}"], self[f"language_level_{i}"]) for i in range(LANGUAGE_ROWS)]

    def main_fields(self):
        skip = {"skill_names", "consent", "looking_for", "occupation_name"} | {
            name for name in self.fields if name.startswith("language")
        }
        return [self[name] for name in self.fields if name not in skip]

    def picked_skills(self) -> list[tuple[int, int]]:
        picked = dict(self._picked_skills(self.data))
        for pk in self.cleaned_data.get("skill_names") or []:
            picked.setdefault(pk, 2)
        return list(picked.items())

    def profile_input(self) -> ProfileInput:
        data = self.cleaned_data
        occupation = data.get("occupation_name")
        return ProfileInput(
            kind=data["kind"],
            headline=data["headline"],
            about=data["about"],
            city=data["city"],
            country=data["country"],
            mobility=data["mobility"],
            move_date=data["move_date"],
            remote_ok=data["remote_ok"],
            education_level=data["education_level"],
            education_field=data["education_field"],
            institution=data["institution"],
            education_start=data["education_start"],
            education_end=data["education_end"],
            occupation_id=occupation.pk if occupation else None,
            experience_years=data["experience_years"],
            looking_for=tuple(data["looking_for"]),
            available_from=data["available_from"],
            visibility=data["visibility"],
        )


class CvForm(forms.Form):
    cv = forms.FileField(
        label=_("CV (PDF, at most 5 MB)"), widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"})
    )


class OpportunityForm(SkillPickerMixin, forms.ModelForm):
    skill_level_field = "skill_required"
    skill_names = forms.CharField(
        label=_("Required skills by name"),
        required=False,
        help_text=_("Separate with commas; English or Lithuanian labels and synonyms."),
    )
    optional_skill_names = forms.CharField(label=_("Nice-to-have skills by name"), required=False)
    occupation_name = TalentProfileForm.base_fields["occupation_name"]
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

    clean_occupation_name = TalentProfileForm.clean_occupation_name

    def __init__(self, *args, opportunity: Opportunity | None = None, **kwargs):
        super().__init__(*args, instance=opportunity, **kwargs)
        self.fields["education_level"].choices = [("", _("— no minimum —")), *Isced.choices]
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


class OpportunitySearchForm(forms.Form):
    q = forms.CharField(label=_("Search words"), required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("Any kind")), *OpportunityKind.choices], required=False)


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
        name = self.cleaned_data.get("skill", "").strip()
        if not name:
            return None
        skill = selectors.resolve_skill(name)
        if skill is None:
            raise forms.ValidationError(_("We found no ESCO skill called “%(name)s”.") % {"name": name})
        return skill

    def clean_occupation(self):
        name = self.cleaned_data.get("occupation", "").strip()
        if not name:
            return None
        occupation = selectors.resolve_occupation(name)
        if occupation is None:
            raise forms.ValidationError(_("We found no ESCO occupation called “%(name)s”.") % {"name": name})
        return occupation

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


SKILL_LEVEL_CHOICES = SkillLevel.choices
