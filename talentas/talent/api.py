"""Talent marketplace API: the person's own profile and matches; an organisation's opportunities and their matches."""

from datetime import date
from typing import Any, Literal

from django.db.models import Model
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status
from ninja.decorators import decorate_view
from pydantic import ValidationInfo, field_validator
from pydantic_core import PydanticCustomError

from talentas.core.api import InputSchema, LimitQuery, authenticated, error_responses, in_requested_language
from talentas.core.city import default_location
from talentas.core.errors import DomainError, PermissionDenied

from . import feeds, permissions, selectors, services
from .forms import MAX_PAGE
from .models import Language, Opportunity, OpportunityKind, TalentProfile

router = Router(tags=["talent"])


def _max_length(model: type[Model], field: str) -> int | None:
    """The column's own bound, so the schema refuses (422) what the database could not store."""
    return model._meta.get_field(field).max_length


def _profile_text(field: str) -> Any:
    return Field("", max_length=_max_length(TalentProfile, field))


# Years of study: wide enough for anyone alive, narrow enough to catch a typo or a negative number.
STUDY_YEARS = {"ge": 1940, "le": 2100}


class SkillIn(InputSchema):
    skill: str = Field(
        max_length=255, description="ESCO URI, or a label or synonym in English or Lithuanian (any case)."
    )
    level: int = Field(2, ge=1, le=4, description="1 basic … 4 expert")


class LanguageIn(InputSchema):
    language: Language = Field(description="ISO 639-1 code, e.g. lt, en")
    level: int = Field(ge=1, le=6, description="CEFR: 1 = A1 … 6 = C2")


class TalentIn(InputSchema):
    kind: TalentProfile.Kind
    headline: str = _profile_text("headline")
    about: str = _profile_text("about")
    city: str = _profile_text("city")
    country: str = _profile_text("country")
    mobility: TalentProfile.Mobility | Literal[""] = ""
    move_date: date | None = None
    remote_ok: bool = False
    education_level: int | None = Field(None, ge=1, le=8)
    education_field: str = _profile_text("education_field")
    institution: str = _profile_text("institution")
    education_start: int | None = Field(None, **STUDY_YEARS)
    education_end: int | None = Field(None, **STUDY_YEARS, description="Not before `education_start`")
    occupation: str = Field("", max_length=255, description="ESCO occupation URI or label")
    experience_years: int | None = Field(None, ge=0, le=70)
    looking_for: list[OpportunityKind] = Field([], max_length=len(OpportunityKind.values))
    available_from: date | None = None
    visibility: TalentProfile.Visibility = TalentProfile.Visibility.EMPLOYERS
    consent: bool = False
    skills: list[SkillIn] = []
    languages: list[LanguageIn] = []

    @field_validator("education_end")
    @classmethod
    def _studies_in_order(cls, end: int | None, info: ValidationInfo) -> int | None:
        start = info.data.get("education_start")
        if start is not None and end is not None and end < start:
            raise PydanticCustomError("education_years_reversed", "Studies cannot end before they start.")
        return end


class SkillOut(Schema):
    uri: str
    label: str
    level: int


class LanguageOut(Schema):
    language: str
    level: int


class TalentOut(Schema):
    id: int
    kind: TalentProfile.Kind
    headline: str
    about: str
    city: str
    country: str
    mobility: TalentProfile.Mobility | Literal[""]
    move_date: date | None
    remote_ok: bool
    education_level: int | None
    education_field: str
    institution: str
    education_start: int | None
    education_end: int | None
    occupation: str
    experience_years: int | None
    looking_for: list[OpportunityKind]
    available_from: date | None
    visibility: TalentProfile.Visibility
    consent_at: str | None
    consent_version: str
    skills: list[SkillOut]
    languages: list[LanguageOut]


