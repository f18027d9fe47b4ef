"""The talent marketplace: the ESCO vocabulary, talent profiles, opportunities, contacts and alerts.

ESCO (European Skills, Competences, Qualifications and Occupations) is published by the European
Commission; its concepts are identified by URI, and every language edition shares them, so English
and Lithuanian labels sit on the same rows. Profiles and opportunities point at ESCO concepts, never
at free-text labels: "python" and "Python (computer programming)" are one skill.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from talentas.core.city import default_location
from talentas.core.models import TimeStampedModel

from .matching import new_generation

# ---------------------------------------------------------------------------------------------- ESCO


class LabelSource(models.TextChoices):
    """Where a concept's Lithuanian label comes from: ESCO's own edition, or the platform's translation."""

    OFFICIAL = "official", _("Official ESCO")
    PLATFORM = "platform", _("Platform's translation")
    NONE = "", _("None (shown in English)")


class LabelledConcept(TimeStampedModel):
    """An ESCO concept's label in the language of the page (Lithuanian when there is one)."""

    label_en: str
    label_lt: str
    # Set by the importer (esco.py); an official edition's label replaces the platform's and is never
    # overwritten by it.
    label_lt_source = models.CharField(
        _("source of the Lithuanian label"), max_length=10, choices=LabelSource.choices, blank=True, default=""
    )

    class Meta:
        abstract = True

    def _english_on_lithuanian_page(self) -> bool:
        return (get_language() or "").startswith("lt") and not self.label_lt

    @property
    def label(self) -> str:
        if (get_language() or "").startswith("lt") and self.label_lt:
            return self.label_lt
        return self.label_en

    @property
    def label_html(self) -> SafeString:
        """The label for a page: an English fallback on a Lithuanian page carries lang="en" (WCAG 3.1.2)."""
        if self._english_on_lithuanian_page():
            return format_html('<span lang="en">{}</span>', self.label_en)
        return format_html("{}", self.label)


class Skill(LabelledConcept):
    """An ESCO skill, knowledge concept or (is_group) a group of the skills pillar's hierarchy."""

    class Type(models.TextChoices):
        SKILL = "skill/competence", _("Skill or competence")
        KNOWLEDGE = "knowledge", _("Knowledge")
        GROUP = "group", _("Skill group")

    uri = models.CharField(_("ESCO URI"), max_length=255, unique=True)
    skill_type = models.CharField(_("type"), max_length=20, choices=Type.choices, default=Type.SKILL)
    reuse_level = models.CharField(_("reuse level"), max_length=30, blank=True)
    label_en = models.CharField(_("English label"), max_length=255)
    label_lt = models.CharField(_("Lithuanian label"), max_length=255, blank=True)
    alt_labels_en = models.TextField(_("English synonyms"), blank=True, help_text=_("One per line."))
    alt_labels_lt = models.TextField(_("Lithuanian synonyms"), blank=True, help_text=_("One per line."))
    description_en = models.TextField(_("English description"), blank=True)
    # Every label and synonym in both languages, case-folded: autocomplete searches this one column.
    search_text = models.TextField(editable=False, blank=True)
    broader = models.ManyToManyField(
        "self", symmetrical=False, related_name="narrower", blank=True, verbose_name=_("broader concepts")
    )

    class Meta:
        verbose_name = _("skill")
        verbose_name_plural = _("skills")
        ordering = ["label_en"]
        indexes = [models.Index(fields=["skill_type", "label_en"])]

    def __str__(self) -> str:
        return self.label


