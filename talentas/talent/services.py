"""Writes of the talent marketplace: profiles, opportunities, contacts, shortlists, alerts and matches.

Every service checks the actor's right through `permissions`, validates with `core.errors.validate()`, runs
in one transaction, and keeps the matching vectors (and the index's change counter) in step.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.text import format_lazy
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.utils import get_translation_fields

from talentas.accounts.models import User
from talentas.audit.services import log_action
from talentas.core import pictures
from talentas.core.city import default_location
from talentas.core.errors import Conflict, DomainError, NotFound, PermissionDenied, validate
from talentas.core.links import absolute_url
from talentas.core.metrics import data_changed_after_commit
from talentas.core.models import Picture
from talentas.notices.services import language_of, notify
from talentas.organisations.models import Organisation

from . import matching, permissions, profile_steps, search
from .models import (
    Alert,
    ContactRequest,
    Match,
    MatchIndexState,
    Message,
    Occupation,
    OccupationSkill,
    Opportunity,
    OpportunityKind,
    OpportunityLanguage,
    OpportunitySkill,
    Report,
    Shortlist,
    Skill,
    SkillRelation,
    TalentLanguage,
    TalentProfile,
    TalentSkill,
)

CONSENT_VERSION = settings.TALENT_CONSENT_VERSION
# The data controller is the deployment's (settings.DATA_CONTROLLER), so another city runs with its own name here.
CONSENT_TEXT = format_lazy(
    gettext_lazy(
        "I agree that {controller}, which runs this Talentas platform, keeps the profile I enter and shows it, as I "
        "choose, to verified employers and organisations so they can offer me jobs, internships, mentoring and "
        "co-working. I can change who sees it, download my data or delete my account at any time."
    ),
    controller=settings.DATA_CONTROLLER,
)
CV_MAX_BYTES = 5 * 1024 * 1024
CONTACTS_PER_ORGANISATION_PER_DAY = 20
CONTACTS_PER_PERSON_PER_HOUR = 10
MESSAGES_PER_PERSON_PER_MINUTE = 10
MAX_SKILLS = 60
# An opportunity described by its ESCO occupation carries every essential and optional skill of it: the
# shipped ESCO has occupations with up to 340, so the bound sits above that (test_importing measures it).
MAX_OPPORTUNITY_SKILLS = 400


# ------------------------------------------------------------------------------------- match vectors


def _bump_index(*, deleted: bool = False) -> int:
    """Advance the index's change counter; rows saved in this transaction take the new number."""
    MatchIndexState.objects.get_or_create(pk=1)
    MatchIndexState.objects.filter(pk=1).update(seq=F("seq") + 1, deletions=F("deletions") + int(deleted))
    return MatchIndexState.objects.values_list("seq", flat=True).get(pk=1)


def _visibility_level(profile: TalentProfile) -> int:
    if profile.consent_at is None or profile.visibility == TalentProfile.Visibility.NOBODY:
        return matching.VISIBLE_NOBODY
    if profile.visibility == TalentProfile.Visibility.MATCHED:
        return matching.VISIBLE_MATCHED
    return matching.VISIBLE_EMPLOYERS


def skill_weights(skill_ids: set[int]) -> dict[int, float]:
    """Each skill's rarity weight from ESCO's occupation-skill relations (matching.skill_weight)."""
    occupations = Occupation.objects.filter(is_group=False).count()
    counts = dict(
        OccupationSkill.objects.filter(skill_id__in=skill_ids)
        .values("skill_id")
        .annotate(n=Count("occupation_id"))
        .values_list("skill_id", "n")
    )
    return {pk: round(matching.skill_weight(counts.get(pk, 0), occupations), 4) for pk in skill_ids}


def talent_vector_data(
    profile: TalentProfile,
    skills: dict[int, int],
    languages: dict[str, int],
    weights: dict[int, float] | None = None,
) -> dict:
    if weights is None:
        weights = skill_weights(set(skills))
    occupation_label = profile.occupation.label_en if profile.occupation_id and profile.occupation else ""
    return {
        "s": {str(k): v for k, v in skills.items()},
        "w": {str(k): weights.get(k, 1.0) for k in skills},
        "l": languages,
        "e": profile.education_level,
        "c": profile.city.strip().casefold(),
        "m": profile.mobility,
        "md": profile.move_date.toordinal() if profile.move_date else None,
        "r": bool(profile.remote_ok or profile.mobility == TalentProfile.Mobility.REMOTE_ONLY),
        "a": profile.available_from.toordinal() if profile.available_from else None,
        "k": list(profile.looking_for),
        "t": matching.text_terms(profile.headline, profile.about, profile.education_field, occupation_label),
        "v": _visibility_level(profile),
    }


