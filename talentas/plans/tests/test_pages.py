"""The public plan pages: both languages, their structure for assistive technology, and their query counts."""

import datetime
import itertools
import re

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone, translation

from talentas.plans.models import Action, Plan
from talentas.plans.status import plan_statuses

from .factories import full_plan

pytestmark = pytest.mark.django_db

# Plan, its objectives, actions, active indicators, plan-wide indicators, facts, causes, budget phases,
# funding sources, governance bodies and the M&E table.
OVERVIEW_QUERIES = 11
ACTION_QUERIES = 3  # the action with its plan and objective, its indicators, the plan's action order


def url(name: str, language: str, **kwargs) -> str:
    with translation.override(language):
        return reverse(name, kwargs=kwargs)


def headings(html: str) -> list[int]:
    return [int(level) for level in re.findall(r"<h([1-6])[\s>]", html)]


def assert_accessible_structure(html: str) -> None:
    levels = headings(html)
    assert levels.count(1) == 1, levels
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels)), levels
    assert "<th scope=" in html or "<table" not in html


def assert_shows(html: str, *texts: str) -> None:
    missing = [text for text in texts if text not in html]
    assert not missing, missing


def test_plan_list_in_both_languages(client, alytus):
    english = client.get(url("plans:list", "en")).content.decode()
    lithuanian = client.get(url("plans:list", "lt")).content.decode()
    assert "Alytus City Integrated Action Plan" in english
    assert "Alytaus miesto integruotas veiksmų planas" in lithuanian
    assert "Alytus City Integrated Action Plan" not in lithuanian
    assert "13 actions" in english
    assert_accessible_structure(english)


def test_overview_in_english(client, alytus):
    response = client.get(url("plans:detail", "en", slug="alytus-iap"))
    assert response.status_code == 200
    html = response.content.decode()
    assert_accessible_structure(html)
    assert_shows(
        html,
        "Outflow of young people/talents from Alytus city",
        "digital startup and innovation capital of Southern Lithuania",
        "Improve access to state-of-the-art infrastructure for startup businesses",
        "1.1 Establish regional co-working and innovation Hub",
        "50,000 EUR annually",
        "€7,900,000",
        "The phases add up to €7,907,000.",
        "European Regional Development Fund (ERDF)",
        "Steering Committee",
        "Quarterly",
        "Finance and Investment Department",
        "Quarterly internal reports",
        "Žuvinto g. 4",
        "51,340",
    )


def test_overview_in_lithuanian(client, alytus):
    html = client.get(url("plans:detail", "lt", slug="alytus-iap")).content.decode()
    assert '<html lang="lt">' in html
    assert "Pietų Lietuvos skaitmeninių startuolių ir inovacijų sostinė" in html
    assert "Įsteigti startuolių dotacijų fondą" in html
    assert "Europos regioninės plėtros fondas (ERPF)" in html
    assert "Establish a startup grant fund" not in html
    assert "2025\xa0m.\xa0sausis" in html  # months in the timeline table, in Lithuanian


def timeline_figure(html: str) -> str:
    section = html[html.index('<section id="timeline"') :]
    return section[section.index('<figure class="timeline-figure"') : section.index("</figure>")]


def test_overview_has_an_accessible_timeline_with_a_table_beside_it(client, alytus):
    html = client.get(url("plans:detail", "en", slug="alytus-iap")).content.decode()
    figure = timeline_figure(html)
    assert 'aria-labelledby="timeline-title" aria-describedby="timeline-chart-desc"' in figure
    assert figure.count('<div class="gantt-row">') == 13  # one row per action, its months said in words
    assert figure.count('<svg class="gantt-track"') == 13 and 'role="img"' not in figure  # the words are the text
    assert re.findall(r"<li>(\d+)</li>", figure) == ["2025", "2026", "2027", "2028"]
    assert figure.count('<h3 class="gantt-group">') == 3  # one heading per objective
    assert "From January 2025 to December 2028" in figure
    details = html[html.index("<details") : html.index("</details>")]
    assert "<table" in details and '<th scope="col">Planned start</th>' in details
    assert details.count('<th scope="row">') == 13
    assert details.count(">Long-term</td>") == 9  # the horizons, in words, in the table
    assert "December\xa02028" in details


