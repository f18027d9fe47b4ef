from django.contrib import admin, messages
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from talentas.core.admin import ReadOnlyAdmin, ReadOnlyInline
from talentas.core.errors import DomainError

from . import services
from .models import Membership, Organisation, OrganisationClaim


# Memberships change through the services only (the last owner stays, the caches follow, the audit log knows).
class MembershipInline(ReadOnlyInline):
    model = Membership
    fields = ["user", "role"]


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "level", "city", "verification", "is_listed"]
    list_filter = ["kind", "level", "verification", "is_listed"]
    search_fields = ["name", "description", "city"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["parent"]
    # Verification is the claim review's outcome: set only by approving a claim.
    readonly_fields = ["verification", "verified_by", "verified_at"]
    inlines = [MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["organisation", "user", "role", "created_at"]
    list_filter = ["role"]
    search_fields = ["organisation__name", "user__email", "user__full_name"]
    list_select_related = ["organisation", "user"]


@admin.register(OrganisationClaim)
class OrganisationClaimAdmin(ReadOnlyAdmin):
    """The review happens on the site's claim queue; the approve action here calls the same service (the workflow
    records the decision and tells the claimant). Nothing else about a claim can be changed here."""

    list_display = ["organisation", "user", "is_proposal", "status", "created_at", "reviewer", "reviewed_at"]
    list_filter = ["status", "is_proposal"]
    search_fields = ["organisation__name", "user__email"]
    list_select_related = ["organisation", "user", "reviewer"]
    actions = ["approve"]

    @admin.action(description=_("Approve the selected claims"))
    def approve(self, request: HttpRequest, queryset: QuerySet[OrganisationClaim]) -> None:
        for claim in queryset.filter(status=OrganisationClaim.Status.PENDING):
            try:
                services.approve_claim(reviewer=request.user, claim_id=claim.pk)
            except DomainError as error:
                self.message_user(request, f"{claim}: {error.message}", messages.ERROR)
