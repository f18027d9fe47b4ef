"""The review pages: a reviewer from the notice to a submitted score, blind review, the staff board with bulk actions
over the whole filtered list, screening, the rubric and the ranked list."""

import json

import pytest
from django.core.files.base import ContentFile

from talentas.calls.models import Application, ApplicationFile
from talentas.calls.tests.factories import CallFactory, submitted
from talentas.forms import services as form_services
from talentas.forms.models import OwnerKind
from talentas.organisations.tests.factories import MembershipFactory
from talentas.review import services
from talentas.review.models import Review, ReviewerAssignment, Rubric, Screening

from .factories import rubric_for
from .test_recusal_paths import _auth

pytestmark = pytest.mark.django_db


def _assigned(plan_manager, application, reviewer):
    return services.assign_reviewer(actor=plan_manager, application_id=application.pk, reviewer=reviewer, role="expert")


def test_a_reviewer_declares_reads_and_scores(client, plan_manager, application, reviewer):
    assignment = _assigned(plan_manager, application, reviewer)
    client.force_login(reviewer)
    listed = client.get("/en/review/").content.decode()
    assert f"/review/assignments/{assignment.pk}/" in listed and "Declare a conflict of interest first" in listed
    url = f"/en/review/assignments/{assignment.pk}/"
    page = client.get(url).content.decode()
    assert "Declare a conflict of interest" in page and "Sėkla Labs" in page and "Innovation" not in page
    assert client.post(url, {"action": "declare"}).status_code == 400
    assert client.post(url, {"action": "declare", "conflict": "no"}).status_code == 302
    page = client.get(url).content.decode()
    assert "Innovation" in page and "Team" in page
    innovation, team = Rubric.objects.get(call=application.call).criteria.order_by("position")
    too_high = client.post(url, {"action": "submit", f"score-{innovation.pk}": "12", f"score-{team.pk}": "3"})
    assert too_high.status_code == 400
    missing = client.post(url, {"action": "submit", f"score-{innovation.pk}": "7"})
    assert missing.status_code == 400 and "Give a score for" in missing.content.decode()
    saved = client.post(url, {"action": "save", f"score-{innovation.pk}": "7", "comments": "Promising."})
    assert saved.status_code == 302 and Review.objects.get().status == "draft"
    done = client.post(url, {"action": "submit", f"score-{innovation.pk}": "7", f"score-{team.pk}": "4",
                             "comments": "Promising."})  # fmt: skip
    assert done.status_code == 302
    review = Review.objects.get()
    assert review.status == "submitted" and str(review.total) == "73.33"
    assert "73.33" in client.get(url).content.decode()


def test_declaring_a_conflict_on_the_page_recuses(client, plan_manager, application, reviewer):
    assignment = _assigned(plan_manager, application, reviewer)
    client.force_login(reviewer)
    url = f"/en/review/assignments/{assignment.pk}/"
    assert client.post(url, {"action": "declare", "conflict": "yes"}).status_code == 400  # a reason is needed
    assert client.post(url, {"action": "declare", "conflict": "yes", "reason": "My sister."}).status_code == 302
    assert client.get(url).status_code == 404


@pytest.fixture
def blind_application(plan_manager, reviewer):
    form = form_services.define_form(
        by=plan_manager, title_lt="Paraiška", title_en="Application", owner_kind=OwnerKind.CALL,
        sections=[{"title_lt": "Apie", "title_en": "About", "questions": [
            {"key": "story", "kind": "long_text", "label_lt": "Istorija", "label_en": "Your story"},
            {"key": "team", "kind": "team_list", "label_lt": "Komanda", "label_en": "Team list"},
        ]}],
    )  # fmt: skip
    call = CallFactory(form=form.versions.get())
    rubric_for(call, blind=True)
    application = submitted(call=call, project_title="Seed sensors")
    application.organisation.name = "Sėkla Labs"
    application.organisation.save()
    MembershipFactory(organisation=application.organisation, user__full_name="Jonas Jonaitis")
    application.response = form_services.start_response(call.form, owner=application, by=plan_manager)
    form_services.save_response(
        application.response,
        {
            "story": "We grow better seeds.",
            "team": [{"name": "Ona Onaitė", "role": "CEO", "email": "ona@example.com", "woman_cofounder": True}],
        },
        by=plan_manager,
    )
    application.status = Application.Status.IN_REVIEW
    application.save()
    file = ApplicationFile.objects.create(application=application, name="Sekla-Labs-plan.pdf", size=3)
    file.file.save("Sekla-Labs-plan.pdf", ContentFile(b"pdf"))
    assignment = _assigned(plan_manager, application, reviewer)
    services.declare(user=reviewer, assignment_id=assignment.pk, has_conflict=False)
    return assignment


