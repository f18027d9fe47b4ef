"""Talent matching at city-wide scale: 100,000 profiles and 10,000 opportunities on the real ESCO vocabulary.

Prints the match index file's build time and size; one opportunity's top 20 people and one person's top 20
opportunities through the index (which must agree exactly with the plain per-candidate scorer), with p50/p95
and the ratio to that plain scorer; the in-process cost of a match list with its explanations (20 and 100
rows); then ranking quality (recall@1, recall@20, MRR, both ways) on the labelled ESCO set of
talent/match_evaluation.py next to a plain Jaccard ranker and an IDF-weighted coverage ranker.

Run alone with `python -m bench.talent` (or `make bench`). BENCH_TALENTS and BENCH_OPPORTUNITIES shrink it
for a quick look; BENCH_QUALITY_GROUPS sizes the labelled set (ISCO unit groups).
"""

import itertools
import os
import random
import time
from collections import defaultdict

from bench import harness

TALENTS = int(os.environ.get("BENCH_TALENTS", "100000"))
OPPORTUNITIES = int(os.environ.get("BENCH_OPPORTUNITIES", "10000"))
QUALITY_GROUPS = int(os.environ.get("BENCH_QUALITY_GROUPS", "60"))
OCCUPATIONS = 300
BATCH = 5000
UNUSABLE = "!"
# Goals: the index answers 50 times faster than plain scoring, p95 within 20 ms; quality at least this.
SPEED_GOAL = 1 / 50
P95_GOAL_MS = 20.0
RECALL_GOAL = 0.99
MRR_GOAL = 0.90


def _occupations(rng):
    from talentas.talent.models import OccupationSkill

    essential, optional = defaultdict(list), defaultdict(list)
    for occupation, skill, relation in OccupationSkill.objects.values_list("occupation_id", "skill_id", "relation"):
        (essential if relation == "essential" else optional)[occupation].append(skill)
    eligible = sorted(o for o, skills in essential.items() if len(skills) >= 8)
    chosen = rng.sample(eligible, min(OCCUPATIONS, len(eligible)))
    return chosen, essential, optional


