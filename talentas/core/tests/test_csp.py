"""The Content-Security-Policy: our own scripts and styles only, no inline script, no eval, no framing but the embed."""

import pytest
from django.core.management import call_command
from django.urls import reverse


@pytest.fixture
def alytus_plan(db):
    call_command("load_plan", "plans/alytus-iap.yaml", verbosity=0)


def _policy(response) -> dict[str, list[str]]:
    directives = (part.strip().split() for part in response["Content-Security-Policy"].split(";") if part.strip())
    return {name: values for name, *values in directives}


@pytest.mark.parametrize(
    "path", ["/lt/", "/en/plans/", "/en/plans/alytus-iap/", "/en/events/", "/en/talent/", "/en/accounts/login/"]
)
def test_main_pages_send_the_strict_policy(client, alytus_plan, path):
    response = client.get(path)
    assert response.status_code == 200
    policy = _policy(response)
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"] and policy["style-src"] == ["'self'"]
    assert policy["frame-ancestors"] == ["'none'"]
    page = response.content.decode()
    assert "hx-on" not in page and " onclick=" not in page and 'style="' not in page


def test_the_embeddable_dashboard_may_be_framed_by_other_sites(client, alytus_plan):
    response = client.get(reverse("monitoring:embed", args=["alytus-iap"]))
    assert response.status_code == 200
    assert _policy(response)["frame-ancestors"] == ["*"]
    assert _policy(response)["script-src"] == ["'self'"]


def test_the_api_answers_carry_the_policy_too(client, alytus_plan):
    assert _policy(client.get("/api/v1/plans"))["default-src"] == ["'self'"]