def test_the_plan_timeline_is_drawn_by_the_gantt_bar_component(client, alytus):
    """Each action's row is exactly the shared component's output (its months variant), not a drawing of its own."""
    html = client.get(url("plans:detail", "en", slug="alytus-iap")).content.decode()
    action = Action.objects.get(objective__plan=alytus, code="2.1")
    today = timezone.localdate()
    with translation.override("en"):
        row = Template(
            "{% load components %}{% gantt_bar label start end ps pe status label_of_status today=today months=True %}"
        ).render(
            Context(
                {
                    "label": f"{action.code} {action.title}",
                    "start": action.planned_start,
                    "end": action.planned_end,
                    "ps": datetime.date(alytus.start_year, 1, 1),
                    "pe": datetime.date(alytus.end_year, 12, 31),
                    "status": (shown := plan_statuses(alytus).of_action(action)) and shown.value,
                    "label_of_status": shown and shown.label,
                    "today": today if alytus.start_year <= today.year <= alytus.end_year else None,
                }
            )
        )
    assert row in timeline_figure(html)


def test_action_page_has_everything_about_the_action(client, alytus):
    response = client.get(url("plans:action", "en", slug="alytus-iap", code="2.1"))
    assert response.status_code == 200
    html = response.content.decode()
    assert_accessible_structure(html)
    assert_shows(
        html,
        '<h1><span class="action-code">2.1</span> Establish a startup grant fund</h1>',
        "50,000 EUR annually",
        "At least EUR 50 000 of grant funding distributed annually",
        "Alytus city municipality",
        "Social partners, Business angels",
        "City budget, Business, State budget",
        "20 months to establish; ongoing grant cycles",
        "Long-term",
        "January\xa02025",
        "August\xa02026",
        "December\xa02028",
        "O2.1",
        "Counted from the platform: EUR awarded: startup grant fund",
        "Finance and Investment Department",
        'aria-label="Breadcrumbs"',
    )
    assert "calls.awarded_eur" not in html  # the metric key is said in words (issue 12, part 6)
    assert 'href="/en/plans/alytus-iap/actions/1.5/" rel="prev"' in html
    assert 'href="/en/plans/alytus-iap/actions/2.2/" rel="next"' in html


def test_first_and_last_actions_have_one_neighbour(client, alytus):
    first = client.get(url("plans:action", "en", slug="alytus-iap", code="1.1")).content.decode()
    last = client.get(url("plans:action", "en", slug="alytus-iap", code="3.5")).content.decode()
    assert 'rel="prev"' not in first and 'href="/en/plans/alytus-iap/actions/1.2/" rel="next"' in first
    assert 'rel="next"' not in last and 'href="/en/plans/alytus-iap/actions/3.4/" rel="prev"' in last


def test_action_page_in_lithuanian(client, alytus):
    html = client.get(url("plans:action", "lt", slug="alytus-iap", code="1.5")).content.decode()
    assert "Rengti STEAM pamokas pagrindinės mokyklos mokiniams" in html
    assert "valandos kiekvienai klasei" in html
    assert "2025\xa0m.\xa0birželis" in html


def test_unknown_plan_or_action_is_404(client, alytus):
    assert client.get(url("plans:detail", "en", slug="nowhere")).status_code == 404
    assert client.get(url("plans:action", "en", slug="alytus-iap", code="9.9")).status_code == 404
    assert client.get(url("plans:action", "en", slug="nowhere", code="1.1")).status_code == 404


