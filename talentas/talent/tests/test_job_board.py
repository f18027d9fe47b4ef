"""The public job board: full text in Lithuanian and English, filters, sorts, pages, the Atom feed, the JobPosting
structured data, share links and the public search API, all without an account and without personal data."""

import json
import re
import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from talentas.organisations.models import Organisation
from talentas.organisations.tests.factories import MembershipFactory, OrganisationFactory
from talentas.talent import search, selectors, services
from talentas.talent.models import Opportunity

from .conftest import make_opportunity, make_profile
from .factories import OccupationFactory

ATOM = "{http://www.w3.org/2005/Atom}"
LIST = "talent:opportunity_list"


def _titles(response) -> list[str]:
    return [o.title for o in response.context["page"].object_list]


def _codes(response, field: str = "__all__") -> list[str]:
    return [error.code for error in response.context["form"].errors.as_data().get(field, [])]


def _feed(response) -> ET.Element:
    return ET.fromstring(response.content)  # noqa: S314 - the site's own feed, in a test


def _listed(**filters) -> list[str]:
    return [o.title for o in selectors.listed_opportunities(**filters)]


@pytest.fixture
def board(organisation, employer, vocabulary):
    """Opportunities of every kind and shape, oldest first; the last one posted is the welding apprenticeship."""
    today = timezone.localdate()
    made = {}
    made["lt_dev"] = make_opportunity(
        organisation,
        employer,
        title="Programuotojas (-a)",
        description="Ieškome jaunesniojo programuotojo, kuris kurtų miesto paslaugas.",
        required=[vocabulary["python"]],
        salary_min=1500,
        salary_max=2500,
        workplace=Opportunity.Workplace.HYBRID,
        closes_on=today + timedelta(days=25),
    )
    made["en_dev"] = make_opportunity(
        organisation,
        employer,
        title="Backend developers wanted",
        description="We build the city's services in Django.",
        required=[vocabulary["sql"]],
        salary_min=2200,
        workplace=Opportunity.Workplace.REMOTE,
        languages=[("en", 4, True)],
        closes_on=today + timedelta(days=5),
    )
    made["design"] = make_opportunity(
        organisation,
        employer,
        kind="internship",
        title="Design internship",
        description="Posters and leaflets for the festival.",
        required=[vocabulary["design"]],
        salary_min=600,
        salary_max=800,
        closes_on=None,
    )
    made["welding"] = make_opportunity(
        organisation,
        employer,
        kind="apprenticeship",
        title="Suvirintojo mokinys",
        description="Suvirinimo darbai gamykloje.",
        required=[vocabulary["welding"]],
        closes_on=today + timedelta(days=60),
        start_date=today + timedelta(days=70),
    )
    return made


# ------------------------------------------------------------------------------------------- full text


def test_the_search_document_holds_both_languages_stems(board):
    document = Opportunity.objects.get(pk=board["lt_dev"].pk).search_document
    for word in ("programuotojų", "Python", "Kodas", "miestas"):  # an inflection, the skill, the organisation
        assert any(f" {stem}" in document for stem in search.word_stems(word)), word
    assert search.query_terms("programuotojų, the developers!") == [
        search.word_stems("programuotojų"),
        search.word_stems("developers"),
    ]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("programuotojas", ["Programuotojas (-a)"]),
        ("programuotojo", ["Programuotojas (-a)"]),
        ("programuotojų", ["Programuotojas (-a)"]),
        ("Programuotoja miesto", ["Programuotojas (-a)"]),
        ("developer", ["Backend developers wanted"]),
        ("DEVELOPERS django", ["Backend developers wanted"]),
        ("suvirinimas", ["Suvirintojo mokinys"]),
        ("python", ["Programuotojas (-a)"]),  # the ESCO skill's label
        ("programavimas", ["Programuotojas (-a)"]),  # the skill's Lithuanian label
        ("dzūkija", ["Suvirintojo mokinys", "Design internship", "Backend developers wanted", "Programuotojas (-a)"]),
        ("developer suvirinimas", []),
        ("and the", ["Suvirintojo mokinys", "Design internship", "Backend developers wanted", "Programuotojas (-a)"]),
    ],
)
def test_full_text_in_lithuanian_and_english(board, query, expected):
    assert _listed(query=query) == expected


