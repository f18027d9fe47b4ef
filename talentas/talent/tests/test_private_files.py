"""CVs are private files: random names, no public URL in any mode, served only to those allowed to see them."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse

from talentas.talent import services

from .conftest import make_profile
from .test_profile import PDF


@pytest.fixture
def cv_profile(vocabulary):
    profile = make_profile(skills=[(vocabulary["python"], 4)], headline="Has a CV")
    return services.attach_cv(user=profile.user, upload=SimpleUploadedFile("cv.pdf", PDF))


def test_the_cv_is_stored_under_a_random_name(cv_profile):
    first = cv_profile.cv.name.rsplit("/", 1)[-1]
    again = services.attach_cv(user=cv_profile.user, upload=SimpleUploadedFile("cv.pdf", PDF))
    second = again.cv.name.rsplit("/", 1)[-1]
    assert first != second and not first.startswith("cv-") and not second.startswith("cv-")
    assert len(first) == len("x" * 22 + ".pdf") and first.endswith(".pdf")


@override_settings(DEBUG=True)
def test_no_media_path_serves_the_cv_even_in_debug(client, cv_profile):
    client.force_login(cv_profile.user)
    assert client.get(f"/media/{cv_profile.cv.name}").status_code == 404
    assert client.get(f"/media/talent/cv/2026/cv-{cv_profile.pk}.pdf").status_code == 404


def test_the_cv_is_served_to_its_owner_and_an_accepted_employer_only(
    client, cv_profile, opportunity, employer, other_employer, outsider
):
    url = reverse("talent:cv_download", args=[cv_profile.pk])
    assert client.get(url).status_code == 302  # anonymous: to the login page, no file
    client.force_login(cv_profile.user)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    contact = services.request_contact(
        user=employer, organisation=opportunity.organisation, profile=cv_profile, message="We would like to talk."
    )
    services.answer_contact(user=cv_profile.user, contact=contact, accept=True)
    client.force_login(employer)
    assert client.get(url).status_code == 200
    for refused in (other_employer, outsider):
        client.force_login(refused)
        assert client.get(url).status_code == 404
