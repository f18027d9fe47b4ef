from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from talentas.core.errors import DomainError

from . import services
from .models import Membership, Organisation, OrganisationClaim


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "level", "city", "verification", "is_listed"]
    list_filter = ["kind", "level", "verification", "is_listed"]
    search_fields = ["name", "description", "city"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent", "verified_by"]
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["organisation", "user", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["organisation__name", "user__email", "user__full_name"]
    autocomplete_fields = ["organisation", "user"]


@admin.register(OrganisationClaim)
class OrganisationClaimAdmin(admin.ModelAdmin):
    """The review itself happens on the site's claim queue, which e-mails the claimant; approval is also here."""

    list_display = ["organisation", "user", "is_proposal", "status", "created_at", "reviewer", "reviewed_at"]
    list_filter = ["status", "is_proposal"]
    search_fields = ["organisation__name", "user__email"]
    readonly_fields = ["status", "reviewer", "reviewed_at", "created_at"]
    autocomplete_fields = ["organisation", "user"]
    actions = ["approve"]

    @admin.action(description=_("Approve the selected claims"))
    def approve(self, request: HttpRequest, queryset: QuerySet[OrganisationClaim]) -> None:
        for claim in queryset.filter(status=OrganisationClaim.Status.PENDING):
            try:
                services.approve_claim(reviewer=request.user, claim_id=claim.pk)
            except DomainError as error:
                self.message_user(request, f"{claim}: {error.message}", messages.ERROR)
