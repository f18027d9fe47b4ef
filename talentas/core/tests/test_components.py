"""The page components: the one status mapping, the geometry they compute, what they render, and /styleguide/."""

import datetime
import re
from decimal import Decimal
from pathlib import Path

import pytest
from django.template import Context, Template
from django.template.loader import render_to_string
from django.utils import translation

from talentas.core import components
from talentas.monitoring.status import Status

CSS = Path(__file__).resolve().parents[2] / "static" / "talentas" / "css" / "talentas.css"


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(foreground: str, background: str) -> float:
    """WCAG 2.x contrast ratio of two #rrggbb colours."""
    light, dark = sorted((_luminance(foreground), _luminance(background)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def custom_properties() -> dict[str, str]:
    return dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})\b", CSS.read_text()))


def render(source: str, **context) -> str:
    return Template("{% load components %}" + source).render(Context(context))


# --- The status mapping ---------------------------------------------------------------------------------------


def test_every_status_has_a_look_with_its_own_shape():
    assert set(components.STATUS_LOOKS) == set(Status.values)
    for look in components.STATUS_LOOKS.values():
        assert look.tone in components.TONES
        assert look.shape in components.SHAPES
    # Statuses a reader must tell apart differ in shape as well as colour (no data and no target share "unknown").
    judged = ["not_started", "on_track", "at_risk", "behind", "achieved", "no_data"]
    assert len({components.STATUS_LOOKS[s].shape for s in judged}) == len(judged)
    assert len({components.STATUS_LOOKS[s].tone for s in judged}) == len(judged)


def test_the_status_colours_are_the_agreed_ones():
    looks = components.STATUS_LOOKS
    assert (looks["not_started"].tone, looks["not_started"].shape) == ("grey", "circle")
    assert (looks["on_track"].tone, looks["on_track"].shape) == ("green", "check")
    assert (looks["at_risk"].tone, looks["at_risk"].shape) == ("amber", "triangle")
    assert looks["behind"].tone == "red"
    assert (looks["achieved"].tone, looks["achieved"].shape) == ("blue", "star")
    assert looks["no_target"].tone == looks["no_data"].tone == "neutral"
    assert components.status_look("unheard-of") == components.StatusLook("neutral", "dash")


@pytest.mark.parametrize("tone", components.TONES)
def test_every_tag_tone_has_text_contrast_of_at_least_4_5(tone):
    properties = custom_properties()
    ink, paper = properties[f"tag-{tone}-ink"], properties[f"tag-{tone}-paper"]
    assert contrast(ink, paper) >= 4.5, (tone, ink, paper)
    assert contrast(ink, "#ffffff") >= 4.5  # the icon and border sit on a white page as well


@pytest.mark.parametrize("tone", components.TONES)
def test_bar_fills_stand_out_from_their_track(tone):
    properties = custom_properties()
    assert contrast(properties[f"fill-{tone}"], "#dde3e8") >= 3  # WCAG 1.4.11, non-text contrast


@pytest.mark.parametrize("tone", components.TONES)
def test_charts_outside_css_use_the_same_fills(tone):
    """The PDF's inline SVG bars (components.FILLS) and the chart filters agree with the CSS and the tags."""
    assert components.FILLS[tone].lower() == custom_properties()[f"fill-{tone}"].lower()
    status = next((value for value, look in components.STATUS_LOOKS.items() if look.tone == tone), None)
    if status:
        assert render("{{ s|status_tone }} {{ s|status_fill }}", s=status) == f"{tone} {components.FILLS[tone]}"


# --- Rendering ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("status", Status.values)
def test_a_status_tag_shows_the_word_the_shape_and_the_tone(status):
    label = str(Status(status).label)
    html = render("{% status_tag status label %}", status=status, label=label)
    look = components.STATUS_LOOKS[status]
    assert f"tag-tone-{look.tone}" in html
    assert f"tag-status-{status}" in html
    assert f'<span class="tag-text">{label}</span>' in html
    assert 'aria-hidden="true"' in html and "<svg" in html


def test_the_progress_bar_is_accessible_and_capped():
    html = render('{% progress_bar 7 10 "Events held" text="7 of 10 events" status="at_risk" expected="0.8" %}')
    assert 'role="progressbar"' in html
    assert 'aria-valuenow="70"' in html and 'aria-valuetext="7 of 10 events"' in html
    label_id = re.search(r'id="([\w-]+-label)">Events held<', html).group(1)
    assert f'aria-labelledby="{label_id}"' in html
    assert "progress-fill-amber" in html and 'class="progress-expected" x="80.0"' in html

    over = components.progress_bar(13, 10)
    assert (over.percent, over.width, over.over) == (100, "100.0", True)
    unknown = components.progress_bar(None, 10)
    assert unknown.percent is None and unknown.width == "0.0"
    with translation.override("en"):
        assert "no data" in render('{% progress_bar None 10 "Visits" %}')
    assert components.progress_bar(5, 0).percent is None  # no target: nothing to measure against


