"""Staff edit the ESCO vocabulary's labels (Lithuanian ones above all) and look after opportunities and reports.

Profiles are not in the admin on purpose: staff never browse people's profiles.
"""

from django.contrib import admin

from talentas.core.admin import ReadOnlyAdmin

from .esco import search_text
from .models import LabelSource, Occupation, Opportunity, Report, Skill


class ConceptAdmin(admin.ModelAdmin):
    list_display = ("label_en", "label_lt", "label_lt_source", "uri")
    search_fields = ("search_text", "uri")
    readonly_fields = ("uri", "label_lt_source")
    fields = ("uri", "label_en", "alt_labels_en", "label_lt", "label_lt_source", "alt_labels_lt", "description_en")

    def save_model(self, request, obj, form, change) -> None:
        # Autocomplete searches search_text: keep it in step with edited labels.
        obj.search_text = search_text(obj.label_en, obj.alt_labels_en, obj.label_lt, obj.alt_labels_lt)
        # A label staff write is the platform's translation, not ESCO's, until an official edition replaces it.
        if "label_lt" in form.changed_data:
            obj.label_lt_source = LabelSource.PLATFORM if obj.label_lt else LabelSource.NONE
        super().save_model(request, obj, form, change)


@admin.register(Skill)
class SkillAdmin(ConceptAdmin):
    list_filter = ("skill_type", "label_lt_source")


@admin.register(Occupation)
class OccupationAdmin(ConceptAdmin):
    list_filter = ("is_group", "label_lt_source")


@admin.register(Opportunity)
class OpportunityAdmin(ReadOnlyAdmin):
    list_display = ("title", "organisation", "kind", "status", "closes_on")
    list_filter = ("status", "kind")
    search_fields = ("title", "organisation__name")
    list_select_related = ("organisation",)
    fields = ("title", "organisation", "kind", "status", "moderation_note", "closes_on")
    # Suspending (and its note) goes through the moderation page (services.moderate_opportunity) so the
    # matching index and the employer follow.


@admin.register(Report)
class ReportAdmin(admin.ModelAdmin):
    list_display = ("created_at", "reason", "opportunity", "resolved_at")
    list_filter = ("resolved_at",)
    # Resolving a report is the moderator's decision, made (and audited) on the moderation page.
    readonly_fields = ("reporter", "contact", "opportunity", "reason", "resolved_at")
