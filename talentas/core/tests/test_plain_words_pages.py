"""Issue 12, part 6: no internal code reaches a person. Every main page (those `make screenshots` takes, from
scripts/screenshots.py) is rendered with the demo's plan, organisations, events and monitoring loaded, to a visitor
and to the demo accounts it is meant for, in both languages; its visible text names no snake_case or dotted code
(`held_under`, `events.held`, `financing_workshop`), no model object ("Indicator object (3)") and no raw enum value.
E-mail addresses, web addresses and file names are words people read, and are left alone."""

import importlib.util
import io
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation

from talentas.accounts.models import User
from talentas.calls.models import Call
from talentas.events.models import Event, EventType
from talentas.monitoring.models import Report
from talentas.plans.models import Indicator, Plan

ROOT = Path(__file__).resolve().parents[3]
CODE = re.compile(r"\b[a-z][a-z0-9]*(?:[._][a-z0-9]+)*_[a-z0-9]+(?:[._][a-z0-9]+)*\b|\b[a-z]+(?:\.[a-z_]+){1,3}\b")
MODEL_OBJECT = re.compile(r"\b[A-Z][A-Za-z]+ object \(\d+\)")
# Words that look like codes and are not: addresses, file names, and dotted abbreviations of the two languages.
READABLE = re.compile(
    r"^(?:[\w.+-]+@[\w.-]+|(?:https?://)?[\w-]+(?:\.[\w-]+)*\.(?:lt|eu|com|org|net|example|io)(?:/\S*)?"
    r"|[\w-]+\.(?:pdf|csv|xlsx|ics|png|webp|svg|jpg|json|yaml)|a\.m\.?|p\.m\.?|g\.?|pvz\.?|t\.y\.?|e\.g\.?|i\.e\.?|etc\.?|mln\.?|tūkst\.?)$"
)
SKIP_TAGS = {"script", "style", "template", "noscript"}
VISIBLE_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description"}


class VisibleText(HTMLParser):
    """The text a person sees or hears: text outside scripts and styles, and labels read aloud."""

    def __init__(self):
        super().__init__()
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIP_TAGS:
            self.skipping += 1
        for name, value in attrs:
            if name in VISIBLE_ATTRIBUTES and value:
                self.parts.append(value)

    def handle_endtag(self, tag):
        if tag in SKIP_TAGS and self.skipping:
            self.skipping -= 1

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def codes_in(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    words = {word.strip(".,;:()[]«»\"'") for word in text.split()}
    found = {match for word in words if not READABLE.match(word) for match in CODE.findall(word)}
    found |= set(MODEL_OBJECT.findall(text))
    return found


def _script():
    spec = importlib.util.spec_from_file_location("screenshots_script_words", ROOT / "scripts" / "screenshots.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The plan file and the demo of organisations, events, calls with their review and monitoring (the talent
    demo needs ESCO: without it the opportunity pages are left to the browser tests), loaded once for the module."""
    with django_db_blocker.unblock():
        quiet = io.StringIO()
        call_command("load_plan", str(ROOT / "plans" / "alytus-iap.yaml"), stdout=quiet)
        call_command("load_demo", no_accounts=True, stdout=quiet)
        for loader in ("load_demo_events", "load_demo_calls", "load_demo_review", "load_demo_monitoring"):
            call_command(loader, stdout=quiet)
        plan = Plan.objects.get(slug="alytus-iap")
        events = Event.objects.exclude(event_type=EventType.STEAM_LESSON)
        now = timezone.now()
        objects = {
            "plan": plan.slug,
            "action": "1.4",
            "event": events.filter(starts_at__gte=now).order_by("starts_at").first().pk,
            "past_event": events.filter(ends_at__lt=now).order_by("-starts_at").first().pk,
            "organisation": "kodas-dzukija",
            "indicator": Indicator.objects.filter(plan=plan).order_by("pk").first().pk,
            "report": Report.objects.order_by("pk").first().pk,
            "call": Call.objects.filter(is_published=True).order_by("-closes_at").first().pk,
            "reviewed_call": Call.objects.filter(applications__reviewer_assignments__isnull=False).first().pk,
        }
    yield objects
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)


def _pages():
    script = _script()
    return [
        pytest.param(shot, language, id=f"{shot.name}-{language}")
        for shot in script.MAIN_PAGES
        for language in script.LANGUAGES
        # The API reference documents the JSON fields by their names: there, the names are the content.
        if shot.name != "api_docs:reference"
    ]


def test_the_words_check_finds_codes_and_leaves_addresses_alone():
    html = (
        "<p>Module metric events.held_under.action_1_4 · Indicator object (3) · financing_workshop</p>"
        "<p title='status: in_review'>talent@talentas.example www.alytus.lt https://meet.example.org/a_b "
        "report-1.pdf Rotušės a. 4, pvz. e.g. 2026-12-01</p><script>var snake_case = 1;</script>"
    )
    assert codes_in(html) == {
        "events.held_under.action_1_4",
        "Indicator object (3)",
        "financing_workshop",
        "in_review",
    }


@pytest.mark.django_db
@pytest.mark.parametrize(("shot", "language"), _pages())
def test_main_pages_name_no_internal_code(client, demo, shot, language):
    try:
        kwargs = shot.kwargs(demo)
    except KeyError:
        pytest.skip("needs the talent demo (ESCO); the browser tests open it")
    if shot.who:
        client.force_login(User.objects.get(email=shot.who))
    with translation.override(language):
        path = reverse(shot.name, kwargs=kwargs)
    response = client.get(path, follow=True)
    assert response.status_code == 200, path
    found = codes_in(response.content.decode())
    assert not found, f"{path}: {sorted(found)}"
