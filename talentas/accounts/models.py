from typing import ClassVar

from django.conf import settings
from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.db import models
from django.utils.translation import gettext_lazy as _

from talentas.core.choices import ResponsibleEntity
from talentas.core.models import TimeStampedModel


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(self, email: str, password: str | None = None, **extra_fields) -> "User":
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        return self._create_user(email, password, **extra_fields)


class Audience(models.TextChoices):
    """Who a person says they are at sign-up: it decides where they land first, and they may change it later."""

    TALENT = "talent", _("Looking for work, study or a start")
    ORGANISATION = "organisation", _("Represents an organisation or company")
    FOLLOWER = "follower", _("Follows the plan")


class User(AbstractUser, TimeStampedModel):
    """A person with an account; people sign in with their e-mail address."""

    username = None  # type: ignore[assignment]
    first_name = None  # type: ignore[assignment]
    last_name = None  # type: ignore[assignment]
    email = models.EmailField(_("e-mail address"), unique=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    audience = models.CharField(
        _("who I am here"),
        max_length=16,
        choices=Audience.choices,
        blank=True,
        help_text=_("Chosen at sign-up; decides the first page after logging in."),
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS: ClassVar[list[str]] = []

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    def __str__(self) -> str:
        return self.full_name or self.email

    def get_full_name(self) -> str:
        return self.full_name or self.email

    def get_short_name(self) -> str:
        return self.full_name.split(" ")[0] if self.full_name else self.email


class Role(models.TextChoices):
    """What a person may do on the platform, after the IAP's governance (section 7).

    Organisation membership is a role too, but it is derived from `organisations.Membership`,
    never stored here.
    """

    PLATFORM_ADMIN = "platform-admin", _("Platform administrator")
    PLAN_MANAGER = "plan-manager", _("Plan manager (Business Support Department)")
    ME_OFFICER = "me-officer", _("M&E officer")
    INDICATOR_OWNER = "indicator-owner", _("Indicator owner")
    STEERING_COMMITTEE = "steering-committee", _("Steering Committee member")
    TALENT = "talent", _("Talent")
    REVIEWER = "reviewer", _("Reviewer or mentor")


class RoleAssignment(TimeStampedModel):
    """One role held by one person; indicator owners hold it for one responsible department."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_assignments", verbose_name=_("person")
    )
    role = models.CharField(_("role"), max_length=32, choices=Role.choices)
    # Nullable as the brief asks; uniqueness and the check constraint below handle the NULLs.
    department = models.CharField(  # noqa: DJ001
        _("department"),
        max_length=32,
        choices=ResponsibleEntity.choices,
        null=True,
        blank=True,
        help_text=_("Required for indicator owners, empty for every other role."),
    )

    class Meta:
        verbose_name = _("role assignment")
        verbose_name_plural = _("role assignments")
        ordering = ["role", "department"]
        constraints = [
            # Two partial constraints because NULLs never collide in a plain unique constraint.
            models.UniqueConstraint(
                fields=["user", "role", "department"],
                condition=models.Q(department__isnull=False),
                name="accounts_role_unique_per_department",
            ),
            models.UniqueConstraint(
                fields=["user", "role"],
                condition=models.Q(department__isnull=True),
                name="accounts_role_unique_without_department",
            ),
            models.CheckConstraint(
                # "department IS NOT NULL" spelled out: a NULL would make IN unknown, and CHECK lets unknown pass.
                condition=(
                    models.Q(
                        role=Role.INDICATOR_OWNER, department__isnull=False, department__in=ResponsibleEntity.values
                    )
                    | (~models.Q(role=Role.INDICATOR_OWNER) & models.Q(department__isnull=True))
                ),
                name="accounts_role_department_only_for_indicator_owners",
                violation_error_message=_("Indicator owners need a department; other roles take none."),
            ),
        ]

    def __str__(self) -> str:
        if self.department:
            return f"{self.get_role_display()}: {self.get_department_display()}"
        return str(self.get_role_display())


class ApiToken(TimeStampedModel):
    """A personal API token. Only a hash of the secret is kept; the raw token is shown once."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("owner")
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("What the token is for, e.g. 'Dashboard export'."))
    # The prefix finds the row; it is not secret, which is why people see it in their token list.
    prefix = models.CharField(_("prefix"), max_length=16, unique=True, editable=False)
    secret_hash = models.CharField(_("SHA-256 hash of the token"), max_length=64, editable=False)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "name"],
                condition=models.Q(revoked_at__isnull=True),
                name="accounts_api_token_active_name_unique",
                violation_error_message=_("You already have an active token with this name."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.visible_prefix}…)"

    @property
    def visible_prefix(self) -> str:
        return f"{settings.API_TOKEN_PREFIX}{self.prefix}"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None
