"""Staff edit plans here (each text in Lithuanian and English); a plan file reload overwrites what it describes."""

from django import forms
from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationStackedInline, TranslationTabularInline

from .choices import Partner, Resource
from .models import (
    Action,
    BudgetPhase,
    FundingSource,
    GovernanceBody,
    Indicator,
    MonitoringResponsibility,
    Plan,
    PlanFact,
    ProblemCause,
    StrategicObjective,
)


def _inline(model, base=TranslationTabularInline, **options) -> type:
    """An inline editing one kind of plan row, every text in each language."""
    return type(f"{model.__name__}Inline", (base,), {"model": model, "extra": 0, **options})


@admin.register(Plan)
class PlanAdmin(TranslationAdmin):
    list_display = ["title", "city", "start_year", "end_year", "total_budget_eur", "is_default"]
    search_fields = ["title", "city", "slug"]
    inlines = [
        _inline(PlanFact),
        _inline(ProblemCause),
        _inline(StrategicObjective, show_change_link=True),
        _inline(BudgetPhase),
        _inline(FundingSource),
        _inline(GovernanceBody, base=TranslationStackedInline),
        _inline(MonitoringResponsibility),
    ]


class ActionForm(forms.ModelForm):
    # The vocabularies as checkboxes, stored as the JSON list of keys.
    partners = forms.MultipleChoiceField(
        label=_("partners"), choices=Partner.choices, required=False, widget=forms.CheckboxSelectMultiple
    )
    resourcing = forms.MultipleChoiceField(
        label=_("resourcing"), choices=Resource.choices, required=False, widget=forms.CheckboxSelectMultiple
    )


@admin.register(Action)
class ActionAdmin(TranslationAdmin):
    form = ActionForm
    list_display = ["code", "title", "plan", "horizon", "target_value", "target_period", "planned_start", "planned_end"]
    list_filter = ["plan", "horizon", "target_period"]
    search_fields = ["code", "title"]
    list_select_related = ["plan"]
    inlines = [
        _inline(
            Indicator,
            fk_name="action",
            can_delete=False,  # monitoring records values against indicators: deactivate one instead
            fields=[
                "code",
                "name",
                "kind",
                "category",
                "responsible",
                "target_value",
                "target_period",
                "metric",
                "is_active",
            ],
        )
    ]

    def save_formset(self, request, form, formset, change):
        indicators = formset.save(commit=False)
        for indicator in indicators:
            indicator.plan = form.instance.plan
            indicator.save()
        formset.save_m2m()


@admin.register(Indicator)
class IndicatorAdmin(TranslationAdmin):
    list_display = ["code", "name", "plan", "action", "kind", "category", "responsible", "metric", "is_active"]
    list_filter = ["plan", "is_active", "kind", "category", "responsible"]
    search_fields = ["code", "name", "metric"]
    list_select_related = ["plan", "action"]


@admin.register(StrategicObjective)
class StrategicObjectiveAdmin(TranslationAdmin):
    list_display = ["code", "title", "plan", "order"]
    list_filter = ["plan"]
    list_select_related = ["plan"]
