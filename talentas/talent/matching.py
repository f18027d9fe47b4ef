"""The matching engine: one score from 0 to 100 for a talent and an opportunity, the same both ways.

| part         | points | how                                                                                 |
| ------------ | ------ | ----------------------------------------------------------------------------------- |
| skills       | 50     | the F-measure (FIT_BETA) of coverage and precision, both weighted by each skill's   |
|              |        | rarity among ESCO occupations (skill_weight: squared smoothed IDF). Coverage: the   |
|              |        | share of the opportunity's skills the person brings (required count twice,          |
|              |        | nice-to-have once; the person's level scales a held skill, basic 0.8 ... 1.0; a     |
|              |        | related or broader/narrower skill counts at most half, and one skill of the person  |
|              |        | stands in for at most RELATED_SPREAD (2) of the opportunity's, spread over all its  |
|              |        | ESCO neighbours). Precision: the share of the person's skills the opportunity uses  |
|              |        | (one of its skills: fully; related to one: half)                                    |
| languages    | 10     | share of the opportunity's languages the person speaks at its level                 |
| education    | 10     | ISCED level at or above the minimum (one level below: half)                         |
| place        | 10     | lives there, would move (and when), or remote work both sides accept                |
| availability | 5      | available by the start date (within 60 days after: half)                            |
| kind         | 5      | the person looks for this kind of opportunity                                       |
|              |        | (these five context parts count half when no skill fits, fully when all do)         |
| text         | 10     | cosine similarity of stemmed words (Lithuanian and English Snowball stemmers)       |

Exact ties in score fall to the better skill fit, then to the person available sooner (or the opportunity
closing sooner), and only then to the lower id.

Hard filters: a closed, suspended or expired opportunity never matches, nor does a person who lacks a
required language, nor one who has none of the skills an opportunity names (nor a related one).
Missing data never counts as agreement: a part that either side leaves empty
scores 0, so an empty profile scores near 0 and a thin one low.

Skills are compared as ESCO concept ids, never as labels: synonyms and case cannot make a skill look
missing. Profiles and opportunities keep a precomputed vector (`match_vector`, with the skills' weights
and the related skills' shares) that `score` reads; `rank_*_plain` score every candidate and are the
reference; match_index.py holds the fast path (sparse matrices in one memory-mapped file) that returns
the same ranking. match_evaluation.py measures the ranking on a labelled set built from ESCO.
"""

import functools
import heapq
import math
import re
import sys
import threading
import uuid
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import snowballstemmer

WEIGHTS = {"skills": 50, "languages": 10, "education": 10, "place": 10, "availability": 5, "kind": 5, "text": 10}
MATCH_THRESHOLD = 45  # a pair at or above this score is "a match" for metrics and digests
LEVEL_FACTOR = {1: 0.8, 2: 0.9, 3: 1.0, 4: 1.0}
RELATED_CREDIT = 0.5  # a related skill counts at most half of the skill itself
RELATED_SPREAD = 2.0  # one skill of a person stands in for at most two related skills of an opportunity
FIT_BETA = 1.5  # coverage of the opportunity's skills counts this many times as much as precision
AVAILABILITY_GRACE_DAYS = 60
HOME_CITY = "alytus"  # where "lives here" places a person (as the vectors write it: case-folded)
MAX_TERMS = 64

VISIBLE_NOBODY, VISIBLE_MATCHED, VISIBLE_EMPLOYERS = 0, 1, 2

# ---------------------------------------------------------------------------------------------- text

_WORD = re.compile(r"[^\W\d_]{3,}", re.UNICODE)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOP_EN = _words(
    "and the for with you your our are from that this will who have has can not but all any its into per "
    "they them their his her was were been being what when where which while more most other some such "
    "than too very also able about work working job team"
)
_STOP_LT = _words(
    "ir su už iki kad kaip kur kas per prie nuo apie bei arba taip pat yra bus būti mes jūs jie ji jis "
    "mūsų jūsų savo tai čia nes dar kol tik jau labai ieškome darbas darbo komanda"
)
_stemmers = threading.local()


