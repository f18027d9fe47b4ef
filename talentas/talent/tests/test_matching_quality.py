"""Ranking quality on a small fixed labelled set from the shipped ESCO files: the product must beat plain rankers."""

import pytest

from talentas.talent import match_evaluation, matching


@pytest.fixture(scope="module")
def labelled():
    return match_evaluation.build_set(groups=35)


def test_the_set_has_one_right_answer_per_query_and_sibling_confusers(labelled):
    esco = match_evaluation.load_esco()
    assert len(labelled.talents) == len(labelled.opportunities) == len(labelled.occupations) > 150
    groups = [esco.group[uri] for uri in labelled.occupations]
    assert all(groups.count(g) >= 2 for g in groups)  # every occupation has a sibling posted next to it
    assert not any(t.terms for t in labelled.talents) and not any(o.terms for o in labelled.opportunities)


def test_the_product_ranks_above_jaccard_and_idf_coverage_both_ways(labelled):
    results = match_evaluation.report(labelled)
    product = results["product"]
    for name in ("jaccard", "idf coverage"):
        for ours, theirs in zip(product, results[name], strict=True):
            assert ours.mrr > theirs.mrr, (name, ours, theirs)
            assert ours.recall_at_1 >= theirs.recall_at_1, (name, ours, theirs)
            assert ours.recall_at_20 >= theirs.recall_at_20, (name, ours, theirs)
    for direction in product:
        assert direction.mrr >= 0.9 and direction.recall_at_20 >= 0.99


def test_one_broad_skill_stands_in_for_at_most_two_related_skills():
    """A person with only "computer programming" must not outrank one who has the specific skills asked for."""
    languages = list(range(100, 130))
    asked = languages[:6]
    opportunity = matching.OpportunityVector.from_json(
        1,
        {
            "rq": [[s, [1]] for s in asked],
            "open": True,
            "sw": {str(s): 4.0 for s in asked},
            "d": {"1": matching.related_share(len(languages))},
        },
    )
    broad = matching.TalentVector.from_json(1, {"s": {"1": 4}, "w": {"1": 1.0}, "v": 2})
    specific = matching.TalentVector.from_json(2, {"s": {str(asked[0]): 3, str(asked[1]): 3}, "v": 2})
    _fit, coverage, _precision = matching.skill_fit(broad, opportunity)
    assert coverage == pytest.approx(matching.RELATED_CREDIT * 6 * matching.related_share(30) / 6)
    assert matching.score(specific, opportunity, 0) > matching.score(broad, opportunity, 0)


def test_precision_prefers_the_opportunity_that_uses_the_persons_specific_skills():
    """Three generic skills shared with a small opportunity lose to seven specific ones shared with a big one."""
    generic, specific = [1, 2, 3], list(range(10, 17))
    weights = {**dict.fromkeys(generic, 1.0), **dict.fromkeys(specific, 30.0)}
    person = matching.TalentVector.from_json(
        1, {"s": {str(s): 3 for s in generic + specific}, "w": {str(s): w for s, w in weights.items()}, "v": 2}
    )

    def posting(pk, skills):
        return matching.OpportunityVector.from_json(
            pk, {"rq": [[s, []] for s in skills], "open": True, "sw": {str(s): weights.get(s, 30.0) for s in skills}}
        )

    small = posting(1, generic)
    big = posting(2, [*specific, 20, 21, 22])
    ranked = matching.rank_opportunities_plain(person, [small, big], today=0)
    assert [pk for _s, pk in ranked] == [2, 1]


def test_exact_ties_fall_to_a_real_signal_before_the_id():
    data = {"rq": [[5, []]], "open": True}
    later = matching.OpportunityVector.from_json(1, {**data, "cl": 800_000})
    sooner = matching.OpportunityVector.from_json(2, {**data, "cl": 700_000})
    person = matching.TalentVector.from_json(1, {"s": {"5": 3}, "v": 2})
    assert [pk for _s, pk in matching.rank_opportunities_plain(person, [later, sooner], today=0)] == [2, 1]
