"""Talent matching at city-wide scale: 100,000 profiles and 10,000 opportunities on the real ESCO vocabulary.

Prints, as ratios to scoring every candidate with the plain per-candidate function in the same run:
one opportunity's top 20 people and one person's top 20 opportunities through the MatchIndex (the
two must agree exactly), with p50/p95 and the index's memory; then ranking quality (recall@20 and
MRR) on a labelled set built from ESCO occupations: people described by part of an occupation's
essential skills plus noise should find that occupation's opportunities near the top, and the
other way round.

Run alone with `python -m bench.talent` (or `make bench` once wired in). BENCH_TALENTS and
BENCH_OPPORTUNITIES shrink it for a quick look.
"""

import itertools
import os
import random
import time
import tracemalloc
from collections import defaultdict

from bench import harness

TALENTS = int(os.environ.get("BENCH_TALENTS", "100000"))
OPPORTUNITIES = int(os.environ.get("BENCH_OPPORTUNITIES", "10000"))
OCCUPATIONS = 300
QUERIES = 200
BATCH = 5000
UNUSABLE = "!"
# Goals: the MatchIndex answers in at most a tenth of the plain scoring's time; ranking quality at least this.
SPEED_GOAL = 0.1
RECALL_GOAL = 0.5
MRR_GOAL = 0.3


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
        profile.match_vector = services.talent_vector_data(profile, levels, languages)
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
            opportunity, skills, languages, True, neighbours=neighbours
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
    return occupations, essential, all_skills, talent_occupation, opportunity_occupation