def test_the_document_follows_an_edit(board, employer):
    opportunity = board["design"]
    assert _listed(query="fotografas") == []
    services.update_opportunity(
        user=employer,
        opportunity=opportunity,
        data=services.OpportunityInput(
            kind="internship", title="Fotografo praktika", description="Renginių nuotraukos."
        ),
        skills=[],
        languages=[],
    )
    assert _listed(query="fotografas") == ["Fotografo praktika"]
    assert _listed(query="posters") == []


# --------------------------------------------------------------------------------------------- filters


def test_each_filter(board, vocabulary):
    occupation = OccupationFactory(label_en="software developer", label_lt="programuotojas")
    Opportunity.objects.filter(pk=board["en_dev"].pk).update(occupation=occupation)
    assert _listed(kind="internship") == ["Design internship"]
    assert _listed(skill_id=vocabulary["python"].pk) == ["Programuotojas (-a)"]
    assert _listed(occupation_id=occupation.pk) == ["Backend developers wanted"]
    assert _listed(workplace="remote") == ["Backend developers wanted"]
    assert _listed(workplace="hybrid") == ["Programuotojas (-a)"]
    # A range reaching the asked minimum, or a lower end at or above it; no salary said is no match.
    assert _listed(salary_min=2000) == ["Backend developers wanted", "Programuotojas (-a)"]
    assert _listed(salary_min=2300) == ["Programuotojas (-a)"]
    assert _listed(salary_min=700) == ["Design internship", "Backend developers wanted", "Programuotojas (-a)"]
    assert _listed(language="en") == ["Backend developers wanted"]
    in_ten_days = timezone.localdate() + timedelta(days=10)
    assert _listed(open_on=in_ten_days) == ["Suvirintojo mokinys", "Design internship", "Programuotojas (-a)"]


def test_filters_through_the_page_without_an_account(client, board):
    response = client.get(reverse(LIST), {"q": "programuotojų", "skill": "Python (programavimas)", "salary": "2000"})
    assert response.status_code == 200
    assert _titles(response) == ["Programuotojas (-a)"]
    html = response.content.decode()
    assert '<details class="board-more" open>' in html  # the filters used are shown open
    response = client.get(reverse(LIST), {"workplace": "remote", "language": "en", "kind": "job"})
    assert _titles(response) == ["Backend developers wanted"]


def test_only_listed_opportunities_appear(client, board, employer, other_employer):
    services.close_opportunity(user=employer, opportunity=board["design"])
    Opportunity.objects.filter(pk=board["welding"].pk).update(closes_on=timezone.localdate() - timedelta(days=1))
    unverified = OrganisationFactory(name="Nepatvirtinta UAB", verification=Organisation.Verification.PENDING)
    Opportunity.objects.create(organisation=unverified, kind="job", title="Programuotojas", description="x" * 20)
    assert _titles(client.get(reverse(LIST))) == ["Backend developers wanted", "Programuotojas (-a)"]


@pytest.mark.parametrize(
    ("params", "field", "code"),
    [
        ({"page": "abc"}, "__all__", "bad_page"),
        ({"page": "0"}, "__all__", "bad_page"),
        ({"page": "99999999999999999999"}, "__all__", "bad_page"),
        ({"salary": "a lot"}, "salary", "invalid"),
        ({"salary": "-5"}, "salary", "min_value"),
        ({"skill": "juggling fire"}, "skill", "unknown_skill"),
        ({"occupation": "astronaut"}, "occupation", "unknown_occupation"),
        ({"open_on": "2026-02-31"}, "open_on", "invalid"),
        ({"kind": "spaceship"}, "kind", "invalid_choice"),
        ({"sort": "best"}, "sort", "best_match_needs_profile"),
    ],
)
def test_bad_input_is_a_specific_message_and_the_rest_still_applies(client, board, params, field, code):
    response = client.get(reverse(LIST), {"kind": "internship", **params} if "kind" not in params else params)
    assert response.status_code == 400
    assert _codes(response, field) == [code]
    assert "There is a problem with the search" in response.content.decode()
    if "kind" not in params:
        assert _titles(response) == ["Design internship"]


