"""Every question kind: good and bad answers, limits, required or not, and conditions, through the one check that
the HTML form and the JSON API share."""

import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import QueryDict

from talentas.forms import services

from .factories import GOOD_ANSWERS

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n" + b"x" * 200


def check(version, data, files=None, **kwargs):
    return services.validate_answers(version, data, files, **kwargs)


def codes(errors):
    return {key: [p["code"] for p in problems] for key, problems in errors.items()}


def test_good_answers_become_json(version):
    answers, errors = check(version, GOOD_ANSWERS)
    assert errors == {}
    assert answers["name"] == "Alytaus dronai"
    assert answers["asked"] == "4500.50"
    assert answers["stage"] == "seed"
    assert answers["sectors"] == ["it", "food"]
    assert answers["food_licence"] is True
    assert answers["women_led"] is False
    assert answers["budget"] == {
        "rows": [
            {"item": "Prototype", "amount": "3000.00", "notes": ""},
            {"item": "Marketing", "amount": "1500.50", "notes": ""},
        ],
        "total": "4500.50",
    }
    assert answers["team"][0] == {
        "name": "Ona Onaitė",
        "role": "CEO",
        "email": "ona@example.com",
        "woman_cofounder": True,
    }


def test_required_questions_are_named_by_key(version):
    answers, errors = check(version, {})
    assert codes(errors) == {
        "name": ["required"],
        "asked": ["required"],
        "stage": ["required"],
        "women_led": ["required"],
        "budget": ["required"],
    }
    assert answers == {}


def test_partial_skips_required_but_not_bad_values(version):
    answers, errors = check(version, {"name": "Dronai", "staff": "many"}, partial=True)
    assert codes(errors) == {"staff": ["invalid_number"]}
    assert answers == {"name": "Dronai"}


@pytest.mark.parametrize(
    ("key", "value", "code"),
    [
        ("name", "x" * 41, "too_long"),
        ("name", 12, "invalid_text"),
        ("idea", "short", "too_short"),
        ("staff", "-1", "too_small"),
        ("staff", "501", "too_large"),
        ("staff", "1e5", "invalid_number"),
        ("asked", "5000.01", "too_large"),
        ("asked", "12.345", "invalid_number"),
        ("asked", True, "invalid_number"),
        ("founded", "1999-12-31", "too_early"),
        ("founded", "31/12/2020", "invalid_date"),
        ("stage", "unicorn", "invalid_choice"),
        ("sectors", ["it", "space"], "invalid_choice"),
        ("sectors", ["it", "food", "wood"], "too_many"),
        ("women_led", "maybe", "invalid_yes_no"),
        ("budget", [{"item": "", "amount": "10"}], "invalid_rows"),
        ("budget", [{"item": "Rent", "amount": "-5"}], "invalid_rows"),
        ("budget", [{"item": "Rent", "amount": "6000"}], "too_large"),
        ("budget", "not rows", "invalid_rows"),
        ("team", [{"name": "Jonas", "email": "not-an-address"}], "invalid_rows"),
    ],
)
def test_bad_answers_are_refused_with_a_code(version, key, value, code):
    _answers, errors = check(version, {**GOOD_ANSWERS, key: value})
    assert codes(errors) == {key: [code]}
    assert errors[key][0]["message"]


def test_numbers_as_people_type_them(version):
    answers, errors = check(version, {**GOOD_ANSWERS, "staff": "12", "asked": "€ 1 234,5", "founded": "2020-05-01"})
    assert errors == {}
    assert answers["staff"] == "12"
    assert answers["asked"] == "1234.50"
    assert answers["founded"] == "2020-05-01"


def test_a_hidden_question_is_neither_required_nor_kept(version):
    data = {**GOOD_ANSWERS, "stage": "idea", "sectors": ["it"], "food_licence": "no"}
    data.pop("seed_investor")
    answers, errors = check(version, {**data, "seed_investor": ""})
    assert errors == {}
    assert "seed_investor" not in answers
    assert "food_licence" not in answers  # shown only when the sectors contain food


