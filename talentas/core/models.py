from django.db import models


class TimeStampedModel(models.Model):
    """Base for every Talentas model: when a row was made and last changed."""

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True


class OutgoingEmail(models.Model):
    """An e-mail waiting for (or done with) delivery: the queue's task is only a pointer to this row.

    A queue worker can die in the middle of a task (huey on Redis takes it off the queue with no
    acknowledgement), so the message itself lives here until it is delivered: `core.email` re-queues every row
    still unsent whose delivery was not finished in time, and delivery happens at least once. Delivered rows
    are kept a while for support, then removed.
    """

    # The pickled EmailMessage: written only by QueuedEmailBackend, the same object huey itself would pickle.
    message = models.BinaryField()
    subject = models.CharField(max_length=250, blank=True)
    recipients = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when a worker starts delivering; a delivery still claimed after EMAIL_CLAIM_SECONDS was cut short.
    claimed_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    sent_at = models.DateTimeField(null=True, blank=True, db_index=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "outgoing e-mail"
        verbose_name_plural = "outgoing e-mail"
        indexes = [models.Index(fields=["sent_at", "claimed_at"], name="core_email_pending")]

    def __str__(self) -> str:
        return self.subject


class Picture(TimeStampedModel):
    """A picture someone uploaded (an organisation's logo, an event's cover, a person's photo), checked and stored
    by `core.pictures` as WebP in a few widths under a random name, with no EXIF left in it.

    The row says nothing about whose picture it is: the model that shows it points here (Organisation.logo,
    Event.cover, TalentProfile.photo). A public picture is served to anyone; a private one (a profile photo) only
    to those its app's check lets see it (`core.pictures.register_viewer_check`).
    """

    class Kind(models.TextChoices):
        LOGO = "logo", "logo"
        COVER = "cover", "cover"
        PHOTO = "photo", "photo"

    token = models.CharField(max_length=32, unique=True)  # 128 random bits: the name of its files and its URL
    kind = models.CharField(max_length=8, choices=Kind.choices)
    public = models.BooleanField(default=True)
    # Of the widest stored size; the other sizes keep the same proportions.
    width = models.PositiveIntegerField()
    height = models.PositiveIntegerField()
    widths = models.JSONField(default=list)  # the stored widths, narrowest first

    def __str__(self) -> str:
        return f"{self.kind} {self.token}"

    def file_name(self, width: int) -> str:
        return f"pictures/{self.token}/{width}.webp"

    def height_at(self, width: int) -> int:
        return max(1, round(self.height * width / self.width))


class HeldTask(models.Model):
    """A queued task that could not reach Redis, kept until it can (talentas.core.queue): huey's own message,
    as it would have been pushed onto the queue."""

    message = models.BinaryField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "held task"
        verbose_name_plural = "held tasks"

    def __str__(self) -> str:
        return f"held task {self.pk}"
