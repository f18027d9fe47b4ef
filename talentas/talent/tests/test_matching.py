"""The matching engine: scores, hard filters, explanations, and the fast path agreeing with the plain one."""

import random
from datetime import timedelta

import pytest
from django.utils import timezone

from talentas.core import personal_data
from talentas.talent import matching, selectors, services

from .conftest import make_opportunity, make_profile
from .factories import SkillFactory, SkillRelationFactory


def _score(profile, opportunity):
    profile.refresh_from_db()
    opportunity.refresh_from_db()
    return selectors.match_between(profile, opportunity)


def test_a_fitting_person_scores_high_and_sees_why(opportunity, talent):
    explanation = _score(talent, opportunity)
    assert explanation["score"] >= 75
    assert set(explanation["matched_skills"]) == {"Python (computer programming)", "SQL"}
    assert explanation["missing_skills"] == []
    assert explanation["missing_optional_skills"] == ["graphic design"]
    assert {row["name"] for row in explanation["factor_rows"]} == set(matching.WEIGHTS)


def test_an_empty_profile_never_scores_high(opportunity):
    empty = make_profile(
        skills=[], headline="", city="", mobility="", education_level=None, looking_for=(), available_from=None
    )
    explanation = _score(empty, opportunity)
    assert explanation["score"] == 0 and explanation["excluded"] == "skills"
    assert explanation["missing_skills"] == ["Python (computer programming)", "SQL"]


def test_a_thin_profile_scores_low(opportunity, vocabulary):
    unrelated = make_profile(skills=[(vocabulary["welding"], 4)], headline="")
    assert _score(unrelated, opportunity)["score"] == 0
    thin = make_profile(skills=[(vocabulary["design"], 1)], headline="")  # only the nice-to-have skill
    assert 0 < _score(thin, opportunity)["score"] < matching.MATCH_THRESHOLD


def test_synonyms_and_case_never_make_a_skill_look_missing(opportunity, vocabulary):
    """A person who typed "python" has the same ESCO concept the employer chose as "Python (computer programming)"."""
    typed = selectors.resolve_skill("python")
    also = selectors.resolve_skill("PYTHON (PROGRAMAVIMAS)")
    assert typed == also == vocabulary["python"]
    person = make_profile(skills=[(typed, 3)])
    explanation = _score(person, opportunity)
    assert "Python (computer programming)" in explanation["matched_skills"]
    assert "Python (computer programming)" not in explanation["missing_skills"]


def test_a_related_skill_counts_partially(organisation, employer, vocabulary):
    opportunity = make_opportunity(organisation, employer, required=[vocabulary["programming"]])
    related = make_profile(skills=[(vocabulary["python"], 3)])
    exact = make_profile(skills=[(vocabulary["programming"], 3)])
    none = make_profile(skills=[(vocabulary["welding"], 3)])
    scores = [_score(p, opportunity) for p in (exact, related, none)]
    assert scores[1]["related_skills"] == ["computer programming"]
    assert scores[0]["score"] > scores[1]["score"] > scores[2]["score"] == 0


def test_a_required_language_is_a_hard_filter(organisation, employer, vocabulary):
    opportunity = make_opportunity(
        organisation, employer, required=[vocabulary["python"]], languages=[("lt", 5, True), ("en", 4, False)]
    )
    speaks_little = make_profile(skills=[(vocabulary["python"], 4)], languages=[("lt", 3), ("en", 6)])
    optional_missing = make_profile(skills=[(vocabulary["python"], 4)], languages=[("lt", 6)])
    assert _score(speaks_little, opportunity)["excluded"] == "language"
    assert _score(optional_missing, opportunity)["languages_missing"] == ["en"]
    assert [row.profile for row in selectors.matches_for_opportunity(opportunity)] == [optional_missing]


@pytest.mark.parametrize("change", ["closed", "expired", "suspended", "unverified"])
def test_closed_opportunities_are_a_hard_filter(change, opportunity, talent, employer, moderator, time_machine):
    assert selectors.matches_for_profile(talent)
    if change == "closed":
        services.close_opportunity(user=employer, opportunity=opportunity)
    elif change == "expired":
        time_machine.move_to(timezone.now() + timedelta(days=21))
    elif change == "suspended":
        services.moderate_opportunity(moderator=moderator, opportunity=opportunity, suspend=True, note="Spam")
    else:
        opportunity.organisation.verification = "unverified"
        opportunity.organisation.save()
        services.refresh_opportunity_vector(opportunity)
    talent.refresh_from_db()
    assert selectors.matches_for_profile(talent) == []
    assert opportunity not in selectors.listed_opportunities()


