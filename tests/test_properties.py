"""Property tests: any text parses, renders, and survives escaping word for word."""

from __future__ import annotations

import re

import markdown
from bs4 import BeautifulSoup
from hypothesis import given, settings
from hypothesis import strategies as st

from explainer import render
from explainer.parse import parse_article
from explainer.textutil import slugify
from test_hostile import FRONT_MATTER, MD_EXTENSIONS  # the site's Markdown, shared

SETTINGS = settings(deadline=None, max_examples=75, derandomize=True, database=None)
UNSAFE = ["script", "img", "iframe", "style", "object", "embed", "svg", "form", "input"]

# Printable letters and digits, newlines and the characters Markdown, HTML and Jinja care about.
ALPHABET = st.sampled_from(
    list("abcdefghij xyzXYZ0123456789 .,;:!?'\"-") + list("\n\n\n\t*_#<>&{}%[]()^~`|\\=+/")
)
WORDS = st.sampled_from(
    [
        "word",
        "<script>",
        "</script>",
        "<img src=x onerror=alert(1)>",
        "{{ 7*7 }}",
        "{% if %}",
        "--8<--",
        "[^1]",
        "[i]",
        "[ii]",
        "*stars*",
        "1.",
        "#",
        "- ",
        ": ",
        "!!! note",
        "|",
        "<!--",
        "&amp;",
        "https://example.org/x",
        "\n\n",
        "\n",
        "    ",
    ]
)
TEXT = st.lists(st.one_of(st.text(ALPHABET, max_size=20), WORDS), max_size=40).map(" ".join)


def to_html(markdown_text: str) -> BeautifulSoup:
    body = FRONT_MATTER.sub("", markdown_text)
    return BeautifulSoup(markdown.markdown(body, extensions=MD_EXTENSIONS), "html.parser")


def words(text: str) -> set[str]:
    return {w for w in re.findall(r"\w+", text) if len(w) >= 3}


@SETTINGS
@given(TEXT)
def test_any_text_parses_and_renders_inert(text: str) -> None:
    article = parse_article(text, source="x.txt", slug="x")
    for diagnostic in article.diagnostics:
        assert str(diagnostic).startswith("x.txt:")
    page = render.article_page(article)
    html = to_html(page)
    assert html.find_all(UNSAFE) == []
    assert [t.name for t in html.find_all(True) if any(a.startswith("on") for a in t.attrs)] == []
    visible = html.get_text()
    for paragraph in article.paragraphs:
        missing = words(paragraph.text) - words(visible)
        assert not missing, (paragraph.text, missing)


@SETTINGS
@given(st.text(max_size=80))
def test_slugify_is_idempotent_and_safe(text: str) -> None:
    slug = slugify(text)
    # ASCII for Latin script; the letters themselves (lower case) for other scripts
    assert re.fullmatch(r"[a-z0-9-]+", slug) or re.fullmatch(r"[\w-]+", slug)
    assert "_" not in slug and slug == slug.casefold()
    assert slugify(slug) == slug
    assert not slug.startswith("-") and not slug.endswith("-")


INLINE = st.lists(
    st.one_of(st.text(ALPHABET.filter(lambda c: c != "\n"), max_size=15), WORDS), max_size=20
).map(lambda parts: " ".join(parts).replace("\n", " "))


@SETTINGS
@given(INLINE)
def test_escape_shows_inline_text_as_written(text: str) -> None:
    html = BeautifulSoup(
        markdown.markdown(render.escape(text), extensions=MD_EXTENSIONS), "html.parser"
    )
    assert html.find_all(UNSAFE) == []
    assert " ".join(html.get_text().split()) == " ".join(text.split())
