"""The staff builder's pages: who may use them, building a form through them, the preview that keeps what was
typed with the error summary, and the schema API."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from talentas.forms.models import Form, FormVersion, Question

pytestmark = pytest.mark.django_db


@pytest.fixture
def staff_client(client, plan_manager):
    client.force_login(plan_manager)
    return client


def test_outsiders_are_refused_and_visitors_sent_to_sign_in(client, outsider, me_officer, form):
    url = reverse("forms:detail", kwargs={"form_id": form.pk})
    assert client.get(reverse("forms:list")).status_code == 302
    client.force_login(outsider)
    for target in (reverse("forms:list"), reverse("forms:create"), url):
        assert client.get(target).status_code == 403
    assert client.post(reverse("forms:publish", kwargs={"form_id": form.pk})).status_code == 403
    assert client.post(reverse("forms:create"), {"title_lt": "X", "owner_kind": "survey"}).status_code == 403
    assert not Form.objects.filter(title_lt="X").exists()
    client.force_login(me_officer)  # monitoring, not Business Support's day-to-day work
    assert client.get(url).status_code == 403


def test_the_forms_permission_opens_the_builder(client, outsider, form):
    outsider.user_permissions.add(Permission.objects.get(codename="manage_forms"))
    client.force_login(outsider)
    assert client.get(reverse("forms:list")).status_code == 200


def test_build_a_form_through_the_pages(staff_client, django_assert_max_num_queries):
    created = staff_client.post(
        reverse("forms:create"), {"title_lt": "Apklausa", "title_en": "Survey", "owner_kind": "survey"}
    )
    form = Form.objects.get(title_lt="Apklausa")
    assert created.status_code == 302 and created["Location"] == reverse("forms:detail", kwargs={"form_id": form.pk})
    draft = form.versions.get()
    section = draft.sections.get()
    add = reverse("forms:question_add", kwargs={"form_id": form.pk})
    page = staff_client.get(add, {"section": section.pk})
    assert page.status_code == 200
    answer = staff_client.post(
        add,
        {
            "section": section.pk,
            "key": "liked",
            "kind": "single_choice",
            "label_lt": "Ar patiko?",
            "label_en": "Did you like it?",
            "required": "on",
            "condition_operator": "equals",
            "choices_text": "yes | Taip | Yes\nno | Ne | No",
        },
    )
    assert answer.status_code == 302
    liked = Question.objects.get(version=draft, key="liked")
    assert list(liked.choices.values_list("key", "label_lt")) == [("yes", "Taip"), ("no", "Ne")]
    bad = staff_client.post(
        add,
        {
            "section": section.pk,
            "key": "Bad Key",
            "kind": "number",
            "label_lt": "Kiek?",
            "condition_operator": "equals",
        },
    )
    assert bad.status_code == 400
    assert "Bad Key" in bad.content.decode()  # what was typed stays
    assert 'class="error-summary"' in bad.content.decode()

    published = staff_client.post(reverse("forms:publish", kwargs={"form_id": form.pk}))
    assert published.status_code == 302
    draft.refresh_from_db()
    assert draft.status == FormVersion.Status.PUBLISHED
    detail = staff_client.get(reverse("forms:detail", kwargs={"form_id": form.pk}))
    assert "Start a new version" in detail.content.decode()
    with django_assert_max_num_queries(12):
        assert staff_client.get(reverse("forms:list")).status_code == 200


def test_htmx_moves_answer_the_builder_contents(staff_client, plan_manager):
    from .factories import every_kind_form

    form = every_kind_form(by=plan_manager, publish=False)
    name = form.versions.get().questions.get(key="name")
    moved = staff_client.post(
        reverse("forms:question_move", kwargs={"form_id": form.pk, "question_id": name.pk}),
        {"direction": "down"},
        HTTP_HX_REQUEST="true",
    )
    assert moved.status_code == 200
    assert 'id="builder-contents"' in moved.content.decode() and "<html" not in moved.content.decode()
    refused = staff_client.post(
        reverse(
            "forms:question_delete",
            kwargs={"form_id": form.pk, "question_id": form.versions.get().questions.get(key="stage").pk},
        ),
        HTTP_HX_REQUEST="true",
    )
    assert "Another question depends on this one" in refused.content.decode()


def test_the_published_version_is_read_only_in_the_builder(staff_client, form, version):
    question = version.questions.get(key="name")
    url = reverse("forms:question_edit", kwargs={"form_id": form.pk, "question_id": question.pk})
    posted = staff_client.post(
        url,
        {
            "section": question.section_id,
            "key": "name",
            "kind": "short_text",
            "label_lt": "Pakeista",
            "condition_operator": "equals",
        },
    )
    question.refresh_from_db()
    assert question.label_lt == "Pavadinimas"
    assert posted.status_code == 400
    assert staff_client.get(reverse("forms:section_add", kwargs={"form_id": form.pk})).status_code == 409


def test_preview_keeps_what_was_typed_and_names_each_problem(staff_client, form, version):
    url = reverse("forms:preview", kwargs={"form_id": form.pk, "version_id": version.pk})
    page = staff_client.get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert 'data-show-when="stage"' in html and "Answer only if your answer to “Stage” is “Seed”." in html
    assert 'name="budget[0][item]"' in html and 'name="team[0][woman_cofounder]"' in html
    sent = staff_client.post(
        url,
        {
            "name": "Alytaus dronai",
            "staff": "daug",
            "asked": "9000",
            "stage": "seed",
            "budget[0][item]": "Nuoma",
            "budget[0][amount]": "abc",
        },
    )
    html = sent.content.decode()
    assert sent.status_code == 400
    assert (
        'value="Alytaus dronai"' in html
        and 'value="daug"' in html
        and 'value="Nuoma"' in html
        and 'value="abc"' in html
    )
    assert 'href="#id_staff"' in html and 'href="#id_seed_investor"' in html and 'href="#id_budget"' in html
    assert "Enter at most 5,000.00 €." in html
    good = staff_client.post(
        url,
        {
            "name": "Dronai",
            "asked": "100",
            "stage": "idea",
            "women_led": "no",
            "budget[0][item]": "Nuoma",
            "budget[0][amount]": "100",
        },
    )
    assert good.status_code == 200 and "Every answer is valid" in good.content.decode()


def test_table_row_gives_one_blank_row(client):
    row = client.get(reverse("forms:table_row", kwargs={"kind": "team_list", "key": "team"}), {"index": "3"})
    assert row.status_code == 200 and 'name="team[3][email]"' in row.content.decode()
    assert client.get(reverse("forms:table_row", kwargs={"kind": "file", "key": "team"})).status_code == 404


def test_schema_api_is_for_staff(client, plan_manager, outsider, version):
    url = f"/api/v1/forms/{version.pk}"
    assert client.get(url).status_code == 401
    client.force_login(outsider)
    assert client.get(url).status_code == 403
    client.force_login(plan_manager)
    body = client.get(url).json()
    assert body["number"] == 1 and body["status"] == "published"
    first = body["sections"][0]["questions"]
    assert first[0]["key"] == "name" and first[0]["label"] == {"lt": "Pavadinimas", "en": "Name"}
    investor = next(q for q in first if q["key"] == "seed_investor")
    assert investor["condition"] == {"key": "stage", "operator": "equals", "value": "seed"}
    assert client.get("/api/v1/forms/999999").status_code == 404
