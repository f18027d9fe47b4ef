"""Who did what: one append-only log of staff and privileged actions across the apps."""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class AuditEntry(models.Model):
    """One action on one object. Written only by `audit.services.log_action`; never edited or deleted, so
    the rows are a trail a reviewer can trust (the admin is read-only too)."""

    at = models.DateTimeField(_("when"), default=timezone.now, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("who"),
    )
    # Kept as text too, so the entry still says who acted after the account is erased.
    actor_label = models.CharField(_("who (as written then)"), max_length=250, blank=True)
    verb = models.CharField(_("action"), max_length=80, db_index=True)
    target_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("object type")
    )
    target_id = models.CharField(_("object id"), max_length=64)
    target_label = models.CharField(_("object"), max_length=250)
    changes = models.JSONField(_("changes"), default=dict, blank=True)
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="audit_entries",
        verbose_name=_("organisation"),
    )
    request_id = models.CharField(_("request id"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.actor_label or '-'} {self.verb} {self.target_label}"

    def save(self, *args, **kwargs) -> None:
        # Append-only: an existing entry is never rewritten (foreign keys set to NULL by a deletion use a
        # queryset update, which stays possible so erasing an account keeps working).
        if self.pk is not None:
            raise TypeError("Audit entries are never edited.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise TypeError("Audit entries are never deleted.")
