from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from talentas.core.choices import ResponsibleEntity
from talentas.core.models import TimeStampedModel


class Organisation(TimeStampedModel):
    """A body in the city's talent and startup ecosystem: a municipal department, a firm, a school..."""

    class Kind(models.TextChoices):
        MUNICIPAL_DEPARTMENT = "municipal-department", _("Municipal department")
        COMPANY = "company", _("Company")
        STARTUP = "startup", _("Startup")
        BUSINESS_SUPPORT = "business-support", _("Business support organisation")
        INVESTOR = "investor", _("Investor")
        SCHOOL = "school", _("School or college")
        NGO = "ngo", _("NGO")
        PUBLIC_BODY = "public-body", _("Public body or agency")

    class Level(models.TextChoices):
        """Where the organisation works, after the DERREG report's business support landscape (Table 3)."""

        LOCAL = "local", _("Local (municipality)")
        REGIONAL = "regional", _("Regional (county)")
        NATIONAL = "national", _("National")
        EUROPEAN = "european", _("European")

    class Verification(models.TextChoices):
        UNVERIFIED = "unverified", _("Not verified")  # listed, but nobody has shown they speak for it
        PENDING = "pending", _("Verification pending")  # a claim or proposal awaits review
        VERIFIED = "verified", _("Verified")
        REJECTED = "rejected", _("Rejected")  # a proposal the reviewers turned down

    name = models.CharField(_("name"), max_length=200)
    slug = models.SlugField(_("short name in addresses"), max_length=220, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    level = models.CharField(_("level"), max_length=16, choices=Level.choices, default=Level.LOCAL)
    parent = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="units",
        verbose_name=_("part of"),
    )
    description = models.TextField(_("description"), blank=True)
    website = models.URLField(_("website"), blank=True)
    email = models.EmailField(_("contact e-mail"), blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    address = models.CharField(_("address"), max_length=200, blank=True)
    # Set and removed through services.set_logo / remove_logo (checked and stored by core.pictures).
    logo = models.ForeignKey(
        "core.Picture",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("logo"),
    )
    responsible_entity = models.CharField(
        _("responsible entity"),
        max_length=32,
        choices=ResponsibleEntity.choices,
        blank=True,
        help_text=_("For municipal departments: which indicator types of the action plan they answer for."),
    )
    is_listed = models.BooleanField(
        _("listed in the directory"),
        default=True,
        help_text=_("Proposed organisations are listed only once a reviewer approves them."),
    )
    verification = models.CharField(
        _("verification"), max_length=16, choices=Verification.choices, default=Verification.UNVERIFIED
    )
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("verified by"),
    )
    verified_at = models.DateTimeField(_("verified at"), null=True, blank=True)

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        ordering = ["name"]
        indexes = [models.Index(fields=["is_listed", "kind", "name"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(responsible_entity="") | models.Q(kind="municipal-department"),
                name="organisations_responsible_entity_only_for_departments",
                violation_error_message=_("Only municipal departments answer for indicator types."),
            ),
            models.UniqueConstraint(
                fields=["responsible_entity"],
                condition=~models.Q(responsible_entity=""),
                name="organisations_one_department_per_responsible_entity",
                violation_error_message=_("Another department already answers for these indicators."),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("organisations:detail", args=[self.slug])


class Membership(TimeStampedModel):
    """A person who speaks for an organisation: owners manage it, members see its inside."""

    class Role(models.TextChoices):
        OWNER = "owner", _("Owner")
        MEMBER = "member", _("Member")

    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("organisation")
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        # No joins in the default ordering: permission checks read single memberships often.
        ordering = ["organisation_id", "role", "user_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "user"],
                name="organisations_one_membership_per_person",
                violation_error_message=_("This person is already a member of the organisation."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.user}: {self.organisation} ({self.get_role_display()})"


class OrganisationClaim(TimeStampedModel):
    """A person's request to speak for an organisation: a listed one, or one they propose."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="organisation_claims",
        verbose_name=_("claimant"),
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="claims", verbose_name=_("organisation")
    )
    is_proposal = models.BooleanField(_("proposes a new organisation"), default=False)
    message = models.TextField(_("justification"))
    contact_role = models.CharField(_("role in the organisation"), max_length=100)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.PENDING)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="reviewed_organisation_claims",
        verbose_name=_("reviewer"),
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    review_note = models.TextField(_("review note"), blank=True)

    class Meta:
        verbose_name = _("organisation claim")
        verbose_name_plural = _("organisation claims")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=models.Q(status="pending"),
                name="organisations_one_pending_claim_per_person",
                violation_error_message=_("You already have a claim for this organisation waiting for review."),
            ),
            models.CheckConstraint(
                condition=models.Q(status="pending", reviewed_at__isnull=True)
                | (~models.Q(status="pending") & models.Q(reviewed_at__isnull=False)),
                name="organisations_claim_reviewed_when_decided",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} → {self.organisation} ({self.get_status_display()})"