def test_htmx_gets_only_the_results_with_the_error_summary(client, board):
    response = client.get(reverse(LIST), {"salary": "lots"}, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert response.status_code == 200  # core.lists answers htmx's live filter with the results alone
    assert 'id="opportunity-results"' in html and "<form" not in html and 'href="#id_salary"' in html


# ----------------------------------------------------------------------------------------------- sorts


def test_sorted_newest_or_closing_soon(client, board):
    assert _titles(client.get(reverse(LIST))) == [
        "Suvirintojo mokinys",
        "Design internship",
        "Backend developers wanted",
        "Programuotojas (-a)",
    ]
    assert _titles(client.get(reverse(LIST), {"sort": "closing"})) == [
        "Backend developers wanted",
        "Programuotojas (-a)",
        "Suvirintojo mokinys",
        "Design internship",  # no closing date: last
    ]


def test_best_match_is_offered_only_to_a_person_with_a_profile(client, board, vocabulary, outsider):
    html = client.get(reverse(LIST)).content.decode()
    assert 'value="best"' not in html and "Log in with a talent profile" in html
    client.force_login(outsider)
    html = client.get(reverse(LIST)).content.decode()
    assert 'value="best"' not in html and "Fill in your talent profile" in html
    welder = make_profile(outsider, skills=[(vocabulary["welding"], 4)], languages=[("lt", 6)])
    assert welder.match_vector
    response = client.get(reverse(LIST), {"sort": "best"})
    assert response.status_code == 200 and 'value="best" selected' in response.content.decode()
    titles = _titles(response)
    assert titles[0] == "Suvirintojo mokinys" and sorted(titles) == sorted(o.title for o in board.values())
    pythonist = make_profile(skills=[(vocabulary["python"], 4)], languages=[("lt", 6)])
    client.force_login(pythonist.user)
    assert _titles(client.get(reverse(LIST), {"sort": "best"}))[0] == "Programuotojas (-a)"


# ------------------------------------------------------------------------------------- pages and queries


def _many(organisation, employer, count: int) -> None:
    for index in range(count):
        make_opportunity(organisation, employer, title=f"Pareigos {index}", description="Darbas mieste, su komanda.")


def _queries_for(client, params) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse(LIST), params).status_code == 200
    return len(queries)


def test_pages_and_a_constant_number_of_queries(client, organisation, employer, django_assert_num_queries):
    _many(organisation, employer, 3)
    params = {"q": "darbas", "kind": "job", "salary": "", "open_on": "", "workplace": "on-site"}
    few = _queries_for(client, params)
    _many(organisation, employer, 22)
    # The session, the count, the page of opportunities with their organisations: nothing per opportunity.
    with django_assert_num_queries(few):
        response = client.get(reverse(LIST), params)
    assert response.context["page"].paginator.count == 25 and len(response.context["page"].object_list) == 20
    second = client.get(reverse(LIST), {**params, "page": "2"})
    assert len(second.context["page"].object_list) == 5
    assert "page=" not in second.context["query"]
    assert few <= 3


# ------------------------------------------------------------------------------------------------ feed


def test_the_atom_feed_parses_and_follows_the_filters(client, board):
    response = client.get(reverse("talent:opportunity_feed"))
    assert response.status_code == 200 and response["Content-Type"].startswith("application/atom+xml")
    root = _feed(response)
    assert root.tag == f"{ATOM}feed"
    entries = root.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}title") for e in entries] == [
        "Suvirintojo mokinys",
        "Design internship",
        "Backend developers wanted",
        "Programuotojas (-a)",
    ]
    first = entries[0]
    assert first.find(f"{ATOM}link").get("href").endswith(f"/en/talent/opportunities/{board['welding'].pk}/")
    assert first.findtext(f"{ATOM}author/{ATOM}name") == "Kodas Dzūkija"
    assert first.findtext(f"{ATOM}updated") and first.findtext(f"{ATOM}id")
    filtered = _feed(client.get(reverse("talent:opportunity_feed"), {"kind": "internship"}))
    assert [e.findtext(f"{ATOM}title") for e in filtered.findall(f"{ATOM}entry")] == ["Design internship"]
    # A bad filter is left out, never a 500.
    assert client.get(reverse("talent:opportunity_feed"), {"salary": "x", "skill": "nope"}).status_code == 200


def test_the_list_page_links_its_feed(client, board):
    html = client.get(reverse(LIST), {"kind": "job", "page": "1"}).content.decode()
    assert '<link rel="alternate" type="application/atom+xml"' in html
    assert f'href="{reverse("talent:opportunity_feed")}?kind=job"' in html


# ------------------------------------------------------------------------------ JSON-LD and share links


def _json_ld(html: str) -> dict:
    blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert len(blocks) == 1
    return json.loads(blocks[0])


