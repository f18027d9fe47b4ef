"""`make screenshots`: every main page at 1366 px and 360 px wide, in Lithuanian and in English, and the first page
of the first PDF report, as PNG files in screenshots/ (git-ignored), so the look of the whole product can be seen
at a glance.

It does what `make run` does first (`manage.py prepare_demo`: migrate, the plan file, the demo; quick when there
is nothing new), serves the demo on a free local port, then drives /usr/bin/chromium with Playwright (never a
browser of its own), signed in as the demo accounts each page is meant for. The PDF's first page is rendered by
`pdftoppm` (poppler-utils, installed by scripts/install-system-deps.sh).

    .venv/bin/python scripts/screenshots.py [--out screenshots] [--only NAME ...] [--no-prepare]

The files are named <language>-<width>/<number>-<page>.png; the run ends with how many it wrote and how long it
took.
"""

from __future__ import annotations

import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"]
WIDTHS = (1366, 360)
HEIGHTS = {1366: 900, 360: 800}
LANGUAGES = ("lt", "en")

# The demo accounts (organisations/demo.py ACCOUNTS); "" is a visitor who is not signed in.
VISITOR = ""
TALENT = "talent@talentas.example"
ORGANISER = "org.owner@talentas.example"  # owner of Kodas Dzūkija: its events and opportunities
MANAGER = "plan.manager@talentas.example"  # created the demo's events
ME_OFFICER = "me.officer@talentas.example"  # monitoring and evaluation: indicators and reports
MENTOR = "mentor@talentas.example"  # an external expert who reviews grant applications


@dataclass(frozen=True)
class Shot:
    """A main page: its URL name, who looks at it, and the URL's arguments found in the demo data."""

    name: str
    who: str = VISITOR
    kwargs: Callable[[dict[str, Any]], dict[str, Any]] = field(default=lambda demo: {})

    @property
    def slug(self) -> str:
        return self.name.replace(":", "-").replace("_", "-")


def _plan(demo):
    return {"slug": demo["plan"]}


# ---- THE MAIN PAGES ----------------------------------------------------------------------------------------------
# One list, in the order a visitor meets them. When talentas/core/tests/main_pages.py (the list the browser tests
# check at 360 px) is merged, this list should be built from it; talentas/core/tests/test_screenshots_script.py
# keeps the two from drifting apart.
MAIN_PAGES: list[Shot] = [
    Shot("home"),
    Shot("plans:list"),
    Shot("plans:detail", kwargs=_plan),
    Shot("plans:action", kwargs=lambda demo: {**_plan(demo), "code": demo["action"]}),
    Shot("monitoring:dashboard"),
    Shot("monitoring:plan_dashboard", kwargs=_plan),
    Shot("monitoring:timeline", kwargs=_plan),
    Shot("monitoring:reports", kwargs=_plan),
    Shot("events:calendar"),
    Shot("events:detail", kwargs=lambda demo: {"event_id": demo["event"]}),
    Shot("events:steam"),
    Shot("talent:home"),
    Shot("talent:opportunity_list"),
    Shot("talent:opportunity_detail", kwargs=lambda demo: {"pk": demo["opportunity"]}),
    Shot("organisations:list"),
    Shot("organisations:detail", kwargs=lambda demo: {"slug": demo["organisation"]}),
    # funding calls, open grant data and pitch competitions
    Shot("calls:list"),
    Shot("calls:detail", kwargs=lambda demo: {"pk": demo["call"]}),
    Shot("calls:open_data"),
    Shot("pitches:list"),
    Shot("account_login"),
    Shot("account_signup"),
    # a talent, signed in
    Shot("accounts:profile", TALENT),
    Shot("talent:my_profile", TALENT),
    Shot("talent:profile_tasks", TALENT),
    Shot("talent:profile_step", TALENT, lambda demo: {"step": "about"}),
    Shot("talent:my_matches", TALENT),
    Shot("talent:alerts", TALENT),
    Shot("events:mine", TALENT),
    Shot("hiring:my_applications", TALENT),
    Shot("notices:list", TALENT),
    # an organisation that posts opportunities and organises events
    Shot("organisations:mine", ORGANISER),
    Shot("organisations:edit", ORGANISER, lambda demo: {"slug": demo["organisation"]}),
    Shot("events:organise", ORGANISER),
    Shot("events:create", ORGANISER),
    Shot("talent:employer", ORGANISER),
    Shot("talent:finder", ORGANISER),
    Shot("talent:opportunity_create", ORGANISER),
    Shot("calls:my_applications", ORGANISER),
    Shot("talent:opportunity_matches", ORGANISER, lambda demo: {"pk": demo["opportunity"]}),
    Shot("hiring:pipeline", ORGANISER, lambda demo: {"pk": demo["opportunity"]}),
    # the city's staff
    Shot("monitoring:staff", ME_OFFICER),
    Shot("monitoring:indicator", ME_OFFICER, lambda demo: {"pk": demo["indicator"]}),
    Shot("monitoring:report", ME_OFFICER, lambda demo: {"pk": demo["report"]}),
    Shot("monitoring:budget", MANAGER, _plan),
    Shot("governance:meetings", MANAGER, _plan),
    Shot("events:attendees", MANAGER, lambda demo: {"event_id": demo["past_event"]}),
    Shot("events:check_in", MANAGER, lambda demo: {"event_id": demo["event"]}),
    Shot("talent:moderation", MANAGER),
    Shot("organisations:claims", MANAGER),
    Shot("calls:staff_applications", MANAGER),
    Shot("cohorts:list", MANAGER),
    Shot("forms:list", MANAGER),
    Shot("review:board", MANAGER, lambda demo: {"call_id": demo["reviewed_call"]}),
    Shot("review:ranking", MANAGER, lambda demo: {"call_id": demo["reviewed_call"]}),
    # a reviewer
    Shot("review:mine", MENTOR),
    Shot("review:conflicts", MENTOR),
    # pages the 360 px browser test checks as well (talentas/core/tests/main_pages.py)
    Shot("organisations:members", ORGANISER, lambda demo: {"slug": demo["organisation"]}),
    Shot("monitoring:audit", ME_OFFICER, lambda demo: {"pk": demo["indicator"]}),
    Shot("hiring:applicant_detail", ORGANISER, lambda demo: {"pk": demo["application"]}),
    Shot("api_docs:reference"),
    # the component library every page is built from
    Shot("styleguide"),
]
# -----------------------------------------------------------------------------------------------------------------