def _build(rng):
    """Bulk-create users, profiles (with their skills and vectors), organisations and opportunities."""
    from datetime import timedelta

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from talentas.organisations.models import Organisation
    from talentas.talent import services
    from talentas.talent.models import (
        MatchIndexState,
        Occupation,
        Opportunity,
        OpportunitySkill,
        TalentProfile,
        TalentSkill,
    )

    occupations, essential, optional = _occupations(rng)
    labels = dict(Occupation.objects.filter(pk__in=occupations).values_list("pk", "label_en"))
    all_skills = sorted({s for o in occupations for s in essential[o] + optional[o]})
    rarity = services.skill_weights(set(all_skills))
    today = timezone.localdate()
    kinds = [k.value for k in TalentProfile.Kind]
    looking = ["job", "internship", "apprenticeship", "mentorship", "coworking", "project", "cofounder"]
    # A few occupations are common, most are rare: people and jobs follow a long tail.
    weights = [1 / (1 + i) ** 0.6 for i in range(len(occupations))]

    User = get_user_model()
    User.objects.bulk_create(
        [User(email=f"bench{i}@example.org", password=UNUSABLE, full_name=f"Bench {i}") for i in range(TALENTS)],
        batch_size=BATCH,
    )
    user_ids = list(User.objects.filter(email__startswith="bench").order_by("pk").values_list("pk", flat=True))
    truth_talent: dict[int, int] = {}
    profiles, skill_rows = [], []
    occupation_objects = {o.pk: o for o in Occupation.objects.filter(pk__in=occupations)}
    for index, user_id in enumerate(user_ids):
        occupation = rng.choices(occupations, weights)[0]
        own = essential[occupation]
        skills = rng.sample(own, max(2, int(len(own) * rng.uniform(0.3, 0.8))))
        skills += rng.sample(optional[occupation], min(len(optional[occupation]), rng.randint(0, 3)))
        skills += rng.sample(all_skills, rng.randint(0, 2))
        levels = {s: rng.randint(1, 4) for s in skills}
        languages = {"lt": rng.choice([6, 6, 6, 5, 4, 2])}
        if rng.random() < 0.7:
            languages["en"] = rng.randint(2, 6)
        profile = TalentProfile(
            user_id=user_id,
            kind=rng.choice(kinds),
            headline=f"{labels[occupation]} looking for work",
            city=rng.choice(["Alytus", "Alytus", "Alytus", "Kaunas", "Vilnius", "London", "Dublin"]),
            mobility=rng.choice(["lives-here", "will-move", "remote-only", "not-now", ""]),
            remote_ok=rng.random() < 0.3,
            education_level=rng.choice([None, 3, 4, 5, 6, 6, 7]),
            occupation=occupation_objects[occupation],
            looking_for=rng.sample(looking, rng.randint(1, 3)),
            available_from=today + timedelta(days=rng.randint(-30, 180)),
            visibility=rng.choice(["employers", "employers", "employers", "matched", "nobody"]),
            consent_at=timezone.now(),
            consent_version=services.CONSENT_VERSION,
            vector_seq=1,
        )
        profile.match_vector = services.talent_vector_data(profile, levels, languages, weights=rarity)
        profiles.append(profile)
        truth_talent[user_id] = occupation
        if len(profiles) == BATCH or index == len(user_ids) - 1:
            TalentProfile.objects.bulk_create(profiles)
            made = dict(
                TalentProfile.objects.filter(user_id__in=[p.user_id for p in profiles]).values_list("user_id", "pk")
            )
            for p in profiles:
                skill_rows.extend(
                    TalentSkill(profile_id=made[p.user_id], skill_id=int(s), level=lv)
                    for s, lv in p.match_vector["s"].items()
                )
            TalentSkill.objects.bulk_create(skill_rows, batch_size=BATCH)
            profiles, skill_rows = [], []
    talent_occupation = {
        pk: truth_talent[user_id] for pk, user_id in TalentProfile.objects.values_list("pk", "user_id")
    }

    organisations = Organisation.objects.bulk_create(
        [
            Organisation(name=f"Bench firm {i}", slug=f"bench-firm-{i}", kind="company", verification="verified")
            for i in range(50)
        ]
    )
    neighbours = services.skill_neighbours(set(all_skills))
    related = set().union(*neighbours.values()) - set(all_skills)
    degrees = {pk: len(near) for pk, near in services.skill_neighbours(related | set(all_skills)).items()}
    opportunity_occupation: dict[int, int] = {}
    pending = []
    for index in range(OPPORTUNITIES):
        occupation = rng.choices(occupations, weights)[0]
        own = essential[occupation]
        required = rng.sample(own, min(len(own), rng.randint(3, 6)))
        rest = [s for s in own + optional[occupation] if s not in required]
        nice = rng.sample(rest, min(len(rest), rng.randint(1, 4)))
        languages = [("lt", rng.choice([3, 4, 5]), rng.random() < 0.8)] + (
            [("en", rng.choice([3, 4]), rng.random() < 0.3)] if rng.random() < 0.5 else []
        )
        opportunity = Opportunity(
            organisation=organisations[index % len(organisations)],
            kind=rng.choice([*looking[:3], "job", "job"]),
            title=f"{labels[occupation]} wanted",
            description=f"We look for a {labels[occupation]} in Alytus.",
            occupation=occupation_objects[occupation],
            education_level=rng.choice([None, 3, 5, 6]),
            city=rng.choice(["Alytus", "Alytus", "Alytus", "Kaunas"]),
            workplace=rng.choice(["on-site", "on-site", "hybrid", "remote"]),
            start_date=today + timedelta(days=rng.randint(0, 120)),
            closes_on=today + timedelta(days=rng.randint(5, 90)) if rng.random() < 0.95 else today - timedelta(days=3),
            status="open" if rng.random() < 0.95 else "closed",
            vector_seq=1,
        )
        skills = [(s, True) for s in required] + [(s, False) for s in nice]
        opportunity.match_vector = services.opportunity_vector_data(
            opportunity, skills, languages, True, neighbours=neighbours, weights=rarity, degrees=degrees
        )
        pending.append((opportunity, skills, occupation))
    Opportunity.objects.bulk_create([o for o, _s, _occ in pending], batch_size=BATCH)
    ids = list(Opportunity.objects.order_by("pk").values_list("pk", flat=True))
    rows = []
    for pk, (_o, skills, occupation) in zip(ids, pending, strict=True):
        opportunity_occupation[pk] = occupation
        rows.extend(OpportunitySkill(opportunity_id=pk, skill_id=s, required=r) for s, r in skills)
    OpportunitySkill.objects.bulk_create(rows, batch_size=BATCH)
    MatchIndexState.objects.update_or_create(pk=1, defaults={"seq": 1, "deletions": 0})
    return talent_occupation, opportunity_occupation


def _quality() -> None:
    """recall@1, recall@20 and MRR both ways on the labelled ESCO set, for the product and two plain rankers."""
    from talentas.talent import match_evaluation

    started = time.perf_counter()
    labelled = match_evaluation.build_set(groups=QUALITY_GROUPS)
    results = match_evaluation.report(labelled)
    print(
        f"quality on {len(labelled.occupations)} ESCO occupations from {QUALITY_GROUPS} ISCO unit groups, every one "
        f"posted once and with one person, siblings as confusers ({time.perf_counter() - started:.0f} s):"
    )
    for name, (forward, backward) in results.items():
        print(f"  {name:13} person -> opportunities: {forward.line()}")
        print(f"  {'':13} opportunity -> people:  {backward.line()}")
    product = results["product"]
    for direction, ours in zip(("person -> opportunities", "opportunity -> people"), product, strict=True):
        harness.check(f"MRR, {direction}", ours.mrr, at_least=MRR_GOAL)
        harness.check(f"recall@20, {direction}", ours.recall_at_20, at_least=RECALL_GOAL)
    for name in ("jaccard", "idf coverage"):
        margin = min(ours.mrr - theirs.mrr for ours, theirs in zip(product, results[name], strict=True))
        print(f"  MRR ahead of {name} by at least {margin:+.3f} (both ways)")
        harness.check(f"MRR margin over {name}", margin, at_least=0.01)


