"""The report PDFs are accessible documents of a public body: tagged PDF/UA-1 with their title, language, author and
creation date, headings in order, tables with header cells, and text (Lithuanian letters too) that can be read out."""

import datetime
import io
import itertools
import re

import pytest
from django.utils import timezone
from pypdf import PdfReader
from pypdf.generic import DictionaryObject

from talentas.monitoring import reports as report_files
from talentas.monitoring.models import Report
from talentas.monitoring.services import reports

from .factories import approved, period


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def generate(user, plan, kind, code, language, capture) -> Report:
    with capture(execute=True):
        report = reports.request_report(user=user, plan=plan, kind=kind, period=period(code), language=language)
    report.refresh_from_db()
    assert report.state == Report.State.READY, report.error
    return report


def structure(node, found: list[str]) -> list[str]:
    """The structure element types of a tagged PDF, in reading order."""
    node = node.get_object()
    if isinstance(node, DictionaryObject):
        if "/S" in node:
            found.append(str(node["/S"]))
        kids = node.get("/K")
        if kids is not None:
            kids = kids.get_object()
            for kid in kids if isinstance(kids, list) else [kids]:
                structure(kid, found)
    return found


def pdf_date(value: str) -> datetime.datetime:
    """A PDF date, D:YYYYMMDDHHmmSS+HH'mm'."""
    return datetime.datetime.strptime(value[2:16], "%Y%m%d%H%M%S").replace(tzinfo=datetime.UTC)


@pytest.mark.parametrize(
    ("language", "title", "heading"),
    [
        ("lt", "Metinė vieša stebėsenos ataskaita", "Biudžetas: planuota, įsipareigota ir išleista"),
        ("en", "Annual public monitoring report", "Budget: planned, committed and spent"),
    ],
)
def test_the_annual_report_is_a_tagged_pdf_ua_document_in_its_language(
    plan, me_officer, settings, language, title, heading, django_capture_on_commit_callbacks
):
    settings.DATA_CONTROLLER = "Alytaus miesto savivaldybė"
    before = timezone.now().replace(microsecond=0)
    report = generate(me_officer, plan, "annual", "2025", language, django_capture_on_commit_callbacks)
    pdf = report.pdf.open("rb").read()
    assert pdf.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(pdf))
    catalog = reader.trailer["/Root"]
    assert "/StructTreeRoot" in catalog and bool(catalog["/MarkInfo"]["/Marked"])
    assert catalog["/Lang"] == language
    assert bool(catalog["/ViewerPreferences"]["/DisplayDocTitle"])
    assert b"pdfuaid:part" in catalog["/Metadata"].get_object().get_data()  # declares PDF/UA-1

    info = reader.metadata
    assert info.title.startswith(f"{title} — ") and report.snapshot["period"]["label"] in info.title
    assert info.author == "Alytaus miesto savivaldybė"
    created = pdf_date(info["/CreationDate"])
    assert created != datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    assert before <= created <= timezone.now() + datetime.timedelta(seconds=1)
    assert created == datetime.datetime.fromisoformat(report.snapshot["frozen_at"])

    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert title in text and heading in text

    elements = structure(catalog["/StructTreeRoot"], [])
    headings = [element for element in elements if element in {"/H1", "/H2", "/H3", "/H4"}]
    assert headings[0] == "/H1" and headings.count("/H1") == 1
    levels = [int(element[2]) for element in headings]
    assert all(later - earlier <= 1 for earlier, later in itertools.pairwise(levels))  # none skipped
    assert {"/Table", "/TH", "/TD"} <= set(elements)


def test_lithuanian_letters_of_the_plan_come_out_of_the_pdf_as_written(
    plan, indicators, me_officer, today, django_capture_on_commit_callbacks
):
    approved(indicators["O1.1"], "2026-Q1", 1)
    report = generate(me_officer, plan, "quarterly", "2026-Q1", "lt", django_capture_on_commit_callbacks)
    reader = PdfReader(io.BytesIO(report.pdf.open("rb").read()))
    text = " ".join(" ".join(page.extract_text().split()) for page in reader.pages)
    assert "Ketvirtinė vidaus stebėsenos ataskaita" in text
    assert "Kaip apskaičiuojami duomenys" in text and "Biudžetas: planuota, įsipareigota ir išleista" in text
    # The frozen time is the creation date, so making the file again gives the same bytes.
    assert reader.metadata["/CreationDate"].startswith("D:20260520100000")
    assert report_files.render_pdf(report.snapshot) == report.pdf.open("rb").read()


def test_the_report_html_gives_every_table_header_a_scope_and_every_status_a_word(plan, indicators, today):
    from django.template.loader import render_to_string

    report = Report(plan=plan, kind="quarterly", period=period("2026-Q1"), language="en")
    approved(indicators["O1.1"], "2026-Q1", 1)
    html = render_to_string(
        "monitoring/report_pdf.html", report_files._pdf_context(report_files.build_snapshot(report=report))
    )
    assert '<html lang="en">' in html and "<title>Quarterly internal monitoring report" in html
    cells = re.findall(r"<th[ >][^>]*>?", html)
    assert cells and all(cell.startswith('<th scope="') for cell in cells)
    # the status is the site's tag component: its word, its shape and its tone
    assert re.search(r'class="tag tag-tone-green tag-status-on_track">.*?<span class="tag-text">On track</span>', html)
