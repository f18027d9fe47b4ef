"""Loading plan files: idempotent reloads, and clear, located errors that change nothing."""

import pytest
from django.core.management import CommandError, call_command
from django.utils import translation

from talentas.plans.models import Action, Indicator, Plan, StrategicObjective
from talentas.plans.plan_file import PlanFileInvalid
from talentas.plans.services import load_plan

from .conftest import SECOND_CITY_FILE

pytestmark = pytest.mark.django_db


def edited(text: str, old: str, new: str, count: int = 1) -> str:
    assert text.count(old) >= count, f"{old!r} is not in the file"
    return text.replace(old, new, count)


def database_state() -> list:
    """Everything a load could change, to show that a refused file changed nothing."""
    return [
        list(Plan.objects.values_list("slug", "title_en", "vision_en", "is_default", "updated_at")),
        list(StrategicObjective.objects.values_list("pk", "code", "title_en")),
        list(Action.objects.values_list("pk", "code", "title_en", "target_value", "updated_at")),
        list(Indicator.objects.values_list("pk", "code", "is_active", "action_id")),
    ]


def problems_of(text: str) -> list[str]:
    with pytest.raises(PlanFileInvalid) as error, translation.override("en"):
        load_plan(text=text)
    return [str(problem) for problem in error.value.problems]


def test_loading_reports_what_it_created(second_city_text):
    report = load_plan(text=second_city_text)
    assert report.outcome == "created"
    assert report.counts["actions"]["created"] == 2
    assert report.counts["indicators"]["created"] == 1
    assert report.lines()[0] == "Created plan 'rivertown'."
    plan = Plan.objects.get(slug="rivertown")
    assert (plan.title_en, plan.title_lt) == ("Rivertown Talent Plan", "Upės miesto talentų planas")


def test_reloading_the_same_file_changes_nothing(alytus, alytus_text):
    before = database_state()
    indicator_id = Indicator.objects.get(plan=alytus, code="O2.1").pk

    report = load_plan(text=alytus_text)

    assert database_state() == before
    assert Indicator.objects.get(plan=alytus, code="O2.1").pk == indicator_id
    assert report.outcome == "unchanged"
    assert not report.changed_anything
    assert report.counts["actions"] == {"unchanged": 13}
    assert report.lines()[0] == "Plan 'alytus-iap' was already up to date."


def test_reloading_an_edited_file_updates_rows_in_place(alytus, alytus_text):
    action_ids = dict(Action.objects.values_list("code", "pk"))
    indicator_ids = dict(Indicator.objects.values_list("code", "pk"))
    text = edited(alytus_text, "en: Establish a startup grant fund", "en: Establish a startup grant fund for Alytus")

    report = load_plan(text=text)

    assert Action.objects.get(code="2.1").title_en == "Establish a startup grant fund for Alytus"
    assert dict(Action.objects.values_list("code", "pk")) == action_ids
    assert dict(Indicator.objects.values_list("code", "pk")) == indicator_ids
    assert report.counts["actions"] == {"updated": 1, "unchanged": 12}
    assert report.lines()[0] == "Updated plan 'alytus-iap'."


def test_rows_left_out_are_deleted_but_indicators_only_deactivated(second_city_text):
    load_plan(text=second_city_text)
    indicator = Indicator.objects.get(code="O1.1")
    start = second_city_text.index('      - code: "1.1"')
    end = second_city_text.index('      - code: "1.2"')
    without_first_action = second_city_text[:start] + second_city_text[end:]

    report = load_plan(text=without_first_action)

    assert list(Action.objects.values_list("code", flat=True)) == ["1.2"]
    indicator.refresh_from_db()
    assert (indicator.is_active, indicator.action) == (False, None)
    assert report.counts["actions"]["deleted"] == 1
    assert report.counts["indicators"]["deactivated"] == 1

    load_plan(text=second_city_text)
    indicator.refresh_from_db()
    assert indicator.is_active
    assert indicator.action.code == "1.1"
    assert Indicator.objects.count() == 1


def test_an_action_may_move_to_another_objective(second_city_text):
    load_plan(text=second_city_text)
    action_id = Action.objects.get(code="1.2").pk
    text = second_city_text.replace(
        '      - code: "1.2"',
        '  - code: "2"\n    title: {en: Second, lt: Antras}\n    actions:\n      - code: "2.1"',
    )
    load_plan(text=text)
    assert not Action.objects.filter(code="1.2").exists()
    assert Action.objects.get(code="2.1").objective.code == "2"
    assert Action.objects.get(code="2.1").pk != action_id  # a new code is a new action

    load_plan(text=second_city_text)
    assert list(StrategicObjective.objects.values_list("code", flat=True)) == ["1"]