def demo_objects() -> dict[str, Any]:
    """What the pages' URLs need, found in the demo data (Django is set up by then)."""
    from django.db.models import Count
    from django.utils import timezone

    from talentas.calls.models import Call
    from talentas.events.models import Event, EventType
    from talentas.hiring.models import Application
    from talentas.monitoring.models import Report
    from talentas.plans.models import Indicator, Plan
    from talentas.talent.models import Opportunity

    plan = Plan.objects.filter(is_default=True).first() or Plan.objects.order_by("pk").first()
    if plan is None:
        raise SystemExit("No plan: the demo did not load (run without --no-prepare).")
    events = Event.objects.exclude(event_type=EventType.STEAM_LESSON)
    now = timezone.now()
    upcoming = events.filter(starts_at__gte=now).order_by("starts_at").first()
    past = events.filter(ends_at__lt=now, registrations__isnull=False).order_by("-starts_at").first()
    opportunity = Opportunity.objects.filter(organisation__slug="kodas-dzukija").order_by("pk").first()
    reports = Report.objects.filter(state=Report.State.READY).exclude(pdf="").order_by("pk")
    report = reports.filter(kind=Report.Kind.ANNUAL).first() or reports.first()
    missing = [name for name, found in (("event", upcoming), ("past event", past), ("report", report)) if not found]
    if opportunity is None:
        missing.append("opportunity of Kodas Dzūkija")
    reviewed_call = (
        Call.objects.filter(applications__reviewer_assignments__isnull=False)
        .annotate(reviewed=Count("applications", distinct=True))
        .order_by("-reviewed", "pk")
        .values_list("pk", flat=True)
        .first()
    )
    if reviewed_call is None:
        missing.append("call with reviewed applications")
    if missing:
        raise SystemExit(f"The demo lacks: {', '.join(missing)}.")
    return {
        "plan": plan.slug,
        "action": "1.4",
        "event": upcoming.pk,
        "past_event": past.pk,
        "opportunity": opportunity.pk,
        "organisation": "kodas-dzukija",
        "indicator": Indicator.objects.filter(plan=plan).order_by("pk").values_list("pk", flat=True).first(),
        "call": Call.objects.filter(is_published=True).order_by("-closes_at").values_list("pk", flat=True).first(),
        # the call with the most reviewed applications: its board and ranking have rows to show
        "reviewed_call": reviewed_call,
        "report": report.pk,
        # an application to one of Kodas Dzūkija's opportunities, which its owner reviews (None: not in the demo)
        "application": Application.objects.filter(opportunity__organisation__slug="kodas-dzukija")
        .order_by("pk")
        .values_list("pk", flat=True)
        .first(),
    }


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@contextmanager
def demo_server(port: int, env: dict[str, str]) -> Iterator[str]:
    """`manage.py runserver` on the port, until the block ends; yields its address once it answers."""
    url = f"http://127.0.0.1:{port}"
    command = [sys.executable, "manage.py", "runserver", "--noreload", "--skip-checks", f"127.0.0.1:{port}"]
    with tempfile.TemporaryFile() as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)  # noqa: S603
        try:
            _wait_for(url, server, log)
            yield url
        finally:
            server.terminate()
            server.wait(timeout=10)


