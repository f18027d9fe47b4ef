"""The pages: applying with answers and a CV, the talent's list and withdrawal, the employer's pipeline (constant
queries, bulk move, CSV without formulas), the applicant's page, questions, and the outside application page."""

import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from talentas.hiring import services
from talentas.hiring.models import Application
from talentas.talent.models import Opportunity

from .conftest import PDF, apply_for, make_profile

S = Application.Status
pytestmark = pytest.mark.django_db


def test_a_talent_applies_with_answers_and_a_cv(client, opportunity, talent, questions):
    client.force_login(talent.user)
    detail = client.get(reverse("talent:opportunity_detail", args=[opportunity.pk])).text
    assert reverse("hiring:apply", args=[opportunity.pk]) in detail
    page = client.get(reverse("hiring:apply", args=[opportunity.pk]))
    assert page.status_code == 200 and "Why Alytus?" in page.text and "Kodas Dzūkija only" in page.text
    response = client.post(
        reverse("hiring:apply", args=[opportunity.pk]),
        {
            "message": "I build Django sites.",
            "cv_choice": "upload",
            "cv": SimpleUploadedFile("mine.pdf", PDF, content_type="application/pdf"),
            f"question_{questions[0].pk}": "My family lives here.",
            f"question_{questions[1].pk}": "yes",
            f"question_{questions[2].pk}": "At once",
            "consent": "on",
        },
    )
    application = Application.objects.get()
    assert response.status_code == 302 and response.url == reverse("hiring:application_detail", args=[application.pk])
    page = client.get(response.url).text
    assert "Submitted" in page and "My family lives here." in page
    cv = client.get(reverse("hiring:application_cv", args=[application.pk]))
    assert cv.status_code == 200 and b"".join(cv.streaming_content) == PDF
    assert "Submitted" in client.get(reverse("hiring:my_applications")).text
    # Applying again leads to the application, not a second one.
    assert client.get(reverse("hiring:apply", args=[opportunity.pk])).url == response.url


def test_the_form_keeps_what_was_typed_on_a_refusal(client, opportunity, talent, questions):
    client.force_login(talent.user)
    response = client.post(
        reverse("hiring:apply", args=[opportunity.pk]), {"message": "Kept text", "cv_choice": "none"}
    )
    assert response.status_code == 400
    assert "Kept text" in response.text
    assert response.context["form"].errors.keys() >= {"consent", f"question_{questions[0].pk}"}
    assert not Application.objects.exists()


def test_saying_interested_skips_required_answers(client, opportunity, talent, questions):
    client.force_login(talent.user)
    response = client.post(
        reverse("hiring:apply", args=[opportunity.pk]), {"interest_only": "on", "cv_choice": "none", "consent": "on"}
    )
    assert response.status_code == 302
    assert Application.objects.get().interest_only


def test_the_consent_on_the_apply_form_is_lithuanian_on_lithuanian_pages(client, opportunity, talent):
    client.force_login(talent.user)
    with translation.override("lt"):
        page = client.get(reverse("hiring:apply", args=[opportunity.pk])).text
    # (the profile's own consent text in Lithuanian: talent/tests/test_texts_people_rely_on.py)
    assert "perduotų tik organizacijai Kodas Dzūkija" in page and "I agree" not in page


def test_an_outside_application_page_is_said_plainly(client, opportunity, talent):
    Opportunity.objects.filter(pk=opportunity.pk).update(apply_url="https://jobs.example.com/welder")
    client.force_login(talent.user)
    page = client.get(reverse("talent:opportunity_detail", args=[opportunity.pk])).text
    assert "You apply on the employer's own site:" in page and "https://jobs.example.com/welder" in page
    assert reverse("hiring:apply", args=[opportunity.pk]) not in page
    redirect = client.get(reverse("hiring:apply", args=[opportunity.pk]))
    assert redirect.url == reverse("talent:opportunity_detail", args=[opportunity.pk])


def test_without_a_profile_the_talent_is_sent_to_make_one(client, opportunity, outsider):
    client.force_login(outsider)
    assert client.get(reverse("hiring:apply", args=[opportunity.pk])).url == reverse("talent:profile_edit")