class Occupation(LabelledConcept):
    """An ESCO occupation or (is_group) an ISCO-08 group above the occupations."""

    uri = models.CharField(_("ESCO URI"), max_length=255, unique=True)
    code = models.CharField(_("code"), max_length=40, blank=True)
    isco_group = models.CharField(_("ISCO-08 group"), max_length=8, blank=True)
    is_group = models.BooleanField(_("ISCO group"), default=False)
    label_en = models.CharField(_("English label"), max_length=255)
    label_lt = models.CharField(_("Lithuanian label"), max_length=255, blank=True)
    alt_labels_en = models.TextField(_("English synonyms"), blank=True, help_text=_("One per line."))
    alt_labels_lt = models.TextField(_("Lithuanian synonyms"), blank=True, help_text=_("One per line."))
    description_en = models.TextField(_("English description"), blank=True)
    search_text = models.TextField(editable=False, blank=True)
    broader = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="narrower", verbose_name=_("broader")
    )
    skills: "models.ManyToManyField[Skill, OccupationSkill]" = models.ManyToManyField(
        Skill, through="OccupationSkill", related_name="occupations", blank=True
    )

    class Meta:
        verbose_name = _("occupation")
        verbose_name_plural = _("occupations")
        ordering = ["label_en"]

    def __str__(self) -> str:
        return self.label


class OccupationSkill(models.Model):
    class Relation(models.TextChoices):
        ESSENTIAL = "essential", _("Essential")
        OPTIONAL = "optional", _("Optional")

    occupation = models.ForeignKey(Occupation, on_delete=models.CASCADE, related_name="skill_links")
    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="occupation_links")
    relation = models.CharField(_("relation"), max_length=10, choices=Relation.choices)

    class Meta:
        verbose_name = _("occupation's skill")
        verbose_name_plural = _("occupations' skills")
        constraints = [models.UniqueConstraint(fields=["occupation", "skill"], name="talent_occupation_skill_unique")]

    def __str__(self) -> str:
        return f"{self.occupation_id} → {self.skill_id} ({self.relation})"


class SkillRelation(models.Model):
    """ESCO's skill-to-skill relations (a skill that goes with another, essentially or optionally)."""

    skill = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="relations_out")
    related = models.ForeignKey(Skill, on_delete=models.CASCADE, related_name="relations_in")
    relation = models.CharField(_("relation"), max_length=10, choices=OccupationSkill.Relation.choices)

    class Meta:
        verbose_name = _("skill relation")
        verbose_name_plural = _("skill relations")
        constraints = [models.UniqueConstraint(fields=["skill", "related"], name="talent_skill_relation_unique")]

    def __str__(self) -> str:
        return f"{self.skill_id} → {self.related_id} ({self.relation})"


# -------------------------------------------------------------------------------------- shared choices


class Language(models.TextChoices):
    LITHUANIAN = "lt", _("Lithuanian")
    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")
    POLISH = "pl", _("Polish")
    GERMAN = "de", _("German")
    FRENCH = "fr", _("French")
    SPANISH = "es", _("Spanish")
    UKRAINIAN = "uk", _("Ukrainian")
    NORWEGIAN = "no", _("Norwegian")
    SWEDISH = "sv", _("Swedish")
    ITALIAN = "it", _("Italian")
    LATVIAN = "lv", _("Latvian")


class Cefr(models.IntegerChoices):
    A1 = 1, "A1"
    A2 = 2, "A2"
    B1 = 3, "B1"
    B2 = 4, "B2"
    C1 = 5, "C1"
    C2 = 6, _("C2 or native")


class Isced(models.IntegerChoices):
    """ISCED 2011 levels of education."""

    PRIMARY = 1, _("Primary education (ISCED 1)")
    LOWER_SECONDARY = 2, _("Lower secondary (ISCED 2)")
    UPPER_SECONDARY = 3, _("Upper secondary, e.g. gymnasium or vocational school (ISCED 3)")
    POST_SECONDARY = 4, _("Post-secondary non-tertiary (ISCED 4)")
    SHORT_TERTIARY = 5, _("Short-cycle tertiary (ISCED 5)")
    BACHELOR = 6, _("Bachelor's or professional bachelor's, e.g. college (ISCED 6)")
    MASTER = 7, _("Master's (ISCED 7)")
    DOCTORATE = 8, _("Doctorate (ISCED 8)")


