import pytest

from .factories import every_kind_form


@pytest.fixture
def form(db, plan_manager):
    return every_kind_form(by=plan_manager)


@pytest.fixture
def version(form):
    return form.versions.get()
