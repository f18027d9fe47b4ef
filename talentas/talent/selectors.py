"""Reads of the talent marketplace, with the joins each page needs already applied.

Match lists go through the memory-mapped match index (fast path); `*_plain` variants score every
candidate and exist for the benchmark and the tests that prove both agree.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db import connection
from django.db.models import Case, Exists, F, OuterRef, Prefetch, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentas.organisations.models import Organisation

from . import match_index, matching, profile_steps, search
from .models import (
    Alert,
    ContactRequest,
    Match,
    Message,
    Occupation,
    Opportunity,
    OpportunityLanguage,
    OpportunitySkill,
    Report,
    Shortlist,
    Skill,
    TalentLanguage,
    TalentProfile,
    TalentSkill,
)

FACTOR_LABELS = {
    "skills": _("Skills"),
    "languages": _("Languages"),
    "education": _("Education"),
    "place": _("Place and moving"),
    "availability": _("Availability"),
    "kind": _("Kind of opportunity"),
    "text": _("Description similarity"),
}


# ------------------------------------------------------------------------------------------- vocabulary


def _suggest(model, term: str, limit: int, extra: Q | None = None) -> list:
    needle = " ".join(term.split()).casefold()
    if len(needle) < 2:
        return []
    objects = model.objects.filter(search_text__contains=needle)
    if extra is not None:
        objects = objects.filter(extra)
    candidates = list(objects.only("id", "uri", "label_en", "label_lt", "alt_labels_en", "alt_labels_lt")[:300])

    def rank(obj) -> tuple:
        labels = [obj.label_en.casefold(), obj.label_lt.casefold()]
        exact = needle in labels
        starts = any(label.startswith(needle) for label in labels)
        return (not exact, not starts, len(obj.label_en), obj.label_en)

    return sorted(candidates, key=rank)[:limit]


def skill_suggestions(term: str, *, limit: int = 10) -> list[Skill]:
    """Skills whose label or synonym, in English or Lithuanian, contains the term (any case); best first."""
    return _suggest(Skill, term, limit, ~Q(skill_type=Skill.Type.GROUP))


def occupation_suggestions(term: str, *, limit: int = 10) -> list[Occupation]:
    return _suggest(Occupation, term, limit, Q(is_group=False))


def _resolve(model, text: str, extra: Q):
    text = text.strip()
    if text.startswith("http"):
        return model.objects.filter(uri=text).first()
    needle = " ".join(text.split()).casefold()
    if not needle:
        return None
    candidates = model.objects.filter(extra, search_text__contains=needle)[:300]
    hits = [obj for obj in candidates if needle in obj.search_text.split("\n")]
    # A preferred label beats a synonym that another concept also uses.
    hits.sort(key=lambda obj: (needle not in (obj.label_en.casefold(), obj.label_lt.casefold()), obj.pk))
    return hits[0] if hits else None


def resolve_skill(text: str) -> Skill | None:
    """The ESCO skill a label, synonym (either language, any case) or URI names exactly; None if none."""
    return _resolve(Skill, text, ~Q(skill_type=Skill.Type.GROUP))


def resolve_occupation(text: str) -> Occupation | None:
    return _resolve(Occupation, text, Q(is_group=False))


def skills_by_id(ids: set[int]) -> dict[int, Skill]:
    return {s.pk: s for s in Skill.objects.filter(pk__in=ids).only("id", "uri", "label_en", "label_lt")}


def essential_skills(occupation: Occupation, *, limit: int = 30) -> list[Skill]:
    return [
        link.skill
        for link in occupation.skill_links.filter(relation="essential")
        .select_related("skill")
        .order_by("skill__label_en")[:limit]
    ]


# ------------------------------------------------------------------------------------------- profiles


def _profile_queryset() -> QuerySet[TalentProfile]:
    return TalentProfile.objects.select_related("user", "occupation", "photo").prefetch_related(
        Prefetch("skills", queryset=TalentSkill.objects.select_related("skill").order_by("-level", "skill__label_en")),
        Prefetch("languages", queryset=TalentLanguage.objects.order_by("-level", "language")),
    )


def profile_of(user) -> TalentProfile | None:
    if not user.is_authenticated:
        return None
    return _profile_queryset().filter(user=user).first()


class StepStatus:
    COMPLETED = "completed"
    IN_PROGRESS = "in-progress"
    NOT_STARTED = "not-started"

    LABELS = {
        COMPLETED: _("Completed"),
        IN_PROGRESS: _("In progress"),
        NOT_STARTED: _("Not started"),
    }


@dataclass(frozen=True)
class StepState:
    step: profile_steps.ProfileStep
    status: str

    @property
    def status_label(self) -> str:
        return str(StepStatus.LABELS[self.status])

    @property
    def done(self) -> bool:
        return self.status == StepStatus.COMPLETED


@dataclass(frozen=True)
class ProfileProgress:
    steps: list[StepState]

    @property
    def done(self) -> int:
        return sum(state.done for state in self.steps)

    @property
    def total(self) -> int:
        return len(self.steps)

    @property
    def complete(self) -> bool:
        return self.done == self.total

    @property
    def first_unfinished(self) -> profile_steps.ProfileStep | None:
        return next((state.step for state in self.steps if not state.done), None)


def _step_has_data(profile: TalentProfile, step: profile_steps.ProfileStep) -> bool:
    if step is profile_steps.CV:
        return bool(profile.cv)
    if step.skills and profile.skills.all():
        return True
    if step.languages and profile.languages.all():
        return True
    defaults = {"visibility", "remote_ok"}  # always set, so they say nothing about the step being started
    return any(getattr(profile, name) not in (None, "", []) for name in step.fields if name not in defaults)


def profile_progress(profile: TalentProfile | None) -> ProfileProgress:
    """Each step's status for the task list: completed once saved (the CV step also once a CV is there), in
    progress when it holds something but was never saved, else not started. Uses the profile's prefetched
    skills and languages (`profile_of`), so it adds no query."""
    states = []
    for step in profile_steps.STEPS:
        if profile is None:
            status = StepStatus.NOT_STARTED
        elif step.slug in profile.steps_saved or (step is profile_steps.CV and profile.cv):
            status = StepStatus.COMPLETED
        elif _step_has_data(profile, step):
            status = StepStatus.IN_PROGRESS
        else:
            status = StepStatus.NOT_STARTED
        states.append(StepState(step, status))
    return ProfileProgress(states)


def profile_by_id(pk: int) -> TalentProfile | None:
    return _profile_queryset().filter(pk=pk).first()


@dataclass
class FinderFilters:
    skill_ids: tuple[int, ...] = ()
    occupation_id: int | None = None
    language: str = ""
    language_level: int = 1
    education_min: int | None = None
    kind: str = ""
    available_by: date | None = None
    looking_for: str = ""


def find_talents(filters: FinderFilters) -> QuerySet[TalentProfile]:
    """The talent finder: profiles whose owners let every verified employer see them, filtered, newest first."""
    profiles = _profile_queryset().filter(visibility=TalentProfile.Visibility.EMPLOYERS, consent_at__isnull=False)
    for pk in filters.skill_ids:
        profiles = profiles.filter(skills__skill_id=pk)
    if filters.occupation_id:
        profiles = profiles.filter(occupation_id=filters.occupation_id)
    if filters.language:
        profiles = profiles.filter(
            languages__language=filters.language, languages__level__gte=filters.language_level or 1
        )
    if filters.education_min:
        profiles = profiles.filter(education_level__gte=filters.education_min)
    if filters.kind:
        profiles = profiles.filter(kind=filters.kind)
    if filters.available_by:
        profiles = profiles.filter(available_from__lte=filters.available_by)
    return profiles.distinct().order_by("-updated_at", "-pk")


# --------------------------------------------------------------------------------------- opportunities


def _with_skills_and_languages(opportunities: QuerySet[Opportunity], *, skill_order: str) -> QuerySet[Opportunity]:
    """The opportunities with their occupation, skills (required first, then by `skill_order`) and languages."""
    return opportunities.select_related("occupation").prefetch_related(
        Prefetch(
            "skills", queryset=OpportunitySkill.objects.select_related("skill").order_by("-required", skill_order)
        ),
        Prefetch("languages", queryset=OpportunityLanguage.objects.order_by("-required", "language")),
    )


def _opportunity_queryset() -> QuerySet[Opportunity]:
    return _with_skills_and_languages(Opportunity.objects.select_related("organisation"), skill_order="skill__label_en")


SORTS = ("newest", "closing", "best")
BEST_MATCH_DEPTH = 200  # how many of a person's best matches "best match" puts first, in score order


def listed_opportunities(
    *,
    query: str = "",
    kind: str = "",
    skill_id: int | None = None,
    occupation_id: int | None = None,
    workplace: str = "",
    salary_min: int | None = None,
    language: str = "",
    open_on: date | None = None,
    sort: str = "newest",
    profile: TalentProfile | None = None,
) -> QuerySet[Opportunity]:
    """The public job board: open opportunities of verified organisations not past their closing date.

    `query` is full text in Lithuanian and English (search.py: every word must match, by stem); `salary_min` keeps
    the opportunities whose range reaches it; `open_on` those still taking applications that day; `language` those
    that name it as a working language. Sorted newest first, by `closing` date (soonest first, open-ended last),
    or, for `best` and a person's `profile`, by how well each fits the profile (the rest newest first after them).
    One query for the page whatever the filters (with the organisation joined); no distinct rows needed.
    """
    today = timezone.localdate()
    opportunities = (
        Opportunity.objects.select_related("organisation")
        .filter(status=Opportunity.Status.OPEN, organisation__verification=Organisation.Verification.VERIFIED)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
    )
    if kind:
        opportunities = opportunities.filter(kind=kind)
    if skill_id:
        opportunities = opportunities.filter(
            Exists(OpportunitySkill.objects.filter(opportunity=OuterRef("pk"), skill_id=skill_id))
        )
    if occupation_id:
        opportunities = opportunities.filter(occupation_id=occupation_id)
    if workplace:
        opportunities = opportunities.filter(workplace=workplace)
    if salary_min is not None:
        opportunities = opportunities.filter(
            Q(salary_max__gte=salary_min) | Q(salary_max__isnull=True, salary_min__gte=salary_min)
        )
    if language:
        opportunities = opportunities.filter(
            Exists(OpportunityLanguage.objects.filter(opportunity=OuterRef("pk"), language=language))
        )
    if open_on:
        opportunities = opportunities.filter(Q(closes_on__isnull=True) | Q(closes_on__gte=open_on))
    opportunities = _matching_text(opportunities, query)
    if sort == "closing":
        return opportunities.order_by(F("closes_on").asc(nulls_last=True), "-created_at", "-pk")
    if sort == "best" and profile is not None and profile.match_vector:
        ranked = [pk for _score, pk in top_opportunity_ids(profile, k=BEST_MATCH_DEPTH)]
        if ranked:
            place = Case(*[When(pk=pk, then=Value(i)) for i, pk in enumerate(ranked)], default=Value(len(ranked)))
            return opportunities.order_by(place, "-created_at", "-pk")
    return opportunities.order_by("-created_at", "-pk")


SEARCH_INDEX = "talent_opportunity_search_gin"  # PostgreSQL only: migrations/0003_opportunity_search_document.py
SEARCH_SQL = "SELECT id FROM talent_opportunity WHERE search_vector @@ to_tsquery('simple', %s)"


def _matching_text(opportunities: QuerySet[Opportunity], query: str) -> QuerySet[Opportunity]:
    """Keep the opportunities whose stored document has, for every query word, a word starting with its stem.

    PostgreSQL matches prefix terms against the document's stored tsvector (`search_vector`, a generated column
    with a GIN index, so nothing is parsed per row); SQLite tests substrings of the document itself. (The
    `english` configuration would add nothing: the document already holds the English Snowball stems.)"""
    groups = search.query_terms(query)
    if not groups:
        return opportunities
    if connection.vendor == "postgresql":
        # Stems are letters only (search._WORD, the stemmers), so they need no quoting inside a tsquery; the
        # tsquery itself is a parameter. A subquery of its own, so it holds whatever alias the outer query uses.
        raw = " & ".join("(" + " | ".join(f"{stem}:*" for stem in group) + ")" for group in groups)
        matching = RawSQL(SEARCH_SQL, (raw,))  # noqa: S611 - a constant statement; the words are a parameter
        return opportunities.filter(pk__in=matching)
    for group in groups:
        any_stem = Q()
        for stem in group:
            any_stem |= Q(search_document__icontains=f" {stem}")
        opportunities = opportunities.filter(any_stem)
    return opportunities


def public_opportunities(**filters: Any) -> QuerySet[Opportunity]:
    """`listed_opportunities` with everything the public API shows joined: occupation, skills, languages."""
    return _with_skills_and_languages(listed_opportunities(**filters), skill_order="skill_id")


def opportunity_by_id(pk: int) -> Opportunity | None:
    return _opportunity_queryset().filter(pk=pk).first()


def opportunities_of(organisations: list[Organisation]) -> QuerySet[Opportunity]:
    return (
        Opportunity.objects.select_related("organisation")
        .filter(organisation__in=organisations)
        .order_by("status", "-created_at", "-pk")
    )


def open_opportunity_count_of(organisations: list[Organisation]) -> int:
    """How many open opportunities these organisations publish. One query."""
    return Opportunity.objects.filter(organisation__in=organisations, status=Opportunity.Status.OPEN).count()


def moderation_queue() -> QuerySet[Opportunity]:
    """Newest postings first, with how many open abuse reports each has."""
    from django.db.models import Count

    return (
        Opportunity.objects.select_related("organisation")
        .annotate(open_reports=Count("reports", filter=Q(reports__resolved_at__isnull=True)))
        .order_by("-open_reports", "-created_at")
    )


def open_reports() -> QuerySet[Report]:
    return Report.objects.filter(resolved_at__isnull=True).select_related(
        "reporter", "opportunity", "contact__organisation"
    )


# --------------------------------------------------------------------------------------------- matches


@dataclass
class MatchRow:
    score: int
    explanation: dict[str, Any]
    profile: TalentProfile | None = None
    opportunity: Opportunity | None = None


def top_talent_ids(opportunity: Opportunity, *, k: int = 20) -> list[tuple[float, int]]:
    vector = matching.OpportunityVector.from_json(opportunity.pk, opportunity.match_vector)
    return match_index.shared_index().top_talents(vector, today=matching.today_ordinal(), k=k)


def top_talent_ids_plain(opportunity: Opportunity, *, k: int = 20) -> list[tuple[float, int]]:
    vector = matching.OpportunityVector.from_json(opportunity.pk, opportunity.match_vector)
    talents = (
        matching.TalentVector.from_json(pk, data)
        for pk, data in TalentProfile.objects.exclude(match_vector={})
        .values_list("pk", "match_vector")
        .iterator(chunk_size=5000)
    )
    return matching.rank_talents_plain(vector, talents, today=matching.today_ordinal(), k=k)


def top_opportunity_ids(profile: TalentProfile, *, k: int = 20) -> list[tuple[float, int]]:
    vector = matching.TalentVector.from_json(profile.pk, profile.match_vector)
    return match_index.shared_index().top_opportunities(vector, today=matching.today_ordinal(), k=k)


def top_opportunity_ids_plain(profile: TalentProfile, *, k: int = 20) -> list[tuple[float, int]]:
    vector = matching.TalentVector.from_json(profile.pk, profile.match_vector)
    opportunities = (
        matching.OpportunityVector.from_json(pk, data)
        for pk, data in Opportunity.objects.values_list("pk", "match_vector").iterator(chunk_size=5000)
    )
    return matching.rank_opportunities_plain(vector, opportunities, today=matching.today_ordinal(), k=k)


def _label_explanations(explanations: list[dict]) -> None:
    ids: set[int] = set()
    for e in explanations:
        for key in ("matched_skills", "related_skills", "missing_skills", "missing_optional_skills"):
            ids.update(e[key])
    labels = {pk: s.label for pk, s in skills_by_id(ids).items()}
    for e in explanations:
        for key in ("matched_skills", "related_skills", "missing_skills", "missing_optional_skills"):
            e[key] = [labels.get(pk, str(pk)) for pk in e[key]]
        e["factor_rows"] = [
            {"name": name, "label": FACTOR_LABELS[name], **values} for name, values in e["factors"].items()
        ]


def matches_for_opportunity(opportunity: Opportunity, *, limit: int = 20) -> list[MatchRow]:
    """The people who fit the opportunity best (only those who allow it), each with the explanation.

    Explanations are built for the rows returned only, from the vectors the index has already decoded."""
    index = match_index.shared_index()
    o = matching.OpportunityVector.from_json(opportunity.pk, opportunity.match_vector)
    today = matching.today_ordinal()
    ranked = index.top_talents(o, today=today, k=limit)
    profiles = {
        p.pk: p for p in TalentProfile.objects.select_related("occupation").filter(pk__in=[pk for _s, pk in ranked])
    }
    rows = []
    for _value, pk in ranked:
        profile = profiles.get(pk)
        t = index.talent_vector(pk)
        if profile is None or t is None:
            continue
        explanation = matching.explain(t, o, today)
        rows.append(MatchRow(explanation["score"], explanation, profile=profile))
    _label_explanations([row.explanation for row in rows])
    return rows


def matches_for_profile(profile: TalentProfile, *, limit: int = 20) -> list[MatchRow]:
    """The open opportunities that fit the person best, each with the explanation (for the rows returned)."""
    if not profile.match_vector:
        return []
    index = match_index.shared_index()
    t = matching.TalentVector.from_json(profile.pk, profile.match_vector)
    today = matching.today_ordinal()
    ranked = index.top_opportunities(t, today=today, k=limit)
    opportunities = {
        o.pk: o for o in Opportunity.objects.select_related("organisation").filter(pk__in=[pk for _s, pk in ranked])
    }
    rows = []
    for _value, pk in ranked:
        opportunity = opportunities.get(pk)
        o = index.opportunity_vector(pk)
        if opportunity is None or o is None:
            continue
        explanation = matching.explain(t, o, today)
        rows.append(MatchRow(explanation["score"], explanation, opportunity=opportunity))
    _label_explanations([row.explanation for row in rows])
    return rows


def match_between(profile: TalentProfile, opportunity: Opportunity) -> dict | None:
    """The pair's explanation (score 0 and the reason under "excluded" when a hard filter applies)."""
    if not profile.match_vector or not opportunity.match_vector:
        return None
    explanation = matching.explain(
        matching.TalentVector.from_json(profile.pk, profile.match_vector),
        matching.OpportunityVector.from_json(opportunity.pk, opportunity.match_vector),
        matching.today_ordinal(),
    )
    _label_explanations([explanation])
    return explanation