def test_the_sparkline_has_a_text_alternative_and_a_table():
    line = components.sparkline([2, None, 6, 4], ["Q1", "Q2", "Q3", "Q4"])
    assert line.points.count(",") == 3  # the gap is skipped, three points drawn
    with translation.override("en"):
        html = render(
            '{% sparkline values "Visitors" labels %}', values=[2, None, 6, 4], labels=["Q1", "Q2", "Q3", "Q4"]
        )
        summary = components.sparkline([2, 6, 4]).summary
    assert 'role="img"' in html and "<title" in html
    assert summary == "From 2 to 4; lowest 2, highest 6."
    assert "<table" in html and '<th scope="row">Q2</th><td class="number">no data</td>' in html
    # The highest point is at the top of the chart, the lowest at the bottom.
    ys = [float(point.split(",")[1]) for point in components.sparkline([1, 5]).points.split()]
    assert ys[0] > ys[1]
    assert components.sparkline([]).points == ""


def test_a_gantt_bar_sits_in_its_period_and_says_its_dates():
    period = (datetime.date(2026, 1, 1), datetime.date(2027, 1, 1))
    bar = components.gantt_bar(datetime.date(2026, 7, 2), datetime.date(2027, 6, 1), *period)
    assert Decimal(bar.x) == Decimal("49.9") and Decimal(bar.x) + Decimal(bar.width) <= 100
    assert bar.ends_after and not bar.starts_before
    with translation.override("en"):
        html = render(
            "{% gantt_bar label start end ps pe 'behind' 'Behind' %}",
            label="Hub",
            start=datetime.date(2025, 1, 1),
            end=datetime.date(2026, 3, 31),
            ps=period[0],
            pe=period[1],
        )
    assert "gantt-fill-red" in html and "started before this period" in html and "tag-status-behind" in html


def test_the_sparkline_bars_variant_draws_from_zero_and_marks_gaps():
    line = components.sparkline([Decimal("4"), None, Decimal("8"), Decimal("12")], bars=True)
    assert line.points == "" and len(line.bars) == 4
    assert line.bars[1].missing and not line.bars[0].missing
    heights = [Decimal(bar.height) for bar in line.bars]
    assert [heights[0], heights[2], heights[3]] == [10, 20, 30]  # from zero: the lowest value is not an empty bar
    assert Decimal(line.bars[-1].x) + Decimal(line.bars[-1].width) <= components.SPARK_WIDTH
    with translation.override("en"):
        assert components.sparkline([Decimal("1234.50")], bars=True).rows == [("1", "1,234.5")]  # as a plan figure
        html = render('{% sparkline values "Visits" bars=True %}', values=[3, None, 5])
    assert '<span class="sparkline sparkline-bars">' in html and html.count('class="sparkline-bar') == 3
    assert "sparkline-bar-missing" in html and "<polyline" not in html and "<table" in html


def test_the_gantt_bar_planned_variant_outlines_the_plan_above_the_actual_time():
    period = (datetime.date(2025, 1, 1), datetime.date(2028, 12, 31))
    context = {
        "start": datetime.date(2025, 5, 10),
        "ps": period[0],
        "pe": period[1],
        "today": datetime.date(2026, 7, 1),
    }
    with translation.override("en"):
        running = render(
            "{% gantt_axis ps pe %}{% gantt_bar 'Hub' start None ps pe 'at_risk' 'At risk' planned_start=ps "
            "planned_end=pe today=today %}",
            planned_end=datetime.date(2028, 12, 1),
            **context,
        )
        unstarted = render(
            "{% gantt_bar 'Hub' None None ps pe planned_start=ps planned_end=ps %}", ps=period[0], pe=period[1]
        )
    assert '<div class="gantt-row gantt-row-planned">' in running and 'class="gantt-bar-planned"' in running
    assert 'class="gantt-bar-fill gantt-fill-amber gantt-bar-running"' in running  # lighter, in the status colour
    assert "Planned: From January 2025 to December 2028" in running  # months, to the end of the last one
    assert "Actual: From 10 May 2025, still running" in running and "tag-status-at_risk" in running
    assert running.count('class="gantt-year-line"') == 3 and 'class="gantt-today"' in running
    assert re.findall(r"<li>(\d+)</li>", running) == ["2025", "2026", "2027", "2028"]  # the years over the rows
    assert "gantt-bar-fill" not in unstarted and "Actual: not started" in unstarted
    assert "Planned: From January 2025 to January 2025" in unstarted and "gantt-today" not in unstarted
    planned = components.gantt_bar(datetime.date(2025, 1, 1), datetime.date(2028, 12, 1), *period, months=True)
    assert (planned.x, planned.width, planned.ends_after) == ("0.0", "100.0", False)
    assert components.gantt_years(datetime.date(2025, 3, 1), period[1]) == []  # not whole years: no year row