IDENTIFYING = ("Sėkla Labs", "Jonas Jonaitis", "Ona Onaitė", "ona@example.com", "Sekla-Labs-plan.pdf", "Team list")


def test_blind_review_hides_who_applied_on_the_page_and_in_the_api(client, reviewer, blind_application):
    client.force_login(reviewer)
    page = client.get(f"/en/review/assignments/{blind_application.pk}/").content.decode()
    assert "We grow better seeds." in page and "Seed sensors" in page
    assert not [word for word in IDENTIFYING if word in page]
    listed = client.get("/en/review/?q=Sėkla").content.decode()
    assert "Seed sensors" not in listed  # the hidden name does not find it either
    body = json.dumps(client.get("/api/v1/reviews/mine", **_auth(reviewer)).json(), ensure_ascii=False)
    assert "We grow better seeds." in body and not [word for word in IDENTIFYING if word in body]


def test_without_blind_review_the_reviewer_sees_the_team(client, plan_manager, reviewer, blind_application):
    Rubric.objects.filter(call=blind_application.application.call).update(blind_review=False)
    client.force_login(reviewer)
    page = client.get(f"/en/review/assignments/{blind_application.pk}/").content.decode()
    assert all(word in page for word in ("Sėkla Labs", "Jonas Jonaitis", "Ona Onaitė", "Sekla-Labs-plan.pdf"))


def test_the_api_saves_and_submits_scores(client, plan_manager, application, reviewer):
    assignment = _assigned(plan_manager, application, reviewer)
    url = f"/api/v1/reviews/{assignment.pk}"
    innovation, team = Rubric.objects.get(call=application.call).criteria.order_by("position")
    body = {"scores": {str(innovation.pk): 6}, "comments": "Good."}
    early = client.put(url, json.dumps(body), content_type="application/json", **_auth(reviewer))
    assert early.status_code == 409 and early.json()["code"] == "declaration_required"
    mine = client.get("/api/v1/reviews/mine", **_auth(reviewer)).json()["items"]
    assert mine[0]["status"] == "awaiting_declaration" and mine[0]["application"].get("summary") is None
    services.declare(user=reviewer, assignment_id=assignment.pk, has_conflict=False)
    draft = client.put(url, json.dumps(body), content_type="application/json", **_auth(reviewer))
    assert draft.status_code == 200 and draft.json()["review_status"] == "draft"
    bad = client.put(url, json.dumps({"scores": {str(team.pk): 9}}), content_type="application/json",
                     **_auth(reviewer))  # fmt: skip
    assert bad.status_code == 400 and bad.json()["code"] == "score_out_of_range"
    body = {"scores": {str(innovation.pk): 6, str(team.pk): 5}, "submit": True}
    done = client.put(url, json.dumps(body), content_type="application/json", **_auth(reviewer))
    assert done.status_code == 200 and done.json()["review_status"] == "submitted" and done.json()["total"] == "73.33"
    again = client.put(url, json.dumps(body), content_type="application/json", **_auth(reviewer))
    assert again.status_code == 409 and again.json()["code"] == "already_submitted"


def test_someone_elses_review_is_404(client, plan_manager, application, reviewer, outsider):
    assignment = _assigned(plan_manager, application, reviewer)
    response = client.put(f"/api/v1/reviews/{assignment.pk}", json.dumps({}), content_type="application/json",
                          **_auth(outsider))  # fmt: skip
    assert response.status_code == 404
    client.force_login(outsider)
    assert client.get(f"/en/review/assignments/{assignment.pk}/").status_code == 404


def test_bulk_move_covers_every_page_of_the_filtered_list(client, plan_manager, call_with_rubric):
    rows = [submitted(call=call_with_rubric) for _ in range(25)]
    Application.objects.filter(pk__in=[r.pk for r in rows]).update(status=Application.Status.SUBMITTED)
    other = submitted(call=call_with_rubric)  # in screening already: outside the filter
    client.force_login(plan_manager)
    board = f"/en/review/staff/calls/{call_with_rubric.pk}/"
    page = client.get(board, {"status": "submitted"}).content.decode()
    assert "25 applications match the filter." in page
    response = client.post(
        board,
        {"action": "move", "scope": "all", "filter": "status=submitted", "transition": "send_to_review"},
    )
    assert response.status_code == 302 and response["Location"].endswith("?status=submitted")
    assert Application.objects.filter(call=call_with_rubric, status="in_review").count() == 25
    other.refresh_from_db()
    assert other.status == Application.Status.SCREENING


