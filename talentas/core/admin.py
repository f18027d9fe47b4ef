"""The admin's one rule for records that only a service may write (part 12: no side doors)."""

from django.contrib import admin


class ReadOnlyAdmin(admin.ModelAdmin):
    """A record whose every change must go through a service (which checks the rules, writes the audit entry
    and tells the people concerned): the admin shows it and changes nothing."""

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class ReadOnlyInline(admin.TabularInline):
    extra = 0

    def has_add_permission(self, request, obj=None) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
