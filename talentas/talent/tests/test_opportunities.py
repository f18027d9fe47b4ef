"""Opportunities: who posts, validation, search, closing and moderation."""

from datetime import timedelta

import pytest
from django.db import IntegrityError
from django.urls import reverse
from django.utils import timezone

from talentas.core.errors import PermissionDenied
from talentas.talent import selectors, services
from talentas.talent.models import Opportunity

from .conftest import make_opportunity


def _form(vocabulary, **overrides):
    data = {
        "kind": "internship",
        "title": "Data internship",
        "description": "Analyse the city's indicators.",
        "education_level": "5",
        "city": "Alytus",
        "workplace": "hybrid",
        "salary_min": "800",
        "salary_max": "900",
        "start_date": (timezone.localdate() + timedelta(days=30)).isoformat(),
        "closes_on": (timezone.localdate() + timedelta(days=20)).isoformat(),
        "skill": [str(vocabulary["sql"].pk)],
        "skill_required": ["1"],
        "skill_names": "python",
        "optional_skill_names": "graphic design",
        "language_0": "lt",
        "language_level_0": "4",
        "language_required_0": "on",
    }
    data.update(overrides)
    return data


def test_members_of_verified_organisations_post_through_the_page(client, employer, vocabulary):
    client.force_login(employer)
    assert client.get(reverse("talent:opportunity_create")).status_code == 200
    response = client.post(reverse("talent:opportunity_create"), _form(vocabulary))
    assert response.status_code == 302, response.content.decode()[:2000]
    opportunity = Opportunity.objects.get()
    assert set(opportunity.skills.values_list("skill__label_en", "required")) == {
        ("SQL", True),
        ("Python (computer programming)", True),
        ("graphic design", False),
    }
    assert list(opportunity.languages.values_list("language", "min_level", "required")) == [("lt", 4, True)]
    assert opportunity in selectors.listed_opportunities()


def test_others_cannot_post(client, unverified_member, outsider, vocabulary, organisation):
    for user in (unverified_member, outsider):
        client.force_login(user)
        assert client.get(reverse("talent:opportunity_create")).status_code == 403
        with pytest.raises(PermissionDenied):
            make_opportunity(organisation, user)
    client.logout()
    assert client.get(reverse("talent:opportunity_create")).status_code == 302


def test_salary_range_is_checked_by_the_form_and_the_database(client, employer, vocabulary, opportunity):
    client.force_login(employer)
    response = client.post(
        reverse("talent:opportunity_create"), _form(vocabulary, salary_min="2000", salary_max="1000")
    )
    assert response.status_code == 400 and "upper end" in response.content.decode()
    with pytest.raises(IntegrityError):
        Opportunity.objects.filter(pk=opportunity.pk).update(salary_min=5000, salary_max=10)


def test_only_members_edit_and_close(client, opportunity, employer, colleague, other_employer, vocabulary):
    for user, status in [(other_employer, 403), (colleague, 200)]:
        client.force_login(user)
        assert client.get(reverse("talent:opportunity_edit", args=[opportunity.pk])).status_code == status
    client.force_login(other_employer)
    assert client.post(reverse("talent:opportunity_close", args=[opportunity.pk])).status_code == 403
    client.force_login(colleague)
    assert client.post(reverse("talent:opportunity_close", args=[opportunity.pk])).status_code == 302
    opportunity.refresh_from_db()
    assert opportunity.status == "closed"
    client.logout()
    assert client.get(reverse("talent:opportunity_detail", args=[opportunity.pk])).status_code == 404
    assert "Junior Python" not in client.get(reverse("talent:opportunity_list")).content.decode()


def test_public_list_and_detail(client, opportunity, django_assert_num_queries):
    response = client.get(reverse("talent:opportunity_list"), {"q": "python"})
    assert "Junior Python developer" in response.content.decode()
    assert (
        "Junior Python" not in client.get(reverse("talent:opportunity_list"), {"kind": "mentorship"}).content.decode()
    )
    partial = client.get(reverse("talent:opportunity_list"), HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode()
    assert client.get(reverse("talent:opportunity_detail", args=[opportunity.pk])).status_code == 200
    with django_assert_num_queries(2):  # count and page
        list(client.get(reverse("talent:opportunity_list")).context["page"])


@pytest.mark.parametrize("extra", [0, 12])
def test_moderation_queue_filters_by_status_in_constant_queries(
    client, opportunity, organisation, employer, moderator, extra, django_assert_num_queries
):
    for n in range(extra):
        make_opportunity(organisation, employer, title=f"Spare role {n}")
    Opportunity.objects.filter(pk=opportunity.pk).update(status="suspended")
    client.force_login(moderator)
    client.get(reverse("talent:moderation"))  # warm the session
    with django_assert_num_queries(7):
        page = client.get(reverse("talent:moderation"), {"status": "suspended", "sort": "title"}).text
    assert opportunity.title in page and "Spare role" not in page and 'aria-sort="ascending"' in page


def test_staff_moderate(client, opportunity, moderator, employer):
    client.force_login(employer)
    assert client.get(reverse("talent:moderation")).status_code == 403
    assert (
        client.post(reverse("talent:moderate", args=[opportunity.pk]), {"action": "suspend", "note": "x"}).status_code
        == 403
    )
    client.force_login(moderator)
    assert client.get(reverse("talent:moderation")).status_code == 200
    client.post(reverse("talent:moderate", args=[opportunity.pk]), {"action": "suspend", "note": ""})
    opportunity.refresh_from_db()
    assert opportunity.status == "open"  # a reason is required
    client.post(reverse("talent:moderate", args=[opportunity.pk]), {"action": "suspend", "note": "Misleading salary"})
    opportunity.refresh_from_db()
    assert opportunity.status == "suspended"
    assert opportunity not in selectors.listed_opportunities()
    client.post(reverse("talent:moderate", args=[opportunity.pk]), {"action": "reinstate"})
    opportunity.refresh_from_db()
    assert opportunity.status == "open"


def test_people_report_an_opportunity(client, opportunity, talent):
    client.force_login(talent.user)
    client.post(reverse("talent:opportunity_report", args=[opportunity.pk]), {"reason": "This looks like a scam."})
    assert opportunity.reports.count() == 1


def test_employer_page(client, opportunity, employer, outsider, django_assert_num_queries):
    client.force_login(outsider)
    assert client.get(reverse("talent:employer")).status_code == 403
    client.force_login(employer)
    assert client.get(reverse("talent:employer")).status_code == 200


def test_moderation_needs_a_moderator_service_side(opportunity, employer):
    with pytest.raises(PermissionDenied):
        services.moderate_opportunity(moderator=employer, opportunity=opportunity, suspend=True, note="x")


def test_moderation_is_in_the_audit_log(opportunity, moderator):
    from talentas.audit.models import AuditEntry

    services.moderate_opportunity(moderator=moderator, opportunity=opportunity, suspend=True, note="Spam")
    services.moderate_opportunity(moderator=moderator, opportunity=opportunity, suspend=False)
    reinstated, suspended = AuditEntry.objects.filter(target_id=str(opportunity.pk))
    assert (suspended.verb, suspended.actor) == ("talent.opportunity.suspend", moderator)
    assert suspended.changes == {"status": ["open", "suspended"], "moderation_note": ["", "Spam"]}
    assert reinstated.verb == "talent.opportunity.reinstate"
    assert suspended.organisation == opportunity.organisation