def test_pages_show_the_translation_of_the_active_language(client):
    plan = full_plan(title_en="Riverside talent plan", title_lt="Pajūrio talentų planas")
    action = plan.actions.get()
    action.title_en, action.title_lt = "Open a hub", "Atidaryti centrą"
    action.save()
    for name, kwargs in (("plans:list", {}), ("plans:detail", {"slug": plan.slug})):
        assert "Pajūrio talentų planas" in client.get(url(name, "lt", **kwargs)).content.decode()
        assert "Riverside talent plan" in client.get(url(name, "en", **kwargs)).content.decode()
    action_page = {"slug": plan.slug, "code": action.code}
    assert "Atidaryti centrą" in client.get(url("plans:action", "lt", **action_page)).content.decode()
    assert "Open a hub" in client.get(url("plans:action", "en", **action_page)).content.decode()


def test_a_missing_translation_falls_back_to_the_other_language(client):
    plan = full_plan(vision_en="", vision_lt="Tik lietuviškai")
    assert "Tik lietuviškai" in client.get(url("plans:detail", "en", slug=plan.slug)).content.decode()


@pytest.mark.parametrize(("objectives", "actions_per_objective"), [(1, 1), (10, 20)])
def test_query_counts_do_not_grow_with_the_plan(client, django_assert_num_queries, objectives, actions_per_objective):
    plan = full_plan(objectives=objectives, actions_per_objective=actions_per_objective)
    full_plan()  # another plan on the list
    with django_assert_num_queries(1):
        assert client.get(url("plans:list", "en")).status_code == 200
    # The status tags come from the public dashboard's cache (monitoring's status provider, plans/status.py): on
    # a miss it costs the dashboard's own fixed number of queries, then nothing more for any plan page.
    assert client.get(url("monitoring:plan_dashboard", "en", slug=plan.slug)).status_code == 200
    with django_assert_num_queries(OVERVIEW_QUERIES):
        response = client.get(url("plans:detail", "en", slug=plan.slug))
    assert response.content.decode().count('class="card action-card"') == objectives * actions_per_objective
    with django_assert_num_queries(ACTION_QUERIES):
        assert client.get(url("plans:action", "en", slug=plan.slug, code="1.1")).status_code == 200


def test_the_home_page_shows_the_default_plan(client, alytus, django_assert_max_num_queries):
    client.get("/en/")  # fills the public dashboard's cache, which the plan's progress on the home page reads
    with django_assert_max_num_queries(15):  # the whole page (core/tests/test_home.py checks it against growth)
        response = client.get("/en/")
    html = response.content.decode()
    assert_accessible_structure(html)
    assert "digital startup and innovation capital of Southern Lithuania" in html
    for objective in ("Improve access to state-of-the-art", "Improving access to financial", "Building and improving"):
        assert objective in html
    assert '<span class="stat">13</span>' in html
    assert "€7.9 million" in html
    assert "2025\N{EN DASH}2028" in html
    assert 'href="/en/plans/alytus-iap/#objective-2"' in html
    lithuanian = client.get("/lt/").content.decode()
    assert "Pietų Lietuvos skaitmeninių startuolių" in lithuanian


def test_the_home_page_works_without_a_plan(client, db):
    response = client.get("/en/")
    assert response.status_code == 200
    assert 'href="/en/plans/"' in response.content.decode()


def test_the_home_page_prefers_the_default_plan(client):
    full_plan(title_en="First plan")
    full_plan(title_en="Chosen plan", is_default=True)
    assert "Chosen plan" in client.get("/en/").content.decode()
    Plan.objects.update(is_default=False)
    assert "First plan" in client.get("/en/").content.decode()


def test_staff_can_edit_plans_in_the_admin(admin_client, alytus):
    action = alytus.actions.get(code="1.2")
    indicator = alytus.indicators.get(code="O1.2")
    for path in (
        reverse("admin:plans_plan_changelist"),
        reverse("admin:plans_plan_change", args=[alytus.pk]),
        reverse("admin:plans_action_changelist"),
        reverse("admin:plans_action_change", args=[action.pk]),
        reverse("admin:plans_indicator_changelist"),
        reverse("admin:plans_indicator_change", args=[indicator.pk]),
        reverse("admin:plans_strategicobjective_changelist"),
    ):
        assert admin_client.get(path).status_code == 200, path
