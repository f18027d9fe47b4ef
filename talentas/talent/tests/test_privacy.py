"""No profile leaks to anyone its owner did not allow: finder, matches, profile page, CV, contact details."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from talentas.talent import selectors, services

from .conftest import make_profile
from .test_profile import PDF


@pytest.fixture
def people(vocabulary):
    skills = [(vocabulary["python"], 4), (vocabulary["sql"], 4)]
    return {
        "public": make_profile(skills=skills, headline="Public person"),
        "matched": make_profile(skills=skills, visibility="matched", headline="Private but fitting"),
        "matched_weak": make_profile(skills=[(vocabulary["design"], 2)], visibility="matched", headline="Weak"),
        "nobody": make_profile(skills=skills, visibility="nobody", headline="Hidden person"),
    }


def test_finder_lists_only_people_who_let_every_employer_see_them(client, employer, people):
    client.force_login(employer)
    page = client.get(reverse("talent:finder")).content.decode()
    assert "Public person" in page
    assert "Private but fitting" not in page and "Hidden person" not in page and "Weak" not in page


@pytest.mark.parametrize(
    "who, allowed",
    [
        ("public", {"employer", "colleague", "other_employer"}),
        ("matched", {"employer", "colleague"}),  # their opportunity matches; the other firm has none
        ("matched_weak", set()),
        ("nobody", set()),
    ],
)
def test_profile_page_is_shown_only_as_its_owner_allows(
    client,
    who,
    allowed,
    people,
    opportunity,
    employer,
    colleague,
    other_employer,
    unverified_member,
    outsider,
    moderator,
):
    profile = people[who]
    url = reverse("talent:talent_detail", args=[profile.pk])
    viewers = {
        "employer": employer,
        "colleague": colleague,
        "other_employer": other_employer,
        "unverified_member": unverified_member,
        "outsider": outsider,
        "moderator": moderator,
    }
    for name, user in viewers.items():
        client.force_login(user)
        status = client.get(url).status_code
        assert status == (200 if name in allowed else 404), (who, name)
    client.logout()
    assert client.get(url).status_code == 302
    client.force_login(profile.user)
    assert client.get(url).status_code == 200


def test_contact_details_and_cv_only_after_acceptance(client, people, opportunity, employer, other_employer):
    profile = people["public"]
    services.attach_cv(user=profile.user, upload=SimpleUploadedFile("cv.pdf", PDF))
    client.force_login(employer)
    page = client.get(reverse("talent:talent_detail", args=[profile.pk])).content.decode()
    assert profile.user.email not in page and profile.user.full_name not in page
    assert client.get(reverse("talent:cv_download", args=[profile.pk])).status_code == 404
    contact = services.request_contact(
        user=employer, organisation=opportunity.organisation, profile=profile, message="We would like to talk to you."
    )
    assert client.get(reverse("talent:cv_download", args=[profile.pk])).status_code == 404
    services.answer_contact(user=profile.user, contact=contact, accept=True)
    page = client.get(reverse("talent:talent_detail", args=[profile.pk])).content.decode()
    assert profile.user.email in page
    assert client.get(reverse("talent:cv_download", args=[profile.pk])).status_code == 200
    client.force_login(other_employer)
    assert client.get(reverse("talent:cv_download", args=[profile.pk])).status_code == 404


def test_opportunity_matches_page_is_for_the_organisation_only(
    client, people, opportunity, employer, colleague, other_employer, outsider, moderator
):
    url = reverse("talent:opportunity_matches", args=[opportunity.pk])
    for user, status in [(employer, 200), (colleague, 200), (other_employer, 403), (outsider, 403), (moderator, 403)]:
        client.force_login(user)
        assert client.get(url).status_code == status
    client.force_login(employer)
    page = client.get(url).content.decode()
    assert "Public person" in page and "Private but fitting" in page
    assert "Hidden person" not in page and "Weak" not in page
    assert people["public"].user.email not in page


def test_matches_list_query_count_does_not_grow(django_assert_num_queries, people, opportunity, vocabulary):
    selectors.matches_for_opportunity(opportunity)
    with django_assert_num_queries(3):  # index state, the profiles, the skill labels
        rows = selectors.matches_for_opportunity(opportunity)
    assert len(rows) == 2
    for _ in range(5):
        make_profile(skills=[(vocabulary["python"], 3)])
    selectors.matches_for_opportunity(opportunity)
    with django_assert_num_queries(3):
        assert len(selectors.matches_for_opportunity(opportunity)) == 7