class OpportunityKind(models.TextChoices):
    JOB = "job", _("Job")
    INTERNSHIP = "internship", _("Internship")
    APPRENTICESHIP = "apprenticeship", _("Apprenticeship")
    MENTORSHIP = "mentorship", _("Mentorship")
    COWORKING = "coworking", _("Co-working place")
    PROJECT = "project", _("Project")
    COFOUNDER = "cofounder", _("Co-founder or starting a business")


# --------------------------------------------------------------------------------------------- talent


class TalentProfile(TimeStampedModel):
    """Who a person is, once: the platform keeps matching it with opportunities."""

    class Kind(models.TextChoices):
        SCHOOL_LEAVER = "school-leaver", _("School leaver")
        STUDENT = "student", _("Student")
        GRADUATE = "graduate", _("Graduate")
        LOCAL_PROFESSIONAL = "local-professional", _("Local professional")
        EXPATRIATE = "expatriate", _("Expatriate living in Lithuania")
        LITHUANIAN_ABROAD = "lithuanian-abroad", _("Lithuanian living abroad")
        RETURN_MIGRANT = "return-migrant", _("Return migrant")

    class Mobility(models.TextChoices):
        LIVES_HERE = "lives-here", _("I live in or near the city and want to stay")
        WILL_MOVE = "will-move", _("I would move to the city")
        REMOTE_ONLY = "remote-only", _("Only remote work")
        NOT_NOW = "not-now", _("Not planning to move")

    class Visibility(models.TextChoices):
        EMPLOYERS = "employers", _("Registered employers (verified organisations)")
        MATCHED = "matched", _("Only employers whose opportunities match me or that I contacted")
        NOBODY = "nobody", _("Nobody")

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="talent_profile", verbose_name=_("person")
    )
    kind = models.CharField(_("who I am"), max_length=24, choices=Kind.choices)
    headline = models.CharField(_("headline"), max_length=160, blank=True)
    about = models.TextField(_("about me"), blank=True, max_length=4000)
    city = models.CharField(_("where I live now (city)"), max_length=100, blank=True)
    country = models.CharField(_("country"), max_length=100, blank=True)
    mobility = models.CharField(_("moving to the city"), max_length=16, choices=Mobility.choices, blank=True)
    move_date = models.DateField(_("from when"), null=True, blank=True)
    remote_ok = models.BooleanField(_("I would work remotely"), default=False)
    education_level = models.PositiveSmallIntegerField(
        _("highest education"), choices=Isced.choices, null=True, blank=True
    )
    education_field = models.CharField(_("field of study"), max_length=150, blank=True)
    institution = models.CharField(_("school or university"), max_length=150, blank=True)
    education_start = models.PositiveSmallIntegerField(_("studies from (year)"), null=True, blank=True)
    education_end = models.PositiveSmallIntegerField(_("studies until (year)"), null=True, blank=True)
    occupation = models.ForeignKey(
        Occupation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("occupation")
    )
    experience_years = models.PositiveSmallIntegerField(_("years of experience"), null=True, blank=True)
    looking_for = models.JSONField(_("what I look for"), default=list, blank=True)
    available_from = models.DateField(_("available from"), null=True, blank=True)
    cv = models.FileField(_("CV (PDF)"), upload_to="talent/cv/%Y/", blank=True)
    # Optional; a private picture (core.pictures) shown only where the profile itself may be seen.
    photo = models.ForeignKey(
        "core.Picture",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
        verbose_name=_("photo"),
    )
    visibility = models.CharField(
        _("who may see my profile"), max_length=16, choices=Visibility.choices, default=Visibility.EMPLOYERS
    )
    consent_at = models.DateTimeField(_("consent given at"), null=True, blank=True)
    consent_version = models.CharField(_("consent text version"), max_length=20, blank=True)
    # Slugs of the profile's steps (profile_steps.STEPS) the person has saved, for the task list's statuses.
    steps_saved = models.JSONField(_("profile steps saved"), default=list, blank=True, editable=False)
    # The matching engine's precomputed view of this profile (see matching.py), kept in step by services.
    match_vector = models.JSONField(default=dict, editable=False)
    vector_seq = models.BigIntegerField(default=0, editable=False, db_index=True)
    # The key of this person in the city's own records, kept so that a re-import updates the same profile.
    external_key = models.CharField(_("external key"), max_length=100, blank=True, editable=False)

    class Meta:
        verbose_name = _("talent profile")
        verbose_name_plural = _("talent profiles")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["kind", "created_at"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(education_start__isnull=True)
                | Q(education_end__isnull=True)
                | Q(education_start__lte=F("education_end")),
                name="talent_profile_education_years_ordered",
                violation_error_message=_("Studies cannot end before they start."),
            ),
            models.CheckConstraint(
                condition=Q(visibility="nobody") | Q(consent_at__isnull=False),
                name="talent_profile_visible_only_with_consent",
                violation_error_message=_("Employers may see a profile only after its owner consents."),
            ),
            models.UniqueConstraint(
                fields=["external_key"],
                condition=~Q(external_key=""),
                name="talent_profile_external_key_unique",
                violation_error_message=_("Another profile already has this external key."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.get_kind_display()})"

    @property
    def public_name(self) -> str:
        """What employers see before the person accepts contact: no name, a stable pseudonym."""
        return _("Talent #%(id)s") % {"id": self.pk}

    def looking_for_labels(self) -> list[str]:
        labels = dict(OpportunityKind.choices)
        return [str(labels[k]) for k in self.looking_for if k in labels]


