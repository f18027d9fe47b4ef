from django.contrib import admin

from talentas.core.admin import ReadOnlyAdmin

from .models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "verb", "target_type", "target_label", "request_id"]
    list_filter = ["verb", "target_type"]
    search_fields = ["actor_label", "target_label", "verb", "request_id"]
    list_select_related = ["target_type"]
