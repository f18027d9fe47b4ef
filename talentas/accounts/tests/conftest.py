import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Tests hash many passwords; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_rate_limits():
    # allauth counts login attempts in the cache: each test starts with none.
    cache.clear()
    yield
    cache.clear()
