from django.urls import reverse

from talentas.accounts.tests.factories import UserFactory
from talentas.talent import selectors
from talentas.talent.models import LabelSource


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
    # A label staff write is the platform's translation; the list shows and filters by the source.
    skill.refresh_from_db()
    assert skill.label_lt_source == LabelSource.PLATFORM
    changelist = client.get(reverse("admin:talent_skill_changelist"), {"label_lt_source": "platform"})
    assert changelist.status_code == 200 and "SQL užklausos" in changelist.content.decode()
    assert (
        "SQL užklausos"
        not in client.get(reverse("admin:talent_skill_changelist"), {"label_lt_source": "official"}).content.decode()
    )
    assert client.get(reverse("admin:talent_opportunity_changelist")).status_code == 200