def skill_neighbours(skill_ids: set[int]) -> dict[int, set[int]]:
    """Skills that count half for each skill: ESCO's related skills and its broader or narrower skills."""
    neighbours: dict[int, set[int]] = {pk: set() for pk in skill_ids}
    for a, b in SkillRelation.objects.filter(Q(skill_id__in=skill_ids) | Q(related_id__in=skill_ids)).values_list(
        "skill_id", "related_id"
    ):
        if a in neighbours:
            neighbours[a].add(b)
        if b in neighbours:
            neighbours[b].add(a)
    through = Skill.broader.through
    hierarchy = (
        through.objects.filter(Q(from_skill_id__in=skill_ids) | Q(to_skill_id__in=skill_ids))
        .exclude(from_skill__skill_type=Skill.Type.GROUP)
        .exclude(to_skill__skill_type=Skill.Type.GROUP)
        .values_list("from_skill_id", "to_skill_id")
    )
    for narrower, broader in hierarchy:
        if narrower in neighbours:
            neighbours[narrower].add(broader)
        if broader in neighbours:
            neighbours[broader].add(narrower)
    for pk, related in neighbours.items():
        related.discard(pk)
    return neighbours


def opportunity_vector_data(
    opportunity: Opportunity,
    skills: list[tuple[int, bool]],
    languages: list[tuple[str, int, bool]],
    organisation_verified: bool,
    neighbours: dict[int, set[int]] | None = None,
    weights: dict[int, float] | None = None,
    degrees: dict[int, int] | None = None,
) -> dict:
    """The opportunity's match vector; neighbours, weights and degrees (neighbour counts) are looked up when
    not given (a bulk import passes them once for all)."""
    own = {pk for pk, _required in skills}
    if neighbours is None:
        neighbours = skill_neighbours(own)
    related = set().union(*(neighbours.get(pk, set()) for pk in own)) - own if own else set()
    if degrees is None:
        degrees = {pk: len(near) for pk, near in skill_neighbours(related).items()} if related else {}
    if weights is None:
        weights = skill_weights(own)
    occupation_label = opportunity.occupation.label_en if opportunity.occupation_id and opportunity.occupation else ""
    return {
        "rq": [[pk, sorted(neighbours.get(pk, ()))] for pk, required in skills if required],
        "op": [[pk, sorted(neighbours.get(pk, ()))] for pk, required in skills if not required],
        "sw": {str(pk): weights.get(pk, 1.0) for pk in sorted(own)},
        "d": {str(pk): round(matching.related_share(degrees.get(pk, 1)), 4) for pk in sorted(related)},
        "l": [[code, level, required] for code, level, required in languages],
        "e": opportunity.education_level,
        "c": (opportunity.city or "").strip().casefold(),
        "w": opportunity.workplace,
        "st": opportunity.start_date.toordinal() if opportunity.start_date else None,
        "cl": opportunity.closes_on.toordinal() if opportunity.closes_on else None,
        "k": opportunity.kind,
        "t": matching.text_terms(*opportunity_texts_in_each_language(opportunity), occupation_label),
        "open": opportunity.status == Opportunity.Status.OPEN and organisation_verified,
        "org": opportunity.organisation_id,
    }


def _texts_of(opportunity: Opportunity, name: str) -> list[str]:
    """The field's text in each language (`title_lt`, `title_en`), the ones written, each once."""
    texts = [getattr(opportunity, field, "") or "" for field in get_translation_fields(name)]
    return [text for text in dict.fromkeys(texts) if text.strip()]


def opportunity_texts_in_each_language(opportunity: Opportunity) -> list[str]:
    """An opportunity's title and description in every language it has them in: what matching and the job
    board's search read, so a Lithuanian query finds the Lithuanian text and an English one the English."""
    return [*_texts_of(opportunity, "title"), *_texts_of(opportunity, "description")]


def refresh_talent_vector(profile: TalentProfile) -> None:
    skills = dict(TalentSkill.objects.filter(profile=profile).values_list("skill_id", "level"))
    languages = dict(TalentLanguage.objects.filter(profile=profile).values_list("language", "level"))
    profile.match_vector = talent_vector_data(profile, skills, languages)
    profile.vector_seq = _bump_index()
    TalentProfile.objects.filter(pk=profile.pk).update(match_vector=profile.match_vector, vector_seq=profile.vector_seq)


def refresh_opportunity_vector(opportunity: Opportunity) -> None:
    skills = list(OpportunitySkill.objects.filter(opportunity=opportunity).values_list("skill_id", "required"))
    languages = list(
        OpportunityLanguage.objects.filter(opportunity=opportunity).values_list("language", "min_level", "required")
    )
    verified = Organisation.objects.filter(
        pk=opportunity.organisation_id, verification=Organisation.Verification.VERIFIED
    ).exists()
    opportunity.match_vector = opportunity_vector_data(opportunity, skills, languages, verified)
    opportunity.vector_seq = _bump_index()
    Opportunity.objects.filter(pk=opportunity.pk).update(
        match_vector=opportunity.match_vector, vector_seq=opportunity.vector_seq
    )


def refresh_opportunity_search_document(opportunity: Opportunity) -> None:
    """Store the job board's full-text document of the opportunity (see search.py) from what it says now."""
    skills = Skill.objects.filter(pk__in=OpportunitySkill.objects.filter(opportunity=opportunity).values("skill_id"))
    occupation = opportunity.occupation if opportunity.occupation_id else None
    opportunity.search_document = search.search_document(
        search.opportunity_texts(
            title=" ".join(dict.fromkeys(_texts_of(opportunity, "title"))),
            description=" ".join(dict.fromkeys(_texts_of(opportunity, "description"))),
            organisation=opportunity.organisation.name,
            occupation_labels=[occupation.label_en, occupation.label_lt] if occupation else [],
            skill_labels=[label for pair in skills.values_list("label_en", "label_lt") for label in pair],
        )
    )
    Opportunity.objects.filter(pk=opportunity.pk).update(search_document=opportunity.search_document)


