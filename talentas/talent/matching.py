"""The matching engine: one score from 0 to 100 for a talent and an opportunity, the same both ways.

| part         | points | how                                                                                 |
| ------------ | ------ | ----------------------------------------------------------------------------------- |
| skills       | 50     | required skills count twice, nice-to-have once; a related or broader/narrower ESCO  |
|              |        | skill counts half; the person's level scales a direct match (basic 0.8 ... 1.0)     |
| languages    | 10     | share of the opportunity's languages the person speaks at its level                 |
| education    | 10     | ISCED level at or above the minimum (one level below: half)                         |
| place        | 10     | lives there, would move (and when), or remote work both sides accept                |
| availability | 5      | available by the start date (within 60 days after: half)                            |
| kind         | 5      | the person looks for this kind of opportunity                                       |
|              |        | (these five context parts count half when no skill fits, fully when all do)         |
| text         | 10     | cosine similarity of stemmed words (Lithuanian and English Snowball stemmers)       |

Hard filters: a closed, suspended or expired opportunity never matches, nor does a person who lacks a
required language, nor one who has none of the skills an opportunity names (nor a related one).
Missing data never counts as agreement: a part that either side leaves empty
scores 0, so an empty profile scores near 0 and a thin one low.

Skills are compared as ESCO concept ids, never as labels: synonyms and case cannot make a skill look
missing. Profiles and opportunities keep a precomputed vector (`match_vector`) that `score` reads;
`rank_*_plain` score every candidate; `MatchIndex` finds the candidates sharing a skill through
inverted indexes, bounds what each could score from its skill overlap alone, and scores exactly only
in the order of that bound until no remaining candidate could enter the top k, so both return the
same ranking.
"""

import functools
import heapq
import math
import re
import sys
import threading
import uuid
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter

import snowballstemmer

WEIGHTS = {"skills": 50, "languages": 10, "education": 10, "place": 10, "availability": 5, "kind": 5, "text": 10}
MATCH_THRESHOLD = 45  # a pair at or above this score is "a match" for metrics and digests
LEVEL_FACTOR = {1: 0.8, 2: 0.9, 3: 1.0, 4: 1.0}
RELATED_CREDIT = 0.5
AVAILABILITY_GRACE_DAYS = 60
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
    skill_weight_total: int = field(default=0)

    def __post_init__(self) -> None:
        self.skill_weight_total = 2 * len(self.required) + len(self.optional)

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


def _skill_credit(skills: dict[int, int], skill: int, related: frozenset[int]) -> float:
    level = skills.get(skill)
    if level is not None:
        return LEVEL_FACTOR.get(level, 0.9)
    if related and not related.isdisjoint(skills):
        return RELATED_CREDIT
    return 0.0


def _place_points(t: TalentVector, o: OpportunityVector) -> float:
    full = WEIGHTS["place"]
    if o.workplace == "remote":
        return float(full) if t.remote else 0.0
    if t.city and o.city and t.city == o.city:
        return float(full)
    if t.mobility == "lives-here" and o.city == "alytus":
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


def components(t: TalentVector, o: OpportunityVector, today: int) -> dict[str, float] | None:
    """Each part's points, or None when a hard filter excludes the pair."""
    if not is_available(o, today):
        return None
    spoken = t.languages
    for code, level, required in o.languages:
        if required and spoken.get(code, 0) < level:
            return None
    skills = 0.0
    # Context (languages, education, place, availability, kind) counts fully only as far as the skills fit:
    # without any skill in common it counts half, so nobody ranks high on context alone.
    context = 1.0
    if o.skill_weight_total:
        credit = 0.0
        for skill, related in o.required:
            credit += 2 * _skill_credit(t.skills, skill, related)
        for skill, related in o.optional:
            credit += _skill_credit(t.skills, skill, related)
        if not credit:
            return None  # the opportunity names skills and the person has none of them, nor a related one
        fit = credit / o.skill_weight_total
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
    if any(req and t.languages.get(code, 0) < level for code, level, req in o.languages):
        return "language"
    return "skills" if components(t, o, today) is None else ""


def explain(t: TalentVector, o: OpportunityVector, today: int) -> dict:
    """Why the pair scores what it does: skill ids matched, related, missing, and every part's points.

    A pair a hard filter excludes scores 0 and says why under "excluded".
    """
    parts = components(t, o, today)
    excluded = "" if parts is not None else exclusion(t, o, today)
    if parts is None:
        parts = dict.fromkeys(WEIGHTS, 0.0)
    matched, related, missing, missing_optional = [], [], [], []
    for group, is_required in ((o.required, True), (o.optional, False)):
        for skill, neighbours in group:
            if skill in t.skills:
                matched.append(skill)
            elif neighbours and not neighbours.isdisjoint(t.skills):
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
        "factors": {name: {"points": round(points, 1), "max": WEIGHTS[name]} for name, points in parts.items()},
    }