class Explanation(Schema):
    score: int
    matched_skills: list[str]
    related_skills: list[str]
    missing_skills: list[str]
    missing_optional_skills: list[str]
    languages_missing: list[str]
    coverage: int  # percent of the opportunity's rarity-weighted skills the person brings
    precision: int  # percent of the person's rarity-weighted skills the opportunity uses
    factors: dict[str, dict[str, float]]


class TalentMatchOut(Schema):
    opportunity_id: int
    title: str
    organisation: str
    score: int
    explanation: Explanation


class OpportunityMatchOut(Schema):
    talent_id: int
    score: int
    explanation: Explanation


class OpportunitySkillIn(InputSchema):
    skill: str = Field(max_length=255)
    required: bool = True


class OpportunityLanguageIn(InputSchema):
    language: Language
    min_level: int = Field(ge=1, le=6)
    required: bool = True


# A monthly salary in euros: far above any real one, far below what the column holds.
SALARY = {"ge": 0, "le": 1_000_000}


class OpportunityIn(InputSchema):
    organisation: str = Field(
        "", max_length=100, description="Slug of your organisation; optional when you belong to only one."
    )
    kind: OpportunityKind
    title: str = Field(min_length=3, max_length=_max_length(Opportunity, "title"))
    description: str = Field(min_length=10, max_length=_max_length(Opportunity, "description"))
    occupation: str = Field("", max_length=255)
    education_level: int | None = Field(None, ge=1, le=8)
    city: str = Field(
        default_factory=default_location,
        max_length=_max_length(Opportunity, "city"),
        description="The place; the city's own by default.",
    )
    workplace: Opportunity.Workplace = Opportunity.Workplace.ON_SITE
    salary_min: int | None = Field(None, **SALARY)
    salary_max: int | None = Field(None, **SALARY)
    start_date: date | None = None
    closes_on: date | None = None
    apply_url: str = Field(
        "", max_length=500, description="The employer's own application page; empty to take applications here."
    )
    skills: list[OpportunitySkillIn] = []
    languages: list[OpportunityLanguageIn] = []


class OpportunityOut(Schema):
    id: int
    organisation: str
    kind: OpportunityKind
    title: str
    description: str
    occupation: str
    education_level: int | None
    city: str
    workplace: Opportunity.Workplace
    salary_min: int | None
    salary_max: int | None
    start_date: date | None
    closes_on: date | None
    apply_url: str
    # listed, not referenced: a "Status" enum of its own would share one OpenAPI name with the others
    status: str = Field(json_schema_extra={"enum": Opportunity.Status.values})
    skills: list[dict]
    languages: list[dict]


# ------------------------------------------------------------------------------------------ helpers


def _skill_ids(items: list, *, with_level: bool) -> list:
    resolved = []
    for index, item in enumerate(items):
        skill = selectors.resolve_skill(item.skill)
        if skill is None:
            raise DomainError(
                _("No ESCO skill called “%(name)s”.") % {"name": item.skill},
                field=f"skills[{index}]",
                code="unknown_skill",
            )
        resolved.append((skill.pk, item.level if with_level else item.required))
    return resolved


def _occupation_id(text: str) -> int | None:
    if not text.strip():
        return None
    occupation = selectors.resolve_occupation(text)
    if occupation is None:
        raise DomainError(
            _("No ESCO occupation called “%(name)s”.") % {"name": text}, field="occupation", code="unknown_occupation"
        )
    return occupation.pk


def _talent_out(profile: TalentProfile) -> dict:
    return {
        **{
            f: getattr(profile, f)
            for f in TalentOut.model_fields
            if hasattr(profile, f) and f not in ("occupation", "skills", "languages", "consent_at")
        },
        "occupation": profile.occupation.uri if profile.occupation else "",
        "consent_at": profile.consent_at.isoformat() if profile.consent_at else None,
        "skills": [{"uri": s.skill.uri, "label": s.skill.label, "level": s.level} for s in profile.skills.all()],
        "languages": [{"language": lang.language, "level": lang.level} for lang in profile.languages.all()],
    }