def rebuild_talent_vectors() -> int:
    """Recompute every profile's vector (after an ESCO update changed the skill weights, or the scoring changed)."""
    count = 0
    for profile in TalentProfile.objects.select_related("occupation").iterator(chunk_size=500):
        with transaction.atomic():
            refresh_talent_vector(profile)
        count += 1
    return count


def rebuild_opportunity_vectors() -> int:
    """Recompute every opportunity's vector (after an ESCO update changed the skill relations)."""
    count = 0
    for opportunity in Opportunity.objects.select_related("occupation").iterator(chunk_size=500):
        with transaction.atomic():
            refresh_opportunity_vector(opportunity)
        count += 1
    return count


# ------------------------------------------------------------------------------------------- profiles


@dataclass(frozen=True)
class ProfileInput:
    kind: str
    headline: str = ""
    about: str = ""
    city: str = ""
    country: str = ""
    mobility: str = ""
    move_date: date | None = None
    remote_ok: bool = False
    education_level: int | None = None
    education_field: str = ""
    institution: str = ""
    education_start: int | None = None
    education_end: int | None = None
    occupation_id: int | None = None
    experience_years: int | None = None
    looking_for: tuple[str, ...] = ()
    available_from: date | None = None
    visibility: str = TalentProfile.Visibility.EMPLOYERS


def _validate_skills(skills: list[tuple[int, int]], *, most: int = MAX_SKILLS) -> dict[int, int]:
    if len(skills) > most:
        raise DomainError(_("List at most %(n)s skills.") % {"n": most}, field="skills", code="too_many_skills")
    chosen: dict[int, int] = {}
    for pk, level in skills:
        if level not in (1, 2, 3, 4):
            raise DomainError(_("A skill's level must be from 1 (basic) to 4 (expert)."), field="skills")
        chosen[int(pk)] = int(level)
    known = set(
        Skill.objects.filter(pk__in=list(chosen)).exclude(skill_type=Skill.Type.GROUP).values_list("pk", flat=True)
    )
    unknown = set(chosen) - known
    if unknown:
        raise DomainError(_("Unknown skill: %(ids)s.") % {"ids": ", ".join(map(str, sorted(unknown)))}, field="skills")
    return chosen


def _validate_languages(languages: list[tuple[str, int]]) -> dict[str, int]:
    from .models import Language

    chosen: dict[str, int] = {}
    for code, level in languages:
        if code not in Language.values:
            raise DomainError(_("Unknown language %(code)s.") % {"code": code}, field="languages")
        if level not in range(1, 7):
            raise DomainError(_("A language level must be a CEFR level from A1 to C2."), field="languages")
        chosen[code] = int(level)
    return chosen


@transaction.atomic
def save_talent_profile(
    *,
    user: User,
    data: ProfileInput,
    skills: list[tuple[int, int]],
    languages: list[tuple[str, int]],
    consent: bool,
    external_key: str | None = None,
) -> TalentProfile:
    """Create or update the person's own profile, its skills and languages; record consent when given.

    Employers can see a profile only with consent: without it the profile is saved as visible to nobody.
    `external_key` (an import's key for the person) is kept when given; None leaves it as it is.
    """
    values = {name: list(value) if name == "looking_for" else value for name, value in data.__dict__.items()}
    if external_key is not None:
        values["external_key"] = external_key
    return _save_profile(
        user=user,
        values=values,
        skills=skills,
        languages=languages,
        consent=consent,
        steps=profile_steps.WHOLE_PROFILE,
    )


@transaction.atomic
def save_profile_step(
    *,
    user: User,
    step: str,
    values: dict[str, Any],
    skills: list[tuple[int, int]] | None = None,
    languages: list[tuple[str, int]] | None = None,
    consent: bool = False,
) -> TalentProfile:
    """Save one step of the person's profile: only that step's fields (and its skills or languages) change.

    The first step creates the profile, hidden from everybody until the person chooses who sees it; every
    other step needs the profile to exist (`profile_missing`). Validation, consent and the match vector are
    kept exactly as for the whole profile.
    """
    definition = profile_steps.BY_SLUG.get(step)
    if definition is None:
        raise NotFound(_("No such step of the profile."), code="unknown_step")
    unknown = set(values) - set(definition.fields)
    if unknown:
        raise DomainError(
            _("This step does not change: %(fields)s.") % {"fields": ", ".join(sorted(unknown))}, code="wrong_step"
        )
    return _save_profile(
        user=user,
        values=values,
        skills=skills if definition.skills else None,
        languages=languages if definition.languages else None,
        consent=consent and definition.consent,
        steps=(definition.slug,),
    )


