"""Fixtures shared by every app's tests, so that each test starts from the same state whatever ran before it:
the language pinned to English, a fast password hasher, an empty cache, the task queue inline; the actors that
permission tests need (owner, member and outsider of an organisation, plan manager, M&E officer); and a headless
browser with what every browser test shares: pages signed in or not (`new_page`), the login form (`log_in`), "fits
the screen" (`assert_fits_the_screen`), axe-core (`axe_violations`, `assert_accessible`) and the
Content-Security-Policy watch (`watch_csp`). An app's conftest may override an actor with its own meaning
(monitoring's owner owns indicators)."""

import json
import os
import re
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


DESKTOP = {"width": 1280, "height": 900}


@pytest.fixture
def page(browser, live_server):
    # axe-core is injected as an inline script, which the site's Content-Security-Policy rightly refuses; the
    # policy itself is checked by a browser test with its own context (core/tests/test_browser_csp.py).
    context = browser.new_context(base_url=live_server.url, viewport=DESKTOP, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


# ------------------------------------------------------------------------ what browser tests share

PHONE = {"width": 360, "height": 800}


def session_cookie(user, url: str) -> dict:
    """A browser cookie for a session of the person, made by the test client (quicker than the login form, which
    `log_in` walks through where signing in is what is tested)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    return {"name": "sessionid", "value": client.cookies["sessionid"].value, "url": url}


@pytest.fixture
def new_page(browser, live_server):
    """`new_page(user=None, viewport=PHONE)`: a page in a fresh browser context of its own (each person their own
    cookies, as on their own computer), signed in as the person (none: a visitor); phone-sized unless told."""
    contexts = []

    def open_page(user=None, viewport=PHONE):
        context = browser.new_context(base_url=live_server.url, viewport=viewport, bypass_csp=True)
        if user is not None:
            context.add_cookies([session_cookie(user, live_server.url)])
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(15_000)
        return page

    yield open_page
    for context in contexts:
        context.close()


# Demo people prefer Lithuanian and have not said who they are, so their login lands on the Lithuanian home page.
DEMO_LANDING = re.compile(r"/lt/$")


def log_in(page, email: str, password: str, *, lands_on=None) -> None:
    """Sign in through the login form, as a person does, and wait until the browser has left the login page (or,
    with `lands_on`, a URL, pattern or predicate for wait_for_url, until it is there)."""
    page.goto("/en/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lands_on or (lambda url: "/accounts/login/" not in url))


def sideways_overflow(page) -> int:
    """How many pixels the page is wider than what the window shows of it (0 or less: nothing scrolls sideways).
    The shown width is the window's less any vertical scrollbar (`clientWidth`): a page that fits the window
    only under the scrollbar still scrolls."""
    return page.evaluate(
        "document.documentElement.scrollWidth - Math.min(window.innerWidth, document.documentElement.clientWidth)"
    )


def assert_fits_the_screen(page) -> None:
    """Fail, naming the page, when anything makes it scroll sideways."""
    overflow = sideways_overflow(page)
    assert overflow <= 0, f"{page.url} scrolls {overflow} px sideways"


def watch_csp(page) -> list[str]:
    """The Content-Security-Policy violations of the pages the page opens from now on, as the browser reports
    them (the list fills as it goes)."""
    problems: list[str] = []
    page.on("console", lambda message: problems.append(message.text) if "Content Security Policy" in message.text
            else None)  # fmt: skip
    page.add_init_script(
        "document.addEventListener('securitypolicyviolation', e => console.error("
        "'Content Security Policy violation: ' + e.violatedDirective + ' ' + e.blockedURI));"
    )
    return problems


def axe_violations(page) -> list[str]:
    """axe-core's WCAG 2.2 A/AA violations on the current page, one readable line each (none: an empty list)."""
    page.add_script_tag(path=str(AXE_SCRIPT))
    result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS)
    return [
        f"{v['id']} ({v['impact']}): {v['help']} -> "
        + json.dumps([node["target"] for node in v["nodes"]][:5], ensure_ascii=False)
        for v in result["violations"]
    ]


def assert_accessible(page) -> None:
    """Fail with a readable list when axe-core finds any WCAG 2.2 A/AA violation on the current page."""
    violations = axe_violations(page)
    if violations:
        pytest.fail(f"axe-core found {len(violations)} violation(s) on {page.url}:\n" + "\n".join(violations))


@pytest.fixture
def axe():
    return assert_accessible
