"""The public dashboard, its open data and embeddable view: no login, both languages, a fixed number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from talentas.core.components import status_look
from talentas.core.metrics import mark_data_changed
from talentas.monitoring.models import IndicatorValue
from talentas.monitoring.selectors.dashboard import public_dashboard
from talentas.monitoring.services import budget, values

from .factories import approved, events_held, period


def url(plan, name="monitoring:plan_dashboard", **kwargs):
    return reverse(name, kwargs={"slug": plan.slug, **kwargs})


def test_anyone_sees_the_dashboard_in_both_languages(client, plan, indicators, today):
    approved(indicators["O1.1"], "2026-Q1", 1)
    for language, heading in (("en", "How the action plan is doing"), ("lt", "<h1>")):
        response = client.get(f"/{language}/monitoring/plans/{plan.slug}/")
        assert response.status_code == 200
        page = response.content.decode()
        assert heading in page
        assert "O1.1" in page and "A1.1" in page
        # the trend chart is the sparkline component's bars variant, with its table beside it
        assert '<span class="sparkline sparkline-bars">' in page and 'class="sparkline-bar' in page
        assert "<caption" in page
    english = client.get(f"/en/monitoring/plans/{plan.slug}/").content.decode()
    assert "On track" in english  # the status is written, not only coloured
    assert "No data" in english
    assert "Budget by phase" in english


def test_the_default_plan_has_the_short_url(client, plan, today):
    plan.is_default = True
    plan.save()
    assert client.get(reverse("monitoring:dashboard")).status_code == 200


def test_no_plan_is_404(client, db):
    assert client.get(reverse("monitoring:dashboard")).status_code == 404
    assert client.get("/en/monitoring/plans/nope/").status_code == 404


def test_query_count_does_not_grow_with_the_data(client, plan, indicators, today, django_assert_num_queries):
    approved(indicators["O1.1"], "2026-Q1", 1)
    events_held(indicators["A1.1"].action, datetime.date(2026, 1, 5), 2)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url(plan)).status_code == 200
    # Many more rows of every kind the dashboard reads
    for code in ("2025-Q1", "2025-Q2", "2025-Q3", "2025-Q4", "2025"):
        approved(indicators["O1.1"], code, 2)
        approved(indicators["O1.2"], code, 5)
        approved(indicators["R1"], code, 1)
    for day in range(0, 500, 5):
        events_held(indicators["A1.1"].action, datetime.date(2025, 1, 1) + datetime.timedelta(days=day), 30)
    mark_data_changed()
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url(plan)).status_code == 200
    with django_assert_num_queries(0):  # cached until the data changes
        assert client.get(url(plan)).status_code == 200


def test_a_write_shows_on_the_next_request(
    client, plan, indicators, owner, me_officer, today, django_capture_on_commit_callbacks
):
    assert "3,00" not in client.get(f"/lt/monitoring/plans/{plan.slug}/").content.decode()
    before = client.get(url(plan, "monitoring:open_data", extension="json")).json()
    value = values.save_value(
        user=owner, indicator=indicators["O1.1"], period=period("2026-Q1"), value="3", submit=True
    )
    with django_capture_on_commit_callbacks(execute=True):
        values.approve_value(user=me_officer, value=value)
    after = client.get(url(plan, "monitoring:open_data", extension="json")).json()
    row = next(r for r in after["indicators"] if r["code"] == "O1.1")
    assert next(r for r in before["indicators"] if r["code"] == "O1.1")["current_value"] is None
    assert (row["current_value"], row["progress"], row["status"]) == (3, 0.75, "on_track")


def test_open_data_csv_and_json(client, plan, indicators, today):
    approved(indicators["O1.2"], "2025", 40)
    data = client.get(url(plan, "monitoring:open_data", extension="json"))
    assert data["Access-Control-Allow-Origin"] == "*"
    body = data.json()
    assert body["plan"] == plan.slug
    row = next(r for r in body["indicators"] if r["code"] == "O1.2")
    assert row == row | {
        "target": 100,
        "target_period": "total",
        "current_value": 40,
        "progress": 0.4,
        "source": "manual",
    }
    csv = client.get(url(plan, "monitoring:open_data", extension="csv"))
    assert csv["Content-Type"].startswith("text/csv")
    lines = csv.content.decode().splitlines()
    assert lines[0].startswith("plan,id,code,name,action")
    assert any(",O1.2," in line for line in lines)


def test_the_embeddable_view_has_no_site_header_and_may_be_framed(client, plan, today):
    response = client.get(url(plan, "monitoring:embed"))
    assert response.status_code == 200
    assert "X-Frame-Options" not in response
    page = response.content.decode()
    assert "site-header" not in page and "site-footer" not in page
    assert "O1.1" in page
    assert client.get(url(plan))["X-Frame-Options"] == "DENY"  # the normal page keeps its protection


def test_timeline_shows_planned_and_actual(client, plan, me_officer, today):
    action = plan.actions.get(code="1.1")
    budget.record_action_dates(user=me_officer, action=action, actual_start=datetime.date(2025, 5, 10), actual_end=None)
    page = client.get(url(plan, "monitoring:timeline")).content.decode()
    # drawn by the gantt_bar component's planned variant, one row per action under its objective
    assert page.count('<div class="gantt-row gantt-row-planned">') == plan.actions.count()
    assert 'class="gantt-bar-planned"' in page and 'class="gantt-today"' in page
    # the actual bar is in the colour of the action's status, the same tone as its status tag
    figure = next(row for row in public_dashboard(slug=plan.slug).progress.actions if row.code == "1.1")
    tone = status_look(figure.status).tone
    assert f'class="gantt-bar-fill gantt-fill-{tone} gantt-bar-running"' in page
    assert "Actual: From 10 May 2025, still running" in page  # the dates in words, beside the bar
    assert f"tag-tone-{tone} tag-status-{figure.status}" in page
    legend = page[page.index('<ul class="legend">') : page.index("</figcaption>")]
    assert f"legend-swatch-{tone}" in legend and f"tag-status-{figure.status}" in legend  # colour, shape and word
    late = page[page.index("late start") - 800 : page.index("late start")]  # started in May, planned for January
    assert "tag-tone-amber" in late
    assert "<table" in page


@pytest.mark.parametrize("language", ["lt", "en"])
def test_the_api_figures_match_the_page(client, plan, indicators, today, language):
    approved(indicators["O1.1"], "2026-Q1", 2)
    rows = client.get(f"/api/v1/plans/{plan.slug}/indicators?lang={language}").json()
    assert {row["code"] for row in rows} == {"O1.1", "A1.1", "O1.2", "N1.2", "R1"}
    assert IndicatorValue.objects.count() == 1
