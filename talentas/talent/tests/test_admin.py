from django.urls import reverse

from talentas.accounts.tests.factories import UserFactory
from talentas.talent import selectors


def test_staff_edit_lithuanian_labels_and_autocomplete_follows(client, vocabulary):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    skill = vocabulary["sql"]
    url = reverse("admin:talent_skill_change", args=[skill.pk])
    assert client.get(url).status_code == 200
    data = {
        "label_en": "SQL",
        "alt_labels_en": "",
        "label_lt": "SQL užklausos",
        "alt_labels_lt": "užklausų kalba",
        "description_en": "",
    }
    assert client.post(url, data).status_code == 302
    assert selectors.resolve_skill("UŽKLAUSŲ KALBA") == skill
    assert client.get(reverse("admin:talent_opportunity_changelist")).status_code == 200
