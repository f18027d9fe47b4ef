"""What the platform tells a person: one row per notice, shown on their Notices page and e-mailed."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from talentas.core.models import TimeStampedModel


class Notice(TimeStampedModel):
    """One message to one person. `key` names the occasion (e.g. "events.registration.12.confirmed"); the
    database keeps it once per person, so telling someone twice about the same thing is impossible."""

    class Digest(models.TextChoices):
        NONE = "", _("Sent at once")
        DAILY = "daily", _("In the daily digest")
        WEEKLY = "weekly", _("In the weekly digest")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices", verbose_name=_("person")
    )
    key = models.CharField(_("occasion"), max_length=200)
    title = models.CharField(_("title"), max_length=250)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    email = models.BooleanField(_("by e-mail"), default=True)
    digest = models.CharField(_("digest"), max_length=8, choices=Digest.choices, default=Digest.NONE, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-pk"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notices_once_per_person")]
        indexes = [
            models.Index(fields=["user", "read_at"]),
            models.Index(fields=["digest", "emailed_at"], name="notices_digest_due"),
        ]

    def __str__(self) -> str:
        return self.title
