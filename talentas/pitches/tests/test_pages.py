"""The jury's phone page (htmx scoring), the staff page, the audience vote, the results page and the juror's API."""

import pytest

from talentas.accounts.tests.factories import UserFactory
from talentas.pitches import services
from talentas.pitches.models import Finalist, JuryScore

from .factories import competition, score_all

pytestmark = pytest.mark.django_db


def test_a_juror_scores_with_a_tap_and_sees_only_their_own_scores_until_the_round_closes(client, plan_manager):
    c = competition(plan_manager)
    first = c.finalists[0]
    team = c.criteria[0]
    url = f"/en/pitches/{c.pitch_event.pk}/jury/"
    client.force_login(c.chair)
    board = client.post(url, {"action": "open_round", "finalist": first.pk}, HTTP_HX_REQUEST="true")
    assert board.status_code == 200 and 'id="jury-board"' in board.content.decode()
    services.score(user=c.jurors[2], finalist_id=first.pk, criterion_id=team.pk, value=2)

    client.force_login(c.jurors[1])
    tapped = client.post(
        url, {"action": "score", "finalist": first.pk, "criterion": team.pk, "value": "9"}, HTTP_HX_REQUEST="true"
    )
    html = tapped.content.decode()
    assert tapped.status_code == 200
    assert 'value="9" class="score-button" aria-pressed="true"' in html
    assert 'value="2" class="score-button" aria-pressed="true"' not in html  # the other juror's 2 stays theirs
    assert "Jury&#x27;s score" not in html and "Jury's score" not in html
    assert JuryScore.objects.get(juror__user=c.jurors[1]).value == 9

    client.force_login(c.chair)
    client.post(url, {"action": "close_round", "finalist": first.pk})
    client.force_login(c.jurors[1])
    after = client.get(url).content.decode()
    assert "Jury's score" in after or "Jury&#x27;s score" in after
    assert "55.00 / 100" in after  # (9/10 + 2/10) / 2 of the only criterion scored

    refused = client.post(url, {"action": "close_round", "finalist": c.finalists[1].pk}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 403


def test_people_off_the_jury_get_nothing(client, plan_manager):
    c = competition(plan_manager)
    services.open_round(actor=c.chair, finalist_id=c.finalists[0].pk)
    client.force_login(UserFactory())
    url = f"/en/pitches/{c.pitch_event.pk}/jury/"
    assert client.get(url).status_code == 404
    post = {"action": "score", "finalist": c.finalists[0].pk, "criterion": c.criteria[0].pk, "value": "5"}
    assert client.post(url, post).status_code == 404
    assert client.get(f"/en/pitches/{c.pitch_event.pk}/").status_code == 404  # results not published yet
    api = client.put(
        f"/api/v1/pitches/finalists/{c.finalists[0].pk}/scores",
        {"criterion": c.criteria[0].pk, "score": 5},
        content_type="application/json",
    )
    assert api.status_code in (401, 404)
    assert not JuryScore.objects.exists()


def test_a_juror_puts_a_score_through_the_api(client, plan_manager):
    c = competition(plan_manager)
    finalist = c.finalists[0]
    services.open_round(actor=c.chair, finalist_id=finalist.pk)
    client.force_login(c.jurors[1])
    url = f"/api/v1/pitches/finalists/{finalist.pk}/scores"
    answer = client.put(url, {"criterion": c.criteria[0].pk, "score": 7}, content_type="application/json")
    assert answer.status_code == 200, answer.content
    assert answer.json()["scores"] == {str(c.criteria[0].pk): 7} and answer.json()["jury_score"] is None
    too_high = client.put(url, {"criterion": c.criteria[1].pk, "score": 6}, content_type="application/json")
    assert too_high.status_code == 400 and too_high.json()["code"] == "score_out_of_range"
    services.close_round(actor=c.chair, finalist_id=finalist.pk)
    late = client.put(url, {"criterion": c.criteria[0].pk, "score": 1}, content_type="application/json")
    assert late.status_code == 409 and late.json()["code"] == "round_not_open"
    assert client.get(url).json()["jury_score"] == "70.00"


def test_the_staff_page_reorders_and_the_audience_votes_once(client, plan_manager):
    c = competition(plan_manager)
    client.force_login(plan_manager)
    manage = f"/en/pitches/{c.pitch_event.pk}/manage/"
    assert client.get(manage).status_code == 200
    client.post(manage, {"action": "down", "finalist": c.finalists[0].pk})
    assert Finalist.objects.get(pk=c.finalists[0].pk).position == 2
    assert client.post(manage, {"action": "pay"}).status_code == 409  # rounds not closed

    services.set_voting(actor=c.chair, pitch_event_id=c.pitch_event.pk, open=True)
    vote = f"/en/pitches/{c.pitch_event.pk}/vote/"
    assert client.logout() is None
    assert client.post(vote, {"finalist": c.finalists[1].pk}).status_code == 302  # to sign in
    client.force_login(UserFactory())
    assert client.post(vote, {"finalist": c.finalists[1].pk}).status_code == 302
    again = client.post(vote, {"finalist": c.finalists[2].pk})
    assert again.status_code == 409
    assert "You voted for" in client.get(vote).content.decode()


def test_the_results_are_public_once_published_in_both_languages(client, plan_manager):
    c = competition(plan_manager)
    services.add_prize(
        actor=plan_manager,
        pitch_event_id=c.pitch_event.pk,
        kind="jury",
        place=1,
        title_lt="Pagrindinis prizas",
        title_en="Main prize",
        amount_eur="2000",
    )
    for finalist, score in zip(c.finalists, (7, 9, 5), strict=True):
        score_all(c, finalist, [(score, 3)] * 3)
    services.pay_prizes(actor=plan_manager, pitch_event_id=c.pitch_event.pk)
    url = f"/pitches/{c.pitch_event.pk}/"
    assert client.get("/en" + url).status_code == 404
    client.force_login(c.chair)
    client.post(f"/en/pitches/{c.pitch_event.pk}/jury/", {"action": "publish"})
    client.logout()
    english = client.get("/en" + url).content.decode()
    assert "Main prize" in english and c.finalists[1].name in english
    assert "Pagrindinis prizas" in client.get("/lt" + url).content.decode()
    assert c.pitch_event.call.title_en in client.get("/en/pitches/").content.decode()
