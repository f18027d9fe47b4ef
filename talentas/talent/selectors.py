"""Reads of the talent marketplace, with the joins each page needs already applied.

Match lists go through the memory-mapped match index (fast path); `*_plain` variants score every
candidate and exist for the benchmark and the tests that prove both agree.
"""

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from talentas.organisations.models import Organisation

from . import match_index, matching
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
    return TalentProfile.objects.select_related("user", "occupation").prefetch_related(
        Prefetch("skills", queryset=TalentSkill.objects.select_related("skill").order_by("-level", "skill__label_en")),
        Prefetch("languages", queryset=TalentLanguage.objects.order_by("-level", "language")),
    )


def profile_of(user) -> TalentProfile | None:
    if not user.is_authenticated:
        return None
    return _profile_queryset().filter(user=user).first()


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


def _opportunity_queryset() -> QuerySet[Opportunity]:
    return Opportunity.objects.select_related("organisation", "occupation").prefetch_related(
        Prefetch(
            "skills", queryset=OpportunitySkill.objects.select_related("skill").order_by("-required", "skill__label_en")
        ),
        Prefetch("languages", queryset=OpportunityLanguage.objects.order_by("-required", "language")),
    )


def listed_opportunities(*, query: str = "", kind: str = "", skill_id: int | None = None) -> QuerySet[Opportunity]:
    """Open opportunities of verified organisations not past their closing date, newest first."""
    today = timezone.localdate()
    opportunities = (
        Opportunity.objects.select_related("organisation")
        .filter(status=Opportunity.Status.OPEN, organisation__verification=Organisation.Verification.VERIFIED)
        .filter(Q(closes_on__isnull=True) | Q(closes_on__gte=today))
    )
    if kind:
        opportunities = opportunities.filter(kind=kind)
    if skill_id:
        opportunities = opportunities.filter(skills__skill_id=skill_id)
    for word in query.split()[:8]:
        opportunities = opportunities.filter(
            Q(title__icontains=word) | Q(description__icontains=word) | Q(organisation__name__icontains=word)
        )
    return opportunities.distinct().order_by("-created_at", "-pk")


def opportunity_by_id(pk: int) -> Opportunity | None:
    return _opportunity_queryset().filter(pk=pk).first()


def opportunities_of(organisations: list[Organisation]) -> QuerySet[Opportunity]:
    return (
        Opportunity.objects.select_related("organisation")
        .filter(organisation__in=organisations)
        .order_by("status", "-created_at", "-pk")
    )


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
