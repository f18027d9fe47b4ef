"""Awarded grants as open data (360Giving): a public page, JSON and CSV with the recipient organisation, the amount,
the date, the programme and the purpose, and never a person's name, e-mail address or telephone number."""

import csv
import io
import json

import pytest
from django.urls import reverse
from django.utils import translation

from talentas.calls import open_data, services
from talentas.organisations.models import Membership, Organisation
from talentas.organisations.tests.factories import OrganisationFactory

from .factories import CallFactory, ProgrammeFactory, submitted

pytestmark = pytest.mark.django_db


@pytest.fixture
def awards(plan_manager, owner, organisation, django_user_model, settings):
    settings.DATA_CONTROLLER = "Alytaus miesto savivaldybė"
    owner.full_name = "Rūta Petraitienė"
    owner.save()
    programme = ProgrammeFactory(name_en="Startup grant fund", name_lt="Startuolių dotacijų fondas")
    call = CallFactory(programme=programme)
    first = submitted(
        call,
        organisation=organisation,
        project_title="Smart greenhouse sensors",
        summary=f"Rūta Petraitienė leads it; write to {owner.email} or call +370 612 34567.",
    )
    # a sole trader registered under her own name
    sole = OrganisationFactory(name="Asta Jonaitienė")
    asta = django_user_model.objects.create_user(email="asta@example.org", password="x", full_name="Asta Jonaitienė")
    Membership.objects.create(organisation=sole, user=asta, role=Membership.Role.OWNER)
    second = submitted(call, organisation=sole, project_title="Mushroom trails", summary="Guided routes.")
    hidden = CallFactory(programme=programme, is_published=False)
    third = submitted(hidden, project_title="Not yet public")
    return [
        services.approve(actor=plan_manager, application_id=application.pk, amount_eur=amount)
        for application, amount in ((first, "4000"), (second, "2500.50"), (third, "1000"))
    ]


def test_the_json_is_shaped_after_360giving(client, awards, organisation):
    response = client.get(reverse("calls:open_data_json"))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    grants = {grant["title"]: grant for grant in json.loads(response.content)["grants"]}
    assert set(grants) == {"Smart greenhouse sensors", "Mushroom trails"}  # the unpublished call's award is not out
    grant = grants["Smart greenhouse sensors"]
    assert grant["id"] == f"360G-alytus-{awards[0].pk}"
    assert grant["currency"] == "EUR" and grant["amountAwarded"] == 4000
    assert grant["awardDate"] == awards[0].decided_at.astimezone().date().isoformat()
    assert grant["recipientOrganization"] == [{"id": f"360G-alytus-org-{organisation.pk}", "name": organisation.name}]
    assert grant["fundingOrganization"] == [{"id": "360G-alytus-municipality", "name": "Alytaus miesto savivaldybė"}]
    assert grant["grantProgramme"] == [{"title": "Startup grant fund"}]
    assert grants["Mushroom trails"]["amountAwarded"] == 2500.5


def test_no_personal_data_goes_out(client, awards, owner):
    for name in ("calls:open_data_json", "calls:open_data_csv", "calls:open_data"):
        body = client.get(reverse(name)).content.decode()
        for personal in ("Rūta", "Petraitienė", owner.email, "@", "612 34567", "Asta", "Jonaitienė"):
            assert personal not in body, (name, personal)
    grants = {grant.title: grant for grant in open_data.grants()}
    assert grants["Smart greenhouse sensors"].description.startswith("[…] leads it; write to […] or call […]")
    sole = grants["Mushroom trails"]
    assert sole.recipient_name == "Individual recipient" and sole.recipient_id.startswith("360G-alytus-individual-")


def test_the_csv_has_360giving_column_titles_and_safe_cells(client, awards, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(name="=HYPERLINK(1)")
    response = client.get(reverse("calls:open_data_csv"))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows[0] == list(open_data.CSV_COLUMNS)
    assert rows[0][:6] == ["Identifier", "Title", "Description", "Currency", "Amount Awarded", "Award Date"]
    by_title = {row[1]: dict(zip(rows[0], row, strict=True)) for row in rows[1:]}
    row = by_title["Smart greenhouse sensors"]
    assert row["Recipient Org:Name"] == "'=HYPERLINK(1)"
    assert (row["Currency"], row["Amount Awarded"], row["Grant Programme:Title"]) == (
        "EUR",
        "4000.00",
        "Startup grant fund",
    )


def test_the_public_page_lists_the_grants_in_each_language(client, awards, organisation, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        page = client.get(reverse("calls:open_data")).content.decode()
    assert organisation.name in page and "Smart greenhouse sensors" in page and "Startup grant fund" in page
    with translation.override("lt"):
        url = reverse("calls:open_data")
    page = client.get(url).content.decode()
    assert url.startswith("/lt/") and "Startuolių dotacijų fondas" in page
    assert "Not yet public" not in page


def test_the_list_of_calls_links_to_the_open_data(client, db):
    assert reverse("calls:open_data") in client.get(reverse("calls:list")).content.decode()


def test_the_json_and_csv_take_a_fixed_number_of_queries(client, awards, plan_manager, django_assert_num_queries):
    more = CallFactory()
    for _ in range(3):
        services.approve(actor=plan_manager, application_id=submitted(more).pk, amount_eur="100")
    with django_assert_num_queries(2):
        client.get(reverse("calls:open_data_json"))


def test_only_whole_names_are_taken_out():
    names = {"info", "Rūta Petraitienė"}
    text = "Rūta Petraitienė shares information; mail info@example.org, info desk."
    assert open_data._scrubbed(text, names) == "[…] shares information; mail […], […] desk."