def _opportunity_out(o: Opportunity) -> dict:
    return {
        **{
            f: getattr(o, f)
            for f in OpportunityOut.model_fields
            if f not in ("organisation", "occupation", "skills", "languages")
        },
        "organisation": o.organisation.slug,
        "occupation": o.occupation.uri if o.occupation else "",
        "skills": [{"uri": s.skill.uri, "label": s.skill.label, "required": s.required} for s in o.skills.all()],
        "languages": [
            {"language": lang.language, "min_level": lang.min_level, "required": lang.required}
            for lang in o.languages.all()
        ],
    }


def _own_opportunity(request: HttpRequest, pk: int) -> Opportunity:
    opportunity = selectors.opportunity_by_id(pk)
    if opportunity is None or not permissions.can_view_opportunity(request.user, opportunity):
        raise Http404(_("No such opportunity."))
    if not permissions.can_manage_opportunity(request.user, opportunity):
        raise PermissionDenied(_("Only the organisation's members can do this."), code="not_your_opportunity")
    return opportunity


def _opportunity_input(payload: OpportunityIn) -> services.OpportunityInput:
    return services.OpportunityInput(
        kind=payload.kind,
        title=payload.title,
        description=payload.description,
        occupation_id=_occupation_id(payload.occupation),
        education_level=payload.education_level,
        city=payload.city,
        workplace=payload.workplace,
        salary_min=payload.salary_min,
        salary_max=payload.salary_max,
        start_date=payload.start_date,
        closes_on=payload.closes_on,
        apply_url=payload.apply_url,
    )


# ------------------------------------------------------------------------------------------ talents


@router.get(
    "/talents/me", auth=authenticated, response={200: TalentOut, **error_responses(404)}, summary="My talent profile"
)
def get_my_profile(request: HttpRequest):
    """The token owner's talent profile with skills (ESCO URIs), languages and visibility; 404 until one is PUT."""
    profile = selectors.profile_of(request.user)
    if profile is None:
        raise Http404(_("You have no talent profile yet: PUT one."))
    return _talent_out(profile)


@router.put(
    "/talents/me",
    auth=authenticated,
    response={200: TalentOut, **error_responses(400)},
    summary="Create or replace my talent profile",
)
def put_my_profile(request: HttpRequest, payload: TalentIn):
    """Create or replace the whole profile. Skills and the occupation are matched to ESCO by URI or by label or
    synonym in Lithuanian or English; a visibility other than `nobody` needs `consent: true`."""
    data = services.ProfileInput(
        **{
            name: getattr(payload, name)
            for name in services.ProfileInput.__dataclass_fields__
            if name not in ("occupation_id", "looking_for")
        },
        occupation_id=_occupation_id(payload.occupation),
        looking_for=tuple(payload.looking_for),
    )
    services.save_talent_profile(
        user=request.user,
        data=data,
        skills=_skill_ids(payload.skills, with_level=True),
        languages=[(lang.language, lang.level) for lang in payload.languages],
        consent=payload.consent,
    )
    return _talent_out(selectors.profile_of(request.user))


@router.get(
    "/talents/me/matches",
    auth=authenticated,
    response={200: list[TalentMatchOut], **error_responses(404)},
    summary="Opportunities that match me",
)
def my_matches(request: HttpRequest, query: Query[LimitQuery]):
    """Open opportunities that fit the profile, best first (score 0-100), each with its explanation: skills
    matched, related and missing, and the points of each factor. `limit` 1-100."""
    profile = selectors.profile_of(request.user)
    if profile is None:
        raise Http404(_("You have no talent profile yet."))
    rows = selectors.matches_for_profile(profile, limit=query.limit)
    return [
        {
            "opportunity_id": row.opportunity.pk,
            "title": row.opportunity.title,
            "organisation": row.opportunity.organisation.name,
            "score": row.score,
            "explanation": row.explanation,
        }
        for row in rows
    ]


# ------------------------------------------------------------------------------------- opportunities