def _stemmer(language: str):
    stemmer = getattr(_stemmers, language, None)
    if stemmer is None:
        stemmer = snowballstemmer.stemmer("lithuanian" if language == "lt" else "english")
        setattr(_stemmers, language, stemmer)
    return stemmer


def text_terms(*texts: str) -> list[str]:
    """The distinct stems of the texts' words, by both the Lithuanian and the English Snowball stemmer.

    Both, because short texts often mix the languages and guessing one per text fails on words without
    Lithuanian letters ("programuotojai"); both sides of a match get the same treatment, so the extra
    stems cost a little precision and never a shared word.
    """
    return list(_text_terms(texts))


@functools.lru_cache(maxsize=4096)
def _text_terms(texts: tuple[str, ...]) -> tuple[str, ...]:
    terms: dict[str, None] = {}
    for text in texts:
        words = [w.casefold() for w in _WORD.findall(text or "")]
        kept = [w for w in words if w not in _STOP_EN and w not in _STOP_LT]
        if not kept:
            continue
        for stem in _stemmer("lt").stemWords(kept) + _stemmer("en").stemWords(kept):
            if len(stem) >= 3:
                terms.setdefault(stem)
    return tuple(list(terms)[:MAX_TERMS])


# ------------------------------------------------------------------------------------------- vectors


def skill_weight(occupations_with_skill: int, occupations: int) -> float:
    """A skill's weight from how rare it is among ESCO's occupations: the smoothed IDF, squared (at least 1).

    Squared because the labelled evaluation ranks best so: "communication" (thousands of occupations)
    weighs about 2, a skill that 50 occupations share about 26, one that five share about 52.
    """
    return (1.0 + math.log((occupations + 1) / (occupations_with_skill + 1))) ** 2


def related_share(neighbour_count: int) -> float:
    """How much one of the person's skills stands in for each related skill of an opportunity.

    Spread over all its ESCO neighbours, so one skill never stands in for more than RELATED_SPREAD skills in
    all: "computer programming", related to thirty narrower languages, gives each of them a fifteenth.
    """
    return min(1.0, RELATED_SPREAD / max(1, neighbour_count))


@dataclass(slots=True)
class TalentVector:
    id: int
    skills: dict[int, int]  # ESCO skill id -> level 1..4
    languages: dict[str, int]  # language code -> CEFR 1..6
    education: int | None
    city: str  # case-folded
    mobility: str
    move: int | None  # date ordinal
    remote: bool
    available: int | None  # date ordinal
    looking_for: frozenset[str]
    terms: frozenset[str]
    visibility: int
    weights: dict[int, float] = field(default_factory=dict)  # skill id -> rarity weight (skill_weight)
    weight_total: float = 0.0

    def __post_init__(self) -> None:
        self.weight_total = sum(self.weights.get(s, 1.0) for s in self.skills)

    @classmethod
    def from_json(cls, pk: int, data: dict) -> "TalentVector":
        return cls(
            pk,
            {int(k): v for k, v in data.get("s", {}).items()},
            data.get("l", {}),
            data.get("e"),
            data.get("c", ""),
            data.get("m", ""),
            data.get("md"),
            data.get("r", False),
            data.get("a"),
            frozenset(data.get("k", ())),
            frozenset(map(sys.intern, data.get("t", ()))),
            data.get("v", VISIBLE_NOBODY),
            {int(k): w for k, w in data.get("w", {}).items()},
        )


