"""Fixtures shared by every app's tests, so that each test starts from the same state whatever ran before it:
the language pinned to English, a fast password hasher, an empty cache, the task queue inline; the actors that
permission tests need (owner, member and outsider of an organisation, plan manager, M&E officer); and a headless
browser with axe-core. An app's conftest may override an actor with its own meaning (monitoring's owner owns
indicators)."""

import json
import os
from pathlib import Path

import pytest
from django.core.cache import cache
from django.utils import translation

# Playwright's sync API runs an event loop in the test thread; the tests' own ORM calls are still synchronous.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

AXE_SCRIPT = Path(__file__).parent / "talentas" / "core" / "tests" / "vendor" / "axe-4.14.1.min.js"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_configure(config):
    # Tests clear the cache, many without a database, so they keep a per-process cache; the shared database cache
    # that deployments get is tested on its own (core/tests/test_operations.py).
    from django.conf import settings

    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    # Uploads and drawn demo pictures (core.pictures) never land in the developer's own media folder.
    import tempfile

    settings.MEDIA_ROOT = tempfile.mkdtemp(prefix="talentas-test-media-")


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Before the test databases are dropped, nothing may still be connected to them: on PostgreSQL each process
    keeps a connection pool (settings.DATABASES), and threads (the live server, the concurrency tests) may have
    left sessions behind. Without this the drop fails with "being accessed by other users"."""
    yield
    from django.db import connections

    with django_db_blocker.unblock():
        for connection in connections.all():
            if connection.vendor == "postgresql":
                with connection.cursor() as cursor:
                    cursor.execute(
                        "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                        "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                    )
            connection.close()
            if getattr(connection, "close_pool", None) is not None:
                connection.close_pool()


@pytest.fixture(autouse=True)
def english():
    """reverse() gives /en/ pages and tests read English texts; Lithuanian is tested where it matters. The
    language is reset afterwards, so that no test sees the language another one left active."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    # Tests hash many passwords; the production hasher is slow on purpose.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def fresh_cache():
    # Rate limits, throttles and cached pages live in the cache: each test starts and ends with none.
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def organisation(db):
    from talentas.organisations.tests.factories import OrganisationFactory

    return OrganisationFactory(name="Kodas Dzūkija", slug="kodas-dzukija")


@pytest.fixture
def owner(organisation):
    from talentas.organisations.models import Membership
    from talentas.organisations.tests.factories import MembershipFactory

    return MembershipFactory(organisation=organisation, role=Membership.Role.OWNER).user


@pytest.fixture
def member(organisation):
    from talentas.organisations.models import Membership
    from talentas.organisations.tests.factories import MembershipFactory

    return MembershipFactory(organisation=organisation, role=Membership.Role.MEMBER).user


@pytest.fixture
def outsider(db):
    """Signed in, but no member of the organisation and without any role."""
    from talentas.accounts.tests.factories import UserFactory

    return UserFactory()


def _with_role(role: str):
    from talentas.accounts.tests.factories import RoleAssignmentFactory

    return RoleAssignmentFactory(role=role).user


@pytest.fixture
def plan_manager(db):
    from talentas.accounts.models import Role

    return _with_role(Role.PLAN_MANAGER)


@pytest.fixture
def me_officer(db):
    from talentas.accounts.models import Role

    return _with_role(Role.ME_OFFICER)


@pytest.fixture(autouse=True)
def tasks_run_inline():
    """Queued tasks run at once in tests, so their effects can be asserted directly."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True
    yield
    HUEY.immediate = True


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    # axe-core is injected as an inline script, which the site's Content-Security-Policy rightly refuses; the
    # policy itself is checked by a browser test with its own context (core/tests/test_browser_csp.py).
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900}, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


def assert_accessible(page) -> None:
    """Fail with a readable list when axe-core finds any WCAG 2.2 A/AA violation on the current page."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    violations = result["violations"]
    if violations:
        lines = [
            f"{v['id']} ({v['impact']}): {v['help']} -> "
            + json.dumps([node["target"] for node in v["nodes"]][:5], ensure_ascii=False)
            for v in violations
        ]
        pytest.fail(f"axe-core found {len(violations)} violation(s) on {page.url}:\n" + "\n".join(lines))


@pytest.fixture
def axe():
    return assert_accessible