class SkillLevel(models.IntegerChoices):
    BASIC = 1, _("Basic")
    INTERMEDIATE = 2, _("Intermediate")
    ADVANCED = 3, _("Advanced")
    EXPERT = 4, _("Expert")


class TalentSkill(models.Model):
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    level = models.PositiveSmallIntegerField(_("level"), choices=SkillLevel.choices, default=SkillLevel.INTERMEDIATE)

    class Meta:
        verbose_name = _("talent's skill")
        verbose_name_plural = _("talents' skills")
        constraints = [
            models.UniqueConstraint(fields=["profile", "skill"], name="talent_skill_once_per_profile"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=4), name="talent_skill_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.skill_id} ({self.level})"


class TalentLanguage(models.Model):
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    level = models.PositiveSmallIntegerField(_("level (CEFR)"), choices=Cefr.choices)

    class Meta:
        verbose_name = _("talent's language")
        verbose_name_plural = _("talents' languages")
        constraints = [
            models.UniqueConstraint(fields=["profile", "language"], name="talent_language_once_per_profile"),
            models.CheckConstraint(condition=Q(level__gte=1, level__lte=6), name="talent_language_level_range"),
        ]

    def __str__(self) -> str:
        return f"{self.profile_id}: {self.language} {self.level}"


# ------------------------------------------------------------------------------------------ employers


class Opportunity(TimeStampedModel):
    """A job, internship, mentorship, desk, project or co-founder search posted by a verified organisation."""

    class Workplace(models.TextChoices):
        ON_SITE = "on-site", _("On site")
        HYBRID = "hybrid", _("Hybrid")
        REMOTE = "remote", _("Remote")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        SUSPENDED = "suspended", _("Suspended by moderators")

    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.CASCADE,
        related_name="opportunities",
        verbose_name=_("organisation"),
    )
    posted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(_("kind"), max_length=20, choices=OpportunityKind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), max_length=8000)
    occupation = models.ForeignKey(
        Occupation, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("occupation")
    )
    education_level = models.PositiveSmallIntegerField(
        _("minimum education"), choices=Isced.choices, null=True, blank=True
    )
    city = models.CharField(_("place (city)"), max_length=100, blank=True, default=default_location)
    workplace = models.CharField(_("workplace"), max_length=10, choices=Workplace.choices, default=Workplace.ON_SITE)
    salary_min = models.PositiveIntegerField(_("salary from (EUR per month, gross)"), null=True, blank=True)
    salary_max = models.PositiveIntegerField(_("salary up to (EUR per month, gross)"), null=True, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    closes_on = models.DateField(_("applications close on"), null=True, blank=True)
    # Where the employer takes applications on its own site; the page then links there instead of the form.
    apply_url = models.URLField(
        _("application page on your own site"),
        max_length=500,
        blank=True,
        help_text=_("Leave empty to receive applications here on Talentas."),
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    moderation_note = models.TextField(_("moderation note"), blank=True)
    match_vector = models.JSONField(default=dict, editable=False)
    vector_seq = models.BigIntegerField(default=0, editable=False, db_index=True)
    # The organisation's own key for it (e.g. an HR system's), so that a re-import updates instead of duplicating.
    external_key = models.CharField(_("external key"), max_length=100, blank=True, editable=False)
    # The job board's full-text document: " stem stem … " of the title, description, organisation, occupation
    # and skills by both Snowball stemmers (matching.text_terms), kept in step by the services. PostgreSQL has
    # no Lithuanian dictionary, so this column is what its full-text search and SQLite's fallback both read.
    search_document = models.TextField(default="", blank=True, editable=False)

    class Meta:
        verbose_name = _("opportunity")
        verbose_name_plural = _("opportunities")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["status", "closes_on"])]
        constraints = [
            models.CheckConstraint(
                condition=Q(salary_min__isnull=True) | Q(salary_max__isnull=True) | Q(salary_min__lte=F("salary_max")),
                name="talent_opportunity_salary_range_ordered",
                violation_error_message=_("The salary's lower end cannot exceed its upper end."),
            ),
            models.UniqueConstraint(
                fields=["organisation", "external_key"],
                condition=~Q(external_key=""),
                name="talent_opportunity_external_key_unique",
                violation_error_message=_("This organisation already has an opportunity with this external key."),
            ),
        ]

    def __str__(self) -> str:
        return self.title