def test_a_default_plan_takes_over_from_the_previous_default(alytus, second_city_text):
    load_plan(text=edited(second_city_text, "slug: rivertown\n", "slug: rivertown\ndefault: true\n"))
    assert list(Plan.objects.filter(is_default=True).values_list("slug", flat=True)) == ["rivertown"]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "value: 2\n",
            "value: five\n",
            "objectives[0].actions[0].target.value: must be a number, got 'five' (line 20)",
        ),
        (
            '  - code: "1"\n    title:',
            '  - code: "1"\n    titel:',
            "objectives[0].titel: unknown key; did you mean 'title'?",
        ),
        (
            '- code: "1.2"',
            '- code: "1.1"',
            "objectives[0].actions[1].code: '1.1' is used twice; first at objectives[0].actions[0]",
        ),
        ("vision: {", "visions: {", "vision: is required"),
        (
            "partners: [business]",
            "partners: [investors]",
            "objectives[0].actions[0].partners[0]: unknown key 'investors'; "
            "use social_partners, business_angels, business, media",
        ),
        ("partners: [business]", "partners: [busines]", "partners[0]: unknown key 'busines'; did you mean 'business'?"),
        ("partners: [business]", "partners: [business, business]", "partners[1]: 'business' is listed twice"),
        (
            "period: {start: 2026, end: 2027}",
            "period: {start: 2027, end: 2026}",
            "period.end: 2026 is before the start, 2027",
        ),
        (
            "end: 2026-12, ready_by",
            "end: 2026-01, ready_by",
            "objectives[0].actions[0].schedule.end: 2026-01 is before the start, 2026-03",
        ),
        ("ready_by: 2026-06", "ready_by: 2027-06", "schedule.ready_by: 2027-06 is outside 2026-03 to 2026-12"),
        ("start: 2026-03", "start: 2025-03", "schedule.start: 2025-03 is outside the plan's period, 2026 to 2027"),
        (
            "start: 2026-03",
            "start: 2026/03",
            "schedule.start: must be a month written 'YYYY-MM', e.g. '2025-01', got '2026/03'",
        ),
        (
            "years: {start: 2026, end: 2026}",
            "years: {start: 2026, end: 2025}",
            "budget.phases[0].years.end: 2025 is before the start, 2026",
        ),
        ('- code: "1.2"', "- code: 1.2", 'objectives[0].actions[1].code: must be text (quote it: "1.2"), got 1.2'),
        (
            '- code: "1.2"',
            '- code: "2.2"',
            "objectives[0].actions[1].code: must start with its objective's code and a dot, e.g. '1.1'",
        ),
        ("period: annual\n", "period: weekly\n", "target.period: must be one of total, annual; got 'weekly'"),
        (
            "horizon: short",
            "horizon: shrt",
            "horizon: must be one of short, medium, long; got 'shrt'; did you mean 'short'?",
        ),
        (
            "title: {en: Rivertown Talent Plan, lt:",
            "title: {de: Flussstadt, en: Rivertown Talent Plan, lt:",
            "title.de: unknown language; use en, lt",
        ),
        (
            "metric: events.held.fair",
            "metric: Events Held",
            "metric: Name a module metric as module.metric in lower case",
        ),
        ("total_eur: 150000.5", "total_eur: -1", "budget.total_eur: Ensure this value is greater than or equal to 0"),
        (
            "total_eur: 150000.5",
            "total_eur: 1.005",
            "budget.total_eur: Ensure that there are no more than 2 decimal places",
        ),
        (
            "category: startups_ecosystem\n            target",
            "category: education\n            target",
            "indicators[0].responsible: is required: "
            "monitoring.responsibilities names no entity for category 'education'",
        ),
        (
            "target: {value: 2, period: annual}",
            "target: {value: 2}",
            "indicators[0].target: give both value and period, or neither",
        ),
        ("slug: rivertown", "slug: river town", "slug: Enter a valid “slug”"),
        ("city: {en", "city: {en: Twice}\ncity: {en", "city: this key is given twice in the same mapping (line 5)"),
        (
            '    actions:\n      - code: "1.1"',
            '    actions: []\n    unused:\n      - code: "1.1"',
            "objectives[0].actions: needs at least one entry",
        ),
        ("format: 1", "format: 2", "format: this Talentas reads format 1, got 2"),
    ],
)
def test_each_kind_of_mistake_is_reported_where_it_is_and_nothing_changes(second_city_text, old, new, expected):
    load_plan(text=second_city_text)
    before = database_state()

    problems = problems_of(edited(second_city_text, old, new))

    assert any(expected in problem for problem in problems), problems
    assert database_state() == before


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "slug: [unclosed\n",
            "(top level): not valid YAML: "
            "while parsing a flow sequence, expected ',' or ']', but got '<stream end>' (line 2)",
        ),
        ("", "(top level): the file is empty"),
        ("- a list\n", "(top level): the file must be a mapping (key: value) describing one plan, got a list"),
        (
            "slug: a\n---\nslug: b\n",
            "(top level): not valid YAML: "
            "expected a single document in the stream, but found another document (line 2)",
        ),
    ],
)
def test_broken_yaml_is_reported(text, expected):
    problems = problems_of(text)
    assert any(problem.startswith(expected) for problem in problems), problems
    assert not Plan.objects.exists()


def test_every_problem_is_reported_at_once(second_city_text):
    text = edited(second_city_text, "value: 2\n", "value: five\n")
    text = edited(text, "vision: {", "visions: {")
    text = edited(text, "horizon: short", "horizon: forever")
    problems = problems_of(text)
    assert len(problems) == 4, problems  # the bad value, the missing vision, the unknown key and the horizon
    assert not Plan.objects.exists()


def test_the_command_loads_a_file_and_prints_a_summary(capsys):
    call_command("load_plan", str(SECOND_CITY_FILE))
    output = capsys.readouterr().out
    assert "Created plan 'rivertown'." in output
    assert "actions: 2 created" in output


def test_the_command_refuses_a_bad_file_with_every_problem(tmp_path, second_city_text):
    bad = tmp_path / "bad.yaml"
    bad.write_text(edited(edited(second_city_text, "value: 2\n", "value: five\n"), "vision: {", "visions: {"))
    with pytest.raises(CommandError) as error, translation.override("en"):
        call_command("load_plan", str(bad))
    message = str(error.value)
    assert "was not loaded; nothing was changed" in message
    assert "objectives[0].actions[0].target.value: must be a number, got 'five'" in message
    assert "vision: is required" in message
    assert not Plan.objects.exists()


def test_the_command_says_when_it_cannot_read_the_file(tmp_path):
    with pytest.raises(CommandError, match="Cannot read"):
        call_command("load_plan", str(tmp_path / "missing.yaml"))