@dataclass(slots=True)
class OpportunityVector:
    id: int
    required: tuple[tuple[int, frozenset[int]], ...]  # (skill id, its related skills)
    optional: tuple[tuple[int, frozenset[int]], ...]
    languages: tuple[tuple[str, int, bool], ...]  # (code, min CEFR, required)
    education: int | None
    city: str
    workplace: str
    start: int | None
    closes: int | None
    kind: str
    terms: frozenset[str]
    open: bool
    organisation_id: int = 0
    weights: dict[int, float] = field(default_factory=dict)  # skill id -> rarity weight, for its own skills
    shares: dict[int, float] = field(default_factory=dict)  # related skill id -> related_share
    skill_weight_total: float = 0.0  # required skills twice, nice-to-have once, each by its weight
    uses: dict[int, float] = field(default_factory=dict)  # what each skill of a person is worth here (precision)

    def __post_init__(self) -> None:
        self.skill_weight_total = sum(
            times * self.weights.get(skill, 1.0)
            for times, group in ((2, self.required), (1, self.optional))
            for skill, _related in group
        )
        uses: dict[int, float] = {}
        for _skill, related in (*self.required, *self.optional):
            for other in related:
                uses[other] = RELATED_CREDIT
        for skill, _related in (*self.required, *self.optional):
            uses[skill] = 1.0
        self.uses = uses

    @classmethod
    def from_json(cls, pk: int, data: dict) -> "OpportunityVector":
        return cls(
            pk,
            tuple((s, frozenset(n)) for s, n in data.get("rq", ())),
            tuple((s, frozenset(n)) for s, n in data.get("op", ())),
            tuple((c, lv, rq) for c, lv, rq in data.get("l", ())),
            data.get("e"),
            data.get("c", ""),
            data.get("w", "on-site"),
            data.get("st"),
            data.get("cl"),
            data.get("k", ""),
            frozenset(map(sys.intern, data.get("t", ()))),
            data.get("open", False),
            data.get("org", 0),
            {int(k): w for k, w in data.get("sw", {}).items()},
            {int(k): v for k, v in data.get("d", {}).items()},
        )

    def all_skill_ids(self) -> set[int]:
        ids: set[int] = set()
        for skill, related in (*self.required, *self.optional):
            ids.add(skill)
            ids.update(related)
        return ids

    def context_max(self) -> float:
        """The most the context parts (languages, education, place, availability, kind) can give."""
        w = WEIGHTS
        return float(
            w["languages"] * bool(self.languages)
            + w["education"] * (self.education is not None)
            + w["place"]
            + w["availability"]
            + w["kind"]
        )


# ------------------------------------------------------------------------------------------- scoring


def is_available(o: OpportunityVector, today: int) -> bool:
    return o.open and (o.closes is None or o.closes >= today)


def _skill_credit(t: TalentVector, o: OpportunityVector, skill: int, related: frozenset[int]) -> float:
    """How much of one of the opportunity's skills the person brings: the level if held, else bounded related credit."""
    level = t.skills.get(skill)
    if level is not None:
        return LEVEL_FACTOR.get(level, 0.9)
    if not related:
        return 0.0
    held = t.skills
    shares = o.shares
    if len(related) <= len(held):
        stand_in = sum(shares.get(other, 1.0) for other in related if other in held)
    else:
        stand_in = sum(shares.get(other, 1.0) for other in held if other in related)
    return RELATED_CREDIT * min(1.0, stand_in)


def skill_fit(t: TalentVector, o: OpportunityVector) -> tuple[float, float, float]:
    """(fit, coverage, precision) of the pair's skills, each from 0 to 1; fit 0 when nothing overlaps.

    Coverage: the weighted share of the opportunity's skills the person brings. Precision: the weighted share
    of the person's skills the opportunity uses (a related skill counts RELATED_CREDIT). Fit is their F-measure
    with coverage FIT_BETA times as important, so a broad profile that happens to include an opportunity's
    few generic skills loses to the one whose skills the opportunity uses.
    """
    if not o.skill_weight_total or not t.skills:
        return 0.0, 0.0, 0.0
    credit = 0.0
    weights = o.weights
    for times, group in ((2, o.required), (1, o.optional)):
        for skill, related in group:
            value = _skill_credit(t, o, skill, related)
            if value:
                credit += times * weights.get(skill, 1.0) * value
    if not credit:
        return 0.0, 0.0, 0.0
    coverage = credit / o.skill_weight_total
    uses, own = o.uses, t.weights
    used = sum(own.get(skill, 1.0) * uses[skill] for skill in t.skills if skill in uses)
    precision = used / t.weight_total
    return f_measure(coverage, precision), coverage, precision


def f_measure(coverage: float, precision: float) -> float:
    beta2 = FIT_BETA * FIT_BETA
    denominator = beta2 * precision + coverage
    return (1 + beta2) * coverage * precision / denominator if denominator else 0.0