class OpportunitySkill(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="skills")
    skill = models.ForeignKey(Skill, on_delete=models.PROTECT, related_name="+")
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["opportunity", "skill"], name="talent_opportunity_skill_once")]

    def __str__(self) -> str:
        return f"{self.opportunity_id}: {self.skill_id}"


class OpportunityLanguage(models.Model):
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="languages")
    language = models.CharField(_("language"), max_length=8, choices=Language.choices)
    min_level = models.PositiveSmallIntegerField(_("minimum level (CEFR)"), choices=Cefr.choices)
    required = models.BooleanField(_("required"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["opportunity", "language"], name="talent_opportunity_language_once"),
            models.CheckConstraint(condition=Q(min_level__gte=1, min_level__lte=6), name="talent_opp_lang_level"),
        ]

    def __str__(self) -> str:
        return f"{self.opportunity_id}: {self.language} {self.min_level}"


class MatchIndexState(models.Model):
    """One row: a counter the in-memory match index compares to know when to reload changed vectors."""

    seq = models.BigIntegerField(default=0)
    deletions = models.BigIntegerField(default=0)
    # A fresh value whenever the row is made anew (an emptied database): the index then reloads everything.
    generation = models.CharField(max_length=32, default=new_generation)

    def __str__(self) -> str:
        return f"match index {self.generation} #{self.seq}"


class EscoImportState(models.Model):
    """One row: the digest of the ESCO files last imported, so that importing the same files again is skipped."""

    digest = models.CharField(max_length=64)
    directory = models.CharField(max_length=500, blank=True)
    imported_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"ESCO {self.digest[:12]} ({self.imported_at:%Y-%m-%d})"