def test_job_posting_structured_data(client, board, organisation):
    Organisation.objects.filter(pk=organisation.pk).update(website="https://kodas.example")
    data = _json_ld(client.get(reverse("talent:opportunity_detail", args=[board["lt_dev"].pk])).content.decode())
    opportunity = board["lt_dev"]
    assert data["@context"] == "https://schema.org/" and data["@type"] == "JobPosting"
    assert data["title"] == opportunity.title and data["description"] == opportunity.description
    assert data["datePosted"] == opportunity.created_at.date().isoformat()
    assert data["validThrough"].startswith(opportunity.closes_on.isoformat() + "T23:59:59")
    assert data["employmentType"] == "FULL_TIME" and data["directApply"] is True
    assert data["hiringOrganization"] == {
        "@type": "Organization",
        "name": "Kodas Dzūkija",
        "sameAs": "https://kodas.example",
    }
    assert data["jobLocation"]["address"] == {
        "@type": "PostalAddress",
        "addressLocality": "Alytus",
        "addressCountry": "LT",
    }
    assert data["baseSalary"] == {
        "@type": "MonetaryAmount",
        "currency": "EUR",
        "value": {"@type": "QuantitativeValue", "unitText": "MONTH", "minValue": 1500, "maxValue": 2500},
    }
    remote = _json_ld(client.get(reverse("talent:opportunity_detail", args=[board["en_dev"].pk])).content.decode())
    assert remote["jobLocationType"] == "TELECOMMUTE" and "jobLocation" not in remote
    assert remote["baseSalary"]["value"] == {"@type": "QuantitativeValue", "unitText": "MONTH", "minValue": 2200}
    internship = _json_ld(client.get(reverse("talent:opportunity_detail", args=[board["design"].pk])).content.decode())
    assert internship["employmentType"] == "INTERN" and "validThrough" not in internship


def test_a_hostile_title_cannot_close_the_script(client, organisation, employer):
    title = '</script><script>alert("x")</script> & <!--'
    opportunity = make_opportunity(organisation, employer, title=title, description="A <b>bold</b> description.")
    html = client.get(reverse("talent:opportunity_detail", args=[opportunity.pk])).content.decode()
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["title"] == title
    assert '<script>alert("x")' not in html


def test_only_listed_opportunities_carry_structured_data_and_share_links(client, board, employer):
    html = client.get(reverse("talent:opportunity_detail", args=[board["welding"].pk])).content.decode()
    assert "https://www.linkedin.com/sharing/share-offsite/?url=http%3A%2F%2F" in html
    assert "https://www.facebook.com/sharer/sharer.php?u=http%3A%2F%2F" in html
    assert "mailto:?subject=Suvirintojo%20mokinys&amp;body=http%3A%2F%2F" in html
    assert re.search(r'<input id="share-link" type="url" value="http://[^"]+/opportunities/\d+/" readonly>', html)
    services.close_opportunity(user=employer, opportunity=board["welding"])
    client.force_login(employer)
    html = client.get(reverse("talent:opportunity_detail", args=[board["welding"].pk])).content.decode()
    assert "application/ld+json" not in html and "share-link" not in html


# ---------------------------------------------------------------------------------------- public API

PUBLIC_KEYS = {
    "id",
    "url",
    "kind",
    "title",
    "description",
    "organisation",
    "occupation",
    "education_level",
    "city",
    "workplace",
    "salary_min",
    "salary_max",
    "start_date",
    "closes_on",
    "posted_on",
    "skills",
    "languages",
}


def test_the_public_api_searches_without_an_account_and_shows_nothing_personal(client, board, employer):
    Opportunity.objects.filter(pk=board["lt_dev"].pk).update(moderation_note="internal: check salary")
    talent = make_profile(headline="Secret headline")
    services.request_contact(
        user=employer, organisation=board["lt_dev"].organisation, profile=talent, message="Hello, let us talk soon."
    )
    response = client.get("/api/v1/opportunities/search", {"q": "programuotojų"})
    assert response.status_code == 200, response.content
    body = response.json()
    assert set(body) == {"count", "page", "pages", "items"} and body["count"] == 1
    item = body["items"][0]
    assert set(item) == PUBLIC_KEYS
    assert set(item["organisation"]) == {"name", "website"}
    assert set(item["skills"][0]) == {"uri", "label", "required"}
    assert set(item["languages"][0]) == {"language", "min_level", "required"}
    assert item["title"] == "Programuotojas (-a)" and item["url"].endswith(f"/opportunities/{board['lt_dev'].pk}/")
    text = response.content.decode()
    for secret in (employer.email, "internal: check salary", "Secret headline", talent.user.email):
        assert secret not in text