# ----------------------------------------------------------------------------------- contacts, alerts


def shortlist_of(organisations: list[Organisation]) -> QuerySet[Shortlist]:
    return (
        Shortlist.objects.filter(organisation__in=organisations)
        .select_related("organisation", "profile__occupation")
        .order_by("-created_at")
    )


def contacts_of_profile(profile: TalentProfile) -> QuerySet[ContactRequest]:
    return ContactRequest.objects.filter(profile=profile).select_related("organisation", "opportunity")


def contacts_of_organisations(organisations: list[Organisation]) -> QuerySet[ContactRequest]:
    return ContactRequest.objects.filter(organisation__in=organisations).select_related(
        "organisation", "opportunity", "profile__user"
    )


def contact_by_id(pk: int) -> ContactRequest | None:
    return (
        ContactRequest.objects.select_related("organisation", "opportunity", "profile__user", "requested_by")
        .filter(pk=pk)
        .first()
    )


def thread(contact: ContactRequest) -> QuerySet[Message]:
    return contact.messages.select_related("sender")


def alerts_of(user) -> QuerySet[Alert]:
    return Alert.objects.filter(user=user, active=True)


def alert_exists(pk: int) -> bool:
    return Alert.objects.filter(pk=pk, active=True).exists()


def alert_items(alert: Alert, *, since: datetime) -> list[Opportunity]:
    """What a digest lists: new matches of the person's profile, or new opportunities for the saved search."""
    if alert.subject == Alert.Subject.MY_MATCHES:
        ids = Match.objects.filter(profile__user=alert.user, created_at__gte=since).values_list(
            "opportunity_id", flat=True
        )
        return list(listed_opportunities().filter(pk__in=list(ids))[:20])
    return list(listed_opportunities(query=alert.query, kind=alert.kind).filter(created_at__gte=since)[:20])