class Match(TimeStampedModel):
    """A talent and an opportunity found to fit (score at or above the threshold), kept for metrics and digests."""

    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="matches")
    opportunity = models.ForeignKey(Opportunity, on_delete=models.CASCADE, related_name="matches")
    score = models.PositiveSmallIntegerField(_("score"))
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["profile", "opportunity"], name="talent_match_once")]

    def __str__(self) -> str:
        return f"{self.profile_id} ↔ {self.opportunity_id}: {self.score}"


# ------------------------------------------------------------------------------------------- contacts


class Shortlist(TimeStampedModel):
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.CASCADE, related_name="+")
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="+")
    added_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["organisation", "profile"], name="talent_shortlist_once")]

    def __str__(self) -> str:
        return f"{self.organisation_id}: {self.profile_id}"


class ContactRequest(TimeStampedModel):
    """An employer asks to contact a person; contact details are shared only once the person accepts."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Waiting for the person's answer")
        ACCEPTED = "accepted", _("Accepted")
        DECLINED = "declined", _("Declined")

    organisation = models.ForeignKey(
        "organisations.Organisation", on_delete=models.CASCADE, related_name="+", verbose_name=_("organisation")
    )
    profile = models.ForeignKey(TalentProfile, on_delete=models.CASCADE, related_name="contact_requests")
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("about")
    )
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    message = models.TextField(_("message"), max_length=2000)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PENDING)
    answered_at = models.DateTimeField(null=True, blank=True)
    placed_at = models.DateTimeField(_("placement reported"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "profile"],
                condition=Q(status="pending"),
                name="talent_one_pending_contact_per_pair",
                violation_error_message=_("Your organisation already asked this person; wait for the answer."),
            ),
            models.CheckConstraint(
                condition=Q(status="pending", answered_at__isnull=True)
                | (~Q(status="pending") & Q(answered_at__isnull=False)),
                name="talent_contact_answered_when_decided",
            ),
            models.CheckConstraint(
                condition=Q(placed_at__isnull=True) | Q(status="accepted"), name="talent_placement_needs_acceptance"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.organisation_id} → {self.profile_id} ({self.status})"


class Message(TimeStampedModel):
    contact = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, related_name="messages")
    sender = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    body = models.TextField(_("message"), max_length=4000)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.contact_id}: {self.body[:40]}"


class Report(TimeStampedModel):
    """Someone flags a contact request, a message or an opportunity as abuse; staff review it."""

    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    contact = models.ForeignKey(ContactRequest, on_delete=models.CASCADE, null=True, blank=True, related_name="reports")
    opportunity = models.ForeignKey(
        Opportunity, on_delete=models.CASCADE, null=True, blank=True, related_name="reports"
    )
    reason = models.TextField(_("what is wrong"), max_length=2000)
    resolved_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(contact__isnull=False) | Q(opportunity__isnull=False), name="talent_report_has_subject"
            )
        ]

    def __str__(self) -> str:
        return self.reason[:60]


# --------------------------------------------------------------------------------------------- alerts


class Alert(TimeStampedModel):
    """A saved search or a new-match digest, mailed daily or weekly."""

    class Frequency(models.TextChoices):
        DAILY = "daily", _("Daily")
        WEEKLY = "weekly", _("Weekly")

    class Subject(models.TextChoices):
        MY_MATCHES = "my-matches", _("New opportunities that match my profile")
        SEARCH = "search", _("New opportunities for a search")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="talent_alerts")
    subject = models.CharField(_("what"), max_length=12, choices=Subject.choices, default=Subject.MY_MATCHES)
    query = models.CharField(_("search words"), max_length=200, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=OpportunityKind.choices, blank=True)
    frequency = models.CharField(_("how often"), max_length=8, choices=Frequency.choices, default=Frequency.WEEKLY)
    last_sent_at = models.DateTimeField(null=True, blank=True)
    active = models.BooleanField(default=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.subject} {self.frequency}"