def test_people_who_hide_are_never_matched_and_matched_only_people_only_when_they_fit(opportunity, vocabulary):
    hidden = make_profile(skills=[(vocabulary["python"], 4), (vocabulary["sql"], 4)], visibility="nobody")
    no_consent = make_profile(
        skills=[(vocabulary["python"], 4), (vocabulary["sql"], 4)], visibility="nobody", consent=False
    )
    fitting_private = make_profile(skills=[(vocabulary["python"], 4), (vocabulary["sql"], 4)], visibility="matched")
    weak_private = make_profile(skills=[(vocabulary["design"], 1)], visibility="matched")
    weak_public = make_profile(skills=[(vocabulary["design"], 1)], visibility="employers")
    shown = {row.profile for row in selectors.matches_for_opportunity(opportunity, limit=50)}
    assert fitting_private in shown and weak_public in shown
    assert not shown & {hidden, no_consent, weak_private}


def test_stemming_in_lithuanian_and_english():
    assert set(matching.text_terms("Programuotojas Alytuje")) & set(matching.text_terms("programuotojai"))
    assert "develop" in matching.text_terms("developers developing")
    assert matching.text_terms("and the for") == []


def test_more_fitting_profile_ranks_first_both_ways(organisation, employer, vocabulary):
    job = make_opportunity(organisation, employer, required=[vocabulary["python"], vocabulary["sql"]])
    welding = make_opportunity(organisation, employer, title="Welder", required=[vocabulary["welding"]])
    programmer = make_profile(skills=[(vocabulary["python"], 4), (vocabulary["sql"], 3)])
    welder = make_profile(skills=[(vocabulary["welding"], 4)])
    assert selectors.matches_for_opportunity(job)[0].profile == programmer
    assert selectors.matches_for_profile(programmer)[0].opportunity == job
    assert selectors.matches_for_profile(welder)[0].opportunity == welding


def test_matches_are_recorded_for_the_indicators(django_capture_on_commit_callbacks, opportunity, vocabulary):
    from talentas.talent.models import Match

    with django_capture_on_commit_callbacks(execute=True):
        profile = make_profile(skills=[(vocabulary["python"], 4), (vocabulary["sql"], 4)])
    assert Match.objects.filter(profile=profile, opportunity=opportunity).exists()


def test_the_index_follows_changes(opportunity, talent, vocabulary):
    assert [r.profile for r in selectors.matches_for_opportunity(opportunity)] == [talent]
    newcomer = make_profile(skills=[(vocabulary["python"], 4), (vocabulary["sql"], 4)], experience_years=3)
    assert {r.profile for r in selectors.matches_for_opportunity(opportunity)} == {talent, newcomer}
    personal_data.erase_personal_data(user=newcomer.user)
    assert [r.profile for r in selectors.matches_for_opportunity(opportunity)] == [talent]
    services.withdraw_consent(user=talent.user)
    assert selectors.matches_for_opportunity(opportunity) == []


def test_fast_path_returns_the_same_top_20_as_plain_scoring(organisation, employer):
    """Random profiles and opportunities, many ties: the pruned index and the plain scan must agree exactly."""
    rng = random.Random(7)
    skills = [SkillFactory() for _ in range(40)]
    for a, b in zip(skills[::2], skills[1::2], strict=True):
        SkillRelationFactory(skill=a, related=b)
    today = timezone.localdate()
    profiles = []
    for _ in range(150):
        chosen = rng.sample(skills, rng.randint(0, 6))
        profiles.append(
            make_profile(
                skills=[(s, rng.randint(1, 4)) for s in chosen],
                languages=[("lt", rng.randint(1, 6))] + ([("en", rng.randint(1, 6))] if rng.random() < 0.5 else []),
                visibility=rng.choice(["employers", "employers", "matched", "nobody"]),
                education_level=rng.choice([None, 3, 5, 6, 7]),
                city=rng.choice(["Alytus", "Kaunas", ""]),
                headline=rng.choice(["", "Python developer", "welder", "programuotojas Alytuje"]),
                available_from=rng.choice([None, today, today + timedelta(days=90)]),
            )
        )
    opportunities = []
    for index in range(25):
        chosen = rng.sample(skills, rng.randint(0, 5))
        opportunities.append(
            make_opportunity(
                organisation,
                employer,
                title=f"Opportunity {index}",
                required=chosen[:2],
                optional=chosen[2:],
                languages=[("lt", rng.randint(1, 5), rng.random() < 0.5)],
                education_level=rng.choice([None, 3, 6]),
            )
        )
    for opportunity in opportunities:
        opportunity.refresh_from_db()
        assert selectors.top_talent_ids(opportunity, k=20) == selectors.top_talent_ids_plain(opportunity, k=20)
        assert selectors.top_talent_ids(opportunity, k=3) == selectors.top_talent_ids_plain(opportunity, k=3)
    for profile in profiles[:60]:
        profile.refresh_from_db()
        assert selectors.top_opportunity_ids(profile, k=20) == selectors.top_opportunity_ids_plain(profile, k=20)
        assert selectors.top_opportunity_ids(profile, k=5) == selectors.top_opportunity_ids_plain(profile, k=5)