def _save_profile(
    *,
    user: User,
    values: dict[str, Any],
    skills: list[tuple[int, int]] | None,
    languages: list[tuple[str, int]] | None,
    consent: bool,
    steps: tuple[str, ...],
) -> TalentProfile:
    """The one write of a profile: `values` set on the row, skills and languages replaced unless None."""
    if not user.is_authenticated or not user.is_active:
        raise PermissionDenied(_("Sign in to keep a talent profile."))
    profile = TalentProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        if "kind" not in values:
            raise DomainError(
                _("Start with the first step: tell us who you are."), code="profile_missing", field="kind"
            )
        # Hidden until the person says who may see it; the whole-profile paths say it in `values`.
        profile = TalentProfile(user=user, visibility=TalentProfile.Visibility.NOBODY)
    bad_kinds = set(values.get("looking_for", ())) - set(OpportunityKind.values)
    if bad_kinds:
        raise DomainError(
            _("Unknown kind of opportunity: %(k)s.") % {"k": ", ".join(sorted(bad_kinds))}, field="looking_for"
        )
    for name, value in values.items():
        setattr(profile, name, value)
    if consent and profile.consent_at is None:
        profile.consent_at = timezone.now()
        profile.consent_version = CONSENT_VERSION
    if profile.consent_at is None and profile.visibility != TalentProfile.Visibility.NOBODY:
        raise DomainError(
            _("To let employers see your profile, tick the consent box; or choose that nobody sees it."),
            code="consent_required",
            field="consent",
        )
    chosen_skills = _validate_skills(skills) if skills is not None else None
    chosen_languages = _validate_languages(languages) if languages is not None else None
    profile.steps_saved = [s.slug for s in profile_steps.STEPS if s.slug in {*profile.steps_saved, *steps}]
    validate(profile, exclude=["user", "match_vector", "cv"])
    profile.save()
    if chosen_skills is not None:
        TalentSkill.objects.filter(profile=profile).exclude(skill_id__in=list(chosen_skills)).delete()
        existing = dict(TalentSkill.objects.filter(profile=profile).values_list("skill_id", "level"))
        for pk, level in chosen_skills.items():
            if pk not in existing:
                TalentSkill.objects.create(profile=profile, skill_id=pk, level=level)
            elif existing[pk] != level:
                TalentSkill.objects.filter(profile=profile, skill_id=pk).update(level=level)
    if chosen_languages is not None:
        TalentLanguage.objects.filter(profile=profile).delete()
        TalentLanguage.objects.bulk_create(
            [TalentLanguage(profile=profile, language=c, level=lv) for c, lv in chosen_languages.items()]
        )
    refresh_talent_vector(profile)
    transaction.on_commit(lambda: _record_matches_later(profile_id=profile.pk))
    return profile


@transaction.atomic
def withdraw_consent(*, user: User) -> TalentProfile:
    """The person takes consent back: nobody sees the profile any more."""
    profile = TalentProfile.objects.select_for_update().get(user=user)
    profile.consent_at = None
    profile.consent_version = ""
    profile.visibility = TalentProfile.Visibility.NOBODY
    profile.save(update_fields=["consent_at", "consent_version", "visibility", "updated_at"])
    refresh_talent_vector(profile)
    return profile


def _check_pdf(upload: UploadedFile) -> None:
    if upload.size is None or upload.size > CV_MAX_BYTES:
        raise DomainError(_("The CV may be at most 5 MB."), field="cv")
    if upload.size < 64:
        raise DomainError(_("This file is too small to be a CV."), field="cv")
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    # Judged by content, not by name: a PDF starts with "%PDF-" (allowed within the first 1 KB).
    if b"%PDF-" not in head:
        raise DomainError(_("The CV must be a PDF file."), field="cv")


# Other apps that take a CV (job applications) check it the same way.
check_cv_pdf = _check_pdf


@transaction.atomic
def attach_cv(*, user: User, upload: UploadedFile) -> TalentProfile:
    profile = TalentProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        raise DomainError(_("Save your profile before adding a CV."), field="cv")
    _check_pdf(upload)
    old = profile.cv.name if profile.cv else ""
    profile.cv.save(f"cv-{profile.pk}.pdf", upload, save=False)
    profile.save(update_fields=["cv", "updated_at"])
    if old and old != profile.cv.name:
        storage = profile.cv.storage
        transaction.on_commit(lambda: storage.delete(old))
    return profile


@transaction.atomic
def remove_cv(*, user: User) -> None:
    profile = TalentProfile.objects.select_for_update().filter(user=user).first()
    if profile is not None and profile.cv:
        name, storage = profile.cv.name, profile.cv.storage
        profile.cv = ""
        profile.save(update_fields=["cv", "updated_at"])
        transaction.on_commit(lambda: storage.delete(name))


@transaction.atomic
def set_photo(*, user: User, upload: UploadedFile) -> TalentProfile:
    """The person adds or replaces their own profile photo (optional). It is personal data: stored as a private
    picture (core.pictures) that only those who may see the profile are served, exported and erased with it."""
    profile = TalentProfile.objects.select_for_update().filter(user=user).first()
    if profile is None:
        raise DomainError(_("Save your profile before adding a photo."), field="picture", code="no_profile")
    profile.photo = pictures.replace_picture(
        current=profile.photo, upload=upload, kind=Picture.Kind.PHOTO, public=False
    )
    profile.save(update_fields=["photo", "updated_at"])
    return profile


