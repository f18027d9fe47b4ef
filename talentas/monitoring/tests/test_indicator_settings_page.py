"""The staff page where plan managers and M&E officers set an indicator's weight, direction, due days, baseline
and dated goals; who is refused; bad input shown on the form, nothing typed lost."""

from decimal import Decimal

import pytest
from django.urls import reverse

from talentas.accounts.models import Role
from talentas.monitoring.models import IndicatorGoal, IndicatorSettings
from talentas.monitoring.services import goals

from .factories import person

D = Decimal


def url(indicator):
    return reverse("monitoring:indicator_settings", kwargs={"pk": indicator.pk})


def post_data(**changes):
    data = {
        "weight": "2",
        "direction": "up",
        "due_days": "45",
        "baseline_value": "3",
        "baseline_year": "2024",
        "goals-TOTAL_FORMS": "2",
        "goals-INITIAL_FORMS": "0",
        "goals-MIN_NUM_FORMS": "0",
        "goals-MAX_NUM_FORMS": "20",
        "goals-0-year": "2026",
        "goals-0-target_value": "5",
        "goals-0-note": "IAP table 7",
        "goals-1-year": "",
        "goals-1-target_value": "",
        "goals-1-note": "",
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("role", [Role.PLAN_MANAGER, Role.ME_OFFICER])
def test_plan_managers_and_m_e_officers_save_the_settings(client, plan, indicators, role):
    indicator = indicators["O1.1"]
    client.force_login(person(role))
    page = client.get(url(indicator))
    assert page.status_code == 200 and "Dated goals" in page.content.decode()
    response = client.post(url(indicator), post_data())
    assert response.status_code == 302 and response["Location"] == reverse(
        "monitoring:indicator", kwargs={"pk": indicator.pk}
    )
    saved = IndicatorSettings.objects.get(indicator=indicator)
    assert (saved.weight, saved.direction, saved.due_days) == (D(2), "up", 45)
    indicator.refresh_from_db()
    assert (indicator.baseline_value, indicator.baseline_year) == (D(3), 2024)
    assert list(IndicatorGoal.objects.values_list("year", "target_value", "note")) == [(2026, D(5), "IAP table 7")]
    shown = client.get(reverse("monitoring:indicator", kwargs={"pk": indicator.pk})).content.decode()
    assert "IAP table 7" in shown and url(indicator) in shown
    assert "dated goal set for 2026" in shown


def test_existing_goals_can_be_changed_and_deleted(client, plan, indicators, me_officer):
    indicator = indicators["O1.1"]
    goals.add_goal(user=me_officer, indicator=indicator, year=2025, target_value=3)
    goals.add_goal(user=me_officer, indicator=indicator, year=2026, target_value=4)
    client.force_login(me_officer)
    data = post_data(
        **{
            "goals-TOTAL_FORMS": "3",
            "goals-INITIAL_FORMS": "2",
            "goals-0-year": "2025",
            "goals-0-target_value": "3",
            "goals-0-note": "",
            "goals-0-DELETE": "on",
            "goals-1-year": "2026",
            "goals-1-target_value": "6",
            "goals-1-note": "",
            "goals-2-year": "",
            "goals-2-target_value": "",
            "goals-2-note": "",
        }
    )
    assert client.post(url(indicator), data).status_code == 302
    assert list(IndicatorGoal.objects.values_list("year", "target_value")) == [(2026, D(6))]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"weight": "0"}, "greater than or equal to 0.01"),
        ({"weight": "heavy"}, "Enter a number"),
        ({"due_days": "-3"}, "greater than or equal to 0"),
        ({"direction": "sideways"}, "Select a valid choice"),
        ({"baseline_value": ""}, "A baseline year needs a baseline value."),
        ({"goals-0-target_value": "-5"}, "greater than or equal to 0"),
        ({"goals-0-year": "2031"}, "within the plan, 2025–2028"),  # noqa: RUF001
        ({"goals-1-year": "2026", "goals-1-target_value": "7"}, "There is already a goal for 2026."),
        ({"goals-1-year": "2027"}, "This field is required."),
    ],
)
def test_bad_input_is_shown_on_the_form_and_kept(client, plan, indicators, me_officer, changes, message):
    indicator = indicators["O1.1"]
    client.force_login(me_officer)
    response = client.post(url(indicator), post_data(**changes))
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert "Nothing was saved" in page
    assert 'value="IAP table 7"' in page  # what was typed is kept
    assert not IndicatorGoal.objects.exists()
    assert not IndicatorSettings.objects.exists()


def test_anonymous_people_are_sent_to_log_in(client, plan, indicators):
    for method in (client.get, client.post):
        response = method(url(indicators["O1.1"]))
        assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_others_are_refused(client, plan, indicators, owner, education_owner, steering, outsider):
    talent = person(Role.TALENT)
    for user, indicator in (
        (education_owner, indicators["O1.1"]),  # another department's indicator
        (owner, indicators["O1.1"]),  # even the indicator's own department
        (talent, indicators["O1.1"]),
        (steering, indicators["O1.2"]),
        (outsider, indicators["O1.2"]),
    ):
        client.force_login(user)
        assert client.get(url(indicator)).status_code == 403
        assert client.post(url(indicator), post_data()).status_code == 403
    assert not IndicatorGoal.objects.exists() and not IndicatorSettings.objects.exists()


def test_the_link_shows_only_to_those_who_may_edit(client, plan, indicators, owner, me_officer):
    indicator = indicators["O1.1"]
    client.force_login(owner)
    assert (
        url(indicator) not in client.get(reverse("monitoring:indicator", kwargs={"pk": indicator.pk})).content.decode()
    )
    client.force_login(me_officer)
    assert url(indicator) in client.get(reverse("monitoring:indicator", kwargs={"pk": indicator.pk})).content.decode()


def test_unknown_indicator_is_404(client, plan, me_officer):
    client.force_login(me_officer)
    assert client.get(reverse("monitoring:indicator_settings", kwargs={"pk": 999999})).status_code == 404
