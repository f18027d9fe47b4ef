"""Exporting a plan to a plan file: what is exported loads back to the identical plan."""

import pytest
from django.core.management import CommandError, call_command
from django.http import Http404

from talentas.plans.models import Action, Indicator, Plan
from talentas.plans.plan_file import read_plan_file
from talentas.plans.services import export_plan, load_plan

pytestmark = pytest.mark.django_db


def load_into_empty_database(text: str) -> None:
    Plan.objects.all().delete()  # cascades to every row of every plan
    assert not Action.objects.exists() and not Indicator.objects.exists()
    load_plan(text=text)


@pytest.mark.parametrize("fixture", ["alytus_text", "second_city_text"])
def test_export_loads_back_to_the_identical_plan(request, fixture):
    original = request.getfixturevalue(fixture)
    load_plan(text=original)
    slug = read_plan_file(original).values["slug"]

    exported = export_plan(slug=slug)
    load_into_empty_database(exported)
    exported_again = export_plan(slug=slug)

    assert exported_again == exported
    # Nothing in the original file is lost on the way: both read to the same tree.
    assert read_plan_file(exported) == read_plan_file(original)


def test_two_cities_live_side_by_side(alytus, second_city_text):
    load_plan(text=second_city_text)
    assert sorted(Plan.objects.values_list("slug", flat=True)) == ["alytus-iap", "rivertown"]
    assert Action.objects.filter(plan__slug="rivertown").count() == 2
    assert Action.objects.filter(plan=alytus).count() == 13
    assert Plan.objects.get(slug="alytus-iap").is_default


def test_inactive_indicators_are_not_exported(second_city_text):
    load_plan(text=second_city_text)
    Indicator.objects.update(is_active=False)
    exported = export_plan(slug="rivertown")
    assert "O1.1" not in exported
    assert "indicators" not in exported


def test_export_leaves_out_a_responsible_entity_equal_to_the_default(alytus):
    exported = export_plan(slug="alytus-iap")
    assert "responsible: business-support" in exported  # the M&E table itself
    Indicator.objects.filter(code="O1.2").update(responsible="education")
    assert (
        export_plan(slug="alytus-iap").count("responsible: education") == exported.count("responsible: education") + 1
    )


def test_export_of_an_unknown_plan_is_a_404(db):
    with pytest.raises(Http404):
        export_plan(slug="nowhere")


def test_the_command_writes_a_file(alytus, tmp_path, capsys):
    target = tmp_path / "plan.yaml"
    call_command("export_plan", "alytus-iap", "-o", str(target))
    assert target.read_text(encoding="utf-8") == export_plan(slug="alytus-iap")
    assert "Wrote plan 'alytus-iap'" in capsys.readouterr().err


def test_the_command_prints_to_standard_output(alytus, capsys):
    call_command("export_plan", "alytus-iap")
    assert capsys.readouterr().out == export_plan(slug="alytus-iap")


def test_the_command_refuses_an_unknown_plan(db):
    with pytest.raises(CommandError):
        call_command("export_plan", "nowhere")