def _wait_for(url: str, server: subprocess.Popen, log) -> None:
    deadline = time.monotonic() + 60
    while True:
        try:
            with urllib.request.urlopen(f"{url}/healthz", timeout=2):  # noqa: S310 (our own local server)
                return
        except OSError:
            if server.poll() is not None or time.monotonic() > deadline:
                log.seek(0)
                problem = "The demo server did not start:\n" + log.read().decode(errors="replace")
                raise SystemExit(problem) from None
            time.sleep(0.3)


def _sign_in(context, email: str, password: str) -> None:
    page = context.new_page()
    page.goto("/en/accounts/login/")
    page.get_by_label("E-mail address").fill(email)
    page.get_by_label("Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)
    page.close()


def _pdf_first_page(pdf: bytes, target: Path) -> None:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        raise SystemExit("pdftoppm is missing: run `make system-deps` (it installs poppler-utils).")
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "report.pdf"
        source.write_bytes(pdf)
        # 110 dpi: an A4 page about 910 px wide, like the report read on a laptop.
        subprocess.run(  # noqa: S603
            [
                pdftoppm,
                "-png",
                "-r",
                "110",
                "-f",
                "1",
                "-l",
                "1",
                "-singlefile",
                str(source),
                str(target.with_suffix("")),
            ],
            check=True,
        )


def take(out: Path, shots: list[Shot], base_url: str, demo: dict[str, Any], password: str) -> int:
    from django.urls import reverse
    from django.utils import translation
    from playwright.sync_api import sync_playwright

    written = 0
    accounts = list(dict.fromkeys(shot.who for shot in shots))
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for who in accounts:
            for width in WIDTHS:
                context = browser.new_context(
                    base_url=base_url,
                    viewport={"width": width, "height": HEIGHTS[width]},
                    device_scale_factor=1,
                    reduced_motion="reduce",
                )
                if who:
                    _sign_in(context, who, password)
                page = context.new_page()
                page.set_default_timeout(30_000)
                for shot in shots:
                    if shot.who != who:
                        continue
                    number = MAIN_PAGES.index(shot) + 1 if shot in MAIN_PAGES else 0
                    for language in LANGUAGES:
                        with translation.override(language):
                            path = reverse(shot.name, kwargs=shot.kwargs(demo))
                        response = page.goto(path, wait_until="networkidle")
                        if response is None or response.status >= 400:
                            status = response.status if response else "no response"
                            raise SystemExit(f"{path} as {who or 'a visitor'} answered {status}")
                        folder = out / f"{language}-{width}"
                        folder.mkdir(parents=True, exist_ok=True)
                        page.screenshot(path=folder / f"{number:02d}-{shot.slug}.png", full_page=True)
                        written += 1
                context.close()
        # The first PDF report, as a member of the M&E team downloads it.
        context = browser.new_context(base_url=base_url)
        _sign_in(context, ME_OFFICER, password)
        with translation.override("en"):
            path = reverse("monitoring:report_file", kwargs={"pk": demo["report"], "extension": "pdf"})
        response = context.request.get(path)
        if not response.ok or not response.body().startswith(b"%PDF"):
            raise SystemExit(f"{path} answered {response.status}, not a PDF")
        _pdf_first_page(response.body(), out / "report-first-page.png")
        written += 1
        context.close()
        browser.close()
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "screenshots", help="folder for the PNG files")
    parser.add_argument("--only", nargs="*", default=[], help="URL names of the pages to take (default: all)")
    parser.add_argument("--no-prepare", action="store_true", help="skip `manage.py prepare_demo`")
    options = parser.parse_args(argv)
    started = time.monotonic()
    port = _free_port()
    env = {
        **os.environ,
        "DEBUG": os.environ.get("DEBUG", "1"),
        "DEMO_MODE": "1",
        "SITE_URL": f"http://127.0.0.1:{port}",
        "DJANGO_SETTINGS_MODULE": "talentas.settings",
    }
    os.environ.update(env)
    if not options.no_prepare:
        subprocess.run([sys.executable, "manage.py", "prepare_demo"], cwd=ROOT, env=env, check=True)
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's event loop runs in this thread
    import django

    django.setup()
    from talentas.core.metrics import mark_data_changed
    from talentas.organisations.demo import DEFAULT_DEMO_PASSWORD

    # Cached page bodies (the plan's pages) are kept in the database cache under the data version: move it, so
    # the screenshots show the templates as they are now, not as an earlier run cached them.
    mark_data_changed()

    unknown = set(options.only) - {shot.name for shot in MAIN_PAGES}
    if unknown:
        parser.error(f"not a main page: {', '.join(sorted(unknown))}")
    shots = [shot for shot in MAIN_PAGES if not options.only or shot.name in options.only]
    demo = demo_objects()
    password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
    with demo_server(port, env) as base_url:
        written = take(options.out, shots, base_url, demo, password)
    print(f"{written} screenshots in {options.out} in {time.monotonic() - started:.0f} s.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
