"""A form with one question of every kind, built through the services as staff would."""

from talentas.forms import services
from talentas.forms.models import Form, OwnerKind

EVERY_KIND = [
    {
        "title_lt": "Apie įmonę",
        "title_en": "About the company",
        "questions": [
            {
                "key": "name",
                "kind": "short_text",
                "label_lt": "Pavadinimas",
                "label_en": "Name",
                "required": True,
                "max_length": 40,
            },
            {"key": "idea", "kind": "long_text", "label_lt": "Idėja", "label_en": "Idea", "min_length": 10},
            {
                "key": "staff",
                "kind": "number",
                "label_lt": "Darbuotojai",
                "label_en": "Employees",
                "min_value": 0,
                "max_value": 500,
            },
            {
                "key": "asked",
                "kind": "money",
                "label_lt": "Prašoma suma",
                "label_en": "Amount asked",
                "required": True,
                "max_value": 5000,
            },
            {"key": "founded", "kind": "date", "label_lt": "Įkurta", "label_en": "Founded", "min_date": "2000-01-01"},
            {
                "key": "stage",
                "kind": "single_choice",
                "label_lt": "Stadija",
                "label_en": "Stage",
                "required": True,
                "choices": [("idea", "Idėja", "Idea"), ("seed", "Pradinė", "Seed"), ("growth", "Augimo", "Growth")],
            },
            {
                "key": "seed_investor",
                "kind": "short_text",
                "label_lt": "Investuotojas",
                "label_en": "Seed investor",
                "required": True,
                "condition_key": "stage",
                "condition_value": "seed",
            },
            {
                "key": "sectors",
                "kind": "multiple_choice",
                "label_lt": "Sektoriai",
                "label_en": "Sectors",
                "max_length": 2,
                "choices": [("it", "IT", "IT"), ("food", "Maistas", "Food"), ("wood", "Mediena", "Wood")],
            },
            {
                "key": "food_licence",
                "kind": "yes_no",
                "label_lt": "Ar turite licenciją?",
                "label_en": "Do you hold a food licence?",
                "required": True,
                "condition_key": "sectors",
                "condition_operator": "contains",
                "condition_value": "food",
            },
        ],
    },
    {
        "title_lt": "Komanda ir biudžetas",
        "title_en": "Team and budget",
        "questions": [
            {
                "key": "women_led",
                "kind": "yes_no",
                "label_lt": "Vadovauja moteris?",
                "label_en": "Women-led?",
                "required": True,
            },
            {
                "key": "plan",
                "kind": "file",
                "label_lt": "Verslo planas",
                "label_en": "Business plan",
                "file_types": "pdf",
                "max_file_mb": 1,
            },
            {
                "key": "budget",
                "kind": "budget_table",
                "label_lt": "Biudžetas",
                "label_en": "Budget",
                "required": True,
                "max_value": 5000,
            },
            {"key": "team", "kind": "team_list", "label_lt": "Komanda", "label_en": "Team", "min_length": 1},
        ],
    },
]


def every_kind_form(*, by=None, publish: bool = True) -> Form:
    return services.define_form(
        by=by,
        title_lt="Paraiška",
        title_en="Application",
        owner_kind=OwnerKind.CALL,
        sections=EVERY_KIND,
        publish=publish,
    )


GOOD_ANSWERS = {
    "name": "Alytaus dronai",
    "asked": "4 500,50",
    "stage": "seed",
    "seed_investor": "Dzūkijos angelai",
    "sectors": ["it", "food"],
    "food_licence": "yes",
    "women_led": False,
    "budget": [{"item": "Prototype", "amount": "3000", "notes": ""}, {"item": "Marketing", "amount": "1500.50"}],
    "team": [{"name": "Ona Onaitė", "role": "CEO", "email": "ona@example.com", "woman_cofounder": True}],
}
