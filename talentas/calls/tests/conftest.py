import pytest

from talentas.forms import services as form_services
from talentas.forms.models import OwnerKind


@pytest.fixture
def call_form(plan_manager):
    """A published form of the call's own questions: one required text, one optional money question."""
    form = form_services.define_form(
        by=plan_manager,
        title_lt="Dotacijos paraiška",
        title_en="Grant application",
        owner_kind=OwnerKind.CALL,
        sections=[
            {
                "title_lt": "Komanda",
                "title_en": "Team",
                "questions": [
                    {
                        "key": "team_story",
                        "kind": "long_text",
                        "label_lt": "Komanda",
                        "label_en": "Your team",
                        "required": True,
                    },
                    {"key": "own_money", "kind": "money", "label_lt": "Nuosavos lėšos", "label_en": "Own money"},
                ],
            }
        ],
    )
    return form.versions.get()