def test_the_gantt_bar_months_variant_draws_a_schedule_or_says_there_is_none():
    period = {"ps": datetime.date(2025, 1, 1), "pe": datetime.date(2028, 12, 31)}
    with translation.override("en"):
        scheduled = render(
            "{% gantt_bar 'Hub' start end ps pe 'on_track' 'On track' months=True %}",
            start=datetime.date(2026, 3, 1),
            end=datetime.date(2026, 5, 1),
            **period,
        )
        unscheduled = render(
            "{% gantt_bar 'Hub' None end ps pe months=True %}", end=datetime.date(2026, 5, 1), **period
        )
    assert '<div class="gantt-row">' in scheduled and 'class="gantt-bar-fill gantt-fill-green"' in scheduled
    assert "From March 2026 to May 2026" in scheduled and "tag-status-on_track" in scheduled  # months, in words
    assert "gantt-bar-running" not in scheduled and "still running" not in scheduled
    assert "gantt-bar-fill" not in unscheduled and "not scheduled" in unscheduled  # both months or no bar


def test_summary_list_rows_have_change_links_named_for_their_row():
    with translation.override("en"):
        html = render_to_string(
            "components/summary_list.html",
            {
                "rows": [
                    {"key": "Name", "value": "Ona", "href": "/edit/", "change": "name"},
                    {"key": "Phone", "value": ""},
                ]
            },
        )
    assert '<a href="/edit/">Change<span class="visually-hidden"> name</span></a>' in html
    assert html.count("summary-list-actions") == 1
    assert '<dd class="summary-list-value">—</dd>' in html


def test_button_variants():
    link = render_to_string("components/button.html", {"text": "Go", "href": "/x/", "variant": "secondary"})
    assert link.strip() == '<a class="button button-secondary" href="/x/">Go</a>'
    button = render_to_string(
        "components/button.html", {"text": "Delete", "variant": "warning", "name": "op", "value": "d"}
    )
    assert 'class="button button-warning"' in button and 'type="submit"' in button and 'name="op"' in button


def test_stat_card_and_empty_state_and_card():
    stat = render_to_string(
        "components/stat_card.html",
        {
            "figure": 12,
            "label": "Events",
            "trend": "+2",
            "direction": "up",
            "status": "on_track",
            "status_label": "On track",
        },
    )
    assert '<dt class="stat-card-label">Events</dt>' in stat and "tag-tone-green" in stat and "▲" in stat
    empty = render_to_string(
        "components/empty_state.html", {"title": "No events yet", "action_href": "/new/", "action_text": "Add an event"}
    )
    assert '<h2 class="empty-state-title">No events yet</h2>' in empty and 'href="/new/"' in empty
    card = render_to_string(
        "components/card.html", {"title": "Hub", "href": "/hub/", "image": "/m/a.webp", "image_alt": ""}
    )
    assert "card-link" in card and 'alt=""' in card and '<a href="/hub/">Hub</a>' in card


# --- The styleguide page --------------------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "lt"])
def test_the_styleguide_shows_every_component(client, language):
    response = client.get(f"/{language}/styleguide/")
    assert response.status_code == 200
    html = response.content.decode()
    for status in Status.values:
        assert f"tag-status-{status}" in html
    for css_class in (
        "button-primary",
        "button-secondary",
        "button-warning",
        "button-link",
        "card-link",
        "summary-list",
        "stat-card",
        'role="progressbar"',
        "sparkline-chart",
        "gantt-row",
        "empty-state",
        "error-summary",
    ):
        assert css_class in html, css_class
    assert html.count('role="progressbar"') == 5
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids))


def test_the_footer_links_to_the_styleguide(client, db):
    assert 'href="/en/styleguide/"' in client.get("/en/").content.decode()