def test_bulk_assign_to_the_ticked_applications_only(client, plan_manager, call_with_rubric, reviewer):
    first, second = submitted(call=call_with_rubric), submitted(call=call_with_rubric)
    client.force_login(plan_manager)
    board = f"/en/review/staff/calls/{call_with_rubric.pk}/"
    nothing_ticked = client.post(board, {"action": "assign", "scope": "selected", "reviewers": reviewer.email})
    assert nothing_ticked.status_code == 400
    response = client.post(
        board,
        {"action": "assign", "scope": "selected", "selected": [first.pk], "reviewers": reviewer.email, "role": "jury"},
    )
    assert response.status_code == 302
    assert list(ReviewerAssignment.objects.values_list("application_id", "role")) == [(first.pk, "jury")]
    unknown = client.post(board, {"action": "assign", "scope": "all", "reviewers": "nobody@example.org"})
    assert unknown.status_code == 400 and second.reviewer_assignments.count() == 0


def test_staff_screen_assign_and_see_the_scores(client, plan_manager, call_with_rubric, reviewer):
    application = submitted(call=call_with_rubric)
    Application.objects.filter(pk=application.pk).update(status=Application.Status.SUBMITTED)
    client.force_login(plan_manager)
    url = f"/en/review/staff/applications/{application.pk}/"
    assert client.post(url, {"action": "screen", "outcome": "pass"}).status_code == 302
    assert Screening.objects.get(application=application).outcome == "pass"
    assert client.post(url, {"action": "assign", "reviewers": reviewer.email, "role": "expert"}).status_code == 302
    assignment = ReviewerAssignment.objects.get(application=application)
    services.declare(user=reviewer, assignment_id=assignment.pk, has_conflict=False)
    innovation, team = Rubric.objects.get(call=call_with_rubric).criteria.order_by("position")
    services.save_review(user=reviewer, assignment_id=assignment.pk, scores={innovation.pk: 10, team.pk: 5},
                         comments="Excellent.", submit=True)  # fmt: skip
    page = client.get(url).content.decode()
    assert "100.00" in page and "Excellent." in page and "Eligible" in page
    assert client.post(url, {"action": "recuse", "assignment": assignment.pk}).status_code == 302
    assert ReviewerAssignment.objects.get().recusal == "staff"
    assert client.get(f"/en/review/staff/calls/{call_with_rubric.pk}/ranking/").status_code == 200


def test_staff_set_the_rubric(client, plan_manager):
    call = CallFactory()
    client.force_login(plan_manager)
    url = f"/en/review/staff/calls/{call.pk}/rubric/"
    assert client.get(url).status_code == 200
    data = {
        "title_lt": "Kriterijai", "title_en": "Criteria", "disagreement_threshold": "15", "blind_review": "on",
        "criteria-TOTAL_FORMS": "2", "criteria-INITIAL_FORMS": "0", "criteria-MIN_NUM_FORMS": "0",
        "criteria-MAX_NUM_FORMS": "20",
        "criteria-0-title_lt": "Rinka", "criteria-0-title_en": "Market", "criteria-0-weight": "2",
        "criteria-0-max_score": "5",
    }  # fmt: skip
    assert client.post(url, data).status_code == 302
    rubric = Rubric.objects.get(call=call)
    assert rubric.blind_review and [(c.title_en, c.max_score) for c in rubric.criteria.all()] == [("Market", 5)]


def test_reviewers_and_outsiders_cannot_use_the_staff_pages(client, reviewer, application):
    client.force_login(reviewer)
    for url in (f"/en/review/staff/calls/{application.call_id}/", f"/en/review/staff/applications/{application.pk}/",
                f"/en/review/staff/calls/{application.call_id}/ranking/"):  # fmt: skip
        assert client.get(url).status_code == 403


def test_staff_find_each_calls_review_board(client, plan_manager, application, reviewer):
    client.force_login(plan_manager)
    page = client.get("/en/review/").content.decode()
    assert f"/review/staff/calls/{application.call_id}/" in page and "1 application submitted, 1 in review" in page
    client.force_login(reviewer)
    assert f"/review/staff/calls/{application.call_id}/" not in client.get("/en/review/").content.decode()