# ------------------------------------------------------------------------------------------- ranking


def _top(scored: Iterable[tuple[float, int]], k: int) -> list[tuple[float, int]]:
    """Best first; ties broken by the lower id, so every path ranks alike."""
    return heapq.nsmallest(k, scored, key=lambda pair: (-pair[0], pair[1]))


def _shown(t: TalentVector, value: float) -> bool:
    """People who let only matching employers see them appear only where they match."""
    return t.visibility == VISIBLE_EMPLOYERS or (t.visibility == VISIBLE_MATCHED and value >= MATCH_THRESHOLD)


def rank_talents_plain(o: OpportunityVector, talents: Iterable[TalentVector], *, today: int, k: int = 20):
    """Score every candidate one by one: the reference the fast path must agree with."""
    results = []
    for t in talents:
        if t.visibility == VISIBLE_NOBODY:
            continue
        value = score(t, o, today)
        if value is not None and _shown(t, value):
            results.append((value, t.id))
    return _top(results, k)


def rank_opportunities_plain(t: TalentVector, opportunities: Iterable[OpportunityVector], *, today: int, k: int = 20):
    results = []
    for o in opportunities:
        value = score(t, o, today)
        if value is not None:
            results.append((value, o.id))
    return _top(results, k)


class MatchIndex:
    """Every visible talent's and open opportunity's vector in memory, with skill -> ids inverted indexes.

    `sync` compares the database's MatchIndexState with what was loaded and reloads only the vectors
    that changed since (one cheap query when nothing did), so every process answers from fresh data.
    """

    def __init__(self) -> None:
        self.talents: dict[int, TalentVector] = {}
        self.opportunities: dict[int, OpportunityVector] = {}
        self.talents_by_skill: dict[int, set[int]] = {}
        # skill -> opportunity ids, repeated by the half-units of credit the skill can earn there
        self.postings: dict[int, list[int]] = {}
        self.unit_totals: dict[int, int] = {}
        self.skill_free: set[int] = set()
        self.generation: str = ""
        self.seq = -1
        self.deletions = -1
        self.lock = threading.RLock()

    # -- loading

    def put_talent(self, t: TalentVector) -> None:
        self.drop_talent(t.id)
        if t.visibility == VISIBLE_NOBODY:
            return
        self.talents[t.id] = t
        for skill in t.skills:
            self.talents_by_skill.setdefault(skill, set()).add(t.id)

    def drop_talent(self, pk: int) -> None:
        old = self.talents.pop(pk, None)
        if old is not None:
            for skill in old.skills:
                self.talents_by_skill.get(skill, set()).discard(pk)

    def put_opportunity(self, o: OpportunityVector) -> None:
        self.drop_opportunity(o.id)
        if not o.open:
            return
        self.opportunities[o.id] = o
        if not o.skill_weight_total:
            self.skill_free.add(o.id)
            return
        # Each skill lists the opportunity once per half-unit it can earn there (a required skill 4, related to
        # a required one 2, nice-to-have 2, related to one 1), so a Counter sums a person's credit at C speed.
        for times, related_times, group in ((4, 2, o.required), (2, 1, o.optional)):
            for skill, related in group:
                self.postings.setdefault(skill, []).extend([o.id] * times)
                for other in related:
                    self.postings.setdefault(other, []).extend([o.id] * related_times)
        self.unit_totals[o.id] = 2 * o.skill_weight_total

    def drop_opportunity(self, pk: int) -> None:
        old = self.opportunities.pop(pk, None)
        self.skill_free.discard(pk)
        self.unit_totals.pop(pk, None)
        if old is not None:
            for skill in old.all_skill_ids():
                entries = self.postings.get(skill)
                if entries:
                    self.postings[skill] = [entry for entry in entries if entry != pk]

    def sync(self) -> None:
        from .models import MatchIndexState, Opportunity, TalentProfile

        state = MatchIndexState.objects.filter(pk=1).values("seq", "deletions", "generation").first()
        if state is None:
            state = {"seq": 0, "deletions": 0, "generation": ""}
        with self.lock:
            if (state["generation"], state["seq"], state["deletions"]) == (self.generation, self.seq, self.deletions):
                return
            full = state["generation"] != self.generation or state["seq"] < self.seq
            if full:
                self.__init__()  # type: ignore[misc]
            since = -1 if full else self.seq
            talents = TalentProfile.objects.filter(vector_seq__gt=since).values_list("id", "match_vector")
            for pk, data in talents.iterator(chunk_size=5000):
                self.put_talent(TalentVector.from_json(pk, data))
            opportunities = Opportunity.objects.filter(vector_seq__gt=since).values_list("id", "match_vector")
            for pk, data in opportunities.iterator(chunk_size=5000):
                self.put_opportunity(OpportunityVector.from_json(pk, data))
            if not full and state["deletions"] != self.deletions:
                for pk in set(self.talents) - set(TalentProfile.objects.values_list("id", flat=True)):
                    self.drop_talent(pk)
                for pk in set(self.opportunities) - set(Opportunity.objects.values_list("id", flat=True)):
                    self.drop_opportunity(pk)
            self.generation, self.seq, self.deletions = state["generation"], state["seq"], state["deletions"]

    # -- ranking
    #
    # Candidates are found and weighed by their skill overlap alone, at C speed (Counter, sorted). With the
    # overlap's fit f, a candidate can score at most 50·f + (0.5 + 0.5·f)·context + text, which grows with f;
    # scoring exactly in descending f stops as soon as that bound falls below the k-th best score found.

    @staticmethod
    def _search(order, limit, exact, k: int) -> list[tuple[float, int]]:
        """Score (id, fit) pairs in descending fit until limit(fit) < the k-th best score; best k first."""
        heap: list[tuple[float, int]] = []  # the best k so far as (score, -id): heap[0] is the worst of them
        for pk, fit in order:
            if len(heap) == k and limit(fit) < heap[0][0]:
                break
            value = exact(pk)
            if value is None:
                continue
            item = (value, -pk)
            if len(heap) < k:
                heapq.heappush(heap, item)
            elif item > heap[0]:
                heapq.heapreplace(heap, item)
        return _top(((value, -negative) for value, negative in heap), k)

    def top_talents(self, o: OpportunityVector, *, today: int, k: int = 20) -> list[tuple[float, int]]:
        """The same top k as rank_talents_plain over the indexed talents, scoring only those that could be in it."""
        talents = self.talents
        if not is_available(o, today):
            return []

        def exact(pk: int) -> float | None:
            t = talents[pk]
            value = score(t, o, today)
            return value if value is not None and _shown(t, value) else None

        if not o.skill_weight_total:  # nothing to prefilter on: every person is a candidate
            return _top(((v, pk) for pk in talents if (v := exact(pk)) is not None), k)
        # Credit in half-units: a required skill held counts 4, a related one 2; a nice-to-have 2 and 1.
        units: Counter[int] = Counter()
        empty: set[int] = set()
        for times, related_times, group in ((4, 2, o.required), (2, 1, o.optional)):
            for skill, related in group:
                direct = self.talents_by_skill.get(skill, empty)
                for _ in range(times):
                    units.update(direct)
                if related:
                    reached = set().union(*(self.talents_by_skill.get(other, empty) for other in related)) - direct
                    for _ in range(related_times):
                        units.update(reached)
        total = 2 * o.skill_weight_total
        context, text, full = o.context_max(), WEIGHTS["text"] * bool(o.terms), WEIGHTS["skills"]

        def limit(weight: int) -> float:
            fit = weight / total
            return full * fit + (0.5 + 0.5 * fit) * context + text

        return self._search(units.most_common(), limit, exact, k)

    def top_opportunities(self, t: TalentVector, *, today: int, k: int = 20) -> list[tuple[float, int]]:
        opportunities = self.opportunities
        # Half-units each of the person's skills brings to each opportunity (see put_opportunity); summed over
        # skills they may count a requirement twice, which only loosens the bound, never breaks it.
        units: Counter[int] = Counter()
        for skill in t.skills:
            units.update(self.postings.get(skill, ()))
        totals = self.unit_totals
        fits = {pk: min(1.0, count / totals[pk]) for pk, count in units.items()}
        for pk in self.skill_free:
            fits[pk] = 1.0  # no skills asked: context counts fully
        text = WEIGHTS["text"] * bool(t.terms)
        context = WEIGHTS["languages"] + WEIGHTS["education"] + WEIGHTS["place"] + WEIGHTS["availability"]
        context += WEIGHTS["kind"]

        def limit(fit: float) -> float:
            return WEIGHTS["skills"] * fit + (0.5 + 0.5 * fit) * context + text

        order = sorted(fits.items(), key=itemgetter(1), reverse=True)
        return self._search(order, limit, lambda pk: score(t, opportunities[pk], today), k)


def new_generation() -> str:
    return uuid.uuid4().hex


_index = MatchIndex()


def shared_index() -> MatchIndex:
    """This process's index, brought up to date with the database."""
    _index.sync()
    return _index


def today_ordinal(day: date | None = None) -> int:
    from django.utils import timezone

    return (day or timezone.localdate()).toordinal()