@transaction.atomic
def remove_photo(*, user: User) -> None:
    profile = TalentProfile.objects.select_for_update().filter(user=user).first()
    if profile is not None and profile.photo is not None:
        pictures.delete_picture(profile.photo)
        profile.photo = None
        profile.save(update_fields=["photo", "updated_at"])


def talent_personal_data(*, user: User) -> dict[str, Any]:
    """The talent marketplace's part of the person's data export (core.personal_data): profile, skills,
    languages, contacts with their messages, matches, alerts, and the reports they filed."""
    profile = TalentProfile.objects.filter(user=user).select_related("occupation").first()
    data: dict[str, Any] = {"profile": None}
    if profile is not None:
        fields = {
            f.name: getattr(profile, f.attname)
            for f in TalentProfile._meta.concrete_fields
            if f.name not in ("match_vector", "vector_seq", "user", "photo")
        }
        fields["cv"] = "attached" if profile.cv else ""
        fields["photo"] = pictures.picture_as_data(profile.photo)
        fields["occupation"] = profile.occupation.label_en if profile.occupation else ""
        # Lithuanian labels say whose they are: ESCO's official edition or the platform's translation.
        fields["occupation_lt"] = profile.occupation.label_lt if profile.occupation else ""
        fields["occupation_lt_source"] = profile.occupation.label_lt_source if profile.occupation else ""
        data["profile"] = fields
        data["skills"] = [
            {
                "skill": s.skill.label_en,
                "skill_lt": s.skill.label_lt,
                "skill_lt_source": s.skill.label_lt_source,
                "esco_uri": s.skill.uri,
                "level": s.level,
            }
            for s in profile.skills.select_related("skill")
        ]
        data["languages"] = list(profile.languages.values("language", "level"))
        data["contacts"] = [
            {
                "organisation": c.organisation.name,
                "status": c.status,
                "message": c.message,
                "requested_at": c.created_at,
                "messages": [
                    {"from_me": m.sender_id == user.pk, "body": m.body, "at": m.created_at} for m in c.messages.all()
                ],
            }
            for c in profile.contact_requests.select_related("organisation").prefetch_related("messages")
        ]
        data["matches"] = list(profile.matches.values("opportunity__title", "score", "created_at"))
    data["alerts"] = list(Alert.objects.filter(user=user).values("subject", "query", "kind", "frequency", "active"))
    data["reports_filed"] = list(Report.objects.filter(reporter=user).values("reason", "created_at", "resolved_at"))
    data["opportunities_posted"] = list(Opportunity.objects.filter(posted_by=user).values_list("title", flat=True))
    data["contacts_requested_for_organisations"] = ContactRequest.objects.filter(requested_by=user).count()
    data["shortlisted_by_me"] = Shortlist.objects.filter(added_by=user).count()
    return data


def forget_talent(*, user: User) -> None:
    """Before the account is deleted (core.personal_data): the CV file and the photo go once the transaction
    commits, the person's messages go, and the match index learns that a profile left. The rest cascades with the
    account."""
    profile = TalentProfile.objects.filter(user=user).first()
    if profile is not None and profile.cv:
        name, storage = profile.cv.name, profile.cv.storage
        transaction.on_commit(lambda: storage.delete(name))
    if profile is not None and profile.photo is not None:
        pictures.delete_picture(profile.photo)
    Message.objects.filter(sender=user).delete()
    if profile is not None:
        _bump_index(deleted=True)


# ------------------------------------------------------------------------------------ opportunities


@dataclass(frozen=True)
class OpportunityInput:
    kind: str
    title: str
    description: str
    occupation_id: int | None = None
    education_level: int | None = None
    city: str = field(default_factory=default_location)
    workplace: str = Opportunity.Workplace.ON_SITE
    salary_min: int | None = None
    salary_max: int | None = None
    start_date: date | None = None
    closes_on: date | None = None
    apply_url: str = ""


def _validate_opportunity_skills(skills: list[tuple[int, bool]]) -> list[tuple[int, bool]]:
    chosen: dict[int, bool] = {}
    for pk, required in skills:
        chosen[int(pk)] = bool(required) or chosen.get(int(pk), False)
    _validate_skills([(pk, 2) for pk in chosen], most=MAX_OPPORTUNITY_SKILLS)
    return list(chosen.items())


def _validate_opportunity_languages(languages: list[tuple[str, int, bool]]) -> list[tuple[str, int, bool]]:
    levels = _validate_languages([(c, lv) for c, lv, _r in languages])
    required = {c: bool(r) for c, _lv, r in languages}
    return [(c, lv, required[c]) for c, lv in levels.items()]


