"""The talent profile: creation through the page, consent, CV upload, export and erasure."""

import json
import os

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from talentas.accounts.models import User
from talentas.accounts.tests.factories import UserFactory
from talentas.talent import selectors, services
from talentas.talent.models import ContactRequest, LabelSource, Skill, TalentProfile

from .conftest import make_profile

PDF = b"%PDF-1.4\n" + b"1 0 obj << /Type /Catalog >> endobj\n" * 4 + b"%%EOF\n"


def _step(client, step, data):
    return client.post(reverse("talent:profile_step", args=[step]), data)


def _steps(vocabulary, **overrides):
    """The whole profile, step by step, as the pages post it."""
    steps = {
        "about": {
            "kind": "return-migrant",
            "headline": "Welder back from Norway",
            "about": "Eight years in shipyards.",
        },
        "work": {"skill": [str(vocabulary["welding"].pk)], "skill_level": ["4"], "skill_names": "python, SQL"},
        "languages": {"language_0": "lt", "language_level_0": "6"},
        "education": {"education_level": "3"},
        "where": {"city": "Alytus", "country": "Lithuania", "mobility": "lives-here", "visibility": "employers"},
    }
    steps["about"]["consent"] = "on"
    steps["where"]["looking_for"] = ["job"]
    for step, changes in overrides.items():
        steps[step].update(changes)
    return steps


def test_anonymous_people_are_sent_to_log_in(client):
    for name, args in [
        ("talent:profile_edit", []),
        ("talent:profile_tasks", []),
        ("talent:profile_step", ["about"]),
        ("talent:my_profile", []),
        ("talent:my_matches", []),
        ("accounts:export_data", []),
        ("accounts:erase", []),
    ]:
        response = client.get(reverse(name, args=args))
        assert response.status_code == 302 and "/login/" in response.url


def test_a_person_creates_a_profile_step_by_step_with_skills_by_id_and_by_name(client, vocabulary):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("talent:profile_step", args=["about"])).status_code == 200
    following = ["work", "languages", "education", "where", "cv"]
    for (step, data), after in zip(_steps(vocabulary).items(), following, strict=True):
        response = _step(client, step, data)
        assert response.status_code == 302, response.content.decode()[:3000]
        assert response.url == reverse("talent:profile_step", args=[after])
    profile = TalentProfile.objects.get(user=user)
    assert profile.kind == "return-migrant" and profile.visibility == "employers"
    assert profile.consent_at is not None and profile.consent_version == services.CONSENT_VERSION
    assert dict(profile.skills.values_list("skill__label_en", "level")) == {
        "welding techniques": 4,
        "Python (computer programming)": 2,
        "SQL": 2,
    }
    assert list(profile.languages.values_list("language", "level")) == [("lt", 6)]
    assert profile.match_vector["s"] and profile.match_vector["l"] == {"lt": 6}
    assert client.get(reverse("talent:my_matches")).status_code == 200


