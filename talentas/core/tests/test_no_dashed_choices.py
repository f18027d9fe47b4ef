"""No select on the site offers "---------": every empty choice says what it means ("Any kind", "Choose a kind…").

The test walks every form and filter set the apps define (their forms, filters, tables and views modules): the
fields declared on the class and those a ModelForm makes from its model (`base_fields`), a ModelChoiceField's
`empty_label`, a ChoiceField's choices, and django-filter's choice filters (whose empty label would otherwise be
django-filter's own "---------"). Forms that add fields in `__init__` are also built with no arguments where
they allow it."""

import importlib
import inspect

import django_filters
import pytest
from django import forms
from django.apps import apps
from django_filters.conf import settings as filter_settings

DASHES = "---------"
MODULES = ("forms", "filters", "tables", "views", "admin_forms")


def _modules():
    for config in apps.get_app_configs():
        if not config.name.startswith("talentas."):
            continue
        for name in MODULES:
            try:
                yield importlib.import_module(f"{config.name}.{name}")
            except ModuleNotFoundError as error:
                if error.name != f"{config.name}.{name}":
                    raise


def _classes(base):
    seen = {}
    for module in _modules():
        for _, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, base)
                and value.__module__.startswith("talentas.")
                and not value.__module__.endswith(".admin")
            ):
                seen[f"{value.__module__}.{value.__qualname__}"] = value
    return seen


def _dashed_fields(fields) -> list[str]:
    found = []
    for name, field in fields.items():
        if isinstance(field, forms.ModelChoiceField):
            labels = [field.empty_label]  # the queryset may need a request; the empty label is the one at stake
        elif isinstance(field, forms.ChoiceField):
            labels = [label for _, label in field.choices]
        else:
            continue
        if any(str(label) == DASHES for label in labels):
            found.append(name)
    return found


def _build(form_class):
    for kwargs in ({}, {"profile": None}, {"user": None}):
        try:
            return form_class(**kwargs)
        except Exception:  # noqa: S112 - this form needs other arguments; try the next set
            continue
    return None


def test_the_walk_finds_the_sites_forms_and_filters():
    assert len(_classes(forms.BaseForm)) > 30
    assert len(_classes(django_filters.FilterSet)) >= 3


@pytest.mark.django_db
def test_no_form_offers_an_empty_dashed_choice():
    problems = []
    for name, form_class in _classes(forms.BaseForm).items():
        form = _build(form_class)
        # A form built here shows its fields as a visitor gets them (choices set in __init__ included); one that
        # needs a user, a plan or an object is checked on the fields its class declares.
        fields = form.fields if form is not None else form_class.base_fields
        problems += [f"{name}.{field}" for field in _dashed_fields(fields)]
    assert not problems, "fields that would show '---------': " + ", ".join(sorted(set(problems)))


def test_no_filter_offers_an_empty_dashed_choice():
    problems = []
    for name, filterset in _classes(django_filters.FilterSet).items():
        for field, declared in filterset.base_filters.items():
            if isinstance(declared, django_filters.ChoiceFilter | django_filters.ModelChoiceFilter):
                label = declared.extra.get("empty_label", filter_settings.EMPTY_CHOICE_LABEL)
                if label is not None and str(label) == DASHES:
                    problems.append(f"{name}.{field}")
    assert not problems, "filters that would show '---------': " + ", ".join(sorted(problems))
