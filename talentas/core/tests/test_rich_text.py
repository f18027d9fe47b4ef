"""Typed Markdown formats itself but never scripts, restyles or breaks the page's outline."""

from html.parser import HTMLParser

import pytest

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