def test_errors_keep_what_was_typed(client, vocabulary):
    client.force_login(UserFactory())
    steps = _steps(vocabulary, work={"skill_names": "python, no such skill"})
    _step(client, "about", steps["about"])
    response = _step(client, "work", steps["work"])
    assert response.status_code == 400
    page = response.content.decode()
    assert 'class="error-summary"' in page and "no such skill" in page
    assert f'value="{vocabulary["welding"].pk}"' in page
    response = _step(client, "about", {"kind": "", "headline": "Welder back from Norway"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_kind_0"' in page and "Welder back from Norway" in page  # radios: the first one


def test_employers_cannot_see_a_profile_without_consent(client, vocabulary):
    user = UserFactory()
    client.force_login(user)
    steps = _steps(vocabulary, about={"consent": ""})
    assert _step(client, "about", steps["about"]).status_code == 302
    profile = TalentProfile.objects.get(user=user)
    assert profile.visibility == "nobody" and profile.consent_at is None
    response = _step(client, "where", steps["where"])
    assert response.status_code == 400
    assert 'name="consent"' in response.content.decode()
    assert _step(client, "where", {**steps["where"], "visibility": "nobody"}).status_code == 302
    # Consent can still be given where it matters, on the visibility step.
    assert _step(client, "where", {**steps["where"], "consent": "on"}).status_code == 302
    profile.refresh_from_db()
    assert profile.visibility == "employers" and profile.consent_version == services.CONSENT_VERSION


def test_studies_cannot_end_before_they_start(client, vocabulary):
    client.force_login(UserFactory())
    _step(client, "about", _steps(vocabulary)["about"])
    response = _step(client, "education", {"education_start": "2024", "education_end": "2020"})
    assert response.status_code == 400
    assert "cannot end before they start" in response.content.decode()


def test_cv_must_be_a_real_pdf_of_limited_size(client, vocabulary):
    profile = make_profile()
    client.force_login(profile.user)
    url = reverse("talent:profile_step", args=["cv"])
    fake = SimpleUploadedFile("cv.pdf", b"MZ" + b"\0" * 200, content_type="application/pdf")
    response = client.post(url, {"cv": fake})
    assert response.status_code == 400 and "must be a PDF" in response.content.decode()
    big = SimpleUploadedFile("cv.pdf", PDF + b"0" * services.CV_MAX_BYTES, content_type="application/pdf")
    assert "at most 5 MB" in client.post(url, {"cv": big}).content.decode()
    assert client.post(url, {"cv": SimpleUploadedFile("my cv.pdf", PDF)}).status_code == 302
    profile.refresh_from_db()
    assert profile.cv.name.endswith(".pdf")
    response = client.get(reverse("talent:cv_download", args=[profile.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")


def test_export_holds_all_my_data(client, talent, opportunity, employer):
    services.request_contact(
        user=employer, organisation=opportunity.organisation, profile=talent, message="We would like to talk to you."
    )
    Skill.objects.filter(label_en="SQL").update(label_lt_source=LabelSource.OFFICIAL)
    client.force_login(talent.user)
    response = client.get(reverse("accounts:export_data"))
    assert response["Content-Disposition"].startswith("attachment")
    data = json.loads(response.content)
    assert data["account"]["email"] == talent.user.email
    assert data["talent"]["profile"]["headline"] == "Python developer"
    assert {s["skill"] for s in data["talent"]["skills"]} == {"Python (computer programming)", "SQL"}
    # Lithuanian labels say whose translation they are (ESCO's official edition or the platform's).
    assert {(s["skill_lt"], s["skill_lt_source"]) for s in data["talent"]["skills"]} == {
        ("Python (programavimas)", ""),
        ("SQL", "official"),
    }
    assert data["talent"]["contacts"][0]["organisation"] == "Kodas Dzūkija"


def test_erasure_removes_the_account_profile_cv_and_contacts(
    client, talent, opportunity, employer, django_capture_on_commit_callbacks
):
    services.attach_cv(user=talent.user, upload=SimpleUploadedFile("cv.pdf", PDF))
    talent.refresh_from_db()
    path = talent.cv.path
    contact = services.request_contact(
        user=employer, organisation=opportunity.organisation, profile=talent, message="We would like to talk to you."
    )
    services.answer_contact(user=talent.user, contact=contact, accept=True)
    services.send_message(user=talent.user, contact=contact, body="Hello from me")
    client.force_login(talent.user)
    assert client.post(reverse("accounts:erase"), {"confirm": "nope"}).status_code == 400
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:erase"), {"confirm": "DELETE"})
    assert response.status_code == 302
    assert not User.objects.filter(pk=talent.user_id).exists()
    assert not TalentProfile.objects.exists() and not ContactRequest.objects.exists()
    assert not os.path.exists(path)
    assert selectors.matches_for_opportunity(opportunity) == []


def test_withdrawing_consent_hides_the_profile(client, talent, opportunity):
    client.force_login(talent.user)
    assert client.post(reverse("talent:withdraw_consent")).status_code == 302
    talent.refresh_from_db()
    assert talent.visibility == "nobody" and talent.consent_at is None
