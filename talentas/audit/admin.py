from django.contrib import admin
from django.db import models, transaction

from talentas.core.admin import ReadOnlyAdmin

from .models import AuditEntry
from .services import changes_since, log_action, snapshot

# Fields whose values never go into an audit entry: a password hash stays out of every log.
_SECRET_FIELDS = {"password", "secret_hash"}


def _log(request, verb: str, row: models.Model, before: dict) -> None:
    changes = {field: value for field, value in changes_since(before, row).items() if field not in _SECRET_FIELDS}
    if changes or not before:
        log_action(actor=request.user, verb=verb, target=row, changes=changes)


class AuditedAdmin(admin.ModelAdmin):
    """An admin whose every change (add, edit, delete, and the rows of its inlines) is kept in the audit log
    as "admin.<app>.<model>.<create|change|delete>", with the fields that changed, in the change's transaction:
    granting a role or deactivating a person from the admin is as traceable as doing it through a service."""

    def _verb(self, row: models.Model, action: str) -> str:
        return f"admin.{row._meta.app_label}.{row._meta.model_name}.{action}"

    def save_model(self, request, obj, form, change) -> None:
        before = snapshot(type(obj).objects.filter(pk=obj.pk).first()) if change else {}
        with transaction.atomic():
            super().save_model(request, obj, form, change)
            _log(request, self._verb(obj, "change" if change else "create"), obj, before)

    def save_formset(self, request, form, formset, change) -> None:
        with transaction.atomic():
            befores = {
                row.pk: snapshot(type(row).objects.filter(pk=row.pk).first())
                for row in (subform.instance for subform in formset.forms)
                if row.pk is not None
            }
            super().save_formset(request, form, formset, change)
            for row in formset.new_objects:
                _log(request, self._verb(row, "create"), row, {})
            for row, _fields in formset.changed_objects:
                _log(request, self._verb(row, "change"), row, befores.get(row.pk, {}))
            for row in formset.deleted_objects:
                log_action(actor=request.user, verb=self._verb(row, "delete"), target=row)

    def delete_model(self, request, obj) -> None:
        with transaction.atomic():
            log_action(actor=request.user, verb=self._verb(obj, "delete"), target=obj)
            super().delete_model(request, obj)

    def delete_queryset(self, request, queryset) -> None:
        with transaction.atomic():
            for row in queryset:
                log_action(actor=request.user, verb=self._verb(row, "delete"), target=row)
            super().delete_queryset(request, queryset)


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdmin):
    list_display = ["at", "actor_label", "verb", "target_type", "target_label", "request_id"]
    list_filter = ["verb", "target_type"]
    search_fields = ["actor_label", "target_label", "verb", "request_id"]
    list_select_related = ["target_type"]