def test_a_shown_conditional_question_is_required(version):
    data = {key: value for key, value in GOOD_ANSWERS.items() if key not in {"seed_investor", "food_licence"}}
    _answers, errors = check(version, data)
    assert codes(errors) == {"seed_investor": ["required"], "food_licence": ["required"]}


def test_blank_table_rows_are_ignored_and_row_limits_count(version):
    data = {**GOOD_ANSWERS, "team": [{"name": "", "role": "", "email": "", "woman_cofounder": ""}]}
    answers, errors = check(version, data)
    assert errors == {}
    assert "team" not in answers


def test_html_post_with_table_rows(version):
    post = QueryDict(mutable=True)
    post.update({"name": "Dronai", "asked": "100", "stage": "idea", "women_led": "no"})
    post.update(
        {"budget[0][item]": "Rent", "budget[0][amount]": "100,00", "budget[1][item]": "", "budget[1][amount]": ""}
    )
    post.update({"team[0][name]": "Ona", "team[0][woman_cofounder]": "yes"})
    post.setlist("sectors", ["food", "it"])
    answers, errors = check(version, post)
    assert codes(errors) == {"food_licence": ["required"]}
    assert answers["sectors"] == ["it", "food"]
    assert answers["budget"]["total"] == "100.00"
    assert answers["team"][0]["woman_cofounder"] is True


def test_file_type_and_size_are_checked(version):
    good = SimpleUploadedFile("plan.pdf", PDF, content_type="application/pdf")
    answers, errors = check(version, GOOD_ANSWERS, {"plan": good})
    assert errors == {} and answers["plan"] is good
    renamed = SimpleUploadedFile("plan.pdf", b"MZ\x90\x00" + b"x" * 200)
    assert codes(check(version, GOOD_ANSWERS, {"plan": renamed})[1]) == {"plan": ["file_content"]}
    word = SimpleUploadedFile("plan.docx", b"PK\x03\x04" + b"x" * 200)
    assert codes(check(version, GOOD_ANSWERS, {"plan": word})[1]) == {"plan": ["file_type"]}
    large = SimpleUploadedFile("plan.pdf", PDF + b"x" * (1024 * 1024))
    assert codes(check(version, GOOD_ANSWERS, {"plan": large})[1]) == {"plan": ["file_too_large"]}


def test_json_api_keeps_existing_answers_for_missing_keys(version):
    existing, _errors = check(version, GOOD_ANSWERS)
    answers, errors = check(version, {"name": "Nauji dronai"}, existing=existing)
    assert errors == {}
    assert answers["name"] == "Nauji dronai"
    assert answers["budget"]["total"] == "4500.50"


def test_export_columns_give_numbers(version):
    answers, _errors = check(version, GOOD_ANSWERS)
    cells = {column.key: column.value(answers) for column in services.export_columns(version)}
    assert cells["asked"] == Decimal("4500.50")
    assert cells["budget"] == Decimal("4500.50")
    assert cells["women_led"] == "No"
    assert cells["sectors"] == "IT; Food"
    assert cells["founded"] == ""


def test_dates_accept_date_objects(version):
    answers, errors = check(version, {**GOOD_ANSWERS, "founded": datetime.date(2021, 3, 4)})
    assert errors == {} and answers["founded"] == "2021-03-04"


def test_json_cannot_point_at_a_stored_file(version):
    kept = {"file": 1, "name": "plan.pdf", "size": 209}
    answers, errors = check(
        version, {**GOOD_ANSWERS, "plan": {"file": 99, "name": "someone-else.pdf"}}, existing={"plan": kept}
    )
    assert errors == {} and answers["plan"] == kept
    answers, _errors = check(version, {**GOOD_ANSWERS, "plan": None}, existing={"plan": kept})
    assert "plan" not in answers


def test_errors_become_one_domain_error_naming_every_question(version):
    from talentas.core.errors import DomainError

    _answers, errors = check(version, {"name": "x" * 41})
    with pytest.raises(DomainError) as refused:
        services.raise_for_errors(errors)
    assert refused.value.field == "name" and refused.value.code == "too_long"
    assert {p["field"] for p in refused.value.errors} == {"name", "asked", "stage", "women_led", "budget"}