class OpportunitySearchQuery(LimitQuery):
    q: str = Field("", max_length=200, description="Words in Lithuanian or English; every word must match in some form")
    kind: OpportunityKind | Literal[""] = ""
    skill: str = Field("", max_length=255, description="An ESCO skill: URI, or label or synonym in either language")
    page: int = Field(1, ge=1, le=MAX_PAGE, description=f"Which page of `limit` results, 1-{MAX_PAGE:,}")
    lang: Literal["lt", "en"] | None = Field(None, description="The language of ESCO labels and kinds' names")


class PublicOrganisationOut(Schema):
    name: str
    website: str


class PublicConceptOut(Schema):
    uri: str
    label: str


class PublicSkillOut(PublicConceptOut):
    required: bool


class PublicLanguageOut(Schema):
    language: str
    min_level: int
    required: bool


class PublicOpportunityOut(Schema):
    """What the public board shows of an opportunity: nobody who posted it, no notes, no applicants."""

    id: int
    url: str
    kind: OpportunityKind
    title: str
    description: str
    organisation: PublicOrganisationOut
    occupation: PublicConceptOut | None
    education_level: int | None
    city: str
    workplace: Opportunity.Workplace
    salary_min: int | None
    salary_max: int | None
    start_date: date | None
    closes_on: date | None
    posted_on: date
    skills: list[PublicSkillOut]
    languages: list[PublicLanguageOut]


class OpportunitySearchOut(Schema):
    count: int = Field(description="How many opportunities match, on every page")
    page: int
    pages: int
    items: list[PublicOpportunityOut]


def _public_opportunity_out(o: Opportunity) -> dict:
    return {
        "id": o.pk,
        "url": feeds.opportunity_url(o),
        "kind": o.kind,
        "title": o.title,
        "description": o.description,
        "organisation": {"name": o.organisation.name, "website": o.organisation.website},
        "occupation": {"uri": o.occupation.uri, "label": o.occupation.label} if o.occupation else None,
        "education_level": o.education_level,
        "city": o.city,
        "workplace": o.workplace,
        "salary_min": o.salary_min,
        "salary_max": o.salary_max,
        "start_date": o.start_date,
        "closes_on": o.closes_on,
        "posted_on": o.created_at.date(),
        "skills": [{"uri": s.skill.uri, "label": s.skill.label, "required": s.required} for s in o.skills.all()],
        "languages": [
            {"language": lang.language, "min_level": lang.min_level, "required": lang.required}
            for lang in o.languages.all()
        ],
    }