def _place_points(t: TalentVector, o: OpportunityVector) -> float:
    full = WEIGHTS["place"]
    if o.workplace == "remote":
        return float(full) if t.remote else 0.0
    if t.city and o.city and t.city == o.city:
        return float(full)
    if t.mobility == "lives-here" and o.city == HOME_CITY:
        return float(full)
    points = 0.0
    if t.mobility == "will-move":
        points = full * (0.8 if t.move is not None and (o.start is None or t.move <= o.start) else 0.5)
    if o.workplace == "hybrid" and t.remote:
        points = max(points, full * 0.5)
    return points


def _availability_points(t: TalentVector, o: OpportunityVector, today: int) -> float:
    if t.available is None:
        return 0.0
    reference = o.start if o.start is not None else today
    if t.available <= reference:
        return float(WEIGHTS["availability"])
    if t.available <= reference + AVAILABILITY_GRACE_DAYS:
        return WEIGHTS["availability"] / 2
    return 0.0


def lacks_required_language(t: TalentVector, o: OpportunityVector) -> bool:
    spoken = t.languages
    return any(required and spoken.get(code, 0) < level for code, level, required in o.languages)


def components(t: TalentVector, o: OpportunityVector, today: int) -> dict[str, float] | None:
    """Each part's points, or None when a hard filter excludes the pair."""
    if not is_available(o, today) or lacks_required_language(t, o):
        return None
    spoken = t.languages
    skills = 0.0
    # Context (languages, education, place, availability, kind) counts fully only as far as the skills fit:
    # without any skill in common it counts half, so nobody ranks high on context alone.
    context = 1.0
    if o.skill_weight_total:
        fit, _coverage, _precision = skill_fit(t, o)
        if not fit:
            return None  # the opportunity names skills and the person has none of them, nor a related one
        skills = WEIGHTS["skills"] * fit
        context = 0.5 + 0.5 * fit
    languages = 0.0
    if o.languages:
        met = sum(1 for code, level, _required in o.languages if spoken.get(code, 0) >= level)
        languages = WEIGHTS["languages"] * met / len(o.languages)
    education = 0.0
    if o.education is not None and t.education is not None:
        if t.education >= o.education:
            education = float(WEIGHTS["education"])
        elif t.education == o.education - 1:
            education = WEIGHTS["education"] / 2
    text = 0.0
    if t.terms and o.terms:
        shared = len(t.terms & o.terms)
        if shared:
            text = WEIGHTS["text"] * shared / math.sqrt(len(t.terms) * len(o.terms))
    kind = float(WEIGHTS["kind"]) if o.kind in t.looking_for else 0.0
    return {
        "skills": skills,
        "languages": context * languages,
        "education": context * education,
        "place": context * _place_points(t, o),
        "availability": context * _availability_points(t, o, today),
        "kind": context * kind,
        "text": text,
    }


def score(t: TalentVector, o: OpportunityVector, today: int) -> float | None:
    """The pair's score from 0 to 100, or None when a hard filter excludes it. The one scoring function."""
    parts = components(t, o, today)
    return None if parts is None else sum(parts.values())


def exclusion(t: TalentVector, o: OpportunityVector, today: int) -> str:
    """Why a hard filter excludes the pair: "closed", "language" or "skills" ("" when none does)."""
    if not is_available(o, today):
        return "closed"
    if lacks_required_language(t, o):
        return "language"
    return "skills" if components(t, o, today) is None else ""


def explain(t: TalentVector, o: OpportunityVector, today: int) -> dict:
    """Why the pair scores what it does: skill ids matched, related, missing, and every part's points.

    "coverage" and "precision" (percent) are the two halves of the skills part: how much of the opportunity's
    weighted skill list the person brings, and how much of the person's weighted skills the opportunity uses.
    A pair a hard filter excludes scores 0 and says why under "excluded".
    """
    parts = components(t, o, today)
    excluded = "" if parts is not None else exclusion(t, o, today)
    if parts is None:
        parts = dict.fromkeys(WEIGHTS, 0.0)
    _fit, coverage, precision = skill_fit(t, o)
    matched, related, missing, missing_optional = [], [], [], []
    for group, is_required in ((o.required, True), (o.optional, False)):
        for skill, neighbours in group:
            if skill in t.skills:
                matched.append(skill)
            elif _skill_credit(t, o, skill, neighbours):
                related.append(skill)
            elif is_required:
                missing.append(skill)
            else:
                missing_optional.append(skill)
    languages_missing = [code for code, level, _req in o.languages if t.languages.get(code, 0) < level]
    return {
        "score": round(sum(parts.values())),
        "excluded": excluded,
        "matched_skills": matched,
        "related_skills": related,
        "missing_skills": missing,
        "missing_optional_skills": missing_optional,
        "languages_missing": languages_missing,
        "coverage": round(100 * coverage),
        "precision": round(100 * precision),
        "factors": {name: {"points": round(points, 1), "max": WEIGHTS[name]} for name, points in parts.items()},
    }