def _save_opportunity(
    opportunity: Opportunity,
    data: OpportunityInput,
    skills: list[tuple[int, bool]],
    languages: list[tuple[str, int, bool]],
    external_key: str | None = None,
) -> Opportunity:
    for name, value in data.__dict__.items():
        setattr(opportunity, name, value)
    if external_key is not None:
        opportunity.external_key = external_key
    if (
        opportunity.salary_min is not None
        and opportunity.salary_max is not None
        and opportunity.salary_min > opportunity.salary_max
    ):
        raise DomainError(_("The salary's lower end cannot exceed its upper end."), field="salary_max")
    if (
        opportunity.start_date
        and opportunity.closes_on
        and opportunity.closes_on > opportunity.start_date + timedelta(days=366)
    ):
        raise DomainError(_("Applications should close within a year of the start."), field="closes_on")
    chosen_skills = _validate_opportunity_skills(skills)
    chosen_languages = _validate_opportunity_languages(languages)
    validate(opportunity, exclude=["organisation", "posted_by", "match_vector"])
    opportunity.save()
    OpportunitySkill.objects.filter(opportunity=opportunity).delete()
    OpportunitySkill.objects.bulk_create(
        [OpportunitySkill(opportunity=opportunity, skill_id=pk, required=r) for pk, r in chosen_skills]
    )
    OpportunityLanguage.objects.filter(opportunity=opportunity).delete()
    OpportunityLanguage.objects.bulk_create(
        [
            OpportunityLanguage(opportunity=opportunity, language=c, min_level=lv, required=r)
            for c, lv, r in chosen_languages
        ]
    )
    refresh_opportunity_vector(opportunity)
    refresh_opportunity_search_document(opportunity)
    transaction.on_commit(lambda: _record_matches_later(opportunity_id=opportunity.pk))
    return opportunity


@transaction.atomic
def create_opportunity(
    *,
    user: User,
    organisation: Organisation,
    data: OpportunityInput,
    skills: list[tuple[int, bool]],
    languages: list[tuple[str, int, bool]],
    external_key: str = "",
) -> Opportunity:
    """Post an opportunity for an organisation the person belongs to; only verified organisations post.
    `external_key` is the organisation's own key for it (imports), unique within the organisation."""
    if not permissions.can_post_opportunities(user, organisation):
        raise PermissionDenied(_("Only members of a verified organisation can post its opportunities."))
    opportunity = Opportunity(organisation=organisation, posted_by=user)
    return _save_opportunity(opportunity, data, skills, languages, external_key)


@transaction.atomic
def update_opportunity(
    *,
    user: User,
    opportunity: Opportunity,
    data: OpportunityInput,
    skills: list[tuple[int, bool]],
    languages: list[tuple[str, int, bool]],
    external_key: str | None = None,
) -> Opportunity:
    if not permissions.can_manage_opportunity(user, opportunity):
        raise PermissionDenied(_("Only the organisation's members can change its opportunities."))
    locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if locked.status == Opportunity.Status.SUSPENDED:
        raise Conflict(_("Moderators suspended this opportunity; write to them to have it reinstated."))
    return _save_opportunity(locked, data, skills, languages, external_key)


def _set_status(opportunity: Opportunity, status: str, note: str | None = None) -> Opportunity:
    opportunity.status = status
    if note is not None:
        opportunity.moderation_note = note
    opportunity.save(update_fields=["status", "moderation_note", "updated_at"])
    refresh_opportunity_vector(opportunity)
    return opportunity


@transaction.atomic
def close_opportunity(*, user: User, opportunity: Opportunity) -> Opportunity:
    if not permissions.can_manage_opportunity(user, opportunity):
        raise PermissionDenied(_("Only the organisation's members can close its opportunities."))
    locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    if locked.status == Opportunity.Status.SUSPENDED:
        raise Conflict(_("Moderators suspended this opportunity."))
    return _set_status(locked, Opportunity.Status.CLOSED)


@transaction.atomic
def delete_opportunity(*, user: User, opportunity: Opportunity) -> None:
    if not permissions.can_manage_opportunity(user, opportunity):
        raise PermissionDenied(_("Only the organisation's members can delete its opportunities."))
    opportunity.delete()
    _bump_index(deleted=True)


@transaction.atomic
def moderate_opportunity(*, moderator: User, opportunity: Opportunity, suspend: bool, note: str = "") -> Opportunity:
    """Staff take an opportunity out of search (suspend) or put it back (reinstate)."""
    if not permissions.can_moderate(moderator):
        raise PermissionDenied(_("Only moderators can suspend or reinstate opportunities."))
    if suspend and not note.strip():
        raise DomainError(_("Say why the opportunity is suspended; its organisation will read it."), field="note")
    locked = Opportunity.objects.select_for_update().get(pk=opportunity.pk)
    before = (locked.status, locked.moderation_note)
    moderated = _set_status(locked, Opportunity.Status.SUSPENDED if suspend else Opportunity.Status.OPEN, note)
    log_action(
        actor=moderator,
        verb="talent.opportunity.suspend" if suspend else "talent.opportunity.reinstate",
        target=moderated,
        changes={"status": [before[0], moderated.status], "moderation_note": [before[1], moderated.moderation_note]},
    )
    return moderated


# ------------------------------------------------------------------------------------------ matches


def _record_matches_later(*, profile_id: int | None = None, opportunity_id: int | None = None) -> None:
    from . import tasks

    tasks.record_matches(profile_id=profile_id, opportunity_id=opportunity_id)