@router.get(
    "/opportunities/search",
    auth=None,
    response={200: OpportunitySearchOut, **error_responses(400)},
    summary="Search the public job board (no account needed)",
)
@decorate_view(in_requested_language)
def search_opportunities(request: HttpRequest, query: Query[OpportunitySearchQuery]):
    """The city's open opportunities from verified organisations, as the public job board lists them, newest
    first: full text in Lithuanian and English (`q`), a `kind`, an ESCO `skill`; `limit` 1-100 a page (422
    beyond), `page` from 1 (a page past the last is empty). Labels follow `?lang=lt|en`. Only public fields:
    nothing about who posted, moderation or applicants. An unknown skill is 400 `unknown_skill`."""
    skill_id = None
    if query.skill.strip():
        skill = selectors.resolve_skill(query.skill)
        if skill is None:
            raise DomainError(
                _("No ESCO skill called “%(name)s”.") % {"name": query.skill}, field="skill", code="unknown_skill"
            )
        skill_id = skill.pk
    found = selectors.public_opportunities(query=query.q, kind=query.kind, skill_id=skill_id)
    count = found.count()
    first = (query.page - 1) * query.limit
    return {
        "count": count,
        "page": query.page,
        "pages": max(1, -(-count // query.limit)),
        "items": [_public_opportunity_out(o) for o in found[first : first + query.limit]] if first < count else [],
    }


@router.get(
    "/opportunities", auth=authenticated, response=list[OpportunityOut], summary="My organisations' opportunities"
)
def list_opportunities(request: HttpRequest):
    """Every opportunity of the verified organisations the token's owner belongs to, open or closed."""
    organisations = permissions.employer_organisations(request.user)
    opportunities = (
        selectors.opportunities_of(organisations)
        .select_related("occupation")
        .prefetch_related("skills__skill", "languages")
    )
    return [_opportunity_out(o) for o in opportunities]


@router.post(
    "/opportunities",
    auth=authenticated,
    response={201: OpportunityOut, **error_responses(400, 403)},
    summary="Post an opportunity",
)
def create_opportunity(request: HttpRequest, payload: OpportunityIn):
    """Post for one of the owner's verified organisations (`organisation`: its slug; optional when there is only
    one). Skills are matched to ESCO by URI, label or synonym; the salary minimum may not exceed the maximum."""
    organisations = permissions.employer_organisations(request.user)
    if payload.organisation:
        organisation = next((o for o in organisations if o.slug == payload.organisation), None)
    else:
        organisation = organisations[0] if len(organisations) == 1 else None
    if organisation is None:
        raise PermissionDenied(
            _("Name one of your verified organisations (its slug) to post for it."),
            field="organisation",
            code="organisation_required",
        )
    opportunity = services.create_opportunity(
        user=request.user,
        organisation=organisation,
        data=_opportunity_input(payload),
        skills=_skill_ids(payload.skills, with_level=False),
        languages=[(lang.language, lang.min_level, lang.required) for lang in payload.languages],
    )
    return Status(201, _opportunity_out(selectors.opportunity_by_id(opportunity.pk)))


@router.get(
    "/opportunities/{pk}",
    auth=authenticated,
    response={200: OpportunityOut, **error_responses(404)},
    summary="One opportunity",
)
def get_opportunity(request: HttpRequest, pk: int):
    """One opportunity the token's owner may see; 404 for any other."""
    opportunity = selectors.opportunity_by_id(pk)
    if opportunity is None or not permissions.can_view_opportunity(request.user, opportunity):
        raise Http404(_("No such opportunity."))
    return _opportunity_out(opportunity)


@router.put(
    "/opportunities/{pk}",
    auth=authenticated,
    response={200: OpportunityOut, **error_responses(400, 403, 404)},
    summary="Change an opportunity",
)
def update_opportunity(request: HttpRequest, pk: int, payload: OpportunityIn):
    """Replace an opportunity of the owner's organisation (403 for someone else's)."""
    opportunity = _own_opportunity(request, pk)
    services.update_opportunity(
        user=request.user,
        opportunity=opportunity,
        data=_opportunity_input(payload),
        skills=_skill_ids(payload.skills, with_level=False),
        languages=[(lang.language, lang.min_level, lang.required) for lang in payload.languages],
    )
    return _opportunity_out(selectors.opportunity_by_id(pk))


@router.delete(
    "/opportunities/{pk}",
    auth=authenticated,
    response={204: None, **error_responses(403, 404)},
    summary="Delete an opportunity",
)
def delete_opportunity(request: HttpRequest, pk: int):
    """Delete an opportunity of the owner's organisation (403 for someone else's); it leaves search at once."""
    services.delete_opportunity(user=request.user, opportunity=_own_opportunity(request, pk))
    return Status(204, None)


@router.get(
    "/opportunities/{pk}/matches",
    auth=authenticated,
    response={200: list[OpportunityMatchOut], **error_responses(403, 404)},
    summary="People who match an opportunity, best first (the owning organisation only)",
)
def opportunity_matches(request: HttpRequest, pk: int, query: Query[LimitQuery]):
    """People whose profiles fit the opportunity and whose owners let this organisation see them, best first
    (score 0-100) with the explanation. `limit` 1-100 (422 otherwise)."""
    opportunity = _own_opportunity(request, pk)
    rows = selectors.matches_for_opportunity(opportunity, limit=query.limit)
    return [{"talent_id": row.profile.pk, "score": row.score, "explanation": row.explanation} for row in rows]
