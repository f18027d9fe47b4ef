"""The talent profile in short steps: each step saves on its own and keeps the others, the task list counts
progress, the old address leads on, consent comes before visibility, errors keep what was typed."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from talentas.accounts.tests.factories import UserFactory
from talentas.core.errors import DomainError
from talentas.talent import profile_steps, selectors, services
from talentas.talent.models import TalentProfile

from .conftest import make_profile
from .test_profile import PDF

pytestmark = pytest.mark.django_db


def _post(client, step, data, language="en"):
    with translation.override(language):
        url = reverse("talent:profile_step", args=[step])
    return client.post(url, data)


def _statuses(user) -> dict[str, str]:
    progress = selectors.profile_progress(selectors.profile_of(user))
    return {state.step.slug: state.status for state in progress.steps}


def test_each_step_saves_only_its_own_fields(client, vocabulary):
    profile = make_profile(
        skills=[(vocabulary["python"], 3)], languages=[("lt", 6), ("en", 4)], about="Keeps this", institution="VU"
    )
    client.force_login(profile.user)
    before = profile.match_vector
    assert _post(client, "education", {"education_level": "7", "experience_years": "2"}).status_code == 302
    profile.refresh_from_db()
    assert (profile.education_level, profile.experience_years) == (7, 2)
    assert profile.institution == ""  # the step's own field, sent empty
    assert profile.about == "Keeps this" and profile.city == "Alytus" and profile.looking_for == ["job"]
    assert set(profile.skills.values_list("skill__label_en", flat=True)) == {"Python (computer programming)"}
    assert dict(profile.languages.values_list("language", "level")) == {"lt": 6, "en": 4}
    assert profile.match_vector["e"] == 7 and before["e"] == 6  # the match vector follows every step

    assert _post(client, "languages", {"language_0": "de", "language_level_0": "3"}).status_code == 302
    profile.refresh_from_db()
    assert dict(profile.languages.values_list("language", "level")) == {"de": 3}
    assert profile.match_vector["l"] == {"de": 3}
    assert profile.skills.count() == 1 and profile.education_level == 7

    assert _post(client, "work", {"skill_names": "SQL"}).status_code == 302
    profile.refresh_from_db()
    assert set(profile.skills.values_list("skill__label_en", flat=True)) == {"SQL"}
    assert dict(profile.languages.values_list("language", "level")) == {"de": 3}


def test_the_service_refuses_fields_of_another_step_and_steps_before_the_first():
    user = UserFactory()
    with pytest.raises(DomainError) as error:
        services.save_profile_step(user=user, step="work", values={"occupation_id": None}, skills=[])
    assert error.value.code == "profile_missing"
    services.save_profile_step(user=user, step="about", values={"kind": "student"})
    with pytest.raises(DomainError) as error:
        services.save_profile_step(user=user, step="languages", values={"city": "Vilnius"})
    assert error.value.code == "wrong_step"
    with pytest.raises(DomainError) as error:
        services.save_profile_step(user=user, step="nope", values={})
    assert error.value.code == "unknown_step"


def test_progress_counts_the_steps_and_reaches_the_end(client, vocabulary):
    user = UserFactory()
    client.force_login(user)
    assert selectors.profile_progress(None).done == 0
    page = client.get(reverse("talent:profile_tasks")).content.decode()
    assert "0 of 6 steps done" in page and page.count("Not started") == 6
    _post(client, "about", {"kind": "student", "headline": "Learner", "consent": "on"})
    statuses = _statuses(user)
    assert statuses["about"] == "completed" and statuses["work"] == "not-started"
    page = client.get(reverse("talent:profile_tasks")).content.decode()
    assert "1 of 6 steps done" in page and 'value="1"' in page
    steps = {
        "work": {"skill_names": "python"},
        "languages": {"language_0": "lt", "language_level_0": "6"},
        "education": {"education_level": "3"},
        "where": {"city": "Alytus", "visibility": "employers", "looking_for": ["job"]},
    }
    for done, (step, data) in enumerate(steps.items(), start=2):
        assert _post(client, step, data).status_code == 302
        assert selectors.profile_progress(selectors.profile_of(user)).done == done
    response = _post(client, "cv", {"skip": "1"})
    assert response.url == reverse("talent:profile_tasks")
    progress = selectors.profile_progress(selectors.profile_of(user))
    assert progress.complete and progress.first_unfinished is None
    assert "6 of 6 steps done" in client.get(reverse("talent:profile_tasks")).content.decode()


def test_a_step_holding_data_but_never_saved_is_in_progress():
    profile = make_profile()
    TalentProfile.objects.filter(pk=profile.pk).update(steps_saved=["about"])
    statuses = _statuses(profile.user)
    assert statuses["where"] == "in-progress" and statuses["education"] == "in-progress"
    assert statuses["work"] == "not-started" and statuses["about"] == "completed"
    services.attach_cv(user=profile.user, upload=SimpleUploadedFile("cv.pdf", PDF))
    assert _statuses(profile.user)["cv"] == "completed"


def test_profiles_saved_whole_count_every_step_but_the_cv(talent):
    statuses = _statuses(talent.user)
    assert [s for s, status in statuses.items() if status != "completed"] == ["cv"]


def test_the_old_address_leads_to_the_first_step_still_to_do(client):
    user = UserFactory()
    client.force_login(user)
    assert client.get(reverse("talent:profile_edit"))["Location"] == reverse("talent:profile_step", args=["about"])
    services.save_profile_step(user=user, step="about", values={"kind": "student"})
    assert client.get(reverse("talent:profile_edit"))["Location"] == reverse("talent:profile_step", args=["work"])
    for step in profile_steps.STEPS[1:]:
        services.save_profile_step(user=user, step=step.slug, values={})
    assert client.get(reverse("talent:profile_edit"))["Location"] == reverse("talent:profile_tasks")


def test_no_step_opens_before_the_first_one_is_saved(client):
    client.force_login(UserFactory())
    for step in ["work", "languages", "education", "where", "cv"]:
        response = client.get(reverse("talent:profile_step", args=[step]))
        assert response["Location"] == reverse("talent:profile_step", args=["about"])
        assert _post(client, step, {"city": "Alytus"}).status_code == 302
    assert not TalentProfile.objects.exists()
    assert client.get(reverse("talent:profile_step", args=["nope"])).status_code == 404


def test_consent_comes_before_visibility_and_keeps_its_version(client):
    user = UserFactory()
    client.force_login(user)
    _post(client, "about", {"kind": "graduate", "headline": "Analyst"})
    profile = TalentProfile.objects.get(user=user)
    assert profile.visibility == "nobody" and profile.consent_at is None
    page = client.get(reverse("talent:profile_step", args=["where"])).content.decode()
    assert 'name="consent"' in page
    response = _post(client, "where", {"city": "Alytus", "visibility": "matched"})
    assert response.status_code == 400
    assert 'class="error-summary"' in response.content.decode()
    assert 'value="Alytus"' in response.content.decode()  # nothing typed is lost
    profile.refresh_from_db()
    assert profile.visibility == "nobody" and profile.city == ""
    assert _post(client, "about", {"kind": "graduate", "headline": "Analyst", "consent": "on"}).status_code == 302
    profile.refresh_from_db()
    given = profile.consent_at
    assert given is not None and profile.consent_version == services.CONSENT_VERSION
    assert 'name="consent"' not in client.get(reverse("talent:profile_step", args=["where"])).content.decode()
    assert _post(client, "where", {"city": "Alytus", "visibility": "matched"}).status_code == 302
    _post(client, "about", {"kind": "graduate", "headline": "Analyst again"})
    profile.refresh_from_db()
    assert profile.visibility == "matched" and profile.consent_at == given  # recorded once, never re-dated


def test_validation_errors_keep_input_and_link_to_the_fields(client):
    profile = make_profile()
    client.force_login(profile.user)
    response = _post(client, "languages", {"language_0": "en", "language_1": "de", "language_level_1": "9"})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'href="#id_language_level_0"' in page and 'href="#id_language_level_1"' in page
    assert '<option value="en" selected>' in page and '<option value="de" selected>' in page
    response = _post(client, "where", {"city": "Kaunas", "move_date": "someday", "looking_for": ["job", "nope"]})
    assert response.status_code == 400
    page = response.content.decode()
    assert 'value="Kaunas"' in page and 'href="#id_move_date"' in page and 'href="#id_looking_for_0"' in page
    profile.refresh_from_db()
    assert profile.city == "Alytus"


@pytest.mark.parametrize("language", ["en", "lt"])
def test_step_pages_speak_both_languages(client, language, vocabulary):
    profile = make_profile(skills=[(vocabulary["python"], 3)])
    client.force_login(profile.user)
    words = {
        "en": ("Step 2 of 6", "Save and continue", "Back to the profile steps"),
        "lt": ("2 žingsnis iš 6", "Išsaugoti ir tęsti", "Atgal į profilio žingsnius"),
    }[language]
    with translation.override(language):
        page = client.get(reverse("talent:profile_step", args=["work"])).content.decode()
        summary = client.get(reverse("talent:my_profile")).content.decode()
    assert all(word in page for word in words)
    assert f'lang="{language}"' in page
    change = "Change" if language == "en" else "Keisti"
    assert summary.count(f">{change}<") == len(profile_steps.STEPS)


def test_my_profile_is_a_summary_with_change_links(client, talent):
    client.force_login(talent.user)
    page = client.get(reverse("talent:my_profile")).content.decode()
    for step in profile_steps.STEPS:
        assert f'href="{reverse("talent:profile_step", args=[step.slug])}"' in page
    assert "Python developer" in page and "5 of 6 steps done" in page


def test_the_task_list_takes_a_constant_number_of_queries(client, vocabulary, django_assert_num_queries):
    profile = make_profile(skills=[(vocabulary["python"], 3), (vocabulary["sql"], 2)])
    client.force_login(profile.user)
    client.get(reverse("talent:profile_tasks"))
    with django_assert_num_queries(6):
        client.get(reverse("talent:profile_tasks"))