def test_the_public_api_filters_and_pages(client, board, vocabulary, employer):
    def titles(**params):
        return [item["title"] for item in client.get("/api/v1/opportunities/search", params).json()["items"]]

    assert titles(kind="internship") == ["Design internship"]
    assert titles(skill="SQL") == ["Backend developers wanted"]
    assert titles(skill=vocabulary["python"].uri) == ["Programuotojas (-a)"]
    assert titles(q="developers") == ["Backend developers wanted"]
    page = client.get("/api/v1/opportunities/search", {"limit": 3, "page": 2}).json()
    assert page["count"] == 4 and page["pages"] == 2 and [i["title"] for i in page["items"]] == ["Programuotojas (-a)"]
    assert client.get("/api/v1/opportunities/search", {"limit": 3, "page": 9}).json()["items"] == []
    services.close_opportunity(user=employer, opportunity=board["design"])
    assert titles(kind="internship") == [] and client.get("/api/v1/opportunities/search").json()["count"] == 3
    lithuanian = client.get("/api/v1/opportunities/search", {"skill": "SQL", "lang": "lt"})
    assert lithuanian["Content-Language"] == "lt"


@pytest.mark.parametrize(
    ("params", "status", "code", "field"),
    [
        ({"limit": 101}, 422, "less_than_equal", "limit"),
        ({"limit": 0}, 422, "greater_than_equal", "limit"),
        ({"page": 0}, 422, "greater_than_equal", "page"),
        ({"page": "x"}, 422, "int_parsing", "page"),
        ({"kind": "spaceship"}, 422, "literal_error", "kind"),
        ({"skill": "juggling fire"}, 400, "unknown_skill", "skill"),
        ({"q": "a\x00b"}, 422, "nul_in_text", "q"),
    ],
)
def test_the_public_api_refuses_bad_input_by_code(client, board, params, status, code, field):
    response = client.get("/api/v1/opportunities/search", params)
    assert response.status_code == status, response.content
    assert response.json()["field"] == field
    assert code in {error["code"] for error in response.json().get("errors") or [response.json()]}


def test_the_public_api_keeps_its_query_count(client, organisation, employer, vocabulary, django_assert_num_queries):
    def many(count):
        for index in range(count):
            make_opportunity(organisation, employer, title=f"Darbas {index}", required=[vocabulary["python"]])

    many(2)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/v1/opportunities/search", {"q": "darbas"})
    many(15)
    with django_assert_num_queries(len(few)):  # count, page, skills, languages
        assert len(client.get("/api/v1/opportunities/search", {"q": "darbas"}).json()["items"]) == 17
    assert len(few) == 4


def test_the_public_search_is_documented_with_its_errors(client, db):
    document = client.get("/api/v1/openapi.json").json()
    operation = document["paths"]["/api/v1/opportunities/search"]["get"]
    assert operation["description"] and not operation.get("security")
    assert {"200", "400", "422"} <= {str(status) for status in operation["responses"]}
    assert {p["name"] for p in operation["parameters"]} >= {"q", "kind", "skill", "page", "limit", "lang"}


def test_another_organisations_member_sees_the_same_board(client, board):
    other = MembershipFactory(organisation=OrganisationFactory(verification="verified")).user
    client.force_login(other)
    assert len(_titles(client.get(reverse(LIST)))) == 4


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the stored tsvector exists on PostgreSQL only")
def test_postgresql_reads_the_stored_vector_and_its_gin_index(board):
    plan = selectors.listed_opportunities(query="programuotojų developer").explain()
    assert "search_vector @@" in plan and "to_tsvector" not in plan  # nothing is parsed row by row
    with connection.cursor() as cursor:
        cursor.execute("SELECT indexdef FROM pg_indexes WHERE indexname = %s", [selectors.SEARCH_INDEX])
        assert "USING gin (search_vector)" in cursor.fetchone()[0]
        # The database keeps the vector in step with the document the services write.
        cursor.execute("SELECT search_vector::text FROM talent_opportunity WHERE id = %s", [board["lt_dev"].pk])
        assert "'programuotojo'" in cursor.fetchone()[0]
