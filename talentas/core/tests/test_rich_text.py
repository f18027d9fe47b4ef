"""Typed Markdown formats itself but never scripts, restyles or breaks the page's outline."""

from html.parser import HTMLParser

import pytest
from django.template import Context, Template

from talentas.core.rich_text import ALLOWED_TAGS, render


class _Elements(HTMLParser):
    def __init__(self):
        super().__init__()
        self.found = []

    def handle_starttag(self, tag, attrs):
        self.found.append((tag, dict(attrs)))


def _elements(html: str) -> list[tuple[str, dict]]:
    parser = _Elements()
    parser.feed(html)
    return parser.found


def test_markdown_formats_paragraphs_lists_emphasis_and_line_breaks():
    html = render("Line one\nline two\n\n- **bold** and *soft*\n- ~~gone~~")
    assert "<p>Line one<br>\nline two</p>" in html
    assert "<li><strong>bold</strong> and <em>soft</em></li>" in html and "<s>gone</s>" in html


def test_headings_move_two_levels_down_under_the_pages_own_headings():
    assert render("# Budget\n\n## Rows\n\n##### Deep").startswith("<h3>Budget</h3>\n<h4>Rows</h4>\n<h6>Deep</h6>")


@pytest.mark.parametrize(
    ("top", "expected"),
    [
        (2, "<h2>A</h2>\n<h3>B</h3>\n<h6>F</h6>"),  # right under the page's h1
        (5, "<h5>A</h5>\n<h6>B</h6>\n<h6>F</h6>"),  # clamped at h6
        (9, "<h6>A</h6>\n<h6>B</h6>\n<h6>F</h6>"),
        (1, "<h2>A</h2>\n<h3>B</h3>\n<h6>F</h6>"),  # never a second h1
    ],
)
def test_the_top_heading_level_can_be_chosen_and_is_clamped(top, expected):
    assert render("# A\n\n## B\n\n###### F", top).startswith(expected)


def test_the_filter_takes_the_level_and_defaults_to_h3():
    template = Template("{% load formatting %}{{ text|rich_text }}|{{ text|rich_text:2 }}|{{ text|rich_text:'x' }}")
    assert template.render(Context({"text": "# A"})) == "<h3>A</h3>\n|<h2>A</h2>\n|<h3>A</h3>\n"


def test_the_organisation_description_starts_its_headings_at_h2(client, organisation):
    organisation.description = "# Who we are\n\n## Our team"
    organisation.save()
    page = client.get(organisation.get_absolute_url()).content.decode()
    assert "<h2>Who we are</h2>" in page and "<h3>Our team</h3>" in page


@pytest.mark.parametrize(
    "source",
    [
        "<script>alert(1)</script>",
        '<img src=x onerror="alert(1)">',
        "[click](javascript:alert(1))",
        '<a href="https://evil.example" style="position:fixed">x</a>',
        "<iframe src=https://evil.example></iframe>",
    ],
)
def test_html_and_dangerous_links_never_come_through(source):
    for tag, attributes in _elements(render(source)):
        assert tag in ALLOWED_TAGS
        assert set(attributes) <= {"href", "title", "rel", "start"}
        assert attributes.get("href", "https:").startswith(("https:", "http:", "mailto:"))


def test_links_open_safely_and_empty_text_gives_nothing():
    assert render("[site](https://alytus.lt)") == (
        '<p><a href="https://alytus.lt" rel="noopener noreferrer nofollow">site</a></p>\n'
    )
    assert render("") == "" and render("  \n") == ""