def test_the_talent_withdraws(client, application, talent, employer):
    client.force_login(employer)
    assert client.post(reverse("hiring:withdraw", args=[application.pk])).status_code == 404
    client.force_login(talent.user)
    response = client.post(reverse("hiring:withdraw", args=[application.pk]))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == S.WITHDRAWN
    assert "Withdraw my application" not in client.get(response.url).text


@pytest.mark.parametrize("extra", [0, 15])
def test_the_pipeline_lists_applicants_in_constant_queries(
    client, opportunity, employer, vocabulary, extra, django_assert_num_queries
):
    for n in range(extra + 1):
        application = apply_for(opportunity, make_profile(skills=[(vocabulary["python"], 2)]))
        services.add_note(actor=employer, application_id=application.pk, body=f"Note {n}")
    client.force_login(employer)
    url = reverse("hiring:pipeline", args=[opportunity.pk])
    client.get(url)  # warm the session and the memberships
    with django_assert_num_queries(9):
        page = client.get(url, {"sort": "-created_at"}).text
    assert page.count('name="applications"') == min(extra + 1, 20)


def test_the_pipeline_is_only_for_the_organisation(client, opportunity, application, other_employer, talent):
    for person in (other_employer, talent.user):
        client.force_login(person)
        assert client.get(reverse("hiring:pipeline", args=[opportunity.pk])).status_code == 404
        assert client.get(reverse("hiring:applicant_detail", args=[application.pk])).status_code == 404


def test_bulk_move_from_the_pipeline(client, opportunity, employer, talent, lithuanian_talent):
    first, second = apply_for(opportunity, talent), apply_for(opportunity, lithuanian_talent)
    client.force_login(employer)
    response = client.post(
        reverse("hiring:pipeline", args=[opportunity.pk]),
        {"applications": [first.pk, second.pk], "status": S.INTERVIEW, "message": "Tuesday at 10."},
    )
    assert response.status_code == 302
    assert set(Application.objects.values_list("status", flat=True)) == {S.INTERVIEW}
    assert client.post(reverse("hiring:pipeline", args=[opportunity.pk]), {"status": S.OFFER}).status_code == 400


def test_csv_export_has_every_applicant_and_no_formulas(client, opportunity, employer, talent):
    apply_for(opportunity, talent, message='=HYPERLINK("http://evil.example","click")')
    client.force_login(employer)
    response = client.get(reverse("hiring:pipeline", args=[opportunity.pk]), {"export": "csv"})
    assert response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Applicant", "E-mail"]
    message = rows[1][rows[0].index("Message")]
    assert message.startswith("'=HYPERLINK")
    assert rows[1][rows[0].index("Stage")] == "Submitted"


def test_the_applicant_page_moves_rates_and_notes(client, application, employer):
    client.force_login(employer)
    url = reverse("hiring:applicant_detail", args=[application.pk])
    page = client.get(url)
    assert page.status_code == 200 and "I build Django sites." in page.text
    assert client.post(url, {"action": "move", "status": S.SHORTLISTED}).status_code == 302
    assert client.post(url, {"action": "rate", "rating": "5"}).status_code == 302
    assert client.post(url, {"action": "note", "body": "Call on Monday."}).status_code == 302
    application.refresh_from_db()
    assert (application.status, application.rating, application.notes.get().body) == (
        S.SHORTLISTED,
        5,
        "Call on Monday.",
    )
    assert client.post(url, {"action": "move", "status": S.SHORTLISTED}).status_code == 400  # already there
    assert client.post(url, {"action": "dance"}).status_code == 400


def test_the_employer_sets_questions(client, opportunity, employer):
    client.force_login(employer)
    url = reverse("hiring:questions", args=[opportunity.pk])
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "text_1": "Why us?",
            "kind_1": "text",
            "required_1": "on",
            "text_2": "Start when?",
            "kind_2": "choice",
            "choices_2": "Now\nLater",
            **{f"kind_{n}": "text" for n in range(3, 6)},
        },
    )
    assert response.status_code == 302
    assert [(q.text, q.required, q.choice_list()) for q in opportunity.hiring_questions.all()] == [
        ("Why us?", True, []),
        ("Start when?", False, ["Now", "Later"]),
    ]
    bad = client.post(url, {"text_1": "Pick", "kind_1": "choice", **{f"kind_{n}": "text" for n in range(2, 6)}})
    assert bad.status_code == 400
