"""The API reference page: built from the OpenAPI document itself, in both languages, without the database."""

import itertools
import re

import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape

from talentas.accounts.tests.factories import UserFactory
from talentas.api import selectors
from talentas.api.selectors import AnyOf, Choice, ListOf, MapOf, Named, Simple
from talentas.api.templatetags.api_reference_tags import TAG_LABELS, api_text, api_type
from talentas.api.urls import api

pytestmark = pytest.mark.django_db

SIGNED_IN_QUERIES = 2  # the session and its user, for the header's account links


def url(language: str) -> str:
    with translation.override(language):
        return reverse("api_docs:reference")


def operations() -> list[tuple[str, str, dict]]:
    paths = api.get_openapi_schema()["paths"]
    return [(method, path, operation) for path, item in paths.items() for method, operation in item.items()]


@pytest.fixture
def english(client) -> str:
    return client.get(url("en")).content.decode()


def test_the_page_lives_under_each_language():
    assert url("lt") == "/lt/api/"
    assert url("en") == "/en/api/"


def test_every_operation_of_the_api_is_on_the_page_with_its_anchor(english):
    """The page is built from the schema, so an endpoint added to the API shows up without anyone editing it."""
    assert operations()
    for method, path, operation in operations():
        anchor = operation["operationId"]
        assert f'href="#{anchor}"' in english, anchor
        # a closed <details> whose summary line is the operation's heading: method and path
        heading = re.search(
            rf'<details class="api-operation" id="{anchor}">\s*<summary[^>]*>\s*<h3[^>]*>(.*?)</h3>', english, re.S
        )
        assert heading, anchor
        title = heading[1].replace("<wbr>", "")
        assert f">{method.upper()}<" in title
        assert f'<code class="api-path">{escape(path)}</code>' in title


@pytest.mark.parametrize("language", ["lt", "en"])
def test_anonymous_people_read_it_in_both_languages(client, language):
    response = client.get(url(language))
    html = response.content.decode()
    assert response.status_code == 200
    assert f'<html lang="{language}">' in html
    for _method, _path, operation in operations():
        # the API's own texts stay English and say so, for screen readers on the Lithuanian page
        assert f'<span lang="en">{escape(operation["summary"])}</span>' in html
        if operation.get("description"):
            assert f'<p lang="en">{api_text(operation["description"])}</p>' in html


def test_intro_explains_tokens_errors_and_links_the_machine_readable_document(english):
    assert "<code>Authorization: Bearer &lt;token&gt;</code>" in english
    assert f'href="{reverse("accounts:profile")}#api-tokens"' in english
    assert '<code>{"detail": "…", "field": "…", "code": "…"}</code>' in english
    assert f'href="{reverse("api:openapi-json")}"' in english
    assert f'href="{reverse("api:openapi-view")}">Swagger UI</a>' in english
    assert "http://testserver/api/v1/" in english


def test_operations_say_whether_they_need_a_token(english):
    public = re.search(r'id="talentas_plans_api_list_plans">.*?</summary>', english, re.S)
    personal = re.search(r'id="talentas_accounts_api_me">.*?</summary>', english, re.S)
    assert public and "Public" in public[0] and "Needs a token" not in public[0]  # said on the closed line
    assert personal and "Needs a token" in personal[0]


def test_operations_are_closed_sections_listed_by_topic(english):
    reference = selectors.api_reference(api)
    operations_count = sum(len(group.operations) for group in reference.groups)
    assert english.count('<details class="api-operation"') == operations_count
    assert '<details class="api-operation" id="talentas_plans_api_list_plans" open' not in english  # closed
    contents = english[
        english.index('<nav class="api-contents"') : english.index("</nav>", english.index("api-contents"))
    ]
    assert all(f'href="#tag-{group.tag}"' in contents for group in reference.groups)


def test_headings_and_tables_are_structured_for_assistive_technology(english):
    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", english)]
    assert levels.count(1) == 1
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels)), levels
    assert levels.count(2) >= len(selectors.api_reference(api).groups)
    tables = re.findall(r"<table.*?</table>", english, re.S)
    assert tables
    for table in tables:
        assert "<caption" in table
        assert "<th>" not in table and '<th scope="col"' in table


def test_success_responses_list_their_fields_one_reference_deep():
    by_id = {op.id: op for group in selectors.api_reference(api).groups for op in group.operations}
    plan = by_id["talentas_plans_api_get_plan"].responses[0]
    names = [table.name for table in plan.tables]
    assert plan.status == "200" and plan.type == Named("PlanOut")
    assert names[0] == "PlanOut" and "ObjectiveOut" in names
    assert "ActionOut" not in names  # referred to by ObjectiveOut only: named, not expanded
    objectives = next(table for table in plan.tables if table.name == "ObjectiveOut")
    actions = next(field for field in objectives.fields if field.name == "actions")
    assert actions.type == ListOf(Named("ActionOut"))
    not_found = by_id["talentas_plans_api_get_plan"].responses[1]
    assert not_found.status == "404" and not_found.type == Named("ErrorOut") and not_found.tables == ()


def test_types_read_as_words():
    assert api_type(AnyOf((Simple("string", "date"), Simple("null")))) == (
        "<code>string</code> (date) or <code>null</code>"
    )
    assert api_type(ListOf(Named("ActionOut"))) == "list of <code>ActionOut</code>"
    assert api_type(MapOf(Simple("number"))) == "map of <code>number</code>"
    assert api_type(AnyOf((ListOf(AnyOf((Simple("string"), Simple("null")))), Simple("null")))) == (
        "list of (<code>string</code> or <code>null</code>) or <code>null</code>"
    )
    assert api_type(Choice(("lt", "en"))) == "one of <code>lt</code>, <code>en</code>"
    assert api_type(AnyOf((Simple("number"), Simple("string"), Simple("null")))) == (
        "<code>number</code>, <code>string</code> or <code>null</code>"
    )


def test_the_apis_own_text_is_escaped_and_marks_code():
    assert api_text("Takes `<b>`\nand more") == "Takes <code>&lt;b&gt;</code> and more"


@pytest.mark.parametrize("language", ["lt", "en"])
def test_the_page_reads_nothing_from_the_database(client, django_assert_num_queries, language):
    client.get(url(language))  # builds the cached reference
    with django_assert_num_queries(0):
        assert client.get(url(language)).status_code == 200


def test_signed_in_the_page_reads_only_the_session(client, django_assert_num_queries):
    client.force_login(UserFactory())
    with django_assert_num_queries(SIGNED_IN_QUERIES):
        assert client.get(url("en")).status_code == 200


def test_the_footer_links_here_and_swagger_ui_still_works(client, english):
    assert f'<a href="{url("en")}">API documentation</a>' in english
    assert client.get(reverse("api:openapi-view")).status_code == 200


def test_every_topic_has_a_name_in_each_language():
    tags = {tag for operations in api.get_openapi_schema()["paths"].values() for op in operations.values()
            for tag in op.get("tags", [])}  # fmt: skip
    assert tags <= set(TAG_LABELS)
    with translation.override("en"):
        english = {tag: str(TAG_LABELS[tag]) for tag in tags}
    with translation.override("lt"):
        assert [tag for tag in tags if str(TAG_LABELS[tag]) == english[tag]] == []