# ------------------------------------------------------------------------------------------- ranking
#
# An exact tie in score falls to the better skill fit, then to a real signal (the person available sooner; the
# opportunity closing sooner, so that it is not missed), and only then to the lower id.

LAST = 1 << 40  # an unknown date sorts after every known one


@dataclass(frozen=True, slots=True)
class Ranked:
    value: float
    skills: float
    signal: int
    id: int

    def key(self) -> tuple[float, float, int, int]:
        return (-self.value, -self.skills, self.signal, self.id)


def rank_talent(t: TalentVector, o: OpportunityVector, today: int) -> Ranked | None:
    """The person's place in the opportunity's list, or None when a hard filter or the person's wish hides them."""
    if t.visibility == VISIBLE_NOBODY:
        return None
    parts = components(t, o, today)
    if parts is None:
        return None
    value = sum(parts.values())
    if not _shown(t, value):
        return None
    return Ranked(value, parts["skills"], LAST if t.available is None else t.available, t.id)


def rank_opportunity(t: TalentVector, o: OpportunityVector, today: int) -> Ranked | None:
    """The opportunity's place in the person's list, or None when a hard filter excludes it."""
    parts = components(t, o, today)
    if parts is None:
        return None
    return Ranked(sum(parts.values()), parts["skills"], LAST if o.closes is None else o.closes, o.id)


def top(ranked: Iterable[Ranked], k: int) -> list[tuple[float, int]]:
    """The best k as (score, id), best first."""
    return [(r.value, r.id) for r in heapq.nsmallest(k, ranked, key=Ranked.key)]


def _shown(t: TalentVector, value: float) -> bool:
    """People who let only matching employers see them appear only where they match."""
    return t.visibility == VISIBLE_EMPLOYERS or (t.visibility == VISIBLE_MATCHED and value >= MATCH_THRESHOLD)


def rank_talents_plain(o: OpportunityVector, talents: Iterable[TalentVector], *, today: int, k: int = 20):
    """Score every candidate one by one: the reference the fast path must agree with."""
    if not is_available(o, today):
        return []
    return top((r for t in talents if (r := rank_talent(t, o, today)) is not None), k)


def rank_opportunities_plain(t: TalentVector, opportunities: Iterable[OpportunityVector], *, today: int, k: int = 20):
    return top((r for o in opportunities if (r := rank_opportunity(t, o, today)) is not None), k)


def search(order: Iterable[tuple[float, int]], exact, k: int, *, found: list[Ranked] | None = None):
    """Score candidates exactly in descending order of an upper bound until none left can enter the top k.

    `order` yields (bound, id) with bounds not increasing; `exact(id)` returns the Ranked or None. A candidate
    whose bound equals the k-th best score is still scored, since the tie-break might put it ahead. `found`
    holds candidates already scored exactly (the index's overlay of recent changes).
    """
    found = list(found or ())
    best = heapq.nlargest(k, (r.value for r in found))  # the best k scores so far, a min-heap
    heapq.heapify(best)
    for bound, pk in order:
        if len(best) == k and bound < best[0]:
            break
        ranked = exact(pk)
        if ranked is None:
            continue
        found.append(ranked)
        if len(best) < k:
            heapq.heappush(best, ranked.value)
        elif ranked.value > best[0]:
            heapq.heapreplace(best, ranked.value)
    return top(found, k)


def new_generation() -> str:
    return uuid.uuid4().hex


def today_ordinal(day: date | None = None) -> int:
    from django.utils import timezone

    return (day or timezone.localdate()).toordinal()
