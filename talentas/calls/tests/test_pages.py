"""The pages: public calls in lt and en, the applicant's draft, submission and its refusals, the staff screens."""

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from talentas.calls import services
from talentas.calls.models import Application

from .factories import CallFactory, submitted

pytestmark = pytest.mark.django_db


def _draft_data(**changes):
    return {
        "action": "save",
        "project_title": "Smart greenhouse sensors",
        "summary": "Sensors for greenhouses.",
        "requested_eur": "4000",
        "registered_in_city": "yes",
        "founded_on": str(timezone.localdate() - datetime.timedelta(days=300)),
        **changes,
    }


@pytest.mark.parametrize("language", ["lt", "en"])
def test_the_public_pages_need_no_account(client, language, django_assert_max_num_queries):
    open_call = CallFactory(title_lt="Atviros dotacijos", title_en="Open grants")
    CallFactory(
        title_en="Old grants", title_lt="Senos dotacijos",
        opens_at=timezone.now() - datetime.timedelta(days=60), closes_at=timezone.now() - datetime.timedelta(days=30),
    )  # fmt: skip
    CallFactory(title_en="Hidden", title_lt="Paslėpta", is_published=False)
    with django_assert_max_num_queries(8):
        page = client.get(f"/{language}/calls/").content.decode()
    title = "Atviros dotacijos" if language == "lt" else "Open grants"
    assert title in page and ("Senos dotacijos" if language == "lt" else "Old grants") in page
    assert "Paslėpta" not in page and "Hidden" not in page
    detail = client.get(f"/{language}/calls/{open_call.pk}/")
    assert detail.status_code == 200 and title in detail.content.decode()


def test_the_calls_full_text_is_formatted_markdown_and_never_script(client):
    call = CallFactory(body="## Who can apply\n\n- **Startups** registered in Alytus\n\n<script>alert(1)</script>")
    page = client.get(f"/en/calls/{call.pk}/").content.decode()
    assert "<h4>Who can apply</h4>" in page and "<li><strong>Startups</strong> registered in Alytus</li>" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page and "<script>alert(1)" not in page


def test_an_unpublished_call_is_404_for_the_public(client, plan_manager):
    hidden = CallFactory(is_published=False)
    assert client.get(f"/en/calls/{hidden.pk}/").status_code == 404
    client.force_login(plan_manager)
    assert client.get(f"/en/calls/{hidden.pk}/").status_code == 200


def test_from_the_call_page_to_a_submitted_application(client, owner, organisation, call_form):
    call = CallFactory(form=call_form)
    client.force_login(owner)
    started = client.post(f"/en/calls/{call.pk}/apply/", {"organisation": organisation.pk})
    application = Application.objects.get(call=call, organisation=organisation)
    assert started.status_code == 302 and started["Location"].endswith(f"/calls/applications/{application.pk}/")
    page = client.get(f"/en/calls/applications/{application.pk}/").content.decode()
    assert "What is missing" in page and "Answer: Your team" in page
    refused = client.post(f"/en/calls/applications/{application.pk}/", _draft_data(action="submit"))
    assert refused.status_code == 400 and "There is a problem" in refused.content.decode()
    pdf = SimpleUploadedFile("budget.pdf", b"%PDF-1.4\n%%EOF\n", content_type="application/pdf")
    client.post(f"/en/calls/applications/{application.pk}/", {"action": "attach", "file": pdf})
    assert application.files.count() == 1
    done = client.post(
        f"/en/calls/applications/{application.pk}/",
        _draft_data(action="submit", **{"answers-team_story": "Two engineers."}),
    )
    assert done.status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.SUBMITTED
    assert application.response.answers["team_story"] == "Two engineers."


def test_both_forms_failing_give_one_error_summary_linking_to_each_field(client, owner, organisation, call_form):
    application = services.start_application(user=owner, call=CallFactory(form=call_form), organisation=organisation)
    client.force_login(owner)
    response = client.post(
        f"/en/calls/applications/{application.pk}/",
        _draft_data(requested_eur="lots", **{"answers-own_money": "abc"}),
    )
    page = response.content.decode()
    assert response.status_code == 400
    assert page.count('id="error-summary-title"') == 1 and page.count('class="error-summary"') == 1
    assert 'href="#id_requested_eur"' in page and 'href="#id_answers-own_money"' in page
    assert 'value="lots"' in page and 'value="abc"' in page


def test_a_late_submission_shows_why_and_keeps_the_draft(client, owner, organisation):
    call = CallFactory()
    application = services.start_application(user=owner, call=call, organisation=organisation)
    client.force_login(owner)
    with time_machine.travel(call.closes_at + datetime.timedelta(hours=1), tick=False):
        response = client.post(f"/en/calls/applications/{application.pk}/", _draft_data(action="submit"), follow=True)
    assert "applications can no longer be submitted" in response.content.decode()
    application.refresh_from_db()
    assert application.status == Application.Status.DRAFT and application.project_title == "Smart greenhouse sensors"


def test_other_organisations_get_404(client, owner, organisation, outsider):
    application = services.start_application(user=owner, call=CallFactory(), organisation=organisation)
    client.force_login(outsider)
    assert client.get(f"/en/calls/applications/{application.pk}/").status_code == 404
    assert client.post(f"/en/calls/applications/{application.pk}/", _draft_data()).status_code == 404
    application.refresh_from_db()
    assert application.project_title == ""


def test_staff_list_filters_and_exports(client, plan_manager, outsider, django_assert_max_num_queries):
    call = CallFactory()
    women = submitted(call, women_led="women_led", project_title='=HYPERLINK("x")')
    submitted(call, women_led="no")
    client.force_login(plan_manager)
    with django_assert_max_num_queries(12):
        page = client.get("/en/calls/staff/applications/?women_led=women_led")
    assert page.status_code == 200 and women.organisation.name in page.content.decode()
    export = client.get("/en/calls/staff/applications/?export=csv&women_led=women_led")
    text = export.content.decode()
    assert export["Content-Type"].startswith("text/csv") and len(text.strip().splitlines()) == 2
    assert "'=HYPERLINK" in text  # no formula reaches a spreadsheet
    assert client.get("/en/calls/staff/applications/?export=xlsx").status_code == 200
    client.force_login(outsider)
    assert client.get("/en/calls/staff/applications/").status_code == 403


def test_staff_screen_decide_and_release(client, plan_manager, owner, organisation):
    application = submitted(CallFactory(), organisation=organisation)
    client.force_login(plan_manager)
    url = f"/en/calls/staff/applications/{application.pk}/"
    assert client.post(url, {"action": "move", "transition": "send_to_review"}).status_code == 302
    refused = client.post(url, {"action": "decide", "decision": "approve", "amount_eur": "9000"})
    assert refused.status_code == 400 and "at most EUR 5,000.00" in refused.content.decode()
    assert client.post(url, {"action": "decide", "decision": "approve", "amount_eur": "4000"}).status_code == 302
    application.refresh_from_db()
    assert application.status == Application.Status.APPROVED and application.award.amount_eur == Decimal("4000")
    page = client.get(url).content.decode()
    assert "Mark as paid" in page
    first = application.award.instalments.get(position=1)
    client.post(url, {"action": "paid", "instalment": first.pk})
    first.refresh_from_db()
    assert first.status == "paid"
    client.force_login(owner)
    mine = client.get(f"/en/calls/applications/{application.pk}/").content.decode()
    assert "Award: 4,000.00 EUR" in mine and "Report the milestone" in mine