@transaction.atomic
def record_matches(*, profile_id: int | None = None, opportunity_id: int | None = None) -> int:
    """Remember the pairs that score at or above the threshold (for the indicators and the digests)."""
    from . import selectors

    pairs: list[tuple[int, int, int]] = []
    if profile_id is not None:
        profile = TalentProfile.objects.filter(pk=profile_id).first()
        if profile is not None and profile.match_vector:
            for value, opportunity_pk in selectors.top_opportunity_ids(profile, k=50):
                if value >= matching.MATCH_THRESHOLD:
                    pairs.append((profile_id, opportunity_pk, round(value)))
    if opportunity_id is not None:
        opportunity = Opportunity.objects.filter(pk=opportunity_id).first()
        if opportunity is not None and opportunity.match_vector:
            for value, profile_pk in selectors.top_talent_ids(opportunity, k=50):
                if value >= matching.MATCH_THRESHOLD:
                    pairs.append((profile_pk, opportunity_id, round(value)))
    if not pairs:
        return 0
    existing = set(
        Match.objects.filter(
            Q(profile_id__in={p for p, _o, _s in pairs}) & Q(opportunity_id__in={o for _p, o, _s in pairs})
        ).values_list("profile_id", "opportunity_id")
    )
    new = [Match(profile_id=p, opportunity_id=o, score=s) for p, o, s in pairs if (p, o) not in existing]
    Match.objects.bulk_create(new, ignore_conflicts=True)
    if new:  # bulk_create sends no signals
        data_changed_after_commit()
    return len(new)


# ------------------------------------------------------------------------------ shortlists, contacts


@transaction.atomic
def shortlist(*, user: User, organisation: Organisation, profile: TalentProfile, note: str = "") -> Shortlist:
    if not permissions.can_view_profile(user, profile, organisation=organisation):
        raise PermissionDenied(_("You cannot see this profile."))
    item, _created = Shortlist.objects.get_or_create(
        organisation=organisation, profile=profile, defaults={"added_by": user, "note": note[:300]}
    )
    return item


@transaction.atomic
def remove_from_shortlist(*, user: User, organisation: Organisation, profile_id: int) -> None:
    if not permissions.is_employer_of(user, organisation):
        raise PermissionDenied(_("Only the organisation's members can change its shortlist."))
    Shortlist.objects.filter(organisation=organisation, profile_id=profile_id).delete()


@transaction.atomic
def request_contact(
    *,
    user: User,
    organisation: Organisation,
    profile: TalentProfile,
    message: str,
    opportunity: Opportunity | None = None,
) -> ContactRequest:
    """An employer asks to contact a person. Rate-limited per organisation and per sender; one pending at a time."""
    if not permissions.can_view_profile(user, profile, organisation=organisation):
        raise PermissionDenied(_("You cannot contact this person."))
    if opportunity is not None and opportunity.organisation_id != organisation.pk:
        raise DomainError(_("Choose one of your organisation's opportunities."), field="opportunity")
    if len(message.strip()) < 20:
        raise DomainError(_("Tell the person in at least 20 characters why you want to talk."), field="message")
    now = timezone.now()
    # Lock the organisation row so two requests at once cannot both slip under the limit.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if (
        ContactRequest.objects.filter(organisation=organisation, created_at__gte=now - timedelta(days=1)).count()
        >= CONTACTS_PER_ORGANISATION_PER_DAY
    ):
        raise DomainError(
            _("Your organisation has sent its 20 contact requests for today; try again tomorrow."), status_code=429
        )
    if (
        ContactRequest.objects.filter(requested_by=user, created_at__gte=now - timedelta(hours=1)).count()
        >= CONTACTS_PER_PERSON_PER_HOUR
    ):
        raise DomainError(_("You have sent 10 contact requests in the last hour; try again later."), status_code=429)
    contact = ContactRequest(
        organisation=organisation, profile=profile, opportunity=opportunity, requested_by=user, message=message.strip()
    )
    try:
        with transaction.atomic():
            contact.save()
    except IntegrityError as error:
        raise Conflict(_("Your organisation already asked this person; wait for the answer.")) from error
    notify(
        user=profile.user,
        key=f"talent.contact.{contact.pk}.requested",
        title=lambda: _("An employer would like to contact you"),
        body=lambda: (
            _("%(org)s would like to contact you on Talentas. Open the request to accept or decline it:")
            % {"org": organisation.name}
        ),
        url=lambda: reverse("talent:contact_detail", args=[contact.pk]),
    )
    return contact


