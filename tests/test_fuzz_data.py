"""Fuzzing the files a contributor supplies besides the texts (issue 15): sidecars,
glossary and entities files of any shape and content are read without an exception, every
problem names the file and a line, and nothing in them becomes markup on a page."""

from __future__ import annotations

import markdown
import yaml
from bs4 import BeautifulSoup
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from explainer import render
from explainer.entities import parse_entities
from explainer.glossary import parse_glossary
from explainer.sources import parse_sidecar

SETTINGS = settings(deadline=None, max_examples=60, derandomize=True, database=None, suppress_health_check=[HealthCheck.too_slow])
EXTENSIONS = ["abbr", "admonition", "attr_list", "def_list", "md_in_html", "footnotes", "tables"]

HOSTILE = st.sampled_from(
    [
        "<script>alert(1)</script>", "<img src=x onerror=alert(1)>", "[x](javascript:alert(1))",
        "{ onclick=alert(1) }", "javascript:alert(1)", "https://example.org/>)<b>", "\n", "\r", "\x00",
        "\u2028", "{{ 7*7 }}", "*", "_", "#", "|", "&amp;", "война", "ελληνικά", "   ", "",
        "https://example.org/a", "2022-02-30", "2022", "A word", "!!python/object:os.system",
    ]
)
TEXT = st.lists(HOSTILE, max_size=6).map("".join)
VALUE = st.one_of(TEXT, st.integers(), st.lists(TEXT, max_size=3), st.none(), st.booleans(), st.dictionaries(TEXT, TEXT, max_size=2))
KEYS = st.sampled_from(["title", "url", "authors", "author", "date", "tags", "publisher", "licence", "dek", "language", "provenance", "unknown", "term", "definition", "source", "aliases", "see_also", "name", "description", "category"])


def yaml_text(data: object) -> str:
    return yaml.safe_dump(data, allow_unicode=True)


def assert_inert(html: str) -> None:
    soup = BeautifulSoup(html, "html.parser")
    assert not soup.find_all(["script", "img", "iframe", "object", "embed"]), html
    for tag in soup.find_all(True):
        assert not any(name.lower().startswith("on") for name in tag.attrs), tag
        href = tag.get("href")
        if isinstance(href, str):
            assert not href.lower().strip().startswith(("javascript:", "data:", "file:")), tag


@SETTINGS
@given(data=st.one_of(st.dictionaries(KEYS, VALUE, max_size=8), TEXT.map(lambda t: t)))
def test_any_sidecar(data: object) -> None:
    text = yaml_text(data) if isinstance(data, dict) else str(data)
    sidecar, diagnostics = parse_sidecar(text, "a.yml")
    assert all(d.file == "a.yml" and d.line >= 0 for d in diagnostics)
    if not any(d.severity == "error" for d in diagnostics):
        for value in (sidecar.title, sidecar.publisher, sidecar.url, sidecar.date):
            assert "\n" not in value and "\r" not in value


@SETTINGS
@given(entries=st.lists(st.dictionaries(KEYS, VALUE, max_size=6), max_size=4), raw=st.booleans(), noise=TEXT)
def test_any_glossary(entries: list[dict[str, object]], raw: bool, noise: str) -> None:
    text = noise if raw else yaml_text({"terms": entries})
    terms, diagnostics = parse_glossary(text, "glossary.yml")
    assert all(d.file == "glossary.yml" and d.line >= 0 for d in diagnostics)
    page = render.glossary_page(terms, {}, {})
    assert_inert(markdown.Markdown(extensions=EXTENSIONS).convert(page))
    assert_inert(markdown.Markdown(extensions=EXTENSIONS).convert(render.definitions_block(terms, "../glossary/")))


@SETTINGS
@given(entries=st.lists(st.dictionaries(KEYS, VALUE, max_size=6), max_size=4), kind=st.sampled_from(["people", "organisations", "places"]), raw=st.booleans(), noise=TEXT)
def test_any_entities_file(entries: list[dict[str, object]], kind: str, raw: bool, noise: str) -> None:
    text = noise if raw else yaml_text({kind: entries})
    entities, diagnostics = parse_entities(text, "entities.yml")
    assert all(d.file == "entities.yml" and d.line >= 0 for d in diagnostics)
