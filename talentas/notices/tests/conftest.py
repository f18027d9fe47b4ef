import pytest

from talentas.accounts.tests.factories import UserFactory


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def reader(db):
    return UserFactory(preferred_language="lt")


@pytest.fixture
def other(db):
    return UserFactory()