def _vectors():
    from talentas.talent import matching
    from talentas.talent.models import Opportunity, TalentProfile

    talents = [
        matching.TalentVector.from_json(pk, data)
        for pk, data in TalentProfile.objects.values_list("pk", "match_vector").iterator(chunk_size=BATCH)
    ]
    opportunities = [
        matching.OpportunityVector.from_json(pk, data)
        for pk, data in Opportunity.objects.values_list("pk", "match_vector").iterator(chunk_size=BATCH)
    ]
    return talents, [o for o in opportunities if o.open]


def _explanations(rng) -> None:
    from talentas.talent import selectors
    from talentas.talent.models import Opportunity

    opportunity = Opportunity.objects.get(pk=rng.choice(list(Opportunity.objects.values_list("pk", flat=True)[:500])))
    for rows in (20, 100):
        timing = harness.measure(lambda rows=rows: selectors.matches_for_opportunity(opportunity, limit=rows), runs=10)
        print(f"match list with explanations, {rows} rows in-process: p50 {timing.median_ms:.1f} ms")


def run() -> None:
    import tempfile
    from io import StringIO
    from pathlib import Path

    from django.conf import settings
    from django.core.management import call_command

    from talentas.talent import match_index, matching

    rng = random.Random(2025)
    _quality()
    started = time.perf_counter()
    call_command("import_esco", stdout=StringIO(), stderr=StringIO())
    esco_s = time.perf_counter() - started
    started = time.perf_counter()
    _build(rng)
    build_s = time.perf_counter() - started
    print(
        f"setup: ESCO import {esco_s:.1f} s; {TALENTS} profiles and {OPPORTUNITIES} opportunities "
        f"bulk-created in {build_s:.1f} s"
    )

    settings.MATCH_INDEX_DIR = Path(tempfile.mkdtemp(prefix="talentas-match-index-"))
    started = time.perf_counter()
    path = match_index.build_index_file()
    index_s = time.perf_counter() - started
    started = time.perf_counter()
    index = match_index.MatchIndex()
    index.sync()
    open_ms = (time.perf_counter() - started) * 1000
    assert index.file is not None
    print(
        f"index: {len(index.file.a['t_id'])} visible profiles, {len(index.file.a['o_id'])} open opportunities; "
        f"file built in {index_s:.1f} s, {path.stat().st_size / 2**20:.0f} MiB, mapped by a worker in {open_ms:.0f} ms"
    )

    today = matching.today_ordinal()
    talents, open_opportunities = _vectors()
    visible = [t for t in talents if t.visibility != matching.VISIBLE_NOBODY]
    opportunities = rng.sample(open_opportunities, 40)
    people = rng.sample(visible, 40)
    for o in opportunities:
        assert index.top_talents(o, today=today, k=20) == matching.rank_talents_plain(o, talents, today=today), o.id
    for t in people:
        fast = index.top_opportunities(t, today=today, k=20)
        assert fast == matching.rank_opportunities_plain(t, open_opportunities, today=today), t.id
    print("check: index and plain scoring return the same top 20 for 40 opportunities and 40 people")

    cycle_o, cycle_o_plain = itertools.cycle(opportunities), itertools.cycle(opportunities)
    fast = harness.measure(lambda: index.top_talents(next(cycle_o), today=today, k=20), runs=80)
    plain = harness.measure(
        lambda: matching.rank_talents_plain(next(cycle_o_plain), talents, today=today, k=20), runs=5, warmup=1
    )
    ratio = harness.report(
        "opportunity's top 20 people (match index)", fast, plain, "plain scoring of every person", goal=SPEED_GOAL
    )
    print(f"  speed-up {1 / ratio:.0f}x; p50 {fast.median_ms:.1f} ms, p95 {fast.p95_ms:.1f} ms")
    harness.check("p95 of one opportunity's top 20, ms", fast.p95_ms, at_most=P95_GOAL_MS)
    cycle_t, cycle_t_plain = itertools.cycle(people), itertools.cycle(people)
    fast = harness.measure(lambda: index.top_opportunities(next(cycle_t), today=today, k=20), runs=80)
    plain = harness.measure(
        lambda: matching.rank_opportunities_plain(next(cycle_t_plain), open_opportunities, today=today, k=20), runs=10
    )
    ratio = harness.report(
        "person's top 20 opportunities (match index)",
        fast,
        plain,
        "plain scoring of every opportunity",
        goal=SPEED_GOAL,
    )
    print(f"  speed-up {1 / ratio:.0f}x; p50 {fast.median_ms:.1f} ms, p95 {fast.p95_ms:.1f} ms")
    harness.check("p95 of one person's top 20, ms", fast.p95_ms, at_most=P95_GOAL_MS)
    _explanations(rng)


if __name__ == "__main__":
    harness.setup_django()
    run()
    raise SystemExit(harness.finish())
