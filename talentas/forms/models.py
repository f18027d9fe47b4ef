"""Forms, their versions, sections, questions and choices, and the responses people give.

A Form is the thing staff name ("Startup grant fund 2026 application"); what people answer is one of its
FormVersions. A published version never changes: editing a published form makes a new draft version (a copy of
the sections and questions), and publishing that draft makes it the version new responses answer. A Response
keeps pointing at the version it answered, so an old answer always keeps the question it answered.

A question's `key` is stable across versions: answers are JSON keyed by it, exports use it as the column, and a
condition names the earlier question it depends on by key.

Titles, descriptions, labels and help texts exist in Lithuanian and English (`translation.py`).
"""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from talentas.core.models import TimeStampedModel

key_validator = RegexValidator(
    r"^[a-z][a-z0-9_]{0,49}$",
    _("Use lower-case letters, digits and underscores, starting with a letter (at most 50)."),
    code="invalid_key",
)


def texts_of(row: models.Model, field: str) -> dict[str, str]:
    """A translated field's text in each language, {"lt": ..., "en": ...} ("" where empty)."""
    return {code: getattr(row, f"{field}_{code}", None) or "" for code in ("lt", "en")}


def columns_of(row: models.Model, *fields: str) -> dict[str, str]:
    """The language columns of translated fields, {"title_lt": ..., "title_en": ...}, for copying a row."""
    return {f"{field}_{code}": text for field in fields for code, text in texts_of(row, field).items()}


class OwnerKind(models.TextChoices):
    """What a form is for: the module that attaches it."""

    CALL = "call", _("Call for applications")
    SURVEY = "survey", _("Survey")
    EVENT = "event", _("Event registration")
    OTHER = "other", _("Other")


class QuestionKind(models.TextChoices):
    SHORT_TEXT = "short_text", _("Short text")
    LONG_TEXT = "long_text", _("Long text")
    NUMBER = "number", _("Number")
    MONEY = "money", _("Amount of money (EUR)")
    DATE = "date", _("Date")
    SINGLE_CHOICE = "single_choice", _("One choice")
    MULTIPLE_CHOICE = "multiple_choice", _("Several choices")
    YES_NO = "yes_no", _("Yes or no")
    FILE = "file", _("File")
    BUDGET_TABLE = "budget_table", _("Budget table")
    TEAM_LIST = "team_list", _("Team list")


CHOICE_KINDS = {QuestionKind.SINGLE_CHOICE, QuestionKind.MULTIPLE_CHOICE}
TABLE_KINDS = {QuestionKind.BUDGET_TABLE, QuestionKind.TEAM_LIST}
NUMERIC_KINDS = {QuestionKind.NUMBER, QuestionKind.MONEY}
# The kinds whose length limits count characters; for tables and multiple choice they count rows and choices.
TEXT_KINDS = {QuestionKind.SHORT_TEXT, QuestionKind.LONG_TEXT}


class ConditionOperator(models.TextChoices):
    EQUALS = "equals", _("equals")
    CONTAINS = "contains", _("contains")


class Form(TimeStampedModel):
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owner_kind = models.CharField(_("used for"), max_length=16, choices=OwnerKind.choices, default=OwnerKind.OTHER)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("form")
        verbose_name_plural = _("forms")
        ordering = ["-updated_at", "pk"]
        permissions = [("manage_forms", "Can build and publish forms")]

    def __str__(self) -> str:
        return self.title