def _quality(index, rng, occupations, essential, all_skills, talent_occupation, opportunity_occupation, today):
    """recall@20 and MRR both ways on people/opportunities described by part of an occupation's skills."""
    from talentas.talent import matching

    by_occupation = defaultdict(set)
    for pk, occupation in opportunity_occupation.items():
        if pk in index.opportunities:
            by_occupation[occupation].add(pk)
    tested = [o for o in occupations if by_occupation[o]]
    recalls, reciprocal = [], []
    for number in range(QUERIES):
        occupation = rng.choice(tested)
        own = essential[occupation]
        skills = rng.sample(own, max(2, len(own) // 2))
        noise = 2 if number % 5 else 6  # every fifth person is a noisy one
        skills += rng.sample(all_skills, noise)
        person = matching.TalentVector(
            -1,
            dict.fromkeys(skills, 3),
            {"lt": 6, "en": 4},
            6,
            "alytus",
            "lives-here",
            None,
            True,
            today,
            frozenset(["job"]),
            frozenset(),
            matching.VISIBLE_EMPLOYERS,
        )
        top = [pk for _s, pk in index.top_opportunities(person, today=today, k=20)]
        relevant = by_occupation[occupation]
        recalls.append(len(relevant & set(top)) / min(len(relevant), 20))
        rank = next((i + 1 for i, pk in enumerate(top) if pk in relevant), None)
        reciprocal.append(1 / rank if rank else 0.0)
    people_by_occupation = defaultdict(set)
    for pk, occupation in talent_occupation.items():
        if pk in index.talents:
            people_by_occupation[occupation].add(pk)
    reverse_recall, reverse_rr = [], []
    for pk in rng.sample(sorted(index.opportunities), QUERIES):
        relevant = people_by_occupation[opportunity_occupation[pk]]
        if not relevant:
            continue
        top = [t for _s, t in index.top_talents(index.opportunities[pk], today=today, k=20)]
        reverse_recall.append(len(relevant & set(top)) / min(len(relevant), 20))
        rank = next((i + 1 for i, t in enumerate(top) if t in relevant), None)
        reverse_rr.append(1 / rank if rank else 0.0)
    mean = lambda values: sum(values) / len(values)  # noqa: E731
    return mean(recalls), mean(reciprocal), mean(reverse_recall), mean(reverse_rr)


def run() -> None:
    from io import StringIO

    from django.core.management import call_command

    from talentas.talent import matching

    rng = random.Random(2025)
    started = time.perf_counter()
    call_command("import_esco", stdout=StringIO(), stderr=StringIO())
    esco_s = time.perf_counter() - started
    started = time.perf_counter()
    occupations, essential, all_skills, talent_occupation, opportunity_occupation = _build(rng)
    build_s = time.perf_counter() - started
    print(
        f"setup: ESCO import {esco_s:.1f} s; {TALENTS} profiles and {OPPORTUNITIES} opportunities "
        f"bulk-created in {build_s:.1f} s"
    )

    tracemalloc.start()
    started = time.perf_counter()
    index = matching.MatchIndex()
    index.sync()
    load_s = time.perf_counter() - started
    current, _peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"index: {len(index.talents)} visible profiles, {len(index.opportunities)} open opportunities, "
        f"loaded in {load_s:.1f} s, {current / 2**20:.0f} MiB"
    )

    today = matching.today_ordinal()
    opportunities = [index.opportunities[pk] for pk in rng.sample(sorted(index.opportunities), 40)]
    talents = [index.talents[pk] for pk in rng.sample(sorted(index.talents), 40)]
    for o in opportunities:
        fast = index.top_talents(o, today=today, k=20)
        assert fast == matching.rank_talents_plain(o, index.talents.values(), today=today, k=20), o.id
    for t in talents:
        fast = index.top_opportunities(t, today=today, k=20)
        assert fast == matching.rank_opportunities_plain(t, index.opportunities.values(), today=today, k=20), t.id
    print("check: fast path and plain scoring return the same top 20 for 40 opportunities and 40 people")

    cycle_o, cycle_o_plain = itertools.cycle(opportunities), itertools.cycle(opportunities)
    fast = harness.measure(lambda: index.top_talents(next(cycle_o), today=today, k=20), runs=40)
    plain = harness.measure(
        lambda: matching.rank_talents_plain(next(cycle_o_plain), index.talents.values(), today=today, k=20),
        runs=8,
        warmup=1,
    )
    ratio = harness.report(
        "opportunity's top 20 people (MatchIndex)", fast, plain, "plain scoring of every person", goal=SPEED_GOAL
    )
    print(f"  speed-up {1 / ratio:.0f}x; p50 {fast.median_ms:.1f} ms, p95 {fast.p95_ms:.1f} ms")
    cycle_t, cycle_t_plain = itertools.cycle(talents), itertools.cycle(talents)
    fast = harness.measure(lambda: index.top_opportunities(next(cycle_t), today=today, k=20), runs=40)
    plain = harness.measure(
        lambda: matching.rank_opportunities_plain(next(cycle_t_plain), index.opportunities.values(), today=today, k=20),
        runs=20,
    )
    ratio = harness.report(
        "person's top 20 opportunities (MatchIndex)", fast, plain, "plain scoring of every opportunity", goal=SPEED_GOAL
    )
    print(f"  speed-up {1 / ratio:.0f}x; p50 {fast.median_ms:.1f} ms, p95 {fast.p95_ms:.1f} ms")

    recall, mrr, reverse_recall, reverse_mrr = _quality(
        index, rng, occupations, essential, all_skills, talent_occupation, opportunity_occupation, today
    )
    print(
        f"quality, person -> opportunities ({QUERIES} people from ESCO occupations, half their essential skills "
        f"plus noise): recall@20 {recall:.2f}, MRR {mrr:.2f}"
    )
    print(
        f"quality, opportunity -> people (same occupation counts as relevant): recall@20 {reverse_recall:.2f}, "
        f"MRR {reverse_mrr:.2f}"
    )
    for name, value, goal in [
        ("recall@20, person -> opportunities", recall, RECALL_GOAL),
        ("MRR, person -> opportunities", mrr, MRR_GOAL),
        ("recall@20, opportunity -> people", reverse_recall, RECALL_GOAL),
        ("MRR, opportunity -> people", reverse_mrr, MRR_GOAL),
    ]:
        harness.check(name, value, at_least=goal)


if __name__ == "__main__":
    harness.setup_django()
    run()
    raise SystemExit(harness.finish())
