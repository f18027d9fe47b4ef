"""`make screenshots` takes every main page: its one list (scripts/screenshots.py MAIN_PAGES) names real routes,
and every route of the authorization sweep is either in it or said here not to be a main page, so a new page
cannot be forgotten (no drift between the two lists)."""

import importlib.util
import sys
from pathlib import Path

from django.urls import reverse
from django.utils import translation

from talentas.core.tests.test_authorization_sweep import NOBODY, PAGES, POST_ONLY

SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "screenshots.py"

# Routes that are not pages to look at, or are reached from a main page in the middle of a task.
NOT_MAIN_PAGES = {
    # the calls module's steps, reached from its lists (the call, an application, a review, a jury round, a form
    # being built) and its files and data downloads
    "calls:start",
    "calls:application",
    "calls:application_file",
    "calls:document",
    "calls:report",
    "calls:report_evidence",
    "calls:staff_application",
    "calls:agreement",
    "calls:open_data_json",
    "calls:open_data_csv",
    "review:rubric",
    "review:assignment",
    "review:staff_application",
    "pitches:vote",
    "pitches:manage",
    "pitches:create",
    "pitches:results",
    "pitches:jury",
    "cohorts:detail",
    "cohorts:member",
    "forms:question_edit",
    "forms:table_row",
    "forms:section_add",
    "forms:question_add",
    "forms:preview",
    "forms:edit_details",
    "forms:section_edit",
    "forms:create",
    "forms:detail",
    # machine-readable answers, files and redirects: not pages (the first PDF report is rendered on its own)
    "healthz",
    "set_language",
    "javascript-catalog",
    "api:openapi-json",
    "api:openapi-view",
    "notices:unread",
    "accounts:start",
    "accounts:export_data",
    "organisations:start",
    "monitoring:report_file",
    "monitoring:open_data",
    "monitoring:evaluation_export",
    "monitoring:embed",
    "monitoring:value_evidence",
    "monitoring:import_progress",
    "events:action_feed",
    "events:organisation_feed",
    "events:personal_feed",
    "events:ics",
    "talent:skill_autocomplete",
    "talent:skill_row",
    "talent:occupation_autocomplete",
    "talent:opportunity_feed",
    "talent:cv_download",
    "hiring:application_cv",
    "admin:login",
    "admin:logout",
    # steps of signing in, out and managing one's account, each reached from a link or an e-mail
    "account_logout",
    "account_inactive",
    "account_reauthenticate",
    "account_email",
    "account_email_verification_sent",
    "account_change_password",
    "account_set_password",
    "account_reset_password",
    "account_confirm_login_code",
    "account_confirm_email",
    "account_reset_password_from_key_done",
    "account_reset_password_from_key",
    "account_reset_password_done",
    "accounts:erase",
    # forms and details opened from a main page, in the middle of a task
    "organisations:propose",
    "organisations:claim",
    "organisations:claim_review",
    "monitoring:notifications",
    "monitoring:indicator_settings",
    "monitoring:value",
    "monitoring:import",
    "monitoring:action_dates",
    "governance:meeting",
    "events:scan",
    "events:ticket",
    "events:edit",
    "talent:profile_edit",
    "talent:unsubscribe",
    "talent:opportunity_edit",
    "talent:talent_detail",
    "talent:contact_detail",
    "hiring:apply",
    "hiring:questions",
    # pictures: the image files themselves and the upload forms opened from a profile, an event or an organisation
    "picture",
    "events:cover",
    "organisations:logo",
    "talent:photo",
}


def _script():
    spec = importlib.util.spec_from_file_location("screenshots_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while the class is made
    spec.loader.exec_module(module)
    return module


def test_the_screenshot_list_covers_every_main_page_and_names_only_real_routes():
    script = _script()
    names = [shot.name for shot in script.MAIN_PAGES]
    assert len(names) == len(set(names)), "a page twice in MAIN_PAGES"
    assert not set(names) - set(PAGES), "MAIN_PAGES names a route the authorization sweep does not know"
    assert not set(names) & NOT_MAIN_PAGES
    viewable = {name for name, route in PAGES.items() if route.get != POST_ONLY and route.access != NOBODY}
    forgotten = viewable - set(names) - NOT_MAIN_PAGES
    assert not forgotten, f"new pages: add them to scripts/screenshots.py MAIN_PAGES or to NOT_MAIN_PAGES: {forgotten}"
    assert not NOT_MAIN_PAGES - viewable, "NOT_MAIN_PAGES names a route that is gone"
    # Each page's URL can be made from the demo's objects, in both languages.
    demo = {
        "plan": "alytus-iap",
        "action": "1.4",
        "event": 1,
        "past_event": 2,
        "opportunity": 3,
        "organisation": "kodas-dzukija",
        "indicator": 4,
        "report": 5,
        "call": 7,
        "reviewed_call": 8,
        "application": 6,
    }
    for shot in script.MAIN_PAGES:
        for language in script.LANGUAGES:
            with translation.override(language):
                assert reverse(shot.name, kwargs=shot.kwargs(demo)).startswith(f"/{language}/"), shot.name
    assert {shot.who for shot in script.MAIN_PAGES} >= {script.VISITOR, script.TALENT, script.ORGANISER}
    # Once h2's talentas/core/tests/main_pages.py (the pages the 360 px browser test checks) is merged, every one
    # of its pages is screenshotted too.
    try:
        from talentas.core.tests import main_pages  # type: ignore[attr-defined]
    except ImportError:
        return
    listed = {page.url_name for page in main_pages.MAIN_PAGES}
    assert {name for name in listed if isinstance(name, str) and name in PAGES} <= set(names)
