"""A labelled evaluation of the matching, built from the shipped ESCO files, and two plain rankers to beat.

The set: a fixed-seed sample of ISCO-08 unit groups, and every occupation in each (siblings such as
"software developer" and "web developer" are each other's confusers). Each occupation is posted exactly
once (part of its essential skills required, a few of its optional ones nice-to-have) and has exactly
one person (another part of its essential skills, maybe an optional one, and a skill or two from elsewhere),
so every query, both ways, has exactly one right answer. No text carries an occupation's label and the
context (place, languages, availability, kind) is the same for everyone: only the skills can tell.

The vectors come from the same services.*_vector_data the product writes, with ESCO's relations and the
rarity weights computed from the files as import_esco would store them.
"""

import csv
import functools
import gzip
import io
import random
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ESCO = Path(__file__).resolve().parent / "esco"
MIN_ESSENTIAL = 6


def _rows(name: str):
    with gzip.open(ESCO / name, "rt", encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(io.StringIO(handle.read()))


@dataclass
class Esco:
    group: dict[str, str]  # occupation uri -> ISCO-08 unit group
    essential: dict[str, list[int]]
    optional: dict[str, list[int]]
    weights: dict[int, float]
    neighbours: dict[int, set[int]]


@functools.lru_cache(maxsize=1)
def load_esco() -> Esco:
    from . import matching

    skill_ids: dict[str, int] = {}

    def skill(uri: str) -> int:
        return skill_ids.setdefault(uri, len(skill_ids) + 1)

    group = {r["conceptUri"]: r["iscoGroup"] for r in _rows("occupations_en.csv.gz") if r["iscoGroup"]}
    essential: dict[str, list[int]] = defaultdict(list)
    optional: dict[str, list[int]] = defaultdict(list)
    users: dict[int, int] = defaultdict(int)
    for r in _rows("occupationSkillRelations.csv.gz"):
        if r["occupationUri"] not in group:
            continue
        pk = skill(r["skillUri"])
        (essential if r["relationType"] == "essential" else optional)[r["occupationUri"]].append(pk)
        users[pk] += 1
    neighbours: dict[int, set[int]] = defaultdict(set)
    for r in _rows("skillSkillRelations.csv.gz"):
        a, b = skill(r["originalSkillUri"]), skill(r["relatedSkillUri"])
        neighbours[a].add(b)
        neighbours[b].add(a)
    for r in _rows("broaderRelationsSkillPillar.csv.gz"):
        if r["conceptType"] == "KnowledgeSkillCompetence" and r["broaderType"] == "KnowledgeSkillCompetence":
            a, b = skill(r["conceptUri"]), skill(r["broaderUri"])
            neighbours[a].add(b)
            neighbours[b].add(a)
    for pk, near in neighbours.items():
        near.discard(pk)
    occupations = len(group)
    weights = {pk: round(matching.skill_weight(users.get(pk, 0), occupations), 4) for pk in skill_ids.values()}
    return Esco(group, dict(essential), dict(optional), weights, dict(neighbours))


@dataclass
class EvaluationSet:
    talents: list  # TalentVector, talent i belongs to occupation i
    opportunities: list  # OpportunityVector, opportunity i is occupation i's
    occupations: list[str]
    weights: dict[int, float] = field(default_factory=dict)


def build_set(*, groups: int, seed: int = 11, per_group: int = 8) -> EvaluationSet:
    """The labelled set over `groups` ISCO unit groups with at least two occupations (up to per_group each)."""
    from django.utils import timezone

    from talentas.core.city import default_location

    from . import matching, services
    from .models import Opportunity, TalentProfile

    esco = load_esco()
    rng = random.Random(seed)  # noqa: S311 (a reproducible evaluation set)
    by_group: dict[str, list[str]] = defaultdict(list)
    for uri in sorted(esco.essential):
        if len(esco.essential[uri]) >= MIN_ESSENTIAL:
            by_group[esco.group[uri]].append(uri)
    eligible = sorted(g for g, members in by_group.items() if len(members) >= 2)
    chosen = rng.sample(eligible, min(groups, len(eligible)))
    occupations = [uri for g in sorted(chosen) for uri in rng.sample(by_group[g], min(per_group, len(by_group[g])))]
    pool = sorted({s for uri in occupations for s in esco.essential[uri] + esco.optional.get(uri, [])})
    # Skills most occupations ask for (communication, teamwork): what a real profile lists besides its trade.
    generic = sorted(esco.weights, key=lambda s: (esco.weights[s], s))[:60]
    today = timezone.localdate()
    talents, opportunities = [], []
    for number, uri in enumerate(occupations, start=1):
        own, extra = esco.essential[uri], esco.optional.get(uri, [])
        required = rng.sample(own, max(3, round(len(own) * rng.uniform(0.5, 0.8))))
        nice = rng.sample(extra, min(len(extra), rng.randint(1, 3)))
        skills = [(s, True) for s in required] + [(s, False) for s in nice]
        ids = {s for s, _r in skills}
        near = {s: esco.neighbours.get(s, set()) for s in ids}
        related = set().union(*near.values()) - ids
        degrees = {s: len(esco.neighbours.get(s, ())) for s in related}
        opportunity = Opportunity(
            title="", description="", kind="job", city=default_location(), workplace="on-site", status="open"
        )
        data = services.opportunity_vector_data(
            opportunity, skills, [], True, neighbours=near, weights=esco.weights, degrees=degrees
        )
        opportunities.append(matching.OpportunityVector.from_json(number, data))
        held = rng.sample(own, max(2, round(len(own) * rng.uniform(0.4, 0.7))))
        held += rng.sample(extra, min(len(extra), rng.randint(0, 2)))
        held += rng.sample(pool, rng.randint(1, 2)) + rng.sample(generic, rng.randint(0, 2))
        profile = TalentProfile(
            kind="local-professional",
            city=default_location(),
            mobility="lives-here",
            available_from=today,
            looking_for=["job"],
            visibility="employers",
            consent_at=timezone.now(),
        )
        levels = {s: rng.randint(2, 4) for s in held}
        data = services.talent_vector_data(profile, levels, {"lt": 6}, weights=esco.weights)
        talents.append(matching.TalentVector.from_json(number, data))
    return EvaluationSet(talents, opportunities, occupations, esco.weights)


# ---------------------------------------------------------------------------------------------- rankers


def _skills_of(o) -> set[int]:
    return {s for s, _related in (*o.required, *o.optional)}


def jaccard(t, o) -> float:
    """The plain ranker: shared skills over all skills of the two."""
    own, asked = set(t.skills), _skills_of(o)
    return len(own & asked) / len(own | asked) if own | asked else 0.0


def weighted_coverage(weights: dict[int, float]) -> Callable:
    """The IDF ranker: the rarity-weighted share of the opportunity's skills the person has."""

    def score(t, o) -> float:
        asked = _skills_of(o)
        total = sum(weights.get(s, 1.0) for s in asked)
        return sum(weights.get(s, 1.0) for s in asked if s in t.skills) / total if total else 0.0

    return score


@dataclass
class Quality:
    recall_at_1: float
    recall_at_20: float
    mrr: float

    def line(self) -> str:
        return f"recall@1 {self.recall_at_1:.3f}, recall@20 {self.recall_at_20:.3f}, MRR {self.mrr:.3f}"


def _quality(ranks: list[int]) -> Quality:
    n = len(ranks)
    return Quality(sum(r == 1 for r in ranks) / n, sum(r <= 20 for r in ranks) / n, sum(1 / r for r in ranks) / n)


def _rank_of(scores: list[tuple[float, int]], right: int) -> int:
    """1-based place of the right answer when sorted best first, ties to the lower id (as no real signal)."""
    ordered = sorted(scores, key=lambda pair: (-pair[0], pair[1]))
    return next(i for i, (_s, pk) in enumerate(ordered, start=1) if pk == right)


def evaluate_pairwise(data: EvaluationSet, scorer: Callable) -> tuple[Quality, Quality]:
    """(person -> opportunities, opportunity -> people) quality of a pair scorer."""
    forward = [_rank_of([(scorer(t, o), o.id) for o in data.opportunities], t.id) for t in data.talents]
    backward = [_rank_of([(scorer(t, o), t.id) for t in data.talents], o.id) for o in data.opportunities]
    return _quality(forward), _quality(backward)


def evaluate_product(data: EvaluationSet) -> tuple[Quality, Quality]:
    """The product's own ranking (matching.rank_*_plain, what the index returns) on the set."""
    from . import matching

    today = data.talents[0].available or 0
    everyone = len(data.talents)

    def place(ranked: list[tuple[float, int]], right: int) -> int:
        ids = [pk for _s, pk in ranked]
        return ids.index(right) + 1 if right in ids else everyone + 1  # excluded: ranked after all

    forward = [
        place(matching.rank_opportunities_plain(t, data.opportunities, today=today, k=everyone), t.id)
        for t in data.talents
    ]
    backward = [
        place(matching.rank_talents_plain(o, data.talents, today=today, k=everyone), o.id) for o in data.opportunities
    ]
    return _quality(forward), _quality(backward)


def report(data: EvaluationSet) -> dict[str, tuple[Quality, Quality]]:
    return {
        "product": evaluate_product(data),
        "jaccard": evaluate_pairwise(data, jaccard),
        "idf coverage": evaluate_pairwise(data, weighted_coverage(data.weights)),
    }