class FormVersion(TimeStampedModel):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Published")

    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField(_("version"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ["form", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["form", "number"], name="forms_version_number_unique"),
            # At most one draft per form: the builder always edits that one.
            models.UniqueConstraint(fields=["form"], condition=Q(status="draft"), name="forms_one_draft_per_form"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(published_at__isnull=False), name="forms_published_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.form} v{self.number}"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Section(TimeStampedModel):
    version = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="sections")
    position = models.PositiveIntegerField(default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["version", "position", "pk"]

    def __str__(self) -> str:
        return self.title


class Question(TimeStampedModel):
    version = models.ForeignKey(FormVersion, on_delete=models.CASCADE, related_name="questions")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveIntegerField(default=0)
    key = models.CharField(
        _("key"),
        max_length=50,
        validators=[key_validator],
        help_text=_("Names the answer in exports and the API; keep it when the question is edited."),
    )
    kind = models.CharField(_("type"), max_length=20, choices=QuestionKind.choices)
    label = models.CharField(_("question"), max_length=300)
    help_text = models.TextField(_("help text"), blank=True)
    required = models.BooleanField(_("required"), default=False)
    # Numbers and money: the smallest and largest value. Dates: min_date/max_date.
    min_value = models.DecimalField(_("smallest value"), max_digits=14, decimal_places=2, null=True, blank=True)
    max_value = models.DecimalField(_("largest value"), max_digits=14, decimal_places=2, null=True, blank=True)
    min_date = models.DateField(_("earliest date"), null=True, blank=True)
    max_date = models.DateField(_("latest date"), null=True, blank=True)
    # Texts: characters; multiple choice: choices picked; tables: rows.
    min_length = models.PositiveIntegerField(_("at least"), null=True, blank=True)
    max_length = models.PositiveIntegerField(_("at most"), null=True, blank=True)
    # Files: allowed extensions (comma-separated, from core.storage.FILE_SIGNATURES) and the size limit.
    file_types = models.CharField(_("allowed file types"), max_length=100, blank=True)
    max_file_mb = models.PositiveSmallIntegerField(_("largest file (MB)"), null=True, blank=True)
    # Shown only when an earlier question's answer equals (or, for several choices, contains) a value.
    condition_key = models.CharField(_("shown only when question"), max_length=50, blank=True)
    condition_operator = models.CharField(
        _("condition"), max_length=10, choices=ConditionOperator.choices, default=ConditionOperator.EQUALS
    )
    condition_value = models.CharField(_("has the answer"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ["version", "section__position", "section_id", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["version", "key"], name="forms_question_key_unique"),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(min_value__lte=models.F("max_value")),
                name="forms_question_value_range",
            ),
            models.CheckConstraint(
                condition=Q(min_length__isnull=True)
                | Q(max_length__isnull=True)
                | Q(min_length__lte=models.F("max_length")),
                name="forms_question_length_range",
            ),
            models.CheckConstraint(
                condition=Q(min_date__isnull=True) | Q(max_date__isnull=True) | Q(min_date__lte=models.F("max_date")),
                name="forms_question_date_range",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.key}: {self.label}"

    @property
    def has_condition(self) -> bool:
        return bool(self.condition_key)


class Choice(TimeStampedModel):
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="choices")
    position = models.PositiveIntegerField(default=0)
    key = models.CharField(_("key"), max_length=50, validators=[key_validator])
    label = models.CharField(_("label"), max_length=200)

    class Meta:
        verbose_name = _("choice")
        verbose_name_plural = _("choices")
        ordering = ["question", "position", "pk"]
        constraints = [models.UniqueConstraint(fields=["question", "key"], name="forms_choice_key_unique")]

    def __str__(self) -> str:
        return self.label


class Response(TimeStampedModel):
    """One set of answers to one form version, for one owner (an application, a survey round, a registration)."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")

    version = models.ForeignKey(FormVersion, on_delete=models.PROTECT, related_name="responses")
    owner_type = models.ForeignKey(ContentType, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    owner_id = models.PositiveBigIntegerField(null=True, blank=True)
    owner = GenericForeignKey("owner_type", "owner_id")
    # The person who answers, when the answers are a person's own (a survey); an organisation's application
    # names its owner instead and leaves this empty.
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="form_responses"
    )
    answers = models.JSONField(default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    submitted_at = models.DateTimeField(null=True, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        ordering = ["-updated_at", "pk"]
        indexes = [models.Index(fields=["owner_type", "owner_id"], name="forms_response_owner")]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="forms_submitted_has_date"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.version} #{self.pk}"


class ResponseFile(TimeStampedModel):
    """A file answered to a file question: stored privately under a random name (core/storage.py)."""

    response = models.ForeignKey(Response, on_delete=models.CASCADE, related_name="files")
    question_key = models.CharField(max_length=50)
    file = models.FileField(upload_to="forms/%Y/")
    original_name = models.CharField(max_length=255)
    size = models.PositiveBigIntegerField()
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("answered file")
        verbose_name_plural = _("answered files")
        ordering = ["response", "question_key", "-created_at"]

    def __str__(self) -> str:
        return self.original_name