@transaction.atomic
def answer_contact(*, user: User, contact: ContactRequest, accept: bool) -> ContactRequest:
    locked = ContactRequest.objects.select_for_update().select_related("profile", "organisation").get(pk=contact.pk)
    if locked.profile.user_id != user.pk:
        raise PermissionDenied(_("Only the person asked can answer."))
    if locked.status != ContactRequest.Status.PENDING:
        raise Conflict(_("You have already answered this request."))
    locked.status = ContactRequest.Status.ACCEPTED if accept else ContactRequest.Status.DECLINED
    locked.answered_at = timezone.now()
    locked.save(update_fields=["status", "answered_at", "updated_at"])
    requester = locked.requested_by
    if requester is not None:
        notify(
            user=requester,
            key=f"talent.contact.{locked.pk}.answered",
            title=lambda: _("Your contact request was answered"),
            body=lambda: (
                _("Talent #%(id)s has %(answer)s your request.")
                % {"id": locked.profile_id, "answer": _("accepted") if accept else _("declined")}
            ),
            url=lambda: reverse("talent:contact_detail", args=[locked.pk]),
        )
    return locked


@transaction.atomic
def send_message(*, user: User, contact: ContactRequest, body: str) -> Message:
    contact = ContactRequest.objects.get(pk=contact.pk)  # its current state, not the caller's copy
    if not permissions.can_use_thread(user, contact):
        raise PermissionDenied(_("Only the two sides of an accepted contact can write here."))
    body = body.strip()
    if not body:
        raise DomainError(_("Write a message first."), field="body")
    if Message.objects.filter(sender=user, created_at__gte=timezone.now() - timedelta(minutes=1)).count() >= (
        MESSAGES_PER_PERSON_PER_MINUTE
    ):
        raise DomainError(_("You are sending messages too fast; wait a minute."), status_code=429)
    message = Message(contact=contact, sender=user, body=body)
    validate(message)
    message.save()
    return message


@transaction.atomic
def report_abuse(
    *, user: User, reason: str, contact: ContactRequest | None = None, opportunity: Opportunity | None = None
) -> Report:
    if contact is not None and not permissions.can_use_thread(
        user, ContactRequest.objects.get(pk=contact.pk), pending_ok=True
    ):
        raise PermissionDenied(_("You can report only contacts you take part in."))
    if len(reason.strip()) < 10:
        raise DomainError(_("Describe the problem in at least 10 characters."), field="reason")
    report = Report(reporter=user, contact=contact, opportunity=opportunity, reason=reason.strip())
    validate(report)
    report.save()
    return report


@transaction.atomic
def report_placement(*, user: User, contact: ContactRequest) -> ContactRequest:
    """Either side reports that the contact led to a placement (a job, internship, mentoring...)."""
    locked = ContactRequest.objects.select_for_update().get(pk=contact.pk)
    if not permissions.can_use_thread(user, locked):
        raise PermissionDenied(_("Only the two sides of an accepted contact can report a placement."))
    if locked.placed_at is None:
        locked.placed_at = timezone.now()
        locked.save(update_fields=["placed_at", "updated_at"])
    return locked


# ---------------------------------------------------------------------------------------------- alerts


@transaction.atomic
def create_alert(*, user: User, subject: str, frequency: str, query: str = "", kind: str = "") -> Alert:
    if not user.is_authenticated:
        raise PermissionDenied(_("Sign in to save alerts."))
    if subject == Alert.Subject.SEARCH and not (query.strip() or kind):
        raise DomainError(_("A saved search needs search words or a kind."), field="query")
    if Alert.objects.filter(user=user, active=True).count() >= 10:
        raise DomainError(_("You can keep at most 10 alerts."))
    alert = Alert(user=user, subject=subject, frequency=frequency, query=query.strip(), kind=kind)
    validate(alert)
    alert.save()
    return alert


def unsubscribe(*, alert_id: int) -> None:
    """One-click unsubscribe: the signed link identifies the alert; no sign-in needed."""
    Alert.objects.filter(pk=alert_id).update(active=False)


def delete_alert(*, user: User, alert_id: int) -> None:
    deleted, _details = Alert.objects.filter(pk=alert_id, user=user).delete()
    if not deleted:
        raise NotFound(_("No such alert."), code="alert_not_found")


def send_digests(*, frequency: str) -> int:
    """Tell each active alert of this frequency the opportunities new since its last digest (a notice, e-mailed
    with a one-click unsubscribe). Returns how many were sent."""
    from django.core import signing

    from . import selectors

    now = timezone.now()
    sent = 0
    period = timedelta(days=1 if frequency == Alert.Frequency.DAILY else 7)
    for alert in Alert.objects.filter(active=True, frequency=frequency).select_related("user"):
        since = alert.last_sent_at or (now - period)
        items = selectors.alert_items(alert, since=since)
        Alert.objects.filter(pk=alert.pk).update(last_sent_at=now)
        if not items:
            continue
        token = signing.dumps(alert.pk, salt="talent-alert-unsubscribe")
        with translation.override(language_of(alert.user)):  # the header's link too is in the reader's language
            link = absolute_url(reverse("talent:unsubscribe", args=[token]))

        def body(alert: Alert = alert, items: list = items, link: str = link) -> str:
            return render_to_string(
                "talent/email/digest.txt", {"alert": alert, "items": items, "unsubscribe_url": link}
            )

        notify(
            user=alert.user,
            key=f"talent.alert.{alert.pk}.{now:%Y%m%d%H%M%S%f}",
            title=lambda: _("New opportunities on Talentas"),
            body=body,
            url=lambda: reverse("talent:opportunity_list"),
            headers={"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"},
        )
        sent += 1
    return sent
