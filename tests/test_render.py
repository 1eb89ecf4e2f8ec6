"""Tests for explainer.render: escaping proven with Python-Markdown, and article pages."""

from __future__ import annotations

import markdown
import pytest
import yaml
from bs4 import BeautifulSoup

from explainer.model import Article, PartialDate
from explainer.parse import parse_article
from explainer.render import article_page, escape, format_date, join_names

EXTENSIONS = [
    # as in mkdocs.yml, plus tables
    "abbr",
    "admonition",
    "attr_list",
    "def_list",
    "md_in_html",
    "footnotes",
    "explainer.markdown_ext",
    "toc",
    "pymdownx.details",
    "pymdownx.superfences",
    "tables",
]

SMALL_ARTICLE = (
    "A Small Article\n"
    "\n"
    "First claim is made here.[i] More text follows.\n"
    "\n"
    "A Heading Here\n"
    "\n"
    "Second claim comes now.[ii] And <b>bold</b> *stars* and [9].\n"
    "\n"
    "    Roses are red,\n"
    "    violets are blue.\n"
    "\n"
    "[i] Joe Gould, “A Title,” Defense News, September 25, 2019: https://example.com/a\n"
    "\n"
    "[ii] Ibid., p. 4.\n"
)


def to_html(text: str) -> BeautifulSoup:
    """Render Markdown as the site does and parse the HTML."""
    html = markdown.Markdown(extensions=EXTENSIONS).convert(text)
    return BeautifulSoup(html, "html.parser")


def squash(text: str) -> str:
    """Collapse whitespace."""
    return " ".join(text.split())


@pytest.mark.parametrize(
    "text",
    [
        "a *b* c",
        "a **b** c",
        "a _b_ c and snake_case_name",
        "[link](http://example.org)",
        "[^1] and [i]",
        "a [ b ] c",
        "`code` and ``more``",
        "```",
        "<script>alert(1)</script>",
        "<b>bold</b> <!-- comment --> </p>",
        "&amp; &lt; &copy; &#58;",
        "{{ page.title }}",
        "{% include 'x' %}",
        "{ #id .cls }",
        '--8<-- "snippet.md"',
        "# Heading",
        "## Two",
        "1. item",
        "10) item",
        "1986. A year.",
        "- item",
        "+ item",
        "* item",
        ": definition",
        "Term\n: definition",
        "a | b | c",
        "| a | b |\n|---|---|\n| 1 | 2 |",
        "> quote",
        "***",
        "---",
        "text\n---",
        "text\n===",
        "= x",
        "!!! note",
        "??? note",
        "~~~",
        "~~~\ncode\n~~~",
        "*[HTML]: Hyper Text",
        "back\\slash\\",
        "    indented like code",
        "Line one\n# two\n- three\n1. four",
    ],
)
def test_escape_renders_as_plain_text(text: str) -> None:
    """Escaped text renders to exactly the text, with no markup elements."""
    soup = to_html(escape(text))
    assert squash(soup.get_text()) == squash(text)
    assert {tag.name for tag in soup.find_all(True)} <= {"p"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("<script>", "&lt;script&gt;"),
        ("&amp;", "&amp;amp;"),
        ("*", "\\*"),
        ("_", "\\_"),
        ("[", "\\["),
        ("]", "\\]"),
        ("`", "\\`"),
        ("|", "\\|"),
        ("{{ }}", "\\{\\{ \\}\\}"),
        ("# x", "\\# x"),
        ("1. x", "1\\. x"),
        ("- x", "\\- x"),
        (": x", "&#58; x"),
        ("--8<--", "\\--8&lt;--"),
        ("plain words, 1. and - inside", "plain words, 1. and - inside"),
    ],
)
def test_escape_output(text: str, expected: str) -> None:
    """Each special character gets its escape; ordinary text is left alone."""
    assert escape(text) == expected


@pytest.fixture(scope="module")
def small() -> Article:
    """The small article, parsed."""
    return parse_article(SMALL_ARTICLE, source="/some/checkout/sources/small.txt", slug="small")


def test_article_page_markdown(small: Article) -> None:
    """The page has front matter, anchors, footnote refs and Ibid. links."""
    page = article_page(small)
    _, front, body = page.split("---\n", 2)
    assert yaml.safe_load(front) == {
        "title": "A Small Article",
        "description": "First claim is made here. More text follows.",
    }
    assert "\n# A Small Article\n" in body
    assert (
        '[1](#p-1){ .ex-pnum title="Paragraph 1" } First claim is made here.[^i] More text follows.\n{ #p-1 .ex-para }'
        in body
    )
    assert "\n## A Heading Here { #s-a-heading-here }\n" in body
    assert (
        "Second claim comes now.[^ii] And &lt;b&gt;bold&lt;/b&gt; \\*stars\\* and \\[9\\].\n{ #p-2 .ex-para }"
        in body
    )
    assert "Roses are red,  \nviolets are blue.\n{ #p-3 .ex-para .ex-verse }" in body
    assert (
        "[^i]: Joe Gould, “A Title,” Defense News, September 25, 2019: <https://example.com/a>"
        in body
    )
    assert "[^ii]: Ibid., p. 4. *Same source as note [i](#fn:i):* Joe Gould" in body
    assert "`small.txt`" in body
    assert "/some/checkout" not in page


def test_article_page_html(small: Article) -> None:
    """Rendered like the site, the page links markers, notes and paragraphs."""
    soup = to_html(article_page(small).split("---\n", 2)[2])
    assert [p["id"] for p in soup.select("p.ex-para")] == ["p-1", "p-2", "p-3"]
    assert soup.select_one("p#p-3")["class"] == ["ex-para", "ex-verse"]
    assert soup.select_one("p#p-3 br") is not None
    assert [a["href"] for a in soup.select("a.footnote-ref")] == ["#fn:i", "#fn:ii"]
    assert [a.get_text() for a in soup.select("a.footnote-ref")] == ["i", "ii"]
    assert soup.select_one("h2#s-a-heading-here").get_text() == "A Heading Here"
    ibid = soup.select_one('li[id="fn:ii"]')
    assert ibid.select_one('a[href="#fn:i"]').get_text() == "i"
    assert soup.select_one('li[id="fn:i"] a[href="https://example.com/a"]') is not None
    second = soup.select_one("p#p-2")
    assert second.find("b") is None and second.find("em") is None
    assert "<b>bold</b> *stars* and [9]." in second.get_text()


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        (None, ""),
        (PartialDate(1910), "1910"),
        (PartialDate(1909, 12), "December 1909"),
        (PartialDate(2022, 2, 1), "1 February 2022"),
    ],
)
def test_format_date(date: PartialDate | None, expected: str) -> None:
    """Dates show as precisely as they are known."""
    assert format_date(date) == expected


@pytest.mark.parametrize(
    ("names", "expected"),
    [
        ((), ""),
        (("A",), "A"),
        (("A", "B"), "A and B"),
        (("A", "B", "C"), "A, B and C"),
    ],
)
def test_join_names(names: tuple[str, ...], expected: str) -> None:
    """Names are joined as in a byline."""
    assert join_names(names) == expected
