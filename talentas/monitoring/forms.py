"""Forms of monitoring pages. They only parse input; the services decide (and say why they refuse)."""

from decimal import Decimal

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from talentas.core.forms import DateInput

from .models import BREAKDOWN_CATEGORIES, Breakdown, BudgetEntry, Direction, Report
from .periods import Span


def period_choices(spans: list[Span]) -> list[tuple[str, str]]:
    return [(span.code, span.label) for span in spans]


class ValueForm(forms.Form):
    period = forms.ChoiceField(label=_("Period"))
    value = forms.CharField(
        label=_("Value"), max_length=20, help_text=_("A number, at most two decimals (a decimal comma is fine).")
    )
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Where the figure comes from. Required when you correct an approved value."),
    )
    evidence = forms.FileField(
        label=_("Evidence"),
        required=False,
        help_text=_("PDF, image, office document, CSV or text; at most 10 MB."),
    )
    submit_now = forms.BooleanField(label=_("Submit for approval now"), required=False, initial=True)

    def __init__(self, *args, spans: list[Span], breakdowns: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices(spans)
        self.breakdown_fields: list[tuple[str, str, list[str]]] = []
        for dimension in breakdowns:
            names = []
            for category, label in BREAKDOWN_CATEGORIES.get(dimension, ()):
                name = f"breakdown__{dimension}__{category}"
                self.fields[name] = forms.CharField(
                    label=f"{Breakdown(dimension).label}: {label}", required=False, max_length=20
                )
                names.append(name)
            self.breakdown_fields.append((dimension, str(Breakdown(dimension).label), names))

    def breakdown(self) -> dict:
        found: dict[str, dict[str, str]] = {}
        for name, value in self.cleaned_data.items():
            if name.startswith("breakdown__") and value not in (None, ""):
                _prefix, dimension, category = name.split("__", 2)
                found.setdefault(dimension, {})[category] = value
        return found


class ReviewForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Required when you return a value: say what needs to change."),
    )


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Spreadsheet"),
        help_text=_("CSV (UTF-8) or XLSX. First row: indicator, period, value, comment. Periods as 2025-Q1 or 2025."),
    )


class BudgetLineForm(forms.Form):
    phase = forms.ModelChoiceField(label=_("Budget phase"), queryset=None, empty_label=_("Choose a budget phase…"))
    action = forms.ModelChoiceField(label=_("Action"), queryset=None, required=False, empty_label=_("Whole plan"))
    source = forms.ModelChoiceField(label=_("Funding source"), queryset=None, required=False, empty_label=_("Not set"))
    planned_eur = forms.CharField(label=_("Planned (EUR)"), max_length=20)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["phase"].queryset = plan.budget_phases.all()
        self.fields["action"].queryset = plan.actions.order_by("objective__order", "order")
        self.fields["source"].queryset = plan.funding_sources.all()


class BudgetEntryForm(forms.Form):
    line = forms.ModelChoiceField(label=_("Budget line"), queryset=None, empty_label=_("Choose a budget line…"))
    kind = forms.ChoiceField(label=_("Kind"), choices=BudgetEntry.Kind.choices)
    amount_eur = forms.CharField(label=_("Amount (EUR)"), max_length=20)
    date = forms.DateField(label=_("Date"), widget=DateInput())
    description = forms.CharField(label=_("Description"), max_length=300)

    def __init__(self, *args, lines, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["line"].queryset = lines


class ActionDatesForm(forms.Form):
    actual_start = forms.DateField(label=_("Actual start"), required=False, widget=DateInput())
    actual_end = forms.DateField(label=_("Actual finish"), required=False, widget=DateInput())


class ReportRequestForm(forms.Form):
    kind = forms.ChoiceField(label=_("Report"), choices=Report.Kind.choices)
    period = forms.ChoiceField(label=_("Period"), help_text=_("Quarters for quarterly reports, years for annual ones."))
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)

    def __init__(self, *args, spans: list[Span], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].choices = period_choices(spans)


class IndicatorSetupForm(forms.Form):
    """The settings of one indicator a plan manager or M&E officer may change (its goals are a formset beside)."""

    weight = forms.DecimalField(
        label=_("How much it counts in the action's progress"),
        min_value=Decimal("0.01"),
        max_digits=6,
        decimal_places=2,
        help_text=_(
            "A relative weight: 2 counts twice as much as 1. The weights of an action's indicators are scaled to add "
            "up to 100%."
        ),
    )
    direction = forms.ChoiceField(
        label=_("Desired direction"),
        choices=Direction.choices,
        help_text=_("Whether the figure should go up (more is better) or down (less is better)."),
    )
    due_days = forms.IntegerField(
        label=_("Days to report after the period"),
        min_value=0,
        max_value=365,
        help_text=_("A period's value is due this many days after it ends."),
    )
    baseline_value = forms.DecimalField(
        label=_("Starting point (baseline value)"),
        required=False,
        max_digits=14,
        decimal_places=2,
        min_value=Decimal(0),
        help_text=_("The figure before the plan began; progress is counted from it towards the target."),
    )
    baseline_year = forms.IntegerField(
        label=_("Year of the starting point"),
        required=False,
        min_value=1990,
        max_value=2100,
        help_text=_("Needs a baseline value."),
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("baseline_year") is not None and cleaned.get("baseline_value") is None:
            self.add_error("baseline_value", _("A baseline year needs a baseline value."))
        return cleaned


class GoalForm(forms.Form):
    year = forms.IntegerField(label=_("Year"), min_value=1990, max_value=2100)
    target_value = forms.DecimalField(label=_("Target value"), min_value=Decimal(0), max_digits=14, decimal_places=2)
    note = forms.CharField(label=_("Note"), required=False, max_length=300)


class BaseGoalFormSet(forms.BaseFormSet):
    def __init__(self, *args, plan_years: tuple[int, int], **kwargs):
        self.plan_years = plan_years
        super().__init__(*args, **kwargs)

    def clean(self):
        super().clean()
        seen: set[int] = set()
        for form in self.forms:
            if not form.has_changed() or self._should_delete_form(form) or not hasattr(form, "cleaned_data"):
                continue
            year = form.cleaned_data.get("year")
            if year is None:
                continue
            if not self.plan_years[0] <= year <= self.plan_years[1]:
                form.add_error(
                    "year",
                    _("A goal's year must be within the plan, %(start)s–%(end)s.")  # noqa: RUF001 (an en dash)
                    % {"start": self.plan_years[0], "end": self.plan_years[1]},
                )
            elif year in seen:
                form.add_error("year", _("There is already a goal for %(year)s.") % {"year": year})
            seen.add(year)

    def goal_rows(self) -> list[dict]:
        return [
            form.cleaned_data
            for form in self.forms
            if form.has_changed() and not self._should_delete_form(form) and form.cleaned_data
        ]


GoalFormSet = forms.formset_factory(GoalForm, formset=BaseGoalFormSet, extra=2, can_delete=True, max_num=20)
